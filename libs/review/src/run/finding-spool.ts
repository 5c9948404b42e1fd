import { join } from 'node:path';
import { ReviewOptions, ReviewResult, runReview } from '../engine/engine.js';
import { Reason, ReviewFunction, ReviewPair } from '../engine/types.js';
import { LineWriter } from './line-writer.js';

/** Where a run's findings wait for the database, as rows in COPY's text format. */
export interface SpoolFiles {
  /** One line a finding: no, function_a, function_b, band, axis, score, text_pair, also_replicated. */
  findings: string;
  /** One line a pair of statements: run_id, no, band, score, reasons. */
  statements: string;
}

export function spoolFiles(dir: string): SpoolFiles {
  return { findings: join(dir, 'findings.tsv'), statements: join(dir, 'statements.tsv') };
}

/** What a review leaves beside its spool: everything but the findings. */
export interface SpooledReview extends Omit<ReviewResult, 'pairs'> {
  findings: number;
  statementPairs: number;
}

/**
 * Writes findings as the engine finds them. The evidence of a pair of statements is written once,
 * with the first finding it gives (the engine hands the same reasons array to every finding of one
 * pair of statements), and each finding refers to it by number.
 */
export class FindingSpool {
  private readonly findings: LineWriter;
  private readonly statements: LineWriter;
  private readonly statementNo = new Map<Reason[], number>();

  constructor(
    private readonly runId: string,
    files: SpoolFiles,
  ) {
    this.findings = new LineWriter(files.findings);
    this.statements = new LineWriter(files.statements);
  }

  add = (p: ReviewPair): void => {
    let no = this.statementNo.get(p.statementReasons);
    if (no === undefined) {
      no = this.statementNo.size + 1;
      this.statementNo.set(p.statementReasons, no);
      this.statements.write(`${this.runId}\t${no}\t${p.band}\t${p.score}\t${copyJson(p.statementReasons)}`);
    }
    const [a, b] = p.a.id < p.b.id ? [p.a.id, p.b.id] : [p.b.id, p.a.id];
    this.findings.write(
      `${this.findings.count + 1}\t${a}\t${b}\t${p.band}\t${p.axis}\t${p.score}\t${no}\t${p.alsoReplicatedBy}`,
    );
  };

  close(): { findings: number; statementPairs: number } {
    this.findings.close();
    this.statements.close();
    return { findings: this.findings.count, statementPairs: this.statements.count };
  }
}

/**
 * JSON in COPY's text format. JSON writes tabs and line breaks inside strings as escapes, so only its
 * backslashes need doubling. (Kept here rather than taken from `#core`: the worker thread that runs
 * the engine would otherwise load the whole application's modules.)
 */
function copyJson(value: unknown): string {
  return JSON.stringify(value).replace(/\\/g, '\\\\');
}

/** Runs the engine with its findings going to the spool (and to `onFinding`, say a `--out` file). */
export function reviewIntoSpool(
  functions: ReviewFunction[],
  options: Partial<ReviewOptions>,
  runId: string,
  files: SpoolFiles,
  onFinding?: (p: ReviewPair) => void,
): SpooledReview {
  const spool = new FindingSpool(runId, files);
  const { pairs: _none, ...result } = runReview(functions, {
    ...options,
    onPair: onFinding ? (p) => (spool.add(p), onFinding(p)) : spool.add,
  });
  return { ...result, ...spool.close() };
}
