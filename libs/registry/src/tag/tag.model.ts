import { ContextField } from '#core';
import type { GraphQLContext } from '#core';
import { Field, ID, ObjectType } from '@nestjs/graphql';
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
  constructor(row: TagEntity) {
    Object.assign(this, row);
  }

  @Field(() => ID)
  id: string;

  @Field()
  value: string;

  @Field(() => String, { nullable: true })
  label: string | null;

  vocabularyId: string | null;

  @ContextField(() => TagVocabulary, { nullable: true })
  vocabulary(_args: unknown, { loaders }: GraphQLContext): Promise<TagVocabularyEntity | null> | null {
    return this.vocabularyId ? loaders.registry.vocabulary.load(this.vocabularyId) : null;
  }
}
