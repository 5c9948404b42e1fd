import { Args, Context, Extensions, Query, Resolver } from '@nestjs/graphql';
import {
  badInput,
  COST_EXTENSION,
  type GraphQLContext,
  HeavyOperation,
  type Identity,
  isStaff,
  mapPage,
  Public,
} from '#core';
import { RegistryChange, RegistryDiff, RegistryDiffArgs, type RegistryDiffInput } from './registry-diff.model.js';
import { type DiffPeriod, publicView, RegistryDiffService } from './registry-diff.service.js';

/** The two dates of a comparison: given, or the end dates of two campaigns. */
export async function periodOf(
  diffs: RegistryDiffService,
  input: RegistryDiffInput,
  identity: Identity,
): Promise<DiffPeriod> {
  for (const [date, campaign] of [
    ['from', 'fromCampaignId'],
    ['to', 'toCampaignId'],
  ] as const)
    if ((input[date] === undefined) === (input[campaign] === undefined))
      throw badInput(date, `give either ${date} or ${campaign}, not both or neither`);
  const campaigns =
    input.fromCampaignId || input.toCampaignId
      ? await diffs.campaignPeriod(
          input.fromCampaignId ?? input.toCampaignId!,
          input.toCampaignId ?? input.fromCampaignId!,
          !isStaff(identity),
        )
      : undefined;
  return {
    from: input.from ?? campaigns!.from,
    to: input.to ?? campaigns!.to,
    agencyId: input.agencyId,
    kinds: input.kinds,
  };
}

@Resolver(() => RegistryDiff)
export class RegistryDiffResolver {
  constructor(private readonly diffs: RegistryDiffService) {}

  // Only functions in force at one of the dates appear, so the comparison is as public as the registry.
  @Public()
  @HeavyOperation()
  // Each comparison reads every revision twice; a few at most in one request.
  @Extensions({ [COST_EXTENSION]: 5_000 })
  @Query(() => RegistryDiff, {
    description:
      'The registry at two dates (or at the ends of two campaigns) compared: functions added, removed, transferred, retyped and moved.',
  })
  async registryDiff(@Args() args: RegistryDiffArgs, @Context() ctx: GraphQLContext): Promise<RegistryDiff> {
    const period = await periodOf(this.diffs, args.period, ctx.identity);
    const staff = isStaff(ctx.identity);
    const query = new URLSearchParams({ from: period.from, to: period.to });
    if (period.agencyId) query.set('agencyId', period.agencyId);
    return new RegistryDiff(
      {
        from: period.from,
        to: period.to,
        xlsxUrl: `/reports/registry-diff.xlsx?${query.toString()}`,
        changes: mapPage(await this.diffs.page(period, args), (row) => new RegistryChange(publicView(row, staff))),
      },
      // Counted only when asked for.
      () => this.diffs.summary(period),
    );
  }
}
