import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { FunctionStatus, FunctionType, Lang } from '../enums.js';

/**
 * A function of a state body. `version` and `updatedAt` are kept by a database trigger, which also
 * writes every change to `function_revision`.
 */
@Entity('state_function')
export class StateFunctionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', insert: false, update: false })
  code: string;

  @Column({ type: 'text', nullable: true })
  externalId: string | null;

  @Column({ type: 'text' })
  lang: Lang;

  @Column({ type: 'text', nullable: true })
  titleRu: string | null;

  @Column({ type: 'text', nullable: true })
  titleKk: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', nullable: true })
  type: FunctionType | null;

  @Column({ type: 'uuid' })
  holderId: string;

  @Column({ type: 'uuid', nullable: true })
  taskId: string | null;

  @Column({ type: 'uuid', nullable: true })
  structuralUnitId: string | null;

  @Column({ type: 'text', nullable: true })
  sector: string | null;

  /** True for supporting (internal) functions, false for public-facing ones, null when not assessed. */
  @Column({ type: 'boolean', nullable: true })
  supporting: boolean | null;

  @Column({ type: 'text' })
  status: FunctionStatus;

  @Column({ type: 'date', nullable: true })
  inForceFrom: string | null;

  @Column({ type: 'uuid', nullable: true })
  sourceActId: string | null;

  /** The typical function this one instantiates for a specific body. */
  @Column({ type: 'uuid', nullable: true })
  templateId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @Column({ type: 'integer', insert: false, update: false })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', insert: false, update: false })
  updatedAt: Date;
}

/** An agency that performs a function together with its holder. */
@Entity('function_co_executor')
export class FunctionCoExecutorEntity {
  @PrimaryColumn({ type: 'uuid' })
  functionId: string;

  @PrimaryColumn({ type: 'uuid' })
  agencyId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A numbered snapshot of a function after each change. */
@Entity('function_revision')
export class FunctionRevisionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  functionId: string;

  @Column({ type: 'integer' })
  revision: number;

  @Column({ type: 'text' })
  operation: string;

  @Column({ type: 'timestamptz' })
  changedAt: Date;

  @Column({ type: 'text', nullable: true })
  changedBy: string | null;

  @Column({ type: 'jsonb' })
  snapshot: Record<string, unknown>;
}
