import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { AgencyKind, GovernmentLevel, TerritoryKind } from '../enums.js';

/** A state body (or a local self-government body) that holds functions. */
@Entity('agency')
export class AgencyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  nameRu: string;

  @Column({ type: 'text', nullable: true })
  nameKk: string | null;

  @Column({ type: 'text', nullable: true })
  nameEn: string | null;

  @Column({ type: 'text' })
  kind: AgencyKind;

  @Column({ type: 'text' })
  level: GovernmentLevel;

  @Column({ type: 'text', array: true })
  territoryKinds: TerritoryKind[];

  /** The one territory a specific body covers; null for a typical holder (every body of a kind). */
  @Column({ type: 'char', length: 9, nullable: true })
  territoryKato: string | null;

  @Column({ type: 'boolean' })
  collegial: boolean;

  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
