import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { badInput, CountCache, notFound } from '#core';
import { StateFunctionEntity } from '../state-function/state-function.entity.js';
import {
  CreateTagInput,
  CreateTagVocabularyInput,
  TagRefInput,
  TagStateFunctionInput,
  UntagStateFunctionInput,
} from './dto/tag.inputs.js';
import { FunctionTagEntity, TagEntity, TagVocabularyEntity } from './tag.entity.js';

@Injectable()
export class TagService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly counts: CountCache,
  ) {}

  vocabularies(): Promise<TagVocabularyEntity[]> {
    return this.ds.getRepository(TagVocabularyEntity).find({ order: { code: 'ASC' } });
  }

  async tags(vocabulary?: string): Promise<TagEntity[]> {
    const repo = this.ds.getRepository(TagEntity);
    if (!vocabulary) return repo.find({ where: { vocabularyId: IsNull() }, order: { value: 'ASC' } });
    const vocab = await this.vocabulary(this.ds.manager, vocabulary, 'vocabulary');
    return repo.find({ where: { vocabularyId: vocab.id }, order: { value: 'ASC' } });
  }

  createVocabulary(input: CreateTagVocabularyInput): Promise<TagVocabularyEntity> {
    const repo = this.ds.getRepository(TagVocabularyEntity);
    return repo.save(repo.create({ ...input, description: input.description ?? null }));
  }

  async createTerm(input: CreateTagInput): Promise<TagEntity> {
    const vocab = await this.vocabulary(this.ds.manager, input.vocabulary, 'vocabulary');
    const repo = this.ds.getRepository(TagEntity);
    return repo.save(repo.create({ vocabularyId: vocab.id, value: input.value.trim(), label: input.label ?? null }));
  }

  /** Adds tags to a function; free tags are created on first use, vocabulary terms must exist. */
  async tag(input: TagStateFunctionInput): Promise<string> {
    this.counts.invalidate();
    return this.ds.transaction(async (em) => {
      await this.requireFunction(em, input.functionId);
      const tags = await this.resolve(em, input.tags, true);
      await em
        .createQueryBuilder()
        .insert()
        .into(FunctionTagEntity)
        .values(tags.map((t) => ({ functionId: input.functionId, tagId: t.id })))
        .orIgnore()
        .execute();
      return input.functionId;
    });
  }

  async untag(input: UntagStateFunctionInput): Promise<string> {
    this.counts.invalidate();
    return this.ds.transaction(async (em) => {
      await this.requireFunction(em, input.functionId);
      const tags = await this.resolve(em, input.tags, false);
      if (tags.length)
        await em
          .getRepository(FunctionTagEntity)
          .delete({ functionId: input.functionId, tagId: In(tags.map((t) => t.id)) });
      return input.functionId;
    });
  }

  /** Finds (and, for free tags when allowed, creates) the tags named by `refs`. */
  async resolve(em: EntityManager, refs: TagRefInput[], createFree: boolean): Promise<TagEntity[]> {
    const repo = em.getRepository(TagEntity);
    const found: TagEntity[] = [];
    for (const [i, ref] of refs.entries()) {
      const value = ref.value.trim();
      if (ref.vocabulary) {
        const vocab = await this.vocabulary(em, ref.vocabulary, `tags[${i}].vocabulary`);
        const term = await repo.findOneBy({ vocabularyId: vocab.id, value });
        if (!term)
          throw badInput(`tags[${i}].value`, `"${value}" is not a term of the controlled vocabulary ${vocab.code}`);
        found.push(term);
      } else {
        let tag = await repo.findOneBy({ vocabularyId: IsNull(), value });
        if (!tag && createFree) {
          await em
            .createQueryBuilder()
            .insert()
            .into(TagEntity)
            .values({ vocabularyId: null, value })
            .orIgnore()
            .execute();
          tag = await repo.findOneBy({ vocabularyId: IsNull(), value });
        }
        if (tag) found.push(tag);
      }
    }
    return found;
  }

  private async vocabulary(em: EntityManager, code: string, field: string): Promise<TagVocabularyEntity> {
    const vocab = await em.getRepository(TagVocabularyEntity).findOneBy({ code });
    if (!vocab) throw badInput(field, `no tag vocabulary has code ${code}`);
    return vocab;
  }

  private async requireFunction(em: EntityManager, id: string): Promise<void> {
    if (!(await em.getRepository(StateFunctionEntity).existsBy({ id }))) throw notFound('Function', id);
  }
}
