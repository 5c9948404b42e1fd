import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, QueryRunner } from 'typeorm';
import {
  allowLongStatements,
  APP_CONFIG,
  badInputs,
  BulkColumn,
  bulkInsert,
  bulkInsertFile,
  conflict,
  FieldProblem,
  notFound,
  queueFull,
} from '#core';
import type { AppConfig } from '#core';
import { GovernmentLevel } from '#registry';
import { ReviewOptions } from '../engine/engine.js';
import { sameFeatures } from '../learn/pair-model.js';
import { latestReviewModel } from '../learn/review-model.service.js';
import { SpooledReview, spoolFiles, SpoolFiles } from './finding-spool.js';
import { loadReviewFunctions, ReviewScope } from './review-records.js';
import { CURRENT_DECISIONS } from './current-decisions.js';
import { ReviewRunEntity, ReviewRunner } from './review-run.entity.js';
import { FunctionSource, inThisThread, ReviewEngine } from './run-in-worker.js';
import {
  checkLoaded,
  createRunTable,
  finishRunTable,
  RUN_TABLES,
  runPartition,
  reviewPairPartition,
  SPOOLED,
  SpoolCopier,
  spooledRows,
  Sql,
} from './run-tables.js';

export { reviewPairPartition, runPartition };
export type { ReviewEngine };

// The run's own table gives the run id by default.
const MEMBER_COLUMNS: BulkColumn[] = [
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
  { name: 'pile_no', type: 'int' },
  { name: 'function_id', type: 'uuid' },
];

