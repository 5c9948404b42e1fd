import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A controlled vocabulary: its tags are created by administrators, not while tagging. */
@Entity('tag_vocabulary')
export class TagVocabularyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A tag: free (no vocabulary) or a term of a controlled vocabulary. */
@Entity('tag')
export class TagEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  vocabularyId: string | null;

  @Column({ type: 'text' })
  value: string;

  @Column({ type: 'text', nullable: true })
  label: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('function_tag')
export class FunctionTagEntity {
  @PrimaryColumn({ type: 'uuid' })
  functionId: string;

  @PrimaryColumn({ type: 'uuid' })
  tagId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
