import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import {
  allowLongStatements,
  badInputs,
  BulkColumn,
  bulkInsert,
  bulkInsertFile,
  conflict,
  FieldProblem,
  notFound,
} from '#core';
import { GovernmentLevel } from '#registry';
import { ReviewOptions } from '../engine/engine.js';
import { ReviewFunction } from '../engine/types.js';
import { reviewIntoSpool, SpooledReview, spoolFiles, SpoolFiles } from './finding-spool.js';
import { loadReviewFunctions, ReviewScope } from './review-records.js';
import { ReviewRunEntity } from './review-run.entity.js';

// The columns of the spool's lines (see SpoolFiles).
const FINDING_COLUMNS: BulkColumn[] = [
  { name: 'no', type: 'int' },
  { name: 'function_a', type: 'uuid' },
  { name: 'function_b', type: 'uuid' },
  { name: 'band', type: 'review_band' },
  { name: 'axis', type: 'review_axis' },
  { name: 'score', type: 'real' },
  { name: 'text_pair', type: 'int' },
  { name: 'also_replicated', type: 'int' },
];
const STATEMENT_COLUMNS: BulkColumn[] = [
  { name: 'run_id', type: 'uuid' },
  { name: 'no', type: 'int' },
  { name: 'band', type: 'review_band' },
  { name: 'score', type: 'real' },
  { name: 'reasons', type: 'jsonb' },
];
const MEMBER_COLUMNS: BulkColumn[] = [
  { name: 'run_id', type: 'uuid' },
  { name: 'cluster_no', type: 'int' },
  { name: 'function_id', type: 'uuid' },
];
const PILE_COLUMNS: BulkColumn[] = [
  { name: 'run_id', type: 'uuid' },
  { name: 'pile_no', type: 'int' },
  { name: 'sphere', type: 'jsonb' },
  { name: 'holders', type: 'int' },
];
const PILE_MEMBER_COLUMNS: BulkColumn[] = [
  { name: 'run_id', type: 'uuid' },
  { name: 'pile_no', type: 'int' },
  { name: 'function_id', type: 'uuid' },
];

/** Runs the engine over a run's functions, its findings going to the spool files. */
export type ReviewEngine = (
  functions: ReviewFunction[],
  options: Partial<ReviewOptions>,
  runId: string,
  files: SpoolFiles,
) => Promise<SpooledReview>;

/** A review's scope as a caller gives it: agencies by id or by registry code, or both. */
export interface ReviewScopeRequest extends ReviewScope {
  agencyCodes?: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How long deleting a run waits for the locks it needs before it gives up. */
const DELETE_LOCK_TIMEOUT = '5s';

/** The partition of `review_pair` that holds one run's findings. */
export function reviewPairPartition(runId: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(runId))
    throw new Error(`not a run id: ${runId}`);
  return `review_pair_${runId.replace(/-/g, '').toLowerCase()}`;
}

/**
 * Full reviews: loads the scope, runs the engine, stores pairs and clusters with the run's
 * parameters, statistics and timings. A run that dies with its process is marked failed at the
 * next start.
 */
@Injectable()
export class ReviewRunService {
  private readonly log = new Logger('Review');

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Stores a RUNNING run of the scope, checked first: the API and the command line both start
   * reviews here, so a scope is understood and refused the same way from either.
   */
  async start(
    request: ReviewScopeRequest,
    parameters: Partial<ReviewOptions> = {},
    requestedBy?: string,
  ): Promise<ReviewRunEntity> {
    const scope = await this.resolveScope(request);
    const repo = this.ds.getRepository(ReviewRunEntity);
    const now = new Date();
    return repo.save(
      repo.create({
        status: 'RUNNING',
        scope: { ...scope },
        parameters: { ...parameters },
        requestedBy: requestedBy ?? null,
        startedAt: now,
        heartbeatAt: now,
      }),
    );
  }

