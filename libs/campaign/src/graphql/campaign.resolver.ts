import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { badInput, mapPage, PageArgs, Paginated } from '#core';
import type { GraphQLContext } from '#registry';
import { BudgetService, createBudgetLoaders } from '#budget';
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
import {
  CampaignFinding,
  CampaignLoaders,
  CampaignReport,
  CampaignStatus,
  ReviewCampaign,
  SavingsView,
} from './campaign.models.js';

const CampaignPage = Paginated(ReviewCampaign);
const FindingPage = Paginated(CampaignFinding);

/** Review campaigns, their findings and approval steps, savings and reports. */
@Resolver()
export class CampaignResolver {
  private readonly perRequest = new WeakMap<object, CampaignLoaders>();

  constructor(
    private readonly campaigns: CampaignService,
    private readonly savings: SavingsService,
    private readonly reports: CampaignReportService,
    private readonly budget: BudgetService,
  ) {}

  private loadersOf(ctx: GraphQLContext): CampaignLoaders {
    let l = this.perRequest.get(ctx.loaders);
    if (!l) {
      const events = new DataLoader((ids: readonly string[]) =>
        this.campaigns.events(ids).then((m) => ids.map((id) => m.get(id) ?? [])),
      );
      const budgetLoaders = createBudgetLoaders(this.budget, ctx.loaders);
      l = { registry: ctx.loaders, events: (id) => events.load(id), programme: budgetLoaders.programme };
      this.perRequest.set(ctx.loaders, l);
    }
    return l;
  }

  @Query(() => CampaignPage, { description: 'Review campaigns, latest first.' })
  async reviewCampaigns(@Args() page: PageArgs, @Context() ctx: GraphQLContext) {
    const l = this.loadersOf(ctx);
    return mapPage(await this.campaigns.list(page), (r) => new ReviewCampaign(r, l));
  }

  @Query(() => ReviewCampaign)
  async reviewCampaign(@Args('id', { type: () => ID }) id: string, @Context() ctx: GraphQLContext) {
    return new ReviewCampaign(await this.campaigns.get(id), this.loadersOf(ctx));
  }

  @Query(() => FindingPage, { description: "A campaign's findings, oldest first." })
  async campaignFindings(@Args() args: FindingsArgs, @Context() ctx: GraphQLContext) {
    const l = this.loadersOf(ctx);
    return mapPage(
      await this.campaigns.findings({ campaignId: args.campaignId, ...(args.filter ?? {}) }, args),
      (r) => new CampaignFinding(r, l),
    );
  }

  @Query(() => SavingsView, {
    description:
      "Expenditure and staff freed by findings (given ones, or a campaign's approved and implemented ones), per year and agency, with every line.",
  })
  async savingsOf(@Args() args: SavingsArgs, @Context() ctx: GraphQLContext) {
    if (!!args.findingIds === !!args.campaignId) throw badInput('findingIds', 'give either findingIds or campaignId');
    const s = args.findingIds
      ? await this.savings.ofFindings(args.findingIds)
      : await this.savings.ofCampaign(args.campaignId!, args.statuses);
    return new SavingsView(s, this.loadersOf(ctx));
  }

  @Query(() => CampaignReport, {
    description: 'Per agency and level: functions by type, duplicates, transfer candidates, decisions and savings.',
  })
  async campaignReport(@Args('id', { type: () => ID }) id: string, @Context() ctx: GraphQLContext) {
    const r = await this.reports.report(id);
    const l = this.loadersOf(ctx);
    return {
      ...r,
      campaign: new ReviewCampaign(r.campaign, l),
      savings: new SavingsView(r.savings, l),
      xlsxUrl: `/reports/campaigns/${id}.xlsx`,
    };
  }

  @Mutation(() => ReviewCampaign)
  async createReviewCampaign(@Args('input') input: CreateReviewCampaignInput, @Context() ctx: GraphQLContext) {
    return new ReviewCampaign(await this.campaigns.create(input, ctx.actor), this.loadersOf(ctx));
  }

  @Mutation(() => ReviewCampaign)
  async setReviewCampaignStatus(
    @Args('id', { type: () => ID }) id: string,
    @Args('status', { type: () => CampaignStatus }) status: CampaignStatus,
    @Context() ctx: GraphQLContext,
  ) {
    return new ReviewCampaign(await this.campaigns.setStatus(id, status), this.loadersOf(ctx));
  }

  @Mutation(() => CampaignFinding, {
    description: 'Proposes an action on functions or a duplicate cluster, with its rationale.',
  })
  async proposeFinding(@Args('input') input: ProposeFindingInput, @Context() ctx: GraphQLContext) {
    return new CampaignFinding(await this.campaigns.propose(input, ctx.actor), this.loadersOf(ctx));
  }

  @Mutation(() => CampaignFinding, {
    description:
      'Moves a finding on (AGREED, APPROVED, IMPLEMENTED or REJECTED); implementing applies it to the registry.',
  })
  async advanceFinding(@Args('input') input: AdvanceFindingInput, @Context() ctx: GraphQLContext) {
    return new CampaignFinding(await this.campaigns.advance(input, ctx.actor), this.loadersOf(ctx));
  }
}
