import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Paginated } from '#core';
import type { GraphQLContext } from '../loaders/registry.loaders.js';
import { Territory } from '../territory/territory.model.js';
import { Agency, AgencyTask, StructuralUnit } from './agency.model.js';
import { AgencyService } from './agency.service.js';
import { AgenciesArgs, CreateAgencyInput, CreateAgencyTaskInput, CreateStructuralUnitInput, UpdateAgencyInput } from './dto/agency.inputs.js';
import { GovernmentLevel } from '../enums.js';

const AgencyPage = Paginated(Agency);

@Resolver(() => Agency)
export class AgencyResolver {
  constructor(private readonly service: AgencyService) {}

  @Query(() => Agency, { description: 'One agency, by id or by code.' })
  agency(
    @Args('id', { type: () => ID, nullable: true }) id?: string,
    @Args('code', { nullable: true }) code?: string,
  ) {
    return this.service.findOne({ id, code });
  }

  @Query(() => AgencyPage)
  agencies(@Args() args: AgenciesArgs) {
    return this.service.list(args);
  }

  @Mutation(() => Agency)
  createAgency(@Args('input') input: CreateAgencyInput) {
    return this.service.create(input);
  }

  @Mutation(() => Agency)
  updateAgency(@Args('input') input: UpdateAgencyInput) {
    return this.service.update(input);
  }

  @Mutation(() => Agency, { description: 'Marks an agency archived; its functions and history stay.' })
  archiveAgency(@Args('id', { type: () => ID }) id: string) {
    return this.service.archive(id);
  }

  @Mutation(() => StructuralUnit)
  createStructuralUnit(@Args('input') input: CreateStructuralUnitInput) {
    return this.service.createStructuralUnit(input);
  }

  @Mutation(() => AgencyTask)
  createAgencyTask(@Args('input') input: CreateAgencyTaskInput) {
    return this.service.createTask(input);
  }

  @ResolveField(() => Boolean, { description: 'True when the holder stands for every body of its kind, each on its own territory.' })
  typical(@Parent() agency: Agency): boolean {
    return agency.territoryKato === null && agency.level !== GovernmentLevel.CENTRAL;
  }

  @ResolveField(() => Agency, { nullable: true })
  parent(@Parent() agency: Agency, @Context() ctx: GraphQLContext) {
    return agency.parentId ? ctx.loaders.agency.load(agency.parentId) : null;
  }

  @ResolveField(() => Territory, { nullable: true })
  territory(@Parent() agency: Agency, @Context() ctx: GraphQLContext) {
    return agency.territoryKato ? ctx.loaders.territoryByKato.load(agency.territoryKato) : null;
  }

  @ResolveField(() => [Agency])
  subordinates(@Parent() agency: Agency, @Context() ctx: GraphQLContext) {
    return ctx.loaders.subordinatesByAgency.load(agency.id);
  }

  @ResolveField(() => [StructuralUnit])
  structuralUnits(@Parent() agency: Agency, @Context() ctx: GraphQLContext) {
    return ctx.loaders.structuralUnitsByAgency.load(agency.id);
  }

  @ResolveField(() => [AgencyTask])
  tasks(@Parent() agency: Agency, @Context() ctx: GraphQLContext) {
    return ctx.loaders.tasksByAgency.load(agency.id);
  }
}
