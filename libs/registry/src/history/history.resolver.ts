import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { Allow, forbidden, type GraphQLContext, type Identity, mapPage, Role } from '#core';
import { FunctionAsOfPage, FunctionGrowthPage } from './as-of.model.js';
import { ChangesArgs, FunctionGrowthArgs, HistoryArgs, RegistryAsOfArgs } from './history.inputs.js';
import { ChangeEntry, ChangeEntryPage } from './history.model.js';
import { HistoryService } from './history.service.js';

/**
 * The history shows drafts and changes of every agency: a caller limited to a scope would read past
 * it, so the history is for callers without one (auditors are normally unscoped).
 */
export function unscoped(identity: Identity): void {
  if (identity.agencies.length || identity.sectors.length)
    throw forbidden('the history is for callers without a scope of agencies or sectors');
}

/** The change log for auditors (and reviewers): who changed what, when, in which request. */
@Resolver(() => ChangeEntry)
export class HistoryResolver {
  constructor(private readonly history: HistoryService) {}

  @Allow(Role.AUDITOR, Role.REVIEWER)
  @Query(() => ChangeEntryPage, {
    description:
      "A function's changes, newest first: its own and those of its legal bases, tags, co-executors, budget links, headcount, classification decisions and transfers.",
  })
  async functionHistory(@Args() args: HistoryArgs, @Context() ctx: GraphQLContext) {
    unscoped(ctx.identity);
    return mapPage(await this.history.functionHistory(args.id, args), (r) => new ChangeEntry(r));
  }

  @Allow(Role.AUDITOR, Role.REVIEWER)
  @Query(() => ChangeEntryPage, {
    description: "An agency's changes, newest first: its own and those of its structural units and tasks.",
  })
  async agencyHistory(@Args() args: HistoryArgs, @Context() ctx: GraphQLContext) {
    unscoped(ctx.identity);
    return mapPage(await this.history.agencyHistory(args.id, args), (r) => new ChangeEntry(r));
  }

  @Allow(Role.AUDITOR, Role.REVIEWER)
  @Query(() => ChangeEntryPage, {
    description: 'Entries of the change log by table, actor, request and time, newest first.',
  })
  async changes(@Args() args: ChangesArgs, @Context() ctx: GraphQLContext) {
    unscoped(ctx.identity);
    return mapPage(await this.history.changes(args.filter, args), (r) => new ChangeEntry(r));
  }

  @Allow(Role.AUDITOR, Role.REVIEWER)
  @Query(() => FunctionAsOfPage, {
    description:
      'What an agency held at the end of a date: each function as its last revision by then, with the type and legal bases then in force. Rebuilt from the history.',
  })
  async registryAsOf(@Args() args: RegistryAsOfArgs, @Context() ctx: GraphQLContext) {
    unscoped(ctx.identity);
    return this.history.registryAsOf(args.date, args.agencyId, args.includeSubordinates, args);
  }

  @Allow(Role.AUDITOR, Role.REVIEWER)
  @Query(() => FunctionGrowthPage, {
    description:
      'Per legal act and year: functions given a legal basis citing it, and functions that lost one or were archived.',
  })
  async functionGrowth(@Args() args: FunctionGrowthArgs, @Context() ctx: GraphQLContext) {
    unscoped(ctx.identity);
    return this.history.functionGrowth(args.actId, args);
  }
}
