import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badInput, CountCache, notFound, Page, PageArgs, toLazyPage, toPage } from '#core';
import { DecideDuplicatePairInput, DuplicatePairsArgs, PairDecisionsArgs } from '../graphql/review.inputs.js';
import { PairDecisionRow, PairRow, ReviewStatus } from '../graphql/review.models.js';
import { findingReasons, standsForSeveral } from '../engine/engine.js';
import { StoredReason, wordedReason } from '../engine/reason-text.js';
import { CURRENT_DECISIONS } from './current-decisions.js';
import { findingInstances } from './finding-instances.js';
import { loadReviewFunctionsByIds } from './review-records.js';
import { ReviewRunService } from './review-run.service.js';

// The statements' evidence is read by a subquery so that counting a filter never joins it. A pair's
// cluster is the one both its functions are in: a finding reviewers dismissed joins none, though
// either function may be in one through other findings.
const PAIR_COLUMNS = `p.run_id::text || '/' || p.no AS "id", p.run_id AS "runId", p.function_a AS "functionA", p.function_b AS "functionB", p.band, p.axis,
  p.score, (SELECT t.reasons FROM review_text_pair t WHERE t.run_id = p.run_id AND t.no = p.text_pair) AS "statementReasons",
  p.also_replicated AS "alsoReplicated", p.group_a AS "groupA", p.group_b AS "groupB", CASE WHEN p.band = 'DUPLICATE' THEN (SELECT m.cluster_no FROM review_cluster_member m WHERE m.run_id = p.run_id AND m.function_id = p.function_a
    AND EXISTS (SELECT 1 FROM review_cluster_member mb WHERE mb.run_id = p.run_id AND mb.cluster_no = m.cluster_no AND mb.function_id = p.function_b)) END AS "clusterNo", d.status AS "decision", d.note AS "decisionNote"`;

/**
 * A reviewer's decision counts while both texts are as they were when it was made. Decisions are few
 * and a run's findings many, so the decisions still current are found first and joined as a whole.
 */
const DECISION_JOIN = `LEFT JOIN ${CURRENT_DECISIONS} d ON d.function_a = p.function_a AND d.function_b = p.function_b`;

/**
 * The findings of run `$run` that involve any of the functions `$ids` (a uuid[] parameter), as a
 * subquery: one index-driven join per side, so that a page's few functions read a few rows and a
 * scope of many thousands is joined by hash, never tested row by row against a long array.
 */
