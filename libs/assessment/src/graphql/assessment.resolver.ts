import { Args, Context, Extensions, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, COST_EXTENSION, LIST_SIZE_EXTENSION, Paginated, READERS, Role } from '#core';
import type { GraphQLContext } from '#core';
import { FunctionScope, StateFunction } from '#registry';
import { livePair } from '#review';
import { AssessmentService, flagsOf } from '../assessment.service.js';
import { ClassificationDecisionService } from '../classification-decision.service.js';
import { suggestSupporting, suggestType } from '../classify/index.js';
import { MarketService } from '../transfer/market.service.js';
import { TransferService } from '../transfer/transfer.service.js';
import {
  AcceptSuggestedTypesInput,
  AdvanceTransferInput,
  DecideFunctionSupportingInput,
  DecideFunctionTypeInput,
  PlanTransferInput,
  ProposedAssessmentInput,
  RecordSphereMarketInput,
  RecordTransferObservationInput,
  TransferCandidatesArgs,
  TransfersArgs,
  MAX_BULK_ACCEPT,
} from './assessment.inputs.js';
import {
  ClassificationDecision,
  FunctionTransfer,
  ProposedFunctionAssessment,
  SphereMarket,
  SupportingSuggestion,
  TransferCandidate,
  TransferFlag,
  TypeSuggestion,
} from './assessment.models.js';

const TransferPage = Paginated(FunctionTransfer);
const TransferCandidatePage = Paginated(TransferCandidate);

/** The suggestions, flags and transfers of functions, and the reasonableness test. */
const TRANSFER_FUNCTION = `SELECT function_id AS id FROM function_transfer WHERE id = $1`;

@Resolver(() => StateFunction)
export class AssessmentResolver {
  constructor(
    private readonly assessment: AssessmentService,
    private readonly decisions: ClassificationDecisionService,
    private readonly markets: MarketService,
    private readonly transfers: TransferService,
    private readonly scope: FunctionScope,
  ) {}

  @Allow(...READERS)
  @ResolveField(() => TypeSuggestion, {
    description: 'The suggested type, with the verb and object that decided it; reviewers accept or override.',
  })
  suggestedType(@Parent() f: StateFunction) {
    return suggestType(f.title, f.lang);
  }

  @Allow(...READERS)
  @ResolveField(() => SupportingSuggestion, { description: 'Supporting vs public-facing, as suggested.' })
  supportingSuggestion(@Parent() f: StateFunction) {
    return suggestSupporting(f.title, f.lang);
  }

  @Allow(...READERS)
  @ResolveField(() => [TransferFlag], {
    description:
      'Where the function could go instead, with reasons (markets and SROs recorded per sphere, the latest review).',
  })
  async transferFlags(@Parent() f: StateFunction, @Context() { loaders }: GraphQLContext) {
    const [holder, markets, duplicates] = await Promise.all([
      loaders.registry.agency.load(f.holderId),
      loaders.assessment.markets(),
      loaders.assessment.duplicates.load(f.id),
    ]);
    return flagsOf(
      {
        id: f.id,
        title: f.title,
        lang: f.lang,
        type: f.type,
        supporting: f.supporting,
        sector: f.sector,
        holder: { code: holder?.code ?? '', level: holder?.level ?? '', kind: holder?.kind ?? '' },
      },
      markets,
      duplicates,
    );
  }

  @Allow(...READERS)
  @ResolveField(() => [ClassificationDecision], {
    description: "Reviewers' decisions on type and supporting flag, newest first.",
  })
  classificationDecisions(@Parent() f: StateFunction, @Context() { loaders }: GraphQLContext) {
    return loaders.assessment.decisions.load(f.id);
  }

  @Allow(...READERS)
  @ResolveField('transfers', () => [FunctionTransfer], { description: 'Transfers of this function, newest first.' })
  transfersOf(@Parent() f: StateFunction, @Context() { loaders }: GraphQLContext) {
    return loaders.assessment.transfers.load(f.id);
  }

  @Allow(...READERS)
  @Query(() => ProposedFunctionAssessment, {
    description:
      'The reasonableness test of a proposed function: suggested type, likely duplicates and transfer options, before it is registered.',
  })
  async assessProposedFunction(@Context() ctx: GraphQLContext, @Args('input') input: ProposedAssessmentInput) {
    ctx.noStore = true;
    const r = await this.assessment.assessProposed(input);
    return { ...r, duplicates: r.duplicates.map((p) => livePair(p)) };
  }

