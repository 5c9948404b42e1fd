import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DataSource, EntityManager } from 'typeorm';
import { notFound, toColumns } from '#core';
import { runReview, ReviewOptions, ReviewResult } from '../engine/engine.js';
import { ReviewFunction, ReviewPair } from '../engine/types.js';
import { LineWriter } from './line-writer.js';
import { loadReviewFunctions, ReviewScope } from './review-records.js';
import { ReviewRunEntity } from './review-run.entity.js';

const CHUNK = 5000;

export const textHash = (title: string) => createHash('md5').update(title).digest('hex');

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
    onFinding?: (pair: ReviewPair) => void,
  ): Promise<FinishedRun | undefined> {
    const t0 = performance.now();
    const heartbeat = setInterval(() => {
      this.ds.query(`UPDATE review_run SET heartbeat_at = now() WHERE id = $1`, [run.id]).catch(() => undefined);
    }, 15_000);
    const dir = mkdtempSync(join(tmpdir(), 'review-run-'));
    const spool = new LineWriter(join(dir, 'findings.jsonl'));
    const found = (p: ReviewPair) => {
      const [a, b] = p.a.id < p.b.id ? [p.a, p.b] : [p.b, p.a];
      spool.write(JSON.stringify([a.id, b.id, p.band, p.axis, p.score, p.reasons, p.alsoReplicatedBy, textHash(a.title), textHash(b.title)]));
      onFinding?.(p);
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
    const clusterOf = new Map<string, number>();
    result.clusters.forEach((members, i) => members.forEach((f) => clusterOf.set(f.id, i + 1)));
    const insert = (em: EntityManager, rows: unknown[][]) =>
      em.query(
        `INSERT INTO review_pair (run_id, function_a, function_b, band, axis, score, reasons, also_replicated, text_hash_a, text_hash_b, cluster_no)
         SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::real[], $7::jsonb[], $8::int[], $9::text[], $10::text[], $11::int[])`,
        [runId, ...toColumns(rows, 10)],
      );
    await this.ds.transaction(async (em) => {
      let rows: unknown[][] = [];
      let stored = 0;
      for await (const line of createInterface({ input: createReadStream(spool, { encoding: 'utf8' }), crlfDelay: Infinity })) {
        if (!line) continue;
        const [a, b, band, axis, score, reasons, also, hashA, hashB] = JSON.parse(line);
        rows.push([a, b, band, axis, score, JSON.stringify(reasons), also, hashA, hashB, band === 'DUPLICATE' ? (clusterOf.get(a) ?? null) : null]);
        if (rows.length === CHUNK) {
          await insert(em, rows);
          stored += rows.length;
          rows = [];
          if (stored % 100_000 === 0) progress(`stored ${stored} pairs`);
        }
      }
      if (rows.length) await insert(em, rows);
      const members = result.clusters.flatMap((m, i) => m.map((f) => [i + 1, f.id]));
      for (let i = 0; i < members.length; i += CHUNK) {
        const cols = toColumns(members.slice(i, i + CHUNK), 2);
        await em.query(`INSERT INTO review_cluster_member (run_id, cluster_no, function_id) SELECT $1, * FROM unnest($2::int[], $3::uuid[])`, [runId, ...cols]);
      }
    });
  }

}
