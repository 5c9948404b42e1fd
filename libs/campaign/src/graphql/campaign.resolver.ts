import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, badInput, forbidden, isStaff, mapPage, PageArgs, Paginated, Public, READERS, Role } from '#core';
import type { GraphQLContext } from '#core';
import { CampaignService, DEFAULT_SEPARATION_OF_DUTIES } from '../campaign.service.js';
import { CampaignReportService } from '../report.service.js';
import { SavingsService } from '../savings.service.js';
import {
  AdvanceFindingInput,
  CreateReviewCampaignInput,
  FindingsArgs,
  ProposeFindingInput,
  SavingsArgs,
  SeparationOfDutiesInput,
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

  // The public sees the outcomes of closed campaigns only; staff see every campaign.
  @Public()
  @Query(() => CampaignPage, { description: 'Review campaigns, latest first (for the public: closed ones only).' })
  async reviewCampaigns(@Args() page: PageArgs, @Context() ctx: GraphQLContext) {
    return mapPage(await this.campaigns.list(page, !isStaff(ctx.identity)), (r) => new ReviewCampaign(r));
  }

  @Public()
  @Query(() => ReviewCampaign, { description: 'A campaign (for the public: a closed one; others are NOT_FOUND).' })
  async reviewCampaign(@Args('id', { type: () => ID }) id: string, @Context() ctx: GraphQLContext) {
    return new ReviewCampaign(await this.campaigns.getVisible(id, ctx.identity));
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
    description:
      'Per agency and level: functions by type, duplicates, transfer candidates, decisions and savings. For the public: closed campaigns only, and only approved and implemented decisions.',
  })
  async campaignReport(@Args('id', { type: () => ID }) id: string, @Context() ctx: GraphQLContext) {
    const r = await this.reports.report(id, ctx.identity);
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
    // Reviewers may make the rules stricter, never weaker: the rules bind them.
    const weakened = Object.entries(input.separationOfDuties ?? {}).filter(
      ([rule, on]) => on === false && DEFAULT_SEPARATION_OF_DUTIES[rule as keyof typeof DEFAULT_SEPARATION_OF_DUTIES],
    );
    if (weakened.length && !ctx.identity.roles.includes(Role.ADMIN))
      throw forbidden(
        `only an administrator may switch off ${weakened.map(([rule]) => rule).join(', ')} of the separation of duties`,
      );
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

  // Only ADMIN: the rules bind the reviewers, so the reviewers do not switch them off mid-campaign.
  @Allow()
  @Mutation(() => ReviewCampaign, {
    description:
      "Changes rules of a campaign's separation of duties (those given; the others stay). Binds the steps taken from then on.",
  })
  async setCampaignSeparationOfDuties(
    @Args('id', { type: () => ID }) id: string,
    @Args('rules') rules: SeparationOfDutiesInput,
  ) {
    return new ReviewCampaign(await this.campaigns.setSeparationOfDuties(id, rules));
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => CampaignFinding, {
    description: 'Proposes an action on functions or a duplicate cluster, with its rationale.',
  })
  async proposeFinding(@Args('input') input: ProposeFindingInput, @Context() ctx: GraphQLContext) {
    return new CampaignFinding(await this.campaigns.propose(input, ctx.identity));
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => CampaignFinding, {
    description:
      "Moves a finding on (AGREED, APPROVED, IMPLEMENTED or REJECTED); implementing applies it to the registry. A step the campaign's separation of duties reserves for another person is FORBIDDEN.",
  })
  async advanceFinding(@Args('input') input: AdvanceFindingInput, @Context() ctx: GraphQLContext) {
    return new CampaignFinding(await this.campaigns.advance(input, ctx.identity));
  }
}
