import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { TerritoryKind } from '../enums.js';

@Entity('territory')
export class TerritoryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The 9-digit KATO code; codes nest by position (region, district, rural district, settlement). */
  @Column({ type: 'char', length: 9, nullable: true })
  kato: string | null;

  @Column({ type: 'text' })
  kind: TerritoryKind;

  @Column({ type: 'text', nullable: true })
  nameRu: string | null;

  @Column({ type: 'text', nullable: true })
  nameKk: string | null;

  @Column({ type: 'text', nullable: true })
  nameEn: string | null;

  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