export function findingsTouching(run: string, ids: string): string {
  return `(SELECT * FROM review_pair WHERE run_id = ${run} AND function_a IN (SELECT unnest(${ids}::uuid[]))
    UNION SELECT * FROM review_pair WHERE run_id = ${run} AND function_b IN (SELECT unnest(${ids}::uuid[])))`;
}

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
    if (!runId) return toLazyPage([], args, () => Promise.resolve(0));
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
      holderCondition.push(
        `x.holder_id IN (SELECT id FROM registry_agency_subtree(ARRAY[$${params.length}::uuid]) AS sub(id))`,
      );
    }
    if (f.levels?.length) {
      params.push(f.levels);
      holderCondition.push(
        `EXISTS (SELECT 1 FROM registry_agency h WHERE h.id = x.holder_id AND h.level = ANY($${params.length}))`,
      );
    }
    if (f.sector) {
      params.push(f.sector);
      holderCondition.push(`x.sector = $${params.length}`);
    }
    let qualified = '';
    if (holderCondition.length) {
      // The functions that qualify are found once and probed as a hashed set: a national run has tens
      // of millions of findings, and a filter checked finding by finding would read them all twice.
      // A replicated finding qualifies through any body of the groups it stands for, so a filter on
      // one district's akimat finds the findings its instances belong to. Both sets are worked out
      // once (materialised), however many times the condition names them.
      qualified = `WITH q AS MATERIALIZED (SELECT x.id FROM registry_function x WHERE ${holderCondition.join(' AND ')}),
        qg AS MATERIALIZED (SELECT m.group_no FROM review_group_member m WHERE m.run_id = $1 AND m.function_id IN (SELECT id FROM q)) `;
      where.push(
        `(p.function_a IN (SELECT id FROM q) OR p.function_b IN (SELECT id FROM q) OR p.group_a IN (SELECT group_no FROM qg) OR p.group_b IN (SELECT group_no FROM qg))`,
      );
    }
    const from = `FROM review_pair p ${DECISION_JOIN} WHERE ${where.join(' AND ')}`;
    const order = args.sort === 'SCORE_ASC' ? 'p.score ASC, p.no DESC' : 'p.score DESC, p.no';
    const run = <T>(sql: string) =>
      holderCondition.length ? this.hashingFilters<T>(sql, params) : this.ds.query<T>(sql, params);
    const rows = await this.withReasons(
      await run(
        `${qualified}SELECT ${PAIR_COLUMNS} ${from} ORDER BY ${order} OFFSET ${args.skip} LIMIT ${args.take + 1}`,
      ),
    );
    const byStoredCounts = f.minScore === undefined && !holderCondition.length;
    return toLazyPage(rows, args, () =>
      this.counts.count(
        `pairs:${qualified}${from}:${JSON.stringify(params)}`,
        async () =>
          (byStoredCounts ? await this.countFromRunTotals(runId, f.bands, f.axes, statuses) : undefined) ??
          (await run<{ n: number }[]>(`${qualified}SELECT count(*)::int AS n ${from}`))[0].n,
      ),
    );
  }

  /**
   * Runs a query filtered by holders with room to hash the qualifying functions and groups. The
   * planner cannot tell how many functions an agency's subtree holds and estimates their groups at
   * half of a national run's, too many to hash in the default memory, and then tests every finding
   * against them one by one: 3 s for a page of one oblast akimat's findings, 0.6 s hashed.
   */
  private hashingFilters<T>(sql: string, params: unknown[]): Promise<T> {
    return this.ds.transaction(async (em) => {
      await em.query(`SET LOCAL hash_mem_multiplier = 16`);
      return em.query<T>(sql, params);
    });
  }

  /**
   * How many findings of a run have one of `bands` and `axes` (all when empty) and a review status
   * among `statuses`, from the counts the run stored by band and axis corrected by the reviewers'
   * current decisions, which are few: reading them costs a lookup per decision, not a pass over every
   * finding. Undefined for a run stored without counts.
   */
  private async countFromRunTotals(
    runId: string,
    bands: string[] | undefined,
    axes: string[] | undefined,
    statuses: ReviewStatus[],
  ): Promise<number | undefined> {
    const [run] = await this.ds.query<{ counts: Record<string, number> | null }[]>(
      `SELECT pair_counts AS counts FROM review_run WHERE id = $1`,
      [runId],
    );
    if (!run?.counts) return undefined;
    const wanted = (band: string, axis: string) =>
      (!bands?.length || bands.includes(band)) && (!axes?.length || axes.includes(axis));
    let all = 0;
    for (const [key, n] of Object.entries(run.counts)) {
      const [band, axis] = key.split('/');
      if (wanted(band, axis)) all += n;
    }
    const decided = await this.ds.query<{ status: ReviewStatus; band: string; axis: string; n: number }[]>(
      `SELECT d.status, p.band, p.axis, count(*)::int AS n
       FROM ${CURRENT_DECISIONS} d
       JOIN review_pair p ON p.run_id = $1 AND p.function_a = d.function_a AND p.function_b = d.function_b
       GROUP BY d.status, p.band, p.axis`,
      [runId],
    );
    // A finding without a current decision is OPEN; a decision back to OPEN is deleted.
    let inStatuses = 0;
    let decidedAll = 0;
    for (const d of decided) {
      if (!wanted(d.band, d.axis)) continue;
      decidedAll += d.n;
      if (statuses.includes(d.status)) inStatuses += d.n;
    }
    return (statuses.includes(ReviewStatus.OPEN) ? all - decidedAll : 0) + inStatuses;
  }

  async clusters(
    runIdArg: string | undefined,
    args: PageArgs,
  ): Promise<Page<{ clusterNo: number; size: number; functionIds: string[] }>> {
    const runId = await this.runId(runIdArg);
    if (!runId) return toLazyPage([], args, () => Promise.resolve(0));
    const rows = await this.ds.query<{ clusterNo: number; size: number; functionIds: string[] }[]>(
      `SELECT cluster_no AS "clusterNo", count(*)::int AS size, array_agg(function_id ORDER BY function_id) AS "functionIds"
       FROM review_cluster_member WHERE run_id = $1 GROUP BY cluster_no ORDER BY count(*) DESC, cluster_no
       OFFSET ${args.skip} LIMIT ${args.take + 1}`,
      [runId],
    );
    return toLazyPage(
      rows,
      args,
      async () =>
        (
          await this.ds.query<{ n: number }[]>(
            `SELECT count(DISTINCT cluster_no)::int AS n FROM review_cluster_member WHERE run_id = $1`,
            [runId],
          )
        )[0].n,
    );
  }

  /**
   * Control functions of different holders joined by findings of the run: each pile is one object or
   * sphere that several holders control (the Concept's excessive control-supervisory functions).
   * The engine finds them during the run, most holders first.
   */
  async controlPiles(
    runIdArg: string | undefined,
    args: PageArgs,
  ): Promise<Page<{ sphere: string[]; holders: number; functionIds: string[] }>> {
    const runId = await this.runId(runIdArg);
    if (!runId) return toLazyPage([], args, () => Promise.resolve(0));
    const rows = await this.ds.query<{ sphere: string[]; holders: number; functionIds: string[] }[]>(
      `SELECT p.sphere, p.holders,
         ARRAY(SELECT m.function_id FROM review_pile_member m WHERE m.run_id = p.run_id AND m.pile_no = p.pile_no ORDER BY m.function_id) AS "functionIds"
       FROM review_control_pile p WHERE p.run_id = $1 ORDER BY p.pile_no OFFSET ${args.skip} LIMIT ${args.take + 1}`,
      [runId],
    );
    return toLazyPage(
      rows,
      args,
      async () =>
        (
          await this.ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM review_control_pile WHERE run_id = $1`, [
            runId,
          ])
        )[0].n,
    );
  }

  async decide(input: DecideDuplicatePairInput, decidedBy?: string): Promise<PairRow | null> {
    if (input.functionA === input.functionB) throw badInput('functionB', 'a pair needs two different functions');
    const [a, b] =
      input.functionA < input.functionB ? [input.functionA, input.functionB] : [input.functionB, input.functionA];
    const texts: { id: string; hash: string }[] = await this.ds.query(
      `SELECT id, title_hash AS hash FROM registry_function WHERE id = ANY($1::uuid[])`,
      [[a, b]],
    );
    const title = new Map(texts.map((t) => [t.id, t.hash]));
    for (const [field, id] of [
      ['functionA', input.functionA],
      ['functionB', input.functionB],
    ] as const) {
      if (!title.has(id)) throw notFound(`Function (${field})`, id);
    }
    // In a transaction, like every write: the history names the actor and the request.
    await this.ds.transaction(async (em) => {
      if (input.status === ReviewStatus.OPEN) {
        await em.query(`DELETE FROM review_decision WHERE function_a = $1 AND function_b = $2`, [a, b]);
      } else {
        await em.query(
          `INSERT INTO review_decision (function_a, function_b, status, note, decided_by, text_hash_a, text_hash_b)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (function_a, function_b) DO UPDATE SET status = EXCLUDED.status, note = EXCLUDED.note,
           decided_by = EXCLUDED.decided_by, decided_at = now(), text_hash_a = EXCLUDED.text_hash_a, text_hash_b = EXCLUDED.text_hash_b`,
          [a, b, input.status, input.note ?? null, decidedBy ?? null, title.get(a), title.get(b)],
        );
      }
    });
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

  /** The decided pairs that include a function, newest first, whether any run reported them or not. */
  async decisionsOf(args: PairDecisionsArgs): Promise<Page<PairDecisionRow>> {
    const [exists]: unknown[] = await this.ds.query(`SELECT 1 FROM registry_function WHERE id = $1`, [args.functionId]);
    if (!exists) throw notFound('Function', args.functionId);
    const rows: (PairDecisionRow & { total: string })[] = await this.ds.query(
      `SELECT CASE WHEN d.function_a = $1 THEN d.function_b ELSE d.function_a END AS other, d.status, d.note,
         d.decided_by AS "decidedBy", d.decided_at AS "decidedAt",
         (fa.title_hash = d.text_hash_a AND fb.title_hash = d.text_hash_b) AS current, count(*) OVER () AS total
       FROM review_decision d
       JOIN registry_function fa ON fa.id = d.function_a
       JOIN registry_function fb ON fb.id = d.function_b
       WHERE (d.function_a = $1 OR d.function_b = $1) AND ($2::text IS NULL OR d.status = $2)
       ORDER BY d.decided_at DESC, d.function_a, d.function_b
       LIMIT $3 OFFSET $4`,
      [args.functionId, args.status ?? null, args.take, args.skip],
    );
    const total = rows.length ? Number(rows[0].total) : 0;
    return toPage(
      rows.map(({ total: _total, ...row }) => row),
      // A page past the end reads no row and so no total: count it then.
      rows.length || args.skip === 0 ? total : await this.countDecisions(args),
      args,
    );
  }

  private async countDecisions(args: PairDecisionsArgs): Promise<number> {
    const [{ n }]: { n: number }[] = await this.ds.query(
      `SELECT count(*)::int AS n FROM review_decision d
       WHERE (d.function_a = $1 OR d.function_b = $1) AND ($2::text IS NULL OR d.status = $2)`,
      [args.functionId, args.status ?? null],
    );
    return n;
  }

  /**
   * The pairs of functions a stored finding stands for, worked out from its structure (see
   * findingInstances); a finding of a live check stands for its own pair.
   */
  async instances(
    row: Pick<PairRow, 'runId' | 'functionA' | 'functionB' | 'axis' | 'groupA' | 'groupB'>,
  ): Promise<{ functionA: string; functionB: string }[]> {
    if (!row.runId || (row.groupA == null && row.groupB == null))
      return [{ functionA: row.functionA, functionB: row.functionB }];
    const found = await findingInstances(this.ds, {
      runId: row.runId,
      functionA: row.functionA,
      functionB: row.functionB,
      axis: row.axis,
      groupA: row.groupA ?? null,
      groupB: row.groupB ?? null,
    });
    return found.map((x) => ({ functionA: x.a.id, functionB: x.b.id }));
  }

  /** Completes stored findings' reasons with what their holders and legal bases say, as they stand now. */
  private async withReasons(
    rows: (Omit<PairRow, 'reasons'> & { statementReasons: StoredReason[] })[],
  ): Promise<PairRow[]> {
    const functions = await loadReviewFunctionsByIds(this.ds, [
      ...new Set(rows.flatMap((r) => [r.functionA, r.functionB])),
    ]);
    const byId = new Map(functions.map((f) => [f.id, f]));
    return rows.map(({ statementReasons: stored, ...row }) => {
      const statementReasons = stored.map(wordedReason);
      const a = byId.get(row.functionA);
      const b = byId.get(row.functionB);
      return {
        ...row,
        reasons:
          a && b
            ? findingReasons(
                statementReasons,
                a,
                b,
                row.axis,
                row.alsoReplicated,
                standsForSeveral(a.holder, b.holder, row.groupA, row.groupB),
              )
            : statementReasons,
      };
    });
  }
}
