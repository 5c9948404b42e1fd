import { join } from 'node:path';
import { FoundPair, GroupSide, ReviewOptions, ReviewResult, runReview, sideMembers, Unit } from '../engine/engine.js';
import { storedReason } from '../engine/reason-text.js';
import { ReviewFunction, ReviewPair } from '../engine/types.js';
import { RowWriter } from './line-writer.js';

/** Where a run's findings wait for the database, as rows in COPY's text format. */
export interface SpoolFiles {
  /** One line a finding: no, function_a, function_b, band, axis, score, text_pair, also_replicated, group_a, group_b. */
  findings: string;
  /** One line a pair of statements: no, band, score, reasons (the run's table gives the run id). */
  statements: string;
  /** One line a member of a group of replicated bodies that findings stand for: group_no, function_id. */
  groups: string;
  /**
   * One line a member of a cluster: cluster_no, function_id, in that order (the table's key), written
   * once the engine is done.
   */
  clusters: string;
}

export function spoolFiles(dir: string): SpoolFiles {
  return {
    findings: join(dir, 'findings.tsv'),
    statements: join(dir, 'statements.tsv'),
    groups: join(dir, 'groups.tsv'),
    clusters: join(dir, 'clusters.tsv'),
  };
}

/** A control pile as it is stored: its members by id. */
export interface SpooledPile {
  sphere: string[];
  holders: number;
  functionIds: string[];
}

/** Hears of each flush of a spool file, with the bytes in it so far. */
export type SpoolFlushed = (file: keyof SpoolFiles, bytes: number) => void;

/**
 * What a review leaves beside its spool: everything but the findings, with functions by id (it
 * may come from a worker thread that read the functions itself).
 */
export interface SpooledReview extends Omit<ReviewResult, 'pairs' | 'clusters' | 'controlPiles'> {
  /** Members of clusters, in the spool (their count is in the statistics). */
  clusterMembers: number;
  controlPiles: SpooledPile[];
  findings: number;
  statementPairs: number;
  /** Groups of replicated bodies the findings stand for, and their members. */
  groups: number;
  groupMembers: number;
}

/**
 * Writes findings as the engine finds them. The evidence of a pair of statements is written once,
 * with the first finding it gives (the engine hands the same reasons array to every finding of one
 * pair of statements), and each finding refers to it by number. A replicated finding is one line
 * that names the group of bodies on each side (written once, with the first finding that meets it),
 * never a line per instance.
 */
export class FindingSpool {
  private readonly findings: RowWriter;
  private readonly statements: RowWriter;
  private readonly groups: RowWriter;
  /**
   * The pair of statements being written, its number and score as text. The engine hands over the
   * findings of one pair of statements one after another, so the last one is all a spool keeps: a
   * map of every pair would keep every verdict alive to the end of a national run (a pair met again
   * later would be written as a second row of the same evidence, not lost).
   */
  private current: { statement: object; no: number; score: string } | null = null;
  /**
   * The number of each whole group of replicated bodies by its first member (a function is in one
   * such group: an array instead of a map for each of a quarter of a million groups), and of every
   * other group side (loose holders, parts of groups) by unit and part.
   */
  private wholeGroupNo: Int32Array | null = null;
  private readonly groupNo = new Map<Unit, Map<Int32Array | null, number>>();
  private groupCount = 0;
  /** The functions findings point into. */
  private numbered: readonly ReviewFunction[] | null = null;

  constructor(files: SpoolFiles, flushed?: SpoolFlushed) {
    this.findings = new RowWriter(files.findings, flushed && ((n) => flushed('findings', n)));
    this.statements = new RowWriter(files.statements, flushed && ((n) => flushed('statements', n)));
    this.groups = new RowWriter(files.groups, flushed && ((n) => flushed('groups', n)));
  }

  /** The number of a group, its members written the first time. */
  private group(side: GroupSide | null, functions: readonly ReviewFunction[]): number {
    if (!side) return 0;
    const whole = side.part === null && side.unit.specific ? this.wholeGroupsOf(functions) : null;
    if (whole) {
      const first = side.unit.members[0];
      let no = whole[first];
      if (no === 0) {
        no = whole[first] = ++this.groupCount;
        this.writeMembers(no, side, functions);
      }
      return no;
    }
    let parts = this.groupNo.get(side.unit);
    if (!parts) this.groupNo.set(side.unit, (parts = new Map<Int32Array | null, number>()));
    let no = parts.get(side.part);
    if (no === undefined) {
      no = ++this.groupCount;
      parts.set(side.part, no);
      this.writeMembers(no, side, functions);
    }
    return no;
  }

