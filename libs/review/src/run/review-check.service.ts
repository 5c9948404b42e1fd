import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, badInput, notFound } from '#core';
import type { AppConfig } from '#core';
import { ReviewIndex } from '../engine/review-index.js';
import { ReviewFunction, ReviewPair } from '../engine/types.js';
import { BuiltIndex, IndexGone, indexWorkerUrl, InThreadIndex, LiveIndex, WorkerIndex } from './index-worker.js';
import {
  loadReviewFunctions,
  loadReviewFunctionsByIds,
  loadReviewHolder,
  REGISTRY_MARK_SQL,
} from './review-records.js';
import { PROPOSED } from '../graphql/review.models.js';

/**
 * Live duplicate checks of one function against the registry. The index is built from the whole
 * active registry on first use and rebuilt in the background when the registry changes; meanwhile
 * checks answer from the previous index (the checked text itself is always current).
 *
 * In the built service the index lives in a worker thread, which reads the registry on a
 * connection of its own and builds the index there: a rebuild of a large registry takes seconds
 * of computing, and a registry written to all the time would otherwise stall every request on
 * every rebuild. A rebuild starts a new worker; once its index is ready it takes over, and the old
 * one ends after answering the checks it was given. Tests run the TypeScript sources, where the
 * compiled worker is missing, and build the same index in this thread.
 */
@Injectable()
export class ReviewCheckService implements OnApplicationShutdown {
  private readonly log = new Logger('ReviewIndex');
  private readonly workerUrl = indexWorkerUrl();
  private readonly workers = new Set<WorkerIndex>();
  private index?: LiveIndex;
  private building?: Promise<LiveIndex>;
  private watermark = '';
  private checkedAt = 0;
  private closed = false;
  /** How long the index is trusted before a check looks for changes (LIVE_INDEX_REFRESH_MS). */
  private readonly refreshMs: number;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.refreshMs = config.review.liveIndexRefreshMs;
  }

  /** Duplicates and overlaps of a registered function. */
  async duplicatesOf(functionId: string, limit: number): Promise<ReviewPair[]> {
    const [[row], index] = await Promise.all([loadReviewFunctionsByIds(this.ds, [functionId]), this.current()]);
    if (!row) throw notFound('Function', functionId);
    return this.check(index, row, limit);
  }

  /** Likely duplicates of a statement someone proposes for an agency, before it is registered. */
  async checkProposed(title: string, holderId: string, limit: number): Promise<ReviewPair[]> {
    const holder = await loadReviewHolder(this.ds, holderId);
    if (!holder) throw badInput('holderId', `no agency has id ${holderId}`);
    const probe = { id: PROPOSED, externalId: PROPOSED, title, holder, legalBasis: [] };
    return this.check(await this.current(), probe, limit);
  }

  /** A check on `index`; one whose worker went away under it is sent once more, to the index now current. */
  private async check(index: LiveIndex, probe: ReviewFunction, limit: number): Promise<ReviewPair[]> {
    try {
      return await index.check(probe, limit);
    } catch (err) {
      if (!(err instanceof IndexGone) || this.closed) throw err;
      return (await this.current()).check(probe, limit);
    }
  }

  /** The index, built if there is none; a stale one is replaced in the background. */
  async current(): Promise<LiveIndex> {
    if (!this.index) return this.rebuild();
    if (Date.now() - this.checkedAt > this.refreshMs && !this.building) {
      this.checkedAt = Date.now();
      const [{ mark }] = await this.ds.query<{ mark: string }[]>(REGISTRY_MARK_SQL);
      // A failed rebuild keeps the old index and its mark: the next check after the refresh interval tries again.
      if (mark !== this.watermark) void this.rebuild().catch((err) => this.log.error(`index rebuild failed: ${err}`));
    }
    return this.index;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    this.index = undefined;
    await Promise.all([...this.workers].map((w) => w.close()));
  }

  private rebuild(): Promise<LiveIndex> {
    this.building ??= (async () => {
      if (this.closed) throw new Error('the service is shutting down');
      const started = performance.now();
      const built = this.workerUrl ? await this.buildInWorker(this.workerUrl) : await this.buildHere();
      if (this.closed) {
        await built.index.close();
        throw new Error('the service is shutting down');
      }
      const old = this.index;
      this.index = built.index;
      this.watermark = built.mark;
      this.checkedAt = Date.now();
      // The response cache keeps no check (their resolvers set `noStore`), so nothing else goes stale.
      old?.retire();
      this.log.log(
        `index of ${built.index.size} functions built in ${Math.round(performance.now() - started)} ms ` +
          `(read ${built.loadMs} ms, indexed ${built.buildMs} ms, in the ${built.where}` +
          `${built.heapMb === undefined ? '' : `, ${built.heapMb} MiB of heap`})`,
      );
      return built.index;
    })().finally(() => (this.building = undefined));
    return this.building;
  }

  private buildInWorker(url: URL): Promise<BuiltIndex> {
    const dbUrl = (this.ds.options as { url?: string }).url;
    if (!dbUrl) return this.buildHere();
    const worker = WorkerIndex.start(url, { url: dbUrl }, (w, why) => {
      this.workers.delete(w);
      if (why && this.index === w) {
        // Checks build a new index on their next call; until then there is none to answer from.
        this.index = undefined;
        this.log.error(`index worker ended: ${why}`);
      }
    });
    this.workers.add(worker);
    return worker.built;
  }

  private async buildHere(): Promise<BuiltIndex> {
    const started = performance.now();
    const [{ mark }] = await this.ds.query<{ mark: string }[]>(REGISTRY_MARK_SQL);
    const functions = await loadReviewFunctions(this.ds, {});
    const loaded = performance.now();
    const index = new InThreadIndex(new ReviewIndex(functions));
    const loadMs = Math.round(loaded - started);
    return { index, mark, loadMs, buildMs: Math.round(performance.now() - loaded), where: 'main thread' };
  }
}
