import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ReviewRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

@Entity('review_run')
export class ReviewRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  status: ReviewRunStatus;

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
  startedAt: Date;

  @Column({ type: 'timestamptz' })
  heartbeatAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
