import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

const CHANNEL = 'data_changed';
const RECONNECT_MS = 2_000;

/**
 * Tells this process that the registry's data changed, whoever changed it: the triggers of the
 * change-notification migration notify `data_changed` on every commit, and this feed listens on a
 * connection of its own. Caches that hold data read from the database key their entries by
 * `generation` and may trust them only while `live` is true: on the embedded database (whose wire
 * protocol delivers no notifications) and while the listening connection is down, nothing tells
 * this process of other writers' changes.
 */
@Injectable()
export class ChangeFeed implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('ChangeFeed');
  private readonly listeners = new Set<() => void>();
  private client?: pg.Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;
  /** Increases with every change seen; an entry computed under an older generation is stale. */
  generation = 0;
  live = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    if (this.config.database.url) await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.live = false;
    await this.client?.end().catch(() => undefined);
  }

  /** Calls `fn` on every change; returns the function that stops it. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Records a change this process made, before its notification comes back. */
  changed(): void {
    this.generation++;
    for (const fn of this.listeners) fn();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.config.database.url,
      application_name: 'registry change feed',
    });
    const lost = (why: string) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.live = false;
      // What happened while nobody listened is unknown: everything cached is suspect.
      this.changed();
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.log.warn(`change notifications lost (${why}); retrying in ${RECONNECT_MS / 1000} s`);
      this.retry = setTimeout(() => void this.listen(), RECONNECT_MS);
    };
    client.on('notification', () => this.changed());
    client.on('error', (err) => lost(err.message));
    client.on('end', () => lost('connection closed'));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.changed();
      this.live = true;
    } catch (err) {
      lost((err as Error).message);
    }
  }
}
