import { Args, Context, Extensions, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { TerritoryKind } from '../enums.js';
import { type GraphQLContext, LIST_SIZE_EXTENSION, type ListSize, Public } from '#core';
import { Territory } from './territory.model.js';
import { TerritoryService } from './territory.service.js';

/** How many territories of a kind the country has, rounded up: the cost of listing them. */
const TERRITORIES_OF_KIND: Record<TerritoryKind, number> = {
  REPUBLIC: 1,
  OBLAST: 20,
  CITY_REP: 5,
  DISTRICT: 200,
  CITY_OBL: 50,
  DISTRICT_IN_CITY: 50,
  CITY_DIST: 100,
  RURAL_DISTRICT: 2_500,
  SETTLEMENT: 7_000,
};
const territoriesListSize: ListSize = ({ kind, parentId }) =>
  kind ? TERRITORIES_OF_KIND[kind as TerritoryKind] : parentId ? 50 : 1;

@Resolver(() => Territory)
export class TerritoryResolver {
  constructor(private readonly service: TerritoryService) {}

  @Public()
  @Query(() => Territory, { description: 'A territory by its 9-digit KATO code.' })
  territory(@Args('kato') kato: string) {
    return this.service.findByKato(kato);
  }

  // The top of the hierarchy is one territory; a kind runs to thousands of settlements.
  @Extensions({ [LIST_SIZE_EXTENSION]: territoriesListSize })
  @Public()
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

  @Extensions({ [LIST_SIZE_EXTENSION]: 50 })
  @ResolveField(() => [Territory])
  children(@Parent() t: Territory, @Context() { loaders }: GraphQLContext) {
    return loaders.registry.territoriesByParent.load(t.id);
  }
}
