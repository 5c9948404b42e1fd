import { Allow, READERS } from '#core';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { FunctionRevision, StateFunction } from './state-function.model.js';
import { StateFunctionService } from './state-function.service.js';

/** Fields of a function that need a service rather than a batch loader. */
@Resolver(() => StateFunction)
export class StateFunctionFieldsResolver {
  constructor(private readonly functions: StateFunctionService) {}

  @Allow(...READERS)
  @ResolveField(() => [FunctionRevision], { description: 'Every change, newest first.' })
  revisions(@Parent() f: StateFunction) {
    return this.functions.revisions(f.id);
  }
}
