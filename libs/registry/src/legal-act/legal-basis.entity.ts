import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Links a function to the provision of a legal act that establishes it. */
@Entity('legal_basis')
export class LegalBasisEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  functionId: string;

  @Column({ type: 'uuid' })
  legalActId: string;

  @Column({ type: 'text', nullable: true })
  article: string | null;

  @Column({ type: 'text', nullable: true })
  clause: string | null;

  @Column({ type: 'text', nullable: true })
  subclause: string | null;

  /** The provision's text as quoted from the act. */
  @Column({ type: 'text', nullable: true })
  quote: string | null;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ type: 'integer' })
  position: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