  /**
   * The scope as a run stores it: levels checked against GovernmentLevel, agencies named by code
   * or id resolved to ids of existing agencies. Every problem is reported at once.
   */
  async resolveScope(request: ReviewScopeRequest): Promise<ReviewScope> {
    const problems: FieldProblem[] = [];
    const levels: string[] = Object.values(GovernmentLevel);
    const wrongLevels = (request.levels ?? []).filter((l) => !levels.includes(l));
    if (wrongLevels.length)
      problems.push({
        field: 'levels',
        messages: [`must be one of ${levels.join(', ')} (got ${wrongLevels.join(', ')})`],
      });
    const ids = [...new Set(request.agencyIds ?? [])];
    const codes = [...new Set(request.agencyCodes ?? [])];
    const malformed = ids.filter((id) => !UUID.test(id));
    if (malformed.length) problems.push({ field: 'agencyIds', messages: [`not an id: ${malformed.join(', ')}`] });
    let agencyIds: string[] | undefined;
    if (request.agencyIds !== undefined || request.agencyCodes !== undefined) {
      const found: { id: string; code: string }[] =
        ids.length + codes.length && !malformed.length
          ? await this.ds.query(
              `SELECT id, code FROM registry_agency WHERE id = ANY($1::uuid[]) OR code = ANY($2::text[]) ORDER BY code`,
              [ids, codes],
            )
          : [];
      const missingIds = malformed.length ? [] : ids.filter((id) => !found.some((a) => a.id === id.toLowerCase()));
      if (missingIds.length)
        problems.push({ field: 'agencyIds', messages: [`no agency has id ${missingIds.join(', ')}`] });
      const missingCodes = codes.filter((c) => !found.some((a) => a.code === c));
      if (missingCodes.length)
        problems.push({ field: 'agencyCodes', messages: [`no agency with code ${missingCodes.join(', ')}`] });
      agencyIds = [
        ...new Set([
          ...ids.map((id) => id.toLowerCase()),
          ...found.filter((a) => codes.includes(a.code)).map((a) => a.id),
        ]),
      ];
    }
    if (problems.length) throw badInputs(problems);
    // Only what was asked for is kept: a run of the whole registry stores `{}`.
    const scope: ReviewScope = {};
    if (request.sectors !== undefined) scope.sectors = request.sectors;
    if (agencyIds !== undefined) scope.agencyIds = agencyIds;
    if (request.levels !== undefined) scope.levels = request.levels;
    return scope;
  }