/** A review's scope as a caller gives it: agencies by id or by registry code, or both. */
export interface ReviewScopeRequest extends ReviewScope {
  agencyCodes?: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How long deleting a run waits for the locks it needs before it gives up. */
const DELETE_LOCK_TIMEOUT = '5s';

/**
 * The first key of the advisory locks of the review queue ('RVQ1'). `(LOCK_CLASS, 0)` serialises
 * starts, claims and polls for a transaction; `(LOCK_CLASS, seq)` is held, for as long as a run
 * computes (and while a requester waits for its turn), by the session of the process computing it.
 * PostgreSQL frees it when that session ends, so a free lock on a RUNNING run means a dead process.
 */
export const REVIEW_LOCK_CLASS = 0x52565131;
const LOCK_CLASS = REVIEW_LOCK_CLASS;

/** The runs whose lock some session holds now: the runs with a live process behind them. */
const OWNED = `SELECT objid::bigint FROM pg_locks
  WHERE locktype = 'advisory' AND classid = ${LOCK_CLASS}::oid AND objsubid = 2 AND granted
    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

/**
 * The next run to start: the first queued one that some process may compute now. A run its
 * requester computes counts only while the requester waits for it (holds its lock); a requester
 * that went away does not hold up the queue.
 */
const HEAD = `SELECT id, seq, runner FROM review_run
  WHERE status = 'QUEUED' AND (runner = 'QUEUE' OR seq IN (${OWNED}))
  ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED`;

/** How long a requester may take between asking for a run and waiting for it. */
const REQUESTER_GRACE = '1 minute';
/** Runs that are abandoned if no process holds their lock. */
const ABANDONED = `(status = 'RUNNING' OR (status = 'QUEUED' AND runner = 'REQUESTER' AND requested_at < now() - interval '${REQUESTER_GRACE}'))`;

/** How often a requester waiting for its run's turn looks again. */
const REQUESTER_POLL_MS = 250;

/** A requester waiting looks for runs of dead processes every this many looks (5 s). */
const POLLS_PER_CHECK = 20;

/** A run a process claimed: computing it here, with the connection that holds its lock. */
interface Claimed {
  run: ReviewRunEntity;
  owner: QueryRunner;
}

/**
 * Full reviews: loads the scope, runs the engine, stores pairs and clusters with the run's
 * parameters, statistics and timings.
 *
 * Runs wait in a queue in the database, so that at most `REVIEW_MAX_RUNNING` compute at once
 * across every process on it (each one holds a registry in memory and a CPU for minutes). A run
 * whose process dies is marked failed by the next start or poll of any process, and what it left
 * is removed.
 */
@Injectable()
export class ReviewRunService {
  private readonly log = new Logger('Review');
  private readonly maxRunning: number;
  private readonly maxQueued: number;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.maxRunning = config.review.maxRunning;
    this.maxQueued = config.review.maxQueued;
  }

  /**
   * Queues a run of the scope, checked first: the API and the command line both start reviews
   * here, so a scope is understood and refused the same way from either. `runner` says who
   * computes it: the caller, with `execute` (REQUESTER), or any API process (QUEUE). A full queue
   * refuses the run with QUEUE_FULL.
   */
  async start(
    request: ReviewScopeRequest,
    parameters: Partial<ReviewOptions> = {},
    requestedBy?: string,
    runner: ReviewRunner = 'REQUESTER',
    useLearnedModel = false,
  ): Promise<ReviewRunEntity> {
    const scope = await this.resolveScope(request);
    if (useLearnedModel && parameters.model === undefined) {
      // A run asked to use the learned model takes the latest trained, and keeps it with its parameters.
      const latest = await latestReviewModel(this.ds);
      // A model trained on other features (an older version of the engine) cannot be applied.
      if (latest && !sameFeatures(latest.data)) {
        this.log.warn(
          `the latest review model ${latest.id} was trained on other features; train it again (review train)`,
        );
      } else if (latest) parameters = { ...parameters, model: { ...latest.data, id: latest.id } };
    } else if (!useLearnedModel) {
      const { model: _none, ...rest } = parameters;
      parameters = rest;
    }
    const id = await this.ds.transaction(async (em) => {
      // Two starts must not both see the last free place in the queue.
      await em.query(`SELECT pg_advisory_xact_lock(${LOCK_CLASS}, 0)`);
      const [{ queued, running }] = await em.query<{ queued: number; running: number }[]>(
        `SELECT count(*) FILTER (WHERE status = 'QUEUED')::int AS queued, count(*) FILTER (WHERE status = 'RUNNING')::int AS running
           FROM review_run WHERE status IN ('QUEUED', 'RUNNING')`,
      );
      // Runs that will take the free places at once are not waiting, this one included.
      const free = Math.max(0, this.maxRunning - running);
      const waiting = Math.max(0, queued - free);
      if (queued + 1 - free > this.maxQueued)
        throw queueFull(
          `${waiting} review runs are already waiting (REVIEW_MAX_QUEUED is ${this.maxQueued}); start this one when some have finished`,
          'REVIEW_MAX_QUEUED',
          this.maxQueued,
        );
      const [row] = await em.query<{ id: string }[]>(
        `INSERT INTO review_run (status, runner, scope, parameters, requested_by, requested_at, started_at, heartbeat_at)
         VALUES ('QUEUED', $1, $2, $3, $4, now(), now(), now()) RETURNING id`,
        [runner, JSON.stringify(scope), JSON.stringify(parameters), requestedBy ?? null],
      );
      return row.id;
    });
    return this.get(id);
  }

  /**
   * Starts queued runs of the queue (runner QUEUE) while there are free places, in the order they
   * were asked for; each computes in this process with `engine`, and `finished` is called when it
   * is done (to start the next). Returns the runs started.
   */
  async startQueued(engine: ReviewEngine, finished: () => void): Promise<ReviewRunEntity[]> {
    const started: ReviewRunEntity[] = [];
    for (;;) {
      const claimed = await this.claim();
      if (!claimed) return started;
      started.push(claimed.run);
      void this.computeClaimed(claimed, () => {}, engine)
        .catch((err: Error) => this.log.warn(`review ${claimed.run.id}: ${err.message}`))
        .finally(finished);
    }
  }

  /** Runs are claimed by order of request, under the queue's lock, while RUNNING ones are fewer than the cap. */
  private async claim(only?: { id: string; owner: QueryRunner }): Promise<Claimed | undefined> {
    const owner = only?.owner ?? this.ds.createQueryRunner();
    let locked: number | undefined;
    try {
      await owner.startTransaction();
      await owner.manager.query(`SELECT pg_advisory_xact_lock(${LOCK_CLASS}, 0)`);
      const [{ running }] = await owner.manager.query<{ running: number }[]>(
        `SELECT count(*)::int AS running FROM review_run WHERE status = 'RUNNING'`,
      );
      const [head] =
        running < this.maxRunning
          ? await owner.manager.query<{ id: string; seq: number; runner: ReviewRunner }[]>(HEAD)
          : [];
      let mine = only ? head?.id === only.id : head?.runner === 'QUEUE';
      if (mine && !only) {
        // Taken before the run shows as RUNNING to anyone, so no poll can take it for dead. Nobody
        // holds a queued run's lock but its requester; trying rather than waiting keeps it so.
        const [{ got }] = await owner.manager.query<{ got: boolean }[]>(
          `SELECT pg_try_advisory_lock(${LOCK_CLASS}, $1) AS got`,
          [head.seq],
        );
        if (got) locked = head.seq;
        mine = got;
      }
      if (!mine) {
        await owner.commitTransaction();
        if (!only) await owner.release();
        return undefined;
      }
      await owner.manager.query(
        `UPDATE review_run SET status = 'RUNNING', started_at = now(), heartbeat_at = now() WHERE id = $1`,
        [head.id],
      );
      await owner.commitTransaction();
      return { run: await this.get(head.id), owner };
    } catch (err) {
      if (owner.isTransactionActive) await owner.rollbackTransaction().catch(() => undefined);
      if (!only) await this.letGo(owner, locked);
      throw err;
    }
  }

  /** Frees a run's lock and its connection; a connection that cannot say so is closed, which frees it too. */
  private async letGo(owner: QueryRunner, seq: number | undefined): Promise<void> {
    try {
      if (seq !== undefined) await owner.manager.query(`SELECT pg_advisory_unlock(${LOCK_CLASS}, $1)`, [seq]);
      await owner.release();
    } catch (err) {
      await (owner as QueryRunner & { releasePostgresConnection?(e: Error): Promise<void> })
        .releasePostgresConnection?.(err as Error)
        .catch(() => undefined);
    }
  }

  private async computeClaimed(
    claimed: Claimed,
    progress: (m: string) => void,
    engine: ReviewEngine,
  ): Promise<{ run: ReviewRunEntity; result: SpooledReview } | undefined> {
    try {
      return await this.compute(claimed.run, progress, engine);
    } finally {
      await this.letGo(claimed.owner, claimed.run.seq);
    }
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
   * Computes a run the caller queued (runner REQUESTER) here, once its turn comes: the caller holds
   * the run's lock while it waits, so the queue waits for it and no poll takes it for abandoned.
   * Resolves to undefined if the run failed, or was deleted or failed by someone else while it
   * waited; never throws for a failure of the review itself (it is recorded on the run).
   */
  async execute(
    run: ReviewRunEntity,
    progress: (m: string) => void = () => {},
    engine: ReviewEngine = inThisThread,
  ): Promise<{ run: ReviewRunEntity; result: SpooledReview } | undefined> {
    if (run.status !== 'QUEUED' || run.runner !== 'REQUESTER')
      throw conflict(`review run ${run.id} is ${run.status}, not waiting for its requester to compute it`);
    const owner = this.ds.createQueryRunner();
    try {
      await owner.manager.query(`SELECT pg_advisory_lock(${LOCK_CLASS}, $1)`, [run.seq]);
    } catch (err) {
      await this.letGo(owner, undefined);
      throw err;
    }
    try {
      for (let round = 0; ; round++) {
        // Runs left by dead processes would hold places for ever where no API process polls (the
        // command line alone, on the embedded database).
        if (round % POLLS_PER_CHECK === 0) await this.failAbandoned();
        const [row] = await owner.manager.query<{ status: string }[]>(`SELECT status FROM review_run WHERE id = $1`, [
          run.id,
        ]);
        if (row?.status !== 'QUEUED') {
          await this.letGo(owner, run.seq);
          return undefined;
        }
        if (await this.claim({ id: run.id, owner })) break;
        // A run ahead that no API process has started (none may be running) is computed here, so
        // that this one's turn comes.
        const ahead = await this.claim();
        if (ahead) {
          progress(`review ${run.id} waits for review ${ahead.run.id}, queued before it, which runs here`);
          await this.computeClaimed(ahead, progress, inThisThread);
          continue;
        }
        if (round === 0) progress(`review ${run.id} waits for its turn`);
        await new Promise((resolve) => setTimeout(resolve, REQUESTER_POLL_MS));
      }
    } catch (err) {
      await this.letGo(owner, run.seq);
      throw err;
    }
    return this.computeClaimed({ run: await this.get(run.id), owner }, progress, engine);
  }

  /**
   * Runs a claimed review to the end; never throws (a failure is recorded on the run). Findings go
   * to spool files as the engine finds them, and from there into the database in one transaction,
   * so a national review needs memory for its registry, not for its findings.
   */
  private async compute(
    run: ReviewRunEntity,
    progress: (m: string) => void,
    engine: ReviewEngine,
  ): Promise<{ run: ReviewRunEntity; result: SpooledReview } | undefined> {
    const t0 = performance.now();
    let succeeded: SpooledReview;
    const dir = mkdtempSync(join(tmpdir(), 'review-run-'));
    try {
      const files = spoolFiles(dir);
      // On a server the findings go into the database while the engine still finds them.
      const copier = await SpoolCopier.open(this.ds, run.id, files, progress);
      const source: FunctionSource = {
        scope: run.scope,
        url: copier ? (this.ds.options as { url?: string }).url : undefined,
        connectTimeoutMs: (this.ds.options as { connectTimeoutMS?: number }).connectTimeoutMS,
        load: () => loadReviewFunctions(this.ds, run.scope, progress, !!engine.withLegalBasis),
      };
      const dismissed = await this.currentDismissals();
      let result: SpooledReview;
      try {
        result = await engine(source, { ...run.parameters, progress, dismissed }, files, copier?.flushed);
      } catch (err) {
        await copier?.abandon();
        throw err;
      }
      const t1 = performance.now();
      const store = await this.store(run.id, files, result, progress, copier);
      const timings = {
        ...result.timings,
        ...store,
        store: Math.round(performance.now() - t1),
        total: Math.round(performance.now() - t0),
      };
      await this.ds.query(
        `UPDATE review_run SET status = 'SUCCEEDED', stats = $2, timings = $3, finished_at = now(), heartbeat_at = now(),
           pair_counts = (SELECT coalesce(jsonb_object_agg(band || '/' || axis, n), '{}'::jsonb)
                          FROM (SELECT band, axis, count(*) AS n FROM review_pair WHERE run_id = $1 GROUP BY band, axis) c)
         WHERE id = $1`,
        [
          run.id,
          JSON.stringify({
            ...result.stats,
            dismissals: dismissed.length,
            controlPiles: result.controlPiles.length,
            groups: result.groups,
            groupMembers: result.groupMembers,
          }),
          JSON.stringify(timings),
        ],
      );
      progress(
        `review ${run.id}: ${result.stats.pairs} pairs, ${result.stats.clusters} clusters in ${(timings.total / 1000).toFixed(1)} s`,
      );
      succeeded = result;
    } catch (err) {
      this.log.error(`review ${run.id} failed: ${(err as Error).stack ?? String(err)}`);
      await this.ds
        .query(
          `UPDATE review_run SET status = 'FAILED', error = $2, finished_at = now() WHERE id = $1 AND status = 'RUNNING'`,
          [run.id, (err as Error).message],
        )
        .catch(() => undefined);
      // What the run's loads committed before it failed.
      await this.dropLeftovers().catch(() => undefined);
      return undefined;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return { run: await this.get(run.id), result: succeeded };
  }

  /**
   * The pairs reviewers dismissed whose statements read as they did then (the rule `reviewStatus`
   * follows): a run leaves their findings out of clusters and control piles.
   */
  private async currentDismissals(): Promise<[string, string][]> {
    const rows: { a: string; b: string }[] = await this.ds.query(
      `SELECT d.function_a AS a, d.function_b AS b FROM ${CURRENT_DECISIONS} d WHERE d.status = 'DISMISSED'`,
    );
    return rows.map((r) => [r.a, r.b]);
  }

  async get(id: string): Promise<ReviewRunEntity> {
    const run = await this.ds.getRepository(ReviewRunEntity).findOneBy({ id });
    if (!run) throw notFound('Review run', id);
    return run;
  }

  list(take: number, skip: number): Promise<[ReviewRunEntity[], number]> {
    return this.ds.getRepository(ReviewRunEntity).findAndCount({ order: { seq: 'DESC' }, take, skip });
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
        // The run's row is locked by a store in progress; a run queued or computing is refused below.
        const [row] = await em.query<{ status: string }[]>(`SELECT status FROM review_run WHERE id = $1 FOR UPDATE`, [
          run.id,
        ]);
        if (!row) return;
        if (row.status === 'RUNNING' || row.status === 'QUEUED')
          throw conflict(
            `review run ${run.id} is ${row.status === 'RUNNING' ? 'still running' : 'waiting to run'}; delete it once it has finished or failed`,
          );
        for (const parent of RUN_TABLES) await em.query(`DROP TABLE IF EXISTS ${runPartition(parent, run.id)}`);
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

  /**
   * Marks failed the runs whose process died: RUNNING with nobody holding their lock (exact, at
   * once), and runs queued for a requester that went away without waiting for them. Then removes
   * what failed runs left: a findings table (attached or not) and their statement pairs, clusters
   * and piles. Returns the ids marked failed.
   */
  async failAbandoned(): Promise<string[]> {
    // Every poll of every process comes here. The UPDATE's statement trigger notifies a change even
    // when it updates no row, which would clear every replica's caches every few seconds; so it
    // runs only when a run is abandoned.
    const [suspect] = await this.ds.query<unknown[]>(
      `SELECT 1 FROM review_run WHERE ${ABANDONED} AND seq NOT IN (${OWNED}) LIMIT 1`,
    );
    const failed = suspect === undefined ? [] : await this.abandon();
    for (const id of failed) this.log.warn(`review ${id} was abandoned by its process and is marked failed`);
    await this.dropLeftovers();
    return failed;
  }

  private abandon(): Promise<string[]> {
    return this.ds.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(${LOCK_CLASS}, 0)`);
      // TypeORM answers an UPDATE with [rows, count].
      const [rows] = await em.query<[{ id: string }[], number]>(
        `UPDATE review_run SET status = 'FAILED', finished_at = now(),
           error = CASE status WHEN 'RUNNING' THEN 'the process running the review stopped'
                   ELSE 'the process that asked for the review stopped before its turn' END
         WHERE seq NOT IN (${OWNED}) AND ${ABANDONED}
         RETURNING id`,
      );
      const ids = rows.map((r) => r.id);
      if (ids.length)
        // A run's other rows are in tables of its own, which `dropLeftovers` drops.
        await em.query(`DELETE FROM review_control_pile WHERE run_id = ANY($1::uuid[])`, [ids]);
      return ids;
    });
  }

  /**
   * Drops findings tables no finished or live run owns: those of failed runs and of runs no longer
   * there. A table being filled is invisible until its store commits, when it belongs to a RUNNING
   * run. Dropping a table attached to `review_pair` waits for its readers, so it gives up after a
   * few seconds and is tried again at the next poll.
   */
  async dropLeftovers(): Promise<string[]> {
    const tables = await this.ds.query<{ name: string }[]>(
      `SELECT c.relname AS name FROM pg_class c
        WHERE c.relkind IN ('r', 'p') AND c.relnamespace = current_schema()::regnamespace
          AND c.relname ~ '^(${RUN_TABLES.join('|')})_[0-9a-f]{32}$'
          AND NOT EXISTS (SELECT 1 FROM review_run r
                           WHERE replace(r.id::text, '-', '') = right(c.relname, 32) AND r.status <> 'FAILED')`,
    );
    const dropped: string[] = [];
    for (const { name } of tables) {
      try {
        await this.ds.transaction(async (em) => {
          await em.query(`SET LOCAL lock_timeout = '${DELETE_LOCK_TIMEOUT}'`);
          await em.query(`DROP TABLE IF EXISTS ${name}`);
        });
        dropped.push(name);
      } catch (err) {
        this.log.warn(`could not drop the leftover findings table ${name} yet: ${(err as Error).message}`);
      }
    }
    return dropped;
  }

  /**
   * Stores a run in one transaction: its findings, pairs of statements, group members and cluster
   * members each go into a table of their own (with the indexes `SPOOLED` says are kept during the
   * load, and the cluster members with their key), which is then indexed like its parent and
   * attached to it as the run's partition (writing millions of rows into shared indexes, each
   * checked against `review_run`, took half the store). On a server the first three were loaded and
   * indexed while the engine ran (`copier`); on the embedded database they are read from the spool
   * files here. Readers see the whole run at commit or nothing of it; a failed store
   * leaves no table attached.
   */
  private async store(
    runId: string,
    files: SpoolFiles,
    result: SpooledReview,
    progress: (m: string) => void,
    copier: SpoolCopier | undefined,
  ): Promise<Record<string, number>> {
    const laps: Record<string, number> = {};
    let t = performance.now();
    const lap = (name: string) => {
      laps[name] = Math.round(performance.now() - t);
      t = performance.now();
    };
    // The copier indexes its tables while the transaction loads the clusters.
    const spooled = copier?.finish(spooledRows(result));
    spooled?.catch(() => undefined);
    try {
      await this.transact(runId, files, result, progress, spooled, lap);
    } catch (err) {
      // The copier's tables are committed or rolled back before the caller drops what the run left.
      await spooled?.catch(() => undefined);
      throw err;
    }
    return laps;
  }

  private async transact(
    runId: string,
    files: SpoolFiles,
    result: SpooledReview,
    progress: (m: string) => void,
    spooled: Promise<void> | undefined,
    lap: (name: string) => void,
  ): Promise<void> {
    await this.ds.transaction(async (em) => {
      await allowLongStatements(em);
      // It waits for the copier's index builds below, idle meanwhile; a national run's take seconds.
      await em.query(`SET LOCAL idle_in_transaction_session_timeout = 0`);
      const sql: Sql = (text, params) => em.query(text, params);
      // Holds the run against deletion for the whole store. A key-share lock, not an update lock:
      // updates of the row's other columns must not wait on this transaction while the attach below
      // waits on their table lock (a deadlock).
      const [row] = await em.query<{ id: string }[]>(`SELECT id FROM review_run WHERE id = $1 FOR KEY SHARE`, [runId]);
      if (!row) throw new Error(`review run ${runId} was deleted while it ran`);
      if (!spooled) {
        const expected = spooledRows(result);
        for (const { file, table, columns } of SPOOLED) {
          await createRunTable(sql, table, runId);
          const loaded = await bulkInsertFile(em, runPartition(table, runId), columns, files[file], {
            progress: (n) => progress(`stored ${n} rows of ${table}`),
          });
          checkLoaded(table, loaded, expected[file]);
        }
        lap('storeRows');
        for (const { table } of SPOOLED) await finishRunTable(sql, table, runId);
        lap('storeIndexes');
      }
      const clusters = await createRunTable(sql, 'review_cluster_member', runId, 'key');
      const members = await bulkInsertFile(em, clusters, MEMBER_COLUMNS, files.clusters);
      checkLoaded('review_cluster_member', members, result.clusterMembers);
      await finishRunTable(sql, 'review_cluster_member', runId);
      lap('storeClusters');
      // The piles too go in while the copier still indexes.
      await bulkInsert(
        em,
        'review_control_pile',
        PILE_COLUMNS,
        result.controlPiles.map((p, i) => [runId, i + 1, p.sphere, p.holders]),
      );
      function* pileMembers() {
        for (const [i, p] of result.controlPiles.entries()) for (const id of p.functionIds) yield [i + 1, id];
      }
      await createRunTable(sql, 'review_pile_member', runId);
      await bulkInsert(em, runPartition('review_pile_member', runId), PILE_MEMBER_COLUMNS, pileMembers());
      await finishRunTable(sql, 'review_pile_member', runId);
      lap('storePiles');
      if (spooled) {
        await spooled;
        lap('storeRows');
      }
      for (const parent of RUN_TABLES)
        await em.query(
          `ALTER TABLE ${parent} ATTACH PARTITION ${runPartition(parent, runId)} FOR VALUES IN ('${runId}')`,
        );
      lap('storeAttach');
    });
  }
}
