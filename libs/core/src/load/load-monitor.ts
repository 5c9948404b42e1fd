import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ErrorCode } from '../errors/domain-error.js';

const MB = 1024 * 1024;
/** How long event-loop delay figures cover before they start afresh. */
const EVENT_LOOP_WINDOW_MS = 60_000;
/** What a refused client is told to wait: long enough for a collection or a run to end. */
const OVERLOADED_RETRY_S = 30;

export interface MemoryFigures {
  heapUsedMb: number;
  heapLimitMb: number;
  rssMb: number;
  ceilingMb: number;
  overloaded: boolean;
}

export interface EventLoopFigures {
  /** Over the last minute or less, in milliseconds. */
  meanMs: number;
  p99Ms: number;
  maxMs: number;
}

/** A refusal while memory is short; 503 for requests refused before they run. */
export function overloaded(what: string): GraphQLError {
  return new GraphQLError(
    `The service is short of memory and does not start ${what} now; try again in ${OVERLOADED_RETRY_S} seconds.`,
    { extensions: { code: ErrorCode.SERVICE_OVERLOADED, retryAfter: OVERLOADED_RETRY_S, http: { status: 503 } } },
  );
}

/**
 * The process's own load: heap against the configured ceiling, and event-loop delay. It reads
 * nothing outside the process, so asking it never waits on the database.
 */
/** How often the event loop's delay is sampled. */
const LOOP_RESOLUTION_MS = 10;

@Injectable()
export class LoadMonitor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly ceilingBytes: number;
  private readonly loop: IntervalHistogram;
  private readonly resetTimer: NodeJS.Timeout;
  private last: EventLoopFigures = { meanMs: 0, p99Ms: 0, maxMs: 0 };

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.ceilingBytes = config.load.memoryCeilingMb * MB;
    this.loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    this.loop.enable();
    this.resetTimer = setInterval(() => {
      this.last = this.figures();
      this.loop.reset();
    }, EVENT_LOOP_WINDOW_MS).unref();
  }

  // Start-up (migrations, seeding) blocks the loop by design; the figures describe serving.
  onApplicationBootstrap(): void {
    this.loop.reset();
  }

  onModuleDestroy(): void {
    clearInterval(this.resetTimer);
    this.loop.disable();
  }

  /** True while the heap in use is over the ceiling. */
  isOverloaded(): boolean {
    return process.memoryUsage().heapUsed > this.ceilingBytes;
  }

  /** Refuses a heavy operation (a parse, an import, a review run, a report) while memory is short. */
  admitHeavy(what = 'heavy operations'): void {
    if (this.isOverloaded()) throw overloaded(what);
  }

  /** Refuses an operation estimated at `cost` or more while memory is short; cheap ones pass. */
  admitCost(cost: number): void {
    if (cost >= this.config.load.overloadMinCost && this.isOverloaded()) throw overloaded('costly operations');
  }

  memory(): MemoryFigures {
    const m = process.memoryUsage();
    return {
      heapUsedMb: Math.round(m.heapUsed / MB),
      heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / MB),
      rssMb: Math.round(m.rss / MB),
      ceilingMb: this.config.load.memoryCeilingMb,
      overloaded: m.heapUsed > this.ceilingBytes,
    };
  }

  /** Delay of the event loop since the window began (the previous window's when it just began). */
  eventLoop(): EventLoopFigures {
    return this.loop.count > 0 ? this.figures() : this.last;
  }

  private figures(): EventLoopFigures {
    // The histogram records the interval between samples, the sampling period included: an idle
    // loop shows the period itself, so it is taken off to leave the delay.
    const ms = (ns: number) =>
      Math.max(0, Math.round(((Number.isFinite(ns) ? ns : 0) / 1e6 - LOOP_RESOLUTION_MS) * 100) / 100);
    return { meanMs: ms(this.loop.mean), p99Ms: ms(this.loop.percentile(99)), maxMs: ms(this.loop.max) };
  }
}