  @Allow(...READERS)
  @Query(() => TransferCandidatePage, {
    description: 'Functions with transfer options raised, strongest first (a scope of at most 100,000 functions).',
  })
  async transferCandidates(@Args() args: TransferCandidatesArgs, @Context() ctx: GraphQLContext) {
    const { items, total } = await this.assessment.candidates(args.filter ?? {}, args.skip, args.take);
    const functions = await ctx.loaders.registry.stateFunction.loadMany(items.map((i) => i.functionId));
    return {
      items: items.map((i, k) => ({ function: functions[k], flags: i.flags })),
      totalCount: total,
      skip: args.skip,
      take: args.take,
      hasNextPage: args.skip + items.length < total,
    };
  }

  @Allow(...READERS)
  @Query(() => [SphereMarket], { description: 'Provider markets and SROs recorded per sphere.' })
  sphereMarkets(@Args('sector', { nullable: true }) sector?: string) {
    return this.markets.list(sector);
  }

  @Allow(...READERS)
  @Query(() => TransferPage, { description: 'Transfers, newest first.' })
  async functionTransfers(@Args() args: TransfersArgs) {
    const [rows, total] = await this.transfers.list(args.filter ?? {}, args.take, args.skip);
    return {
      items: rows.map((t) => new FunctionTransfer(t)),
      totalCount: total,
      skip: args.skip,
      take: args.take,
      hasNextPage: args.skip + rows.length < total,
    };
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => ClassificationDecision, {
    description: "Sets a function's type, or accepts the suggestion; the decision is kept with who made it.",
  })
  async decideFunctionType(@Args('input') input: DecideFunctionTypeInput, @Context() ctx: GraphQLContext) {
    await this.scope.assertFunctions(ctx.identity, [input.functionId]);
    return this.decisions.decideType(input, ctx.actor);
  }

  @Allow(Role.REVIEWER)
  // A write per function: as many as the input names, up to MAX_BULK_ACCEPT.
  @Extensions({ [COST_EXTENSION]: 10 * MAX_BULK_ACCEPT, [LIST_SIZE_EXTENSION]: MAX_BULK_ACCEPT })
  @Mutation(() => [ClassificationDecision], {
    description:
      'Accepts the suggested types of several functions (1 to 100) in one transaction; if any was changed since its version or has no suggestion, nothing is changed.',
  })
  async acceptSuggestedTypes(@Args('input') input: AcceptSuggestedTypesInput, @Context() ctx: GraphQLContext) {
    await this.scope.assertFunctions(
      ctx.identity,
      input.items.map((i) => i.functionId),
    );
    return this.decisions.acceptTypes(input.items, input.note, ctx.actor);
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => ClassificationDecision, {
    description: 'Marks a function supporting or public-facing, or accepts the suggestion.',
  })
  async decideFunctionSupporting(@Args('input') input: DecideFunctionSupportingInput, @Context() ctx: GraphQLContext) {
    await this.scope.assertFunctions(ctx.identity, [input.functionId]);
    return this.decisions.decideSupporting(input, ctx.actor);
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => SphereMarket, { description: 'Records a provider market or an SRO for a sphere (market readiness).' })
  recordSphereMarket(@Args('input') input: RecordSphereMarketInput, @Context() ctx: GraphQLContext) {
    return this.markets.record(input, ctx.actor);
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => Boolean)
  deleteSphereMarket(@Args('id', { type: () => ID }) id: string) {
    return this.markets.remove(id);
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => FunctionTransfer, { description: 'Plans the transfer of a function (after the decision).' })
  async planTransfer(@Args('input') input: PlanTransferInput, @Context() ctx: GraphQLContext) {
    await this.scope.assertFunctions(ctx.identity, [input.functionId]);
    return new FunctionTransfer(await this.transfers.plan(input, ctx.actor));
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => FunctionTransfer, {
    description: 'Moves a transfer on: TRANSFERRED (to whom, when, by which act), MONITORED, RETURNED or CANCELLED.',
  })
  async advanceTransfer(@Args('input') input: AdvanceTransferInput, @Context() ctx: GraphQLContext) {
    await this.scope.assertFunctionsOf(ctx.identity, TRANSFER_FUNCTION, [input.transferId]);
    return new FunctionTransfer(await this.transfers.advance(input, ctx.actor));
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => FunctionTransfer, { description: 'Records an observation of a transferred function (monitoring).' })
  async recordTransferObservation(
    @Args('input') input: RecordTransferObservationInput,
    @Context() ctx: GraphQLContext,
  ) {
    await this.scope.assertFunctionsOf(ctx.identity, TRANSFER_FUNCTION, [input.transferId]);
    const o = await this.transfers.observe(input, ctx.actor);
    const [t] = await this.transfers.byIds([o.transferId]);
    return new FunctionTransfer(t);
  }
}
