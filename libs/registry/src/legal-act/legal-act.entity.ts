import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { LegalActStatus, LegalActType } from '../enums.js';

@Entity('legal_act')
export class LegalActEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  actType: LegalActType;

  @Column({ type: 'text', nullable: true })
  number: string | null;

  @Column({ type: 'date', nullable: true })
  adoptedOn: string | null;

  @Column({ type: 'text' })
  title: string;

  /** The act's identifier on adilet.zan.kz, e.g. Z070000319_. */
  @Column({ type: 'text', nullable: true })
  adiletCode: string | null;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ type: 'text' })
  status: LegalActStatus;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
