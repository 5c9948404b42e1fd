import { Args, Context, Extensions, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  Allow,
  COST_EXTENSION,
  HeavyOperation,
  IntRangePipe,
  mapPage,
  PageArgs,
  Paginated,
  READERS,
  Role,
  toPage,
} from '#core';
import type { GraphQLContext } from '#core';
import { ReviewCheckService } from '../run/review-check.service.js';
import { ReviewQueryService } from '../run/review-query.service.js';
import { ReviewQueue } from '../run/review-queue.js';
import { ReviewRunEntity } from '../run/review-run.entity.js';
import { ReviewRunService } from '../run/review-run.service.js';
import {
  DecideDuplicatePairInput,
  DuplicatePairsArgs,
  PairDecisionsArgs,
  ProposedFunctionInput,
  StartReviewRunInput,
} from './review.inputs.js';
import {
  ControlPile,
  DuplicateCluster,
  DuplicatePair,
  DuplicatePairInstance,
  livePair,
  PairDecision,
  ReviewModel,
  ReviewRun,
  ReviewRunState,
  StatementScopeView,
} from './review.models.js';
import { StateFunction } from '#registry';
import { normalizeStatement } from '../text/normalize.js';
import { statementScope } from '../text/scope.js';
import { ReviewModelService, StoredReviewModel } from '../learn/review-model.service.js';
import { DROP_BELOW, RESTORE_AT } from '../learn/pair-model.js';

const DuplicatePairPage = Paginated(DuplicatePair);
const DuplicateClusterPage = Paginated(DuplicateCluster);
const ControlPilePage = Paginated(ControlPile);
const ReviewRunPage = Paginated(ReviewRun);
const DuplicatePairInstancePage = Paginated(DuplicatePairInstance);
const PairDecisionPage = Paginated(PairDecision);

const modelView = (m: StoredReviewModel): ReviewModel => ({
  id: m.id,
  trainedAt: m.trainedAt,
  trainedBy: m.trainedBy,
  confirmed: m.confirmed,
  dismissed: m.dismissed,
  weights: m.data.features.map((feature, i) => ({ feature, weight: m.data.weights[i] })),
  dropBelow: m.data.dropBelow ?? DROP_BELOW,
  restoreAt: m.data.restoreAt ?? RESTORE_AT,
});

const runView = (run: ReviewRunEntity) => new ReviewRun({ ...run, status: run.status as ReviewRunState });

@Resolver()
export class ReviewResolver {
  constructor(
    private readonly runs: ReviewRunService,
    private readonly queries: ReviewQueryService,
    private readonly checks: ReviewCheckService,
    private readonly queue: ReviewQueue,
    private readonly models: ReviewModelService,
  ) {}

  @Allow(...READERS)
  @Query(() => ReviewRunPage, { description: 'Review runs, newest first.' })
  async reviewRuns(@Args() page: PageArgs) {
    const [items, total] = await this.runs.list(page.take, page.skip);
    return {
      items: items.map(runView),
      totalCount: total,
      skip: page.skip,
      take: page.take,
      hasNextPage: page.skip + items.length < total,
    };
  }

  @Allow(...READERS)
  @Query(() => ReviewRun)
  async reviewRun(@Args('id', { type: () => ID }) id: string) {
    return runView(await this.runs.get(id));
  }

  // A review run is a worker thread over the whole scope: one per request.
  @Extensions({ [COST_EXTENSION]: 20_000 })
  @HeavyOperation()
  @Allow(Role.REVIEWER)
  @Mutation(() => ReviewRun, {
    description:
      'Queues a full review as a job and returns at once, RUNNING if a place was free, QUEUED otherwise; read its status and queuePosition with reviewRun(id). Refused with QUEUE_FULL when REVIEW_MAX_QUEUED runs already wait.',
  })
  async startReviewRun(
    @Context() { actor }: GraphQLContext,
    @Args('input', { nullable: true }) input?: StartReviewRunInput,
  ) {
    return runView(
      await this.queue.enqueue(() =>
        this.runs.start(input?.scope ?? {}, {}, actor ?? undefined, 'QUEUE', input?.useLearnedModel === true),
      ),
    );
  }

  @Allow(...READERS)
  @Query(() => ReviewModel, {
    nullable: true,
    description:
      "The model latest trained on reviewers' decisions, which new runs use; null before the first training.",
  })
  async reviewModel() {
    const m = await this.models.latest();
    return m && modelView(m);
  }

  // Training reads the whole registry and fits the model: as heavy as a small run.
  @Extensions({ [COST_EXTENSION]: 20_000 })
  @HeavyOperation()
  @Allow(Role.REVIEWER)
  @Mutation(() => ReviewModel, {
    description:
      "Trains the review's model on the reviewers' current decisions (confirmed and dismissed pairs whose statements have not changed since). Runs started with useLearnedModel: true use it: it decides which pairs are reported, and each finding says so. Refused with CONFLICT below 20 decisions of either kind.",
  })
  async trainReviewModel(@Context() { actor }: GraphQLContext) {
    return modelView(await this.models.train(actor ?? undefined));
  }

