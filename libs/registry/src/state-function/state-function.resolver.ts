import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, mapPage, notFound, Paginated, Public, Role, toPage } from '#core';
import { publishedTo, visibleArgs } from './visibility.js';
import type { GraphQLContext } from '#core';
import { TagStateFunctionInput, UntagStateFunctionInput } from '../tag/dto/tag.inputs.js';
import { TagService } from '../tag/tag.service.js';
import { CreateStateFunctionInput, FunctionsArgs, UpdateStateFunctionInput } from './dto/state-function.inputs.js';
import { StateFunction } from './state-function.model.js';
import { StateFunctionService } from './state-function.service.js';

const StateFunctionPage = Paginated(StateFunction);

@Resolver(() => StateFunction)
export class StateFunctionResolver {
  constructor(
    private readonly functions: StateFunctionService,
    private readonly tags: TagService,
  ) {}

  @Public()
  @Query(() => StateFunction, { description: 'One function, by id or by registry code.' })
  async stateFunction(
    @Context() ctx: GraphQLContext,
    @Args('id', { type: () => ID, nullable: true }) id?: string,
    @Args('code', { nullable: true }) code?: string,
  ) {
    const fn = await this.functions.findOne({ id, code });
    // The public sees the published registry: a draft or a withdrawn function does not exist for it.
    if (!publishedTo(ctx.identity, fn)) throw notFound('Function', id ?? code ?? '');
    return new StateFunction(fn);
  }

  @Public()
  @Query(() => StateFunctionPage, { description: 'Functions, filtered, sorted and paginated.' })
  async stateFunctions(@Args() args: FunctionsArgs, @Context() ctx: GraphQLContext) {
    const visible = visibleArgs(ctx.identity, args);
    if (!visible) return toPage<StateFunction>([], 0, args);
    return mapPage(await this.functions.list(visible), (row) => new StateFunction(row));
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => StateFunction)
  async createStateFunction(@Args('input') input: CreateStateFunctionInput, @Context() ctx: GraphQLContext) {
    return new StateFunction(await this.functions.create(input, ctx.actor));
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => StateFunction)
  async updateStateFunction(@Args('input') input: UpdateStateFunctionInput, @Context() ctx: GraphQLContext) {
    return new StateFunction(await this.functions.update(input, ctx.actor));
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => StateFunction, { description: 'Takes a function out of the active registry; its history stays.' })
  async archiveStateFunction(
    @Context() ctx: GraphQLContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('version', { type: () => Int, nullable: true }) version?: number,
  ) {
    return new StateFunction(await this.functions.archive(id, version, ctx.actor));
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => StateFunction)
  async tagStateFunction(@Args('input') input: TagStateFunctionInput) {
    return new StateFunction(await this.functions.findOne({ id: await this.tags.tag(input) }));
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => StateFunction)
  async untagStateFunction(@Args('input') input: UntagStateFunctionInput) {
    return new StateFunction(await this.functions.findOne({ id: await this.tags.untag(input) }));
  }
}
