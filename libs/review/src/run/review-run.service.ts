import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DataSource } from 'typeorm';
import { allowLongStatements, BulkColumn, bulkInsert, notFound } from '#core';
import { runReview, ReviewOptions, ReviewResult } from '../engine/engine.js';
import { ReviewFunction, ReviewPair } from '../engine/types.js';
import { LineWriter } from './line-writer.js';
import { loadReviewFunctions, ReviewScope } from './review-records.js';
import { ReviewRunEntity } from './review-run.entity.js';

const PAIR_COLUMNS: BulkColumn[] = [
  { name: 'run_id', type: 'uuid' },
  { name: 'function_a', type: 'uuid' },
  { name: 'function_b', type: 'uuid' },
  { name: 'band', type: 'text' },
  { name: 'axis', type: 'text' },
  { name: 'score', type: 'real' },
  { name: 'reasons', type: 'jsonb' },
  { name: 'also_replicated', type: 'int' },
];
const MEMBER_COLUMNS: BulkColumn[] = [
  { name: 'run_id', type: 'uuid' },
  { name: 'cluster_no', type: 'int' },
  { name: 'function_id', type: 'uuid' },
];

export interface FinishedRun {
  run: ReviewRunEntity;
  result: ReviewResult;
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

  async start(scope: ReviewScope, parameters: Partial<ReviewOptions>, requestedBy?: string): Promise<ReviewRunEntity> {
    const repo = this.ds.getRepository(ReviewRunEntity);
    const now = new Date();
    return repo.save(
      repo.create({ status: 'RUNNING', scope: { ...scope }, parameters: { ...parameters }, requestedBy: requestedBy ?? null, startedAt: now, heartbeatAt: now }),
    );
  }

  /**
   * Runs a started review to the end; never throws (a failure is recorded on the run). Findings go
   * to a spool file as the engine finds them (and to `onFinding`), and from there to the database in
   * batches, so a national review needs memory for its registry, not for its findings.
   */
  async execute(
    run: ReviewRunEntity,
    progress: (m: string) => void = () => {},
    engine: (functions: ReviewFunction[], options: Partial<ReviewOptions>) => Promise<ReviewResult> = async (f, o) => runReview(f, o),
    onFinding?: (pair: ReviewPair, reasonsJson: string) => void,
  ): Promise<FinishedRun | undefined> {
    const t0 = performance.now();
    const heartbeat = setInterval(() => {
      this.ds.query(`UPDATE review_run SET heartbeat_at = now() WHERE id = $1`, [run.id]).catch(() => undefined);
    }, 15_000);
    const dir = mkdtempSync(join(tmpdir(), 'review-run-'));
    const spool = new LineWriter(join(dir, 'findings.jsonl'));
    const found = (p: ReviewPair) => {
      const [a, b] = p.a.id < p.b.id ? [p.a, p.b] : [p.b, p.a];
      // Reasons are built and serialised once for the spool and the caller: a national review has millions.
      const reasons = JSON.stringify(p.reasons);
      spool.write(`["${a.id}","${b.id}","${p.band}","${p.axis}",${p.score},${reasons},${p.alsoReplicatedBy}]`);
      onFinding?.(p, reasons);
    };
    try {
      const functions = await loadReviewFunctions(this.ds, run.scope as ReviewScope, progress);
      const loadMs = Math.round(performance.now() - t0);
      const result = await engine(functions, { ...run.parameters, progress, onPair: found });
      // An engine in a worker thread sends its findings back at the end instead.
      for (const p of result.pairs) found(p);
      spool.close();
      const t1 = performance.now();
      await this.store(run.id, spool.path, result, progress);
      const timings = { load: loadMs, ...result.timings, store: Math.round(performance.now() - t1), total: Math.round(performance.now() - t0) };
      await this.ds.query(
        `UPDATE review_run SET status = 'SUCCEEDED', stats = $2, timings = $3, finished_at = now(), heartbeat_at = now() WHERE id = $1`,
        [run.id, JSON.stringify(result.stats), JSON.stringify(timings)],
      );
      progress(`review ${run.id}: ${result.stats.pairs} pairs, ${result.stats.clusters} clusters in ${(timings.total / 1000).toFixed(1)} s`);
      return { run: await this.get(run.id), result };
    } catch (err) {
      this.log.error(`review ${run.id} failed: ${(err as Error).stack ?? err}`);
      await this.ds
        .query(`UPDATE review_run SET status = 'FAILED', error = $2, finished_at = now() WHERE id = $1`, [run.id, (err as Error).message])
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
    const [run] = await this.ds.query(
      `SELECT id FROM review_run WHERE status = 'SUCCEEDED' AND scope = '{}'::jsonb ORDER BY finished_at DESC LIMIT 1`,
    );
    return run ? this.get(run.id) : null;
  }

  /** Runs whose process stopped sending heartbeats are marked failed. */
  async failAbandoned(): Promise<number> {
    const res = await this.ds.query(
      `UPDATE review_run SET status = 'FAILED', error = 'the process running the review stopped', finished_at = now()
       WHERE status = 'RUNNING' AND heartbeat_at < now() - interval '2 minutes'`,
    );
    return res[1] ?? 0;
  }

  private async store(runId: string, spool: string, result: ReviewResult, progress: (m: string) => void): Promise<void> {
    async function* findings() {
      for await (const line of createInterface({ input: createReadStream(spool, { encoding: 'utf8' }), crlfDelay: Infinity })) {
        if (line) yield [runId, ...JSON.parse(line)];
      }
    }
    async function* members() {
      for (const [i, m] of result.clusters.entries()) for (const f of m) yield [runId, i + 1, f.id];
    }
    await this.ds.transaction(async (em) => {
      await allowLongStatements(em);
      await bulkInsert(em, 'review_pair', PAIR_COLUMNS, findings(), { progress: (n) => progress(`stored ${n} pairs`) });
      await bulkInsert(em, 'review_cluster_member', MEMBER_COLUMNS, members());
    });
  }
}
