import { Logger as NestLogger } from '@nestjs/common';
import type { Logger } from 'typeorm';

/**
 * The TypeORM logger of the service: reports failed and slow statements, and counts statements
 * while a measurement is running, so tests can hold the API to a bound on queries per operation
 * (the guard against N+1 loading).
 */
export class QueryCounter implements Logger {
  private readonly out = new NestLogger('Database');
  private recording = false;
  private statements: string[] = [];

  logQuery(query: string): void {
    if (this.recording) this.statements.push(query);
  }

  logQueryError(error: string | Error, query: string): void {
    this.out.warn(`${error instanceof Error ? error.message : error} in: ${query.slice(0, 500)}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.out.warn(`slow statement (${time} ms): ${query.slice(0, 500)}`);
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.out.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.out.warn(String(message));
  }

  /** Runs `fn` and returns the statements it sent to the database. */
  async measure<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    this.statements = [];
    this.recording = true;
    try {
      const result = await fn();
      return { result, statements: this.statements };
    } finally {
      this.recording = false;
    }
  }
}
