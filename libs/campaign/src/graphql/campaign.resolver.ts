import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, badInput, mapPage, PageArgs, Paginated, Public, READERS, Role } from '#core';
import type { GraphQLContext } from '#core';
import { CampaignService } from '../campaign.service.js';
import { CampaignReportService } from '../report.service.js';
import { SavingsService } from '../savings.service.js';
import {
  AdvanceFindingInput,
  CreateReviewCampaignInput,
  FindingsArgs,
  ProposeFindingInput,
  SavingsArgs,
} from './campaign.inputs.js';
import { CampaignFinding, CampaignReport, CampaignStatus, ReviewCampaign, SavingsView } from './campaign.models.js';

const CampaignPage = Paginated(ReviewCampaign);
const FindingPage = Paginated(CampaignFinding);

/** Review campaigns, their findings and approval steps, savings and reports. */
@Resolver()
export class CampaignResolver {
  constructor(
    private readonly campaigns: CampaignService,
    private readonly savings: SavingsService,
    private readonly reports: CampaignReportService,
  ) {}

  @Public()
  @Query(() => CampaignPage, { description: 'Review campaigns, latest first.' })
  async reviewCampaigns(@Args() page: PageArgs) {
    return mapPage(await this.campaigns.list(page), (r) => new ReviewCampaign(r));
  }

  @Public()
  @Query(() => ReviewCampaign)
  async reviewCampaign(@Args('id', { type: () => ID }) id: string) {
    return new ReviewCampaign(await this.campaigns.get(id));
  }

  @Allow(...READERS)
  @Query(() => FindingPage, { description: "A campaign's findings, oldest first." })
  async campaignFindings(@Args() args: FindingsArgs) {
    return mapPage(
      await this.campaigns.findings({ campaignId: args.campaignId, ...(args.filter ?? {}) }, args),
      (r) => new CampaignFinding(r),
    );
  }

  @Allow(...READERS)
  @Query(() => SavingsView, {
    description:
      "Expenditure and staff freed by findings (given ones, or a campaign's approved and implemented ones), per year and agency, with every line.",
  })
  async savingsOf(@Args() args: SavingsArgs) {
    if (!!args.findingIds === !!args.campaignId) throw badInput('findingIds', 'give either findingIds or campaignId');
    const s = args.findingIds
      ? await this.savings.ofFindings(args.findingIds)
      : await this.savings.ofCampaign(args.campaignId!, args.statuses);
    return new SavingsView(s);
  }

  @Public()
  @Query(() => CampaignReport, {
    description: 'Per agency and level: functions by type, duplicates, transfer candidates, decisions and savings.',
  })
  async campaignReport(@Args('id', { type: () => ID }) id: string) {
    const r = await this.reports.report(id);
    return {
      ...r,
      campaign: new ReviewCampaign(r.campaign),
      savings: new SavingsView(r.savings),
      xlsxUrl: `/reports/campaigns/${id}.xlsx`,
    };
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => ReviewCampaign)
  async createReviewCampaign(@Args('input') input: CreateReviewCampaignInput, @Context() ctx: GraphQLContext) {
    return new ReviewCampaign(await this.campaigns.create(input, ctx.actor));
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => ReviewCampaign)
  async setReviewCampaignStatus(
    @Args('id', { type: () => ID }) id: string,
    @Args('status', { type: () => CampaignStatus }) status: CampaignStatus,
  ) {
    return new ReviewCampaign(await this.campaigns.setStatus(id, status));
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => CampaignFinding, {
    description: 'Proposes an action on functions or a duplicate cluster, with its rationale.',
  })
  async proposeFinding(@Args('input') input: ProposeFindingInput, @Context() ctx: GraphQLContext) {
    return new CampaignFinding(await this.campaigns.propose(input, ctx.actor));
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => CampaignFinding, {
    description:
      'Moves a finding on (AGREED, APPROVED, IMPLEMENTED or REJECTED); implementing applies it to the registry.',
  })
  async advanceFinding(@Args('input') input: AdvanceFindingInput, @Context() ctx: GraphQLContext) {
    return new CampaignFinding(await this.campaigns.advance(input, ctx.actor));
  }
}
