import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Agency, AgencyTask, StructuralUnit } from '../agency/agency.model.js';
import { LegalAct, LegalBasis } from '../legal-act/legal-act.model.js';
import type { GraphQLContext } from '../loaders/registry.loaders.js';
import { Tag } from '../tag/tag.model.js';
import { FunctionRevision, StateFunction } from './state-function.model.js';
import { StateFunctionService } from './state-function.service.js';

@Resolver(() => StateFunction)
export class StateFunctionFieldsResolver {
  constructor(private readonly functions: StateFunctionService) {}

  @ResolveField(() => String, { description: 'The statement in the language it was written in.' })
  title(@Parent() f: StateFunction): string {
    return (f.lang === 'kk' ? (f.titleKk ?? f.titleRu) : (f.titleRu ?? f.titleKk)) ?? '';
  }

  @ResolveField(() => Agency)
  holder(@Parent() f: StateFunction, @Context() ctx: GraphQLContext) {
    return ctx.loaders.agency.load(f.holderId);
  }

  @ResolveField(() => [Agency], { description: 'Agencies that perform the function together with the holder.' })
  coExecutors(@Parent() f: StateFunction, @Context() ctx: GraphQLContext) {
    return ctx.loaders.coExecutorsByFunction.load(f.id);
  }

  @ResolveField(() => AgencyTask, { nullable: true })
  task(@Parent() f: StateFunction, @Context() ctx: GraphQLContext) {
    return f.taskId ? ctx.loaders.agencyTask.load(f.taskId) : null;
  }

  @ResolveField(() => StructuralUnit, { nullable: true })
  structuralUnit(@Parent() f: StateFunction, @Context() ctx: GraphQLContext) {
    return f.structuralUnitId ? ctx.loaders.structuralUnit.load(f.structuralUnitId) : null;
  }

  @ResolveField(() => LegalAct, { nullable: true, description: 'The act that brought the function in.' })
  sourceAct(@Parent() f: StateFunction, @Context() ctx: GraphQLContext) {
    return f.sourceActId ? ctx.loaders.legalAct.load(f.sourceActId) : null;
  }

  @ResolveField(() => StateFunction, { nullable: true, description: 'The typical function this one instantiates.' })
  template(@Parent() f: StateFunction, @Context() ctx: GraphQLContext) {
    return f.templateId ? ctx.loaders.stateFunction.load(f.templateId) : null;
  }

  @ResolveField(() => [LegalBasis])
  legalBasis(@Parent() f: StateFunction, @Context() ctx: GraphQLContext) {
    return ctx.loaders.legalBasesByFunction.load(f.id);
  }

  @ResolveField(() => [Tag])
  tags(@Parent() f: StateFunction, @Context() ctx: GraphQLContext) {
    return ctx.loaders.tagsByFunction.load(f.id);
  }

  @ResolveField(() => [FunctionRevision], { description: 'Every change, newest first.' })
  revisions(@Parent() f: StateFunction) {
    return this.functions.revisions(f.id);
  }
}