  /**
   * Runs a started review to the end; never throws (a failure is recorded on the run). Findings go
   * to spool files as the engine finds them, and from there into the database in one transaction,
   * so a national review needs memory for its registry, not for its findings.
   */
  async execute(
    run: ReviewRunEntity,
    progress: (m: string) => void = () => {},
    engine: ReviewEngine = (functions, options, runId, files) =>
      Promise.resolve(reviewIntoSpool(functions, options, runId, files)),
  ): Promise<{ run: ReviewRunEntity; result: SpooledReview } | undefined> {
    const t0 = performance.now();
    // One heartbeat at a time: while the store holds the run's row, a heartbeat waits for it, and
    // more of them would only tie up connections.
    let beating = false;
    const heartbeat = setInterval(() => {
      if (beating) return;
      beating = true;
      this.ds
        .query(`UPDATE review_run SET heartbeat_at = now() WHERE id = $1`, [run.id])
        .catch(() => undefined)
        .finally(() => (beating = false));
    }, 15_000);
    const dir = mkdtempSync(join(tmpdir(), 'review-run-'));
    try {
      const functions = await loadReviewFunctions(this.ds, run.scope, progress);
      const loadMs = Math.round(performance.now() - t0);
      const files = spoolFiles(dir);
      const result = await engine(functions, { ...run.parameters, progress }, run.id, files);
      const t1 = performance.now();
      const store = await this.store(run.id, files, result, progress);
      const timings = {
        load: loadMs,
        ...result.timings,
        ...store,
        store: Math.round(performance.now() - t1),
        total: Math.round(performance.now() - t0),
      };
      await this.ds.query(
        `UPDATE review_run SET status = 'SUCCEEDED', stats = $2, timings = $3, finished_at = now(), heartbeat_at = now() WHERE id = $1`,
        [
          run.id,
          JSON.stringify({ ...result.stats, controlPiles: result.controlPiles.length }),
          JSON.stringify(timings),
        ],
      );
      progress(
        `review ${run.id}: ${result.stats.pairs} pairs, ${result.stats.clusters} clusters in ${(timings.total / 1000).toFixed(1)} s`,
      );
      return { run: await this.get(run.id), result };
    } catch (err) {
      this.log.error(`review ${run.id} failed: ${(err as Error).stack ?? String(err)}`);
      await this.ds
        .query(`UPDATE review_run SET status = 'FAILED', error = $2, finished_at = now() WHERE id = $1`, [
          run.id,
          (err as Error).message,
        ])
        .catch(() => undefined);
      return undefined;
    } finally {
      clearInterval(heartbeat);
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async get(id: string): Promise<ReviewRunEntity> {
    const run = await this.ds.getRepository(ReviewRunEntity).findOneBy({ id });
    if (!run) throw notFound('Review run', id);
    return run;
  }

  list(take: number, skip: number): Promise<[ReviewRunEntity[], number]> {
    return this.ds.getRepository(ReviewRunEntity).findAndCount({ order: { startedAt: 'DESC' }, take, skip });
  }

  /**
   * The most recent successful review of the whole registry, which queries use when they name no
   * run (a review of a scope is read by its id).
   */
  async latest(): Promise<ReviewRunEntity | null> {
    const [run] = await this.ds.query<{ id: string }[]>(
      `SELECT id FROM review_run WHERE status = 'SUCCEEDED' AND scope = '{}'::jsonb ORDER BY finished_at DESC LIMIT 1`,
    );
    return run ? this.get(run.id) : null;
  }

  /**
   * Deletes a finished run with everything it found. Its findings go with their partition, which
   * takes no time (deleting twenty million rows would take minutes); statement pairs, clusters and
   * control piles go with the run's row. Campaign findings that cite the run keep their cluster
   * number and lose the link.
   *
   * Dropping a partition locks `review_pair` for every reader, and a run being stored holds a lock on
   * it until it commits, so the deletion waits a few seconds at most and then gives up with a
   * conflict rather than stalling every query behind it.
   */
  async remove(id: string): Promise<void> {
    const run = await this.get(id);
    await this.ds.transaction(async (em) => {
      await em.query(`SET LOCAL lock_timeout = '${DELETE_LOCK_TIMEOUT}'`);
      try {
        // The run's row is locked by a store in progress; a run still computing is refused below.
        const [row] = await em.query<{ status: string }[]>(`SELECT status FROM review_run WHERE id = $1 FOR UPDATE`, [
          run.id,
        ]);
        if (!row) return;
        if (row.status === 'RUNNING')
          throw conflict(`review run ${run.id} is still running; delete it once it has finished or failed`);
        await em.query(`DROP TABLE IF EXISTS ${reviewPairPartition(run.id)}`);
        await em.query(`DELETE FROM review_run WHERE id = $1`, [run.id]);
      } catch (err) {
        if ((err as { code?: string }).code === '55P03') {
          throw conflict(
            `review run ${run.id} cannot be deleted while another review is being stored; try again in a minute`,
          );
        }
        throw err;
      }
    });
  }

  /**
   * Deletes finished runs, keeping the `keep` most recent successful ones and, whatever their age,
   * the latest successful review of the whole registry (what queries read by default). Failed runs
   * are deleted. Returns the ids deleted.
   */
  async prune(keep: number): Promise<string[]> {
    const latest = await this.latest();
    const old: { id: string }[] = await this.ds.query(
      `SELECT id FROM review_run WHERE status = 'FAILED'
       UNION ALL
       (SELECT id FROM review_run WHERE status = 'SUCCEEDED' ORDER BY finished_at DESC OFFSET $1)`,
      [Math.max(0, keep)],
    );
    const doomed = old.map((r) => r.id).filter((id) => id !== latest?.id);
    for (const id of doomed) await this.remove(id);
    return doomed;
  }

  /** Runs whose process stopped sending heartbeats are marked failed. */
  async failAbandoned(): Promise<number> {
    const res = await this.ds.query<[unknown[], number]>(
      `UPDATE review_run SET status = 'FAILED', error = 'the process running the review stopped', finished_at = now()
       WHERE status = 'RUNNING' AND heartbeat_at < now() - interval '2 minutes'`,
    );
    return res[1] ?? 0;
  }

  /**
   * Stores a run in one transaction: its findings go into a table of their own with no index yet,
   * which is then indexed like `review_pair` and attached to it as the run's partition. Readers see
   * the whole run at commit or nothing of it; a failed store leaves no table behind.
   */
  private async store(
    runId: string,
    files: SpoolFiles,
    result: SpooledReview,
    progress: (m: string) => void,
  ): Promise<Record<string, number>> {
    const table = reviewPairPartition(runId);
    const laps: Record<string, number> = {};
    let t = performance.now();
    const lap = (name: string) => {
      laps[name] = Math.round(performance.now() - t);
      t = performance.now();
    };
    await this.ds.transaction(async (em) => {
      await allowLongStatements(em);
      // Holds the run against deletion for the whole store. A key-share lock, not an update lock: the
      // run's heartbeat must still be able to update its row, or it would wait on this transaction
      // while the attach below waits on the heartbeat's table lock (a deadlock).
      const [row] = await em.query<{ id: string }[]>(`SELECT id FROM review_run WHERE id = $1 FOR KEY SHARE`, [runId]);
      if (!row) throw new Error(`review run ${runId} was deleted while it ran`);
      await em.query(`SET LOCAL maintenance_work_mem = '256MB'`);
      await em.query(`CREATE TABLE ${table} (LIKE review_pair INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
      // Lets the attach skip checking every row against the partition's bound.
      await em.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_run CHECK (run_id = '${runId}'), ALTER COLUMN run_id SET DEFAULT '${runId}'`,
      );
      await bulkInsertFile(em, table, FINDING_COLUMNS, files.findings, {
        progress: (n) => progress(`stored ${n} of ${result.findings} findings`),
      });
      await bulkInsertFile(em, 'review_text_pair', STATEMENT_COLUMNS, files.statements);
      lap('storeRows');
      await this.indexLikeParent(em, table);
      lap('storeIndexes');
      await em.query(`ANALYZE ${table}`);
      await em.query(`ALTER TABLE review_pair ATTACH PARTITION ${table} FOR VALUES IN ('${runId}')`);
      function* members() {
        for (const [i, m] of result.clusters.entries()) for (const f of m) yield [runId, i + 1, f.id];
      }
      await bulkInsert(em, 'review_cluster_member', MEMBER_COLUMNS, members());
      await bulkInsert(
        em,
        'review_control_pile',
        PILE_COLUMNS,
        result.controlPiles.map((p, i) => [runId, i + 1, p.sphere, p.holders]),
      );
      function* pileMembers() {
        for (const [i, p] of result.controlPiles.entries()) for (const f of p.functions) yield [runId, i + 1, f.id];
      }
      await bulkInsert(em, 'review_pile_member', PILE_MEMBER_COLUMNS, pileMembers());
      lap('storeAttach');
    });
    return laps;
  }

  /** Builds on a run's table the indexes `review_pair` declares, so that attaching it builds none. */
  private async indexLikeParent(em: EntityManager, table: string): Promise<void> {
    const indexes: { def: string }[] = await em.query(
      `SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = 'review_pair'::regclass`,
    );
    for (const { def } of indexes) await em.query(`CREATE INDEX ON ${table} ${def.slice(def.indexOf(' USING '))}`);
  }
}
