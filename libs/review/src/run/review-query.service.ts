import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badInput, CountCache, notFound, Page, PageArgs, toLazyPage } from '#core';
import { DecidePairInput, DuplicatePairsArgs } from '../graphql/review.inputs.js';
import { PairRow, ReviewStatus } from '../graphql/review.models.js';
import { findingReasons } from '../engine/engine.js';
import { Reason } from '../engine/types.js';
import { loadReviewFunctionsByIds } from './review-records.js';
import { ReviewRunService } from './review-run.service.js';

// The statements' evidence is read by a subquery so that counting a filter never joins it.
const PAIR_COLUMNS = `p.run_id::text || '/' || p.no AS "id", p.run_id AS "runId", p.function_a AS "functionA", p.function_b AS "functionB", p.band, p.axis,
  p.score, (SELECT t.reasons FROM review_text_pair t WHERE t.run_id = p.run_id AND t.no = p.text_pair) AS "statementReasons",
  p.also_replicated AS "alsoReplicated", CASE WHEN p.band = 'DUPLICATE' THEN (SELECT m.cluster_no FROM review_cluster_member m WHERE m.run_id = p.run_id AND m.function_id = p.function_a) END AS "clusterNo", d.status AS "decision", d.note AS "decisionNote"`;

/** A reviewer's decision counts while both texts are as they were when it was made. */
const DECISION_JOIN = `LEFT JOIN review_decision d ON d.function_a = p.function_a AND d.function_b = p.function_b
  AND d.text_hash_a = (SELECT title_hash FROM state_function WHERE id = p.function_a)
  AND d.text_hash_b = (SELECT title_hash FROM state_function WHERE id = p.function_b)`;

