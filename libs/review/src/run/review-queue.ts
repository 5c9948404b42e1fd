import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG } from '#core';
import type { AppConfig } from '#core';
import { ReviewRunEntity } from './review-run.entity.js';
import { ReviewRunService } from './review-run.service.js';
import { reviewInWorker } from './run-in-worker.js';

/**
 * The API's side of the review queue. Every API process starts queued runs when it queues one,
 * when one of its runs ends, and every `REVIEW_QUEUE_POLL_MS` (which also picks up the queue of a
 * process that died, and runs finished by another process or by the command line). Each poll
 * first marks failed the runs whose process died.
 */
@Injectable()
export class ReviewQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('ReviewQueue');
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private polling?: Promise<void>;

  constructor(
    private readonly runs: ReviewRunService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Before migrations have run the poll fails quietly; the next one finds the table.
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.config.review.pollMs);
    this.timer.unref();
  }

  /** Stops before the database connections close (their hooks come later), letting a poll under way end. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.polling;
  }

  /** Queues a run for any API process to compute and starts what the free places allow. */
  async enqueue(run: () => Promise<ReviewRunEntity>): Promise<ReviewRunEntity> {
    const queued = await run();
    // The run is queued whatever happens next: a poll starts it if this attempt cannot.
    await this.startQueued().catch((err: Error) => this.log.warn(`start: ${err.message}`));
    return this.runs.get(queued.id);
  }

  /** Fails abandoned runs, then starts queued ones; one poll at a time in this process. */
  poll(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.polling ??= (async () => {
      try {
        await this.runs.failAbandoned();
        await this.startQueued();
      } catch (err) {
        this.log.debug(`poll: ${(err as Error).message}`);
      } finally {
        this.polling = undefined;
      }
    })();
    return this.polling;
  }

  private async startQueued(): Promise<void> {
    if (this.stopped) return;
    await this.runs.startQueued(reviewInWorker, () => {
      if (!this.stopped) void this.startQueued().catch((err: Error) => this.log.warn(`start: ${err.message}`));
    });
  }
}
