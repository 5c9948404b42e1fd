import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Paginated } from '#core';
import { TagFunctionInput } from '../tag/dto/tag.inputs.js';
import { TagService } from '../tag/tag.service.js';
import { CreateFunctionInput, FunctionsArgs, UpdateFunctionInput } from './dto/state-function.inputs.js';
import { StateFunction } from './state-function.model.js';
import { StateFunctionService } from './state-function.service.js';

const StateFunctionPage = Paginated(StateFunction);

@Resolver(() => StateFunction)
export class StateFunctionResolver {
  constructor(
    private readonly functions: StateFunctionService,
    private readonly tags: TagService,
  ) {}

  @Query(() => StateFunction, { description: 'One function, by id or by registry code.' })
  stateFunction(
    @Args('id', { type: () => ID, nullable: true }) id?: string,
    @Args('code', { nullable: true }) code?: string,
  ) {
    return this.functions.findOne({ id, code });
  }

  @Query(() => StateFunctionPage, { description: 'Functions, filtered, sorted and paginated.' })
  stateFunctions(@Args() args: FunctionsArgs) {
    return this.functions.list(args);
  }

  @Mutation(() => StateFunction)
  createStateFunction(@Args('input') input: CreateFunctionInput) {
    return this.functions.create(input);
  }

  @Mutation(() => StateFunction)
  updateStateFunction(@Args('input') input: UpdateFunctionInput) {
    return this.functions.update(input);
  }

  @Mutation(() => StateFunction, { description: 'Takes a function out of the active registry; its history stays.' })
  archiveStateFunction(
    @Args('id', { type: () => ID }) id: string,
    @Args('version', { type: () => Int, nullable: true }) version?: number,
  ) {
    return this.functions.archive(id, version);
  }

  @Mutation(() => StateFunction)
  async tagStateFunction(@Args('input') input: TagFunctionInput) {
    return this.functions.findOne({ id: await this.tags.tag(input) });
  }

  @Mutation(() => StateFunction)
  async untagStateFunction(@Args('input') input: TagFunctionInput) {
    return this.functions.findOne({ id: await this.tags.untag(input) });
  }
}
