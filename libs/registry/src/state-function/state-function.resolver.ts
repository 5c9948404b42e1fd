import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, mapPage, notFound, Paginated, Public, Role, toPage } from '#core';
import { FunctionScope } from './function-scope.js';
import { canSee } from './function-visibility.transform.js';
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
    private readonly scope: FunctionScope,
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
    if (!(await canSee(ctx.identity, ctx, fn))) throw notFound('Function', id ?? code ?? '');
    return new StateFunction(fn);
  }

  @Public()
  @Query(() => StateFunctionPage, { description: 'Functions, filtered, sorted and paginated.' })
  async stateFunctions(@Args() args: FunctionsArgs, @Context() ctx: GraphQLContext) {
    const visible = await this.scope.visibleArgs(ctx.identity, args);
    if (!visible) return toPage<StateFunction>([], 0, args);
    return mapPage(await this.functions.list(visible), (row) => new StateFunction(row));
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => StateFunction)
  async createStateFunction(@Args('input') input: CreateStateFunctionInput, @Context() ctx: GraphQLContext) {
    await this.scope.assertPlacement(ctx.identity, input.holderId, input.sector);
    return new StateFunction(await this.functions.create(input, ctx.actor));
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => StateFunction)
  async updateStateFunction(@Args('input') input: UpdateStateFunctionInput, @Context() ctx: GraphQLContext) {
    await this.scope.assertFunctions(ctx.identity, [input.id]);
    // Nor may it be moved out: the new holder and sector must be inside too.
    if (input.holderId !== undefined || input.sector !== undefined) {
      const current = await this.functions.findOne({ id: input.id });
      await this.scope.assertPlacement(
        ctx.identity,
        input.holderId ?? current.holderId,
        input.sector !== undefined ? input.sector : current.sector,
      );
    }
    return new StateFunction(await this.functions.update(input, ctx.actor));
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => StateFunction, { description: 'Takes a function out of the active registry; its history stays.' })
  async archiveStateFunction(
    @Context() ctx: GraphQLContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('version', { type: () => Int, nullable: true }) version?: number,
  ) {
    await this.scope.assertFunctions(ctx.identity, [id]);
    return new StateFunction(await this.functions.archive(id, version, ctx.actor));
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => StateFunction)
  async tagStateFunction(@Args('input') input: TagStateFunctionInput, @Context() ctx: GraphQLContext) {
    await this.scope.assertFunctions(ctx.identity, [input.functionId]);
    return new StateFunction(await this.functions.findOne({ id: await this.tags.tag(input) }));
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => StateFunction)
  async untagStateFunction(@Args('input') input: UntagStateFunctionInput, @Context() ctx: GraphQLContext) {
    await this.scope.assertFunctions(ctx.identity, [input.functionId]);
    return new StateFunction(await this.functions.findOne({ id: await this.tags.untag(input) }));
  }
}
