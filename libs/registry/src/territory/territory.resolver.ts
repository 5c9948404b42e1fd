import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { TerritoryKind } from '../enums.js';
import type { GraphQLContext } from '#core';
import { Territory } from './territory.model.js';
import { TerritoryService } from './territory.service.js';

@Resolver(() => Territory)
export class TerritoryResolver {
  constructor(private readonly service: TerritoryService) {}

  @Query(() => Territory, { description: 'A territory by its 9-digit KATO code.' })
  territory(@Args('kato') kato: string) {
    return this.service.findByKato(kato);
  }

  @Query(() => [Territory], {
    description: 'Territories of a kind, or the children of a territory; the top of the hierarchy by default.',
  })
  territories(
    @Args('kind', { type: () => TerritoryKind, nullable: true }) kind?: TerritoryKind,
    @Args('parentId', { type: () => ID, nullable: true }) parentId?: string,
  ) {
    return this.service.list({ kind, parentId });
  }

  @ResolveField(() => Territory, { nullable: true })
  parent(@Parent() t: Territory, @Context() { loaders }: GraphQLContext) {
    return t.parentId ? loaders.registry.territory.load(t.parentId) : null;
  }

  @ResolveField(() => [Territory])
  children(@Parent() t: Territory, @Context() { loaders }: GraphQLContext) {
    return loaders.registry.territoriesByParent.load(t.id);
  }
}
