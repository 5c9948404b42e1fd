import { Args, Query, Resolver } from '@nestjs/graphql';
import { Allow, mapPage, Role } from '#core';
import { ChangesArgs, HistoryArgs } from './history.inputs.js';
import { ChangeEntry, ChangeEntryPage } from './history.model.js';
import { HistoryService } from './history.service.js';

/** The change log for auditors (and reviewers): who changed what, when, in which request. */
@Resolver(() => ChangeEntry)
export class HistoryResolver {
  constructor(private readonly history: HistoryService) {}

  @Allow(Role.AUDITOR, Role.REVIEWER)
  @Query(() => ChangeEntryPage, {
    description:
      "A function's changes, newest first: its own and those of its legal bases, tags, co-executors, budget links, headcount, classification decisions and transfers.",
  })
  async functionHistory(@Args() args: HistoryArgs) {
    return mapPage(await this.history.functionHistory(args.id, args), (r) => new ChangeEntry(r));
  }

  @Allow(Role.AUDITOR, Role.REVIEWER)
  @Query(() => ChangeEntryPage, {
    description: "An agency's changes, newest first: its own and those of its structural units and tasks.",
  })
  async agencyHistory(@Args() args: HistoryArgs) {
    return mapPage(await this.history.agencyHistory(args.id, args), (r) => new ChangeEntry(r));
  }

  @Allow(Role.AUDITOR, Role.REVIEWER)
  @Query(() => ChangeEntryPage, {
    description: 'Entries of the change log by table, actor, request and time, newest first.',
  })
  async changes(@Args() args: ChangesArgs) {
    return mapPage(await this.history.changes(args.filter, args), (r) => new ChangeEntry(r));
  }
}
