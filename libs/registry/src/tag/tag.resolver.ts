import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLContext } from '../loaders/registry.loaders.js';
import { CreateTagInput, CreateTagVocabularyInput } from './dto/tag.inputs.js';
import { Tag, TagVocabulary } from './tag.model.js';
import { TagService } from './tag.service.js';

@Resolver(() => Tag)
export class TagResolver {
  constructor(private readonly service: TagService) {}

  @Query(() => [TagVocabulary])
  tagVocabularies() {
    return this.service.vocabularies();
  }

  @Query(() => [Tag], { description: 'The terms of a controlled vocabulary, or the free tags when none is named.' })
  tags(@Args('vocabulary', { nullable: true }) vocabulary?: string) {
    return this.service.tags(vocabulary);
  }

  @Mutation(() => TagVocabulary)
  createTagVocabulary(@Args('input') input: CreateTagVocabularyInput) {
    return this.service.createVocabulary(input);
  }

  @Mutation(() => Tag, { description: 'Adds a term to a controlled vocabulary.' })
  createTag(@Args('input') input: CreateTagInput) {
    return this.service.createTerm(input);
  }

  @ResolveField(() => TagVocabulary, { nullable: true })
  vocabulary(@Parent() tag: Tag, @Context() ctx: GraphQLContext) {
    return tag.vocabularyId ? ctx.loaders.vocabulary.load(tag.vocabularyId) : null;
  }
}
