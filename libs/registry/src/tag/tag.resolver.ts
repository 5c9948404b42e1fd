import { Allow, Public, Role } from '#core';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CreateTagInput, CreateTagVocabularyInput } from './dto/tag.inputs.js';
import { Tag, TagVocabulary } from './tag.model.js';
import { TagService } from './tag.service.js';

@Resolver(() => Tag)
export class TagResolver {
  constructor(private readonly service: TagService) {}

  @Public()
  @Query(() => [TagVocabulary])
  tagVocabularies() {
    return this.service.vocabularies();
  }

  @Public()
  @Query(() => [Tag], { description: 'The terms of a controlled vocabulary, or the free tags when none is named.' })
  async tags(@Args('vocabulary', { nullable: true }) vocabulary?: string) {
    return (await this.service.tags(vocabulary)).map((row) => new Tag(row));
  }

  @Allow()
  @Mutation(() => TagVocabulary)
  createTagVocabulary(@Args('input') input: CreateTagVocabularyInput) {
    return this.service.createVocabulary(input);
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => Tag, { description: 'Adds a term to a controlled vocabulary.' })
  async createTag(@Args('input') input: CreateTagInput) {
    return new Tag(await this.service.createTerm(input));
  }
}
