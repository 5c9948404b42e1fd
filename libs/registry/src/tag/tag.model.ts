import { asView } from '#core';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { RegistryLoaders } from '../loaders/registry.loaders.js';
import type { TagEntity, TagVocabularyEntity } from './tag.entity.js';

@ObjectType('TagVocabulary', { description: 'A controlled vocabulary of tags, maintained by administrators.' })
export class TagVocabulary {
  @Field(() => ID)
  id: string;

  @Field()
  code: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description: string | null;
}

@ObjectType('Tag', { description: 'A free tag, or a term of a controlled vocabulary.' })
export class Tag {
  constructor(row: TagEntity, loaders: RegistryLoaders) {
    asView(this, row, loaders);
  }

  declare private readonly loaders: RegistryLoaders;

  @Field(() => ID)
  id: string;

  @Field()
  value: string;

  @Field(() => String, { nullable: true })
  label: string | null;

  vocabularyId: string | null;

  @Field(() => TagVocabulary, { nullable: true })
  get vocabulary(): Promise<TagVocabularyEntity | null> | null {
    return this.vocabularyId ? this.loaders.vocabulary.load(this.vocabularyId) : null;
  }
}
