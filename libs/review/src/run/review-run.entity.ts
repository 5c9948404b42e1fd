import { Column, Entity, PrimaryGeneratedColumn, VirtualColumn } from 'typeorm';

export type ReviewRunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

/** Who computes a queued run: any API process (QUEUE), or the process that asked for it (REQUESTER). */
export type ReviewRunner = 'QUEUE' | 'REQUESTER';

@Entity('review_run')
export class ReviewRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  status: ReviewRunStatus;

  /** The order of request; also names the advisory lock of the process computing the run. */
  @Column({ type: 'int', insert: false, update: false })
  seq: number;

  @Column({ type: 'text' })
  runner: ReviewRunner;

  /**
   * The place of a queued run in the queue (1: the next to start), read in the statement that reads
   * the row, so that it always agrees with `status`: a second statement could find the run started.
   */
  @VirtualColumn({
    type: 'int',
    query: (run) =>
      `SELECT CASE WHEN ${run}.status = 'QUEUED' THEN (SELECT count(*)::int FROM review_run q WHERE q.status = 'QUEUED' AND q.seq <= ${run}.seq) END`,
  })
  queuePosition: number | null;

  @Column({ type: 'jsonb' })
  scope: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  parameters: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  stats: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  timings: Record<string, number> | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'text', nullable: true })
  requestedBy: string | null;

  @Column({ type: 'timestamptz' })
  requestedAt: Date;

  /** When it began computing; the time of request while it is queued. */
  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz' })
  heartbeatAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