  @Allow(...READERS)
  @Query(() => DuplicatePairPage, {
    description: 'Duplicate and overlapping pairs found by a run (the latest successful one by default).',
  })
  async duplicatePairs(@Args() args: DuplicatePairsArgs) {
    return mapPage(await this.queries.pairs(args), (row) => new DuplicatePair(row));
  }

  @Allow(...READERS)
  @Query(() => PairDecisionPage, {
    description:
      "Reviewers' decisions on pairs that include a function, newest first: those on pairs a run reported and those recorded by hand (a duplicate the review missed, or a look-alike it should not report).",
  })
  async pairDecisions(@Args() args: PairDecisionsArgs) {
    return mapPage(await this.queries.decisionsOf(args), (row) => new PairDecision(row));
  }

  @Allow(...READERS)
  @Query(() => DuplicateClusterPage, {
    description: 'Function families: functions joined by DUPLICATE pairs, largest first.',
  })
  async duplicateClusters(@Args() page: PageArgs, @Args('runId', { type: () => ID, nullable: true }) runId?: string) {
    return mapPage(await this.queries.clusters(runId, page), (row) => new DuplicateCluster(row));
  }

  @Allow(...READERS)
  @Query(() => ControlPilePage, { description: 'Control functions of several holders over the same object or sphere.' })
  async controlPiles(@Args() page: PageArgs, @Args('runId', { type: () => ID, nullable: true }) runId?: string) {
    return mapPage(await this.queries.controlPiles(runId, page), (row) => new ControlPile(row));
  }

  @Allow(...READERS)
  @Query(() => [DuplicatePair], {
    description: "A function's likely duplicates in the registry as it is now (a live check).",
  })
  async functionDuplicates(
    @Context() ctx: GraphQLContext,
    @Args('id', { type: () => ID }) id: string,
    @Args(
      'limit',
      { type: () => Int, defaultValue: 20, description: 'How many pairs, 1 to 100.' },
      new IntRangePipe('limit', 1, 100),
    )
    limit: number,
  ) {
    ctx.noStore = true;
    return (await this.checks.duplicatesOf(id, limit)).map((p) => livePair(p));
  }

  @HeavyOperation()
  @Allow(...READERS)
  @Query(() => [DuplicatePair], {
    description:
      'Likely duplicates of a function someone proposes, before it is registered (fast enough to run as they type); `a` is null.',
  })
  async checkProposedFunction(
    @Context() ctx: GraphQLContext,
    @Args('input') input: ProposedFunctionInput,
    @Args(
      'limit',
      { type: () => Int, defaultValue: 10, description: 'How many pairs, 1 to 100.' },
      new IntRangePipe('limit', 1, 100),
    )
    limit: number,
  ) {
    ctx.noStore = true;
    return (await this.checks.checkProposed(input.title, input.holderId, limit)).map((p) => livePair(p));
  }

  @Allow(Role.REVIEWER, Role.AUDITOR)
  @Mutation(() => DuplicatePair, {
    nullable: true,
    description: 'Confirms or dismisses a pair; a dismissed pair stays dismissed until either text changes.',
  })
  async decideDuplicatePair(@Args('input') input: DecideDuplicatePairInput, @Context() ctx: GraphQLContext) {
    const row = await this.queries.decide(input, ctx.actor ?? undefined);
    return row ? new DuplicatePair(row) : null;
  }
}

/** What a finding stands for: its instances, worked out from the stored structure when asked. */
@Resolver(() => DuplicatePair)
export class DuplicatePairResolver {
  constructor(private readonly queries: ReviewQueryService) {}

  // Each finding's instances are worked out from its groups when asked (up to thousands of
  // territory checks), so a page of findings asking for them costs per finding.
  @Extensions({ [COST_EXTENSION]: 200 })
  @Allow(...READERS)
  @ResolveField(() => DuplicatePairInstancePage, {
    description:
      'Every pair of functions the finding stands for, its own pair among them: a replicated finding stands for one pair on each territory where its holders meet (alsoReplicated + 1 in all).',
  })
  async instances(@Parent() pair: DuplicatePair, @Args() page: PageArgs) {
    const all = await this.queries.instances(pair);
    return toPage(
      all.slice(page.skip, page.skip + page.take).map((x) => new DuplicatePairInstance(x)),
      all.length,
      page,
    );
  }
}

/**
 * A function's statement as the review reads it, for reviewers comparing two statements side by
 * side (Kazakh statements get no scope: no Kazakh lemmatizer is installable).
 */
@Resolver(() => StateFunction)
export class StatementScopeResolver {
  @Allow(...READERS)
  // The lemmatizer reads every word of the statement: a page of 100 of them is worth pricing.
  @Extensions({ [COST_EXTENSION]: 5 })
  @ResolveField(() => StatementScopeView, {
    description: 'What the statement does, to what, where, as the review reads it.',
  })
  statementScope(@Parent() f: StateFunction): StatementScopeView {
    const norm = normalizeStatement(f.title, f.lang);
    const s = statementScope(norm.folded, norm.lang);
    return {
      action: s.action,
      actionClass: s.actionClass,
      object: s.objectHead,
      objectWords: s.objectWords,
      area: s.sphereWords,
      qualifiers: Object.entries(s.qualifiers).flatMap(([group, values]) => values.map((v) => `${group}: ${v}`)),
      generic: s.generic,
    };
  }
}