/** What auditors ask of stored runs: pairs, clusters, control functions piled on one sphere. */
@Injectable()
export class ReviewQueryService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly runs: ReviewRunService,
    private readonly counts: CountCache,
  ) {}

  async runId(requested?: string): Promise<string | undefined> {
    if (requested) return (await this.runs.get(requested)).id;
    return (await this.runs.latest())?.id;
  }

  async pairs(args: DuplicatePairsArgs): Promise<Page<PairRow>> {
    const runId = await this.runId(args.runId);
    if (!runId) return toLazyPage([], args, async () => 0);
    const f = args.filter ?? {};
    const params: unknown[] = [runId];
    const where = ['p.run_id = $1'];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (f.axes?.length) add((n) => `p.axis = ANY($${n})`, f.axes);
    if (f.bands?.length) add((n) => `p.band = ANY($${n})`, f.bands);
    if (f.minScore !== undefined) add((n) => `p.score >= $${n}`, f.minScore);
    const statuses = f.reviewStatuses?.length ? f.reviewStatuses : [ReviewStatus.OPEN, ReviewStatus.CONFIRMED];
    add((n) => `coalesce(d.status, 'OPEN') = ANY($${n})`, statuses);
    const holderCondition: string[] = [];
    if (f.agencyId) {
      params.push(f.agencyId);
      holderCondition.push(`x.holder_id IN (WITH RECURSIVE sub AS (SELECT id FROM agency WHERE id = $${params.length}
        UNION SELECT c.id FROM agency c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)`);
    }
    if (f.levels?.length) {
      params.push(f.levels);
      holderCondition.push(`EXISTS (SELECT 1 FROM agency h WHERE h.id = x.holder_id AND h.level = ANY($${params.length}))`);
    }
    if (f.sector) {
      params.push(f.sector);
      holderCondition.push(`x.sector = $${params.length}`);
    }
    if (holderCondition.length) {
      where.push(`EXISTS (SELECT 1 FROM state_function x WHERE x.id IN (p.function_a, p.function_b) AND ${holderCondition.join(' AND ')})`);
    }
    const from = `FROM review_pair p ${DECISION_JOIN} WHERE ${where.join(' AND ')}`;
    const order = args.sort === 'SCORE_ASC' ? 'p.score ASC, p.no DESC' : 'p.score DESC, p.no';
    const rows = await this.withReasons(
      await this.ds.query(`SELECT ${PAIR_COLUMNS} ${from} ORDER BY ${order} OFFSET ${args.skip} LIMIT ${args.take + 1}`, params),
    );
    return toLazyPage(rows, args, () =>
      this.counts.count(`pairs:${from}:${JSON.stringify(params)}`, async () => (await this.ds.query(`SELECT count(*)::int AS n ${from}`, params))[0].n),
    );
  }

  async clusters(runIdArg: string | undefined, args: PageArgs): Promise<Page<{ clusterNo: number; size: number; functionIds: string[] }>> {
    const runId = await this.runId(runIdArg);
    if (!runId) return toLazyPage([], args, async () => 0);
    const rows = await this.ds.query(
      `SELECT cluster_no AS "clusterNo", count(*)::int AS size, array_agg(function_id ORDER BY function_id) AS "functionIds"
       FROM review_cluster_member WHERE run_id = $1 GROUP BY cluster_no ORDER BY count(*) DESC, cluster_no
       OFFSET ${args.skip} LIMIT ${args.take + 1}`,
      [runId],
    );
    return toLazyPage(rows, args, async () =>
      (await this.ds.query(`SELECT count(DISTINCT cluster_no)::int AS n FROM review_cluster_member WHERE run_id = $1`, [runId]))[0].n,
    );
  }

  /**
   * Control functions of different holders joined by pairs of the run: each group is one object or
   * sphere that several holders control (the Concept's excessive control-supervisory functions).
   */
  async controlPiles(runIdArg: string | undefined, args: PageArgs): Promise<Page<{ sphere: string[]; holders: number; functionIds: string[] }>> {
    const runId = await this.runId(runIdArg);
    if (!runId) return toLazyPage([], args, async () => 0);
    const edges: { a: string; b: string; ha: string; hb: string; reasons: { code: string; text: string }[] }[] = await this.ds.query(
      `SELECT p.function_a AS a, p.function_b AS b, fa.holder_id AS ha, fb.holder_id AS hb, t.reasons
       FROM review_pair p JOIN review_text_pair t ON t.run_id = p.run_id AND t.no = p.text_pair
         JOIN state_function fa ON fa.id = p.function_a JOIN state_function fb ON fb.id = p.function_b
       WHERE p.run_id = $1 AND fa.type = 'CONTROL' AND fb.type = 'CONTROL' AND fa.holder_id <> fb.holder_id`,
      [runId],
    );
    const parent = new Map<string, string>();
    const find = (x: string): string => {
      while (parent.get(x) !== x) {
        parent.set(x, parent.get(parent.get(x)!)!);
        x = parent.get(x)!;
      }
      return x;
    };
    const holderOf = new Map<string, string>();
    const words = new Map<string, Map<string, number>>();
    for (const e of edges) {
      for (const [f, h] of [[e.a, e.ha], [e.b, e.hb]]) {
        if (!parent.has(f)) parent.set(f, f);
        holderOf.set(f, h);
      }
      parent.set(find(e.a), find(e.b));
      const terms = e.reasons.find((r) => r.code === 'SHARED_TERMS')?.text.match(/«([^»]+)»/g) ?? [];
      const key = `${e.a}|${e.b}`;
      words.set(key, new Map(terms.map((t) => [t.slice(1, -1), 1])));
    }
    const groups = new Map<string, string[]>();
    for (const f of parent.keys()) {
      const r = find(f);
      const g = groups.get(r);
      if (g) g.push(f);
      else groups.set(r, [f]);
    }
    const piles = [...groups.values()]
      .map((functionIds) => {
        const inGroup = new Set(functionIds);
        const tally = new Map<string, number>();
        for (const e of edges) {
          if (!inGroup.has(e.a)) continue;
          for (const w of words.get(`${e.a}|${e.b}`)?.keys() ?? []) tally.set(w, (tally.get(w) ?? 0) + 1);
        }
        const sphere = [...tally.entries()].sort((x, y) => y[1] - x[1]).slice(0, 5).map(([w]) => w);
        return { sphere, holders: new Set(functionIds.map((f) => holderOf.get(f))).size, functionIds: functionIds.sort() };
      })
      .filter((p) => p.holders > 1)
      .sort((x, y) => y.holders - x.holders || y.functionIds.length - x.functionIds.length);
    return toLazyPage(piles.slice(args.skip, args.skip + args.take + 1), args, async () => piles.length);
  }

  async decide(input: DecidePairInput, decidedBy?: string): Promise<PairRow | null> {
    if (input.functionA === input.functionB) throw badInput('functionB', 'a pair needs two different functions');
    const [a, b] = input.functionA < input.functionB ? [input.functionA, input.functionB] : [input.functionB, input.functionA];
    const texts: { id: string; hash: string }[] = await this.ds.query(`SELECT id, title_hash AS hash FROM state_function WHERE id = ANY($1::uuid[])`, [[a, b]]);
    const title = new Map(texts.map((t) => [t.id, t.hash]));
    for (const [field, id] of [['functionA', input.functionA], ['functionB', input.functionB]] as const) {
      if (!title.has(id)) throw notFound(`Function (${field})`, id);
    }
    if (input.status === ReviewStatus.OPEN) {
      await this.ds.query(`DELETE FROM review_decision WHERE function_a = $1 AND function_b = $2`, [a, b]);
    } else {
      await this.ds.query(
        `INSERT INTO review_decision (function_a, function_b, status, note, decided_by, text_hash_a, text_hash_b)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (function_a, function_b) DO UPDATE SET status = EXCLUDED.status, note = EXCLUDED.note,
           decided_by = EXCLUDED.decided_by, decided_at = now(), text_hash_a = EXCLUDED.text_hash_a, text_hash_b = EXCLUDED.text_hash_b`,
        [a, b, input.status, input.note ?? null, decidedBy ?? null, title.get(a), title.get(b)],
      );
    }
    this.counts.invalidate();
    const runId = await this.runId();
    if (!runId) return null;
    const [row] = await this.withReasons(
      await this.ds.query(
        `SELECT ${PAIR_COLUMNS} FROM review_pair p ${DECISION_JOIN} WHERE p.run_id = $1 AND p.function_a = $2 AND p.function_b = $3 ORDER BY p.score DESC LIMIT 1`,
        [runId, a, b],
      ),
    );
    return row ?? null;
  }

  /** Completes stored findings' reasons with what their holders and legal bases say, as they stand now. */
  private async withReasons(rows: (Omit<PairRow, 'reasons'> & { statementReasons: Reason[] })[]): Promise<PairRow[]> {
    const functions = await loadReviewFunctionsByIds(this.ds, [...new Set(rows.flatMap((r) => [r.functionA, r.functionB]))]);
    const byId = new Map(functions.map((f) => [f.id, f]));
    return rows.map(({ statementReasons, ...row }) => {
      const a = byId.get(row.functionA);
      const b = byId.get(row.functionB);
      return { ...row, reasons: a && b ? findingReasons(statementReasons, a, b, row.axis, row.alsoReplicated) : statementReasons };
    });
  }
}
