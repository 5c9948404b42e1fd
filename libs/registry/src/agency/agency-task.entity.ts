import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A task (задача) of an agency, as its regulation states it; functions serve tasks. */
@Entity('agency_task')
export class AgencyTaskEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  agencyId: string;

  @Column({ type: 'text', nullable: true })
  code: string | null;

  @Column({ type: 'text' })
  titleRu: string;

  @Column({ type: 'text', nullable: true })
  titleKk: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