  private writeMembers(no: number, side: GroupSide, functions: readonly { id: string }[]): void {
    for (const i of sideMembers(side)) this.groups.int(no).tab().ascii(functions[i].id).end();
  }

  /** The numbers of whole groups by first member, where the findings' functions are known by index. */
  private wholeGroupsOf(functions: readonly ReviewFunction[]): Int32Array | null {
    if (functions.length === 0) return null;
    if (this.numbered !== functions) {
      this.numbered = functions;
      this.wholeGroupNo = new Int32Array(functions.length);
    }
    return this.wholeGroupNo;
  }

  add = (p: ReviewPair): void => {
    let statement = this.current;
    if (statement?.statement !== p.statement) {
      statement = this.current = { statement: p.statement, no: this.statements.count + 1, score: String(p.score) };
      this.statements
        .int(statement.no)
        .tab()
        .ascii(p.band)
        .tab()
        .ascii(statement.score)
        .tab()
        .text(copyJson(p instanceof FoundPair ? p.storedStatementReasons : p.statementReasons.map(storedReason)))
        .end();
    }
    let groupA = 0;
    let groupB = 0;
    if (p instanceof FoundPair && p.replicas) {
      groupA = this.group(p.groupA, p.functions);
      groupB = this.group(p.groupB, p.functions);
    }
    const ordered = p.a.id < p.b.id;
    const a = ordered ? p.a.id : p.b.id;
    const b = ordered ? p.b.id : p.a.id;
    const ga = ordered ? groupA : groupB;
    const gb = ordered ? groupB : groupA;
    const w = this.findings;
    w.int(w.count + 1)
      .tab()
      .ascii(a)
      .tab()
      .ascii(b)
      .tab()
      .ascii(p.band)
      .tab()
      .ascii(p.axis)
      .tab();
    w.ascii(statement.score).tab().int(statement.no).tab().int(p.alsoReplicatedBy).tab();
    (ga ? w.int(ga) : w.ascii('\\N')).tab();
    (gb ? w.int(gb) : w.ascii('\\N')).end();
  };

  close(): { findings: number; statementPairs: number; groups: number; groupMembers: number } {
    this.findings.close();
    this.statements.close();
    this.groups.close();
    return {
      findings: this.findings.count,
      statementPairs: this.statements.count,
      groups: this.groupCount,
      groupMembers: this.groups.count,
    };
  }
}

/**
 * JSON in COPY's text format. JSON writes tabs and line breaks inside strings as escapes, so only its
 * backslashes need doubling. (Kept here rather than taken from `#core`: the worker thread that runs
 * the engine would otherwise load the whole application's modules.)
 */
function copyJson(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes('\\') ? json.replace(/\\/g, '\\\\') : json;
}

/**
 * Writes clusters' members in the order of their table's key, cluster by cluster and by id within
 * one, so that the key is built as they are loaded; a national run's (850,000 members) took seconds
 * to pass to the store as lists and to insert from them. Returns the number of members.
 */
function writeClusters(path: string, clusters: ReviewFunction[][]): number {
  const w = new RowWriter(path);
  for (const [i, members] of clusters.entries())
    for (const id of members.map((f) => f.id).sort())
      w.int(i + 1)
        .tab()
        .ascii(id)
        .end();
  w.close();
  return w.count;
}

/**
 * Runs the engine with its findings going to the spool (and to `onFinding`, say a `--out` file);
 * `flushed` hears of the spool's files as they grow.
 */
export function reviewIntoSpool(
  functions: ReviewFunction[],
  options: Partial<ReviewOptions>,
  files: SpoolFiles,
  onFinding?: (p: ReviewPair) => void,
  flushed?: SpoolFlushed,
): SpooledReview {
  const spool = new FindingSpool(files, flushed);
  const {
    pairs: _none,
    clusters,
    controlPiles,
    ...result
  } = runReview(functions, {
    ...options,
    onPair: onFinding ? (p) => (spool.add(p), onFinding(p)) : spool.add,
  });
  return {
    ...result,
    ...spool.close(),
    clusterMembers: writeClusters(files.clusters, clusters),
    controlPiles: controlPiles.map((p) => ({
      sphere: p.sphere,
      holders: p.holders,
      functionIds: p.functions.map((f) => f.id),
    })),
  };
}
