import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { Allow, type GraphQLContext, mapPage, Role } from '#core';
import { ChangeEntry, ChangeEntryPage, HistoryArgs, HistoryService, unscoped } from '#registry';

/** The findings a campaign has had, by the change log (a finding deleted since keeps its entries). */
const FINDINGS = `SELECT DISTINCT row_id FROM change_log WHERE table_name = 'campaign_finding' AND parent_id = $1`;

/** A campaign's history for auditors, read from the registry's change log. */
@Resolver(() => ChangeEntry)
export class CampaignHistoryResolver {
  constructor(private readonly history: HistoryService) {}

  @Allow(Role.AUDITOR, Role.REVIEWER)
  @Query(() => ChangeEntryPage, {
    description:
      "A campaign's changes, newest first: its own, its findings', their functions and steps, and the transfers planned from them.",
  })
  async campaignHistory(@Args() args: HistoryArgs, @Context() ctx: GraphQLContext) {
    unscoped(ctx.identity);
    await this.history.mustExist('Campaign', 'review_campaign', args.id);
    const page = await this.history.page(
      {
        where: `(table_name = 'review_campaign' AND row_id = $1)
             OR (table_name = 'campaign_finding' AND parent_id = $1)
             OR (table_name IN ('campaign_finding_event', 'campaign_finding_function') AND parent_id IN (${FINDINGS}))
             OR (table_name = 'function_transfer' AND coalesce(after, before) ->> 'finding_id' IN (${FINDINGS}))`,
        params: [args.id],
      },
      args,
    );
    return mapPage(page, (r) => new ChangeEntry(r));
  }
}
