import { ContextField } from '#core';
import type { GraphQLContext } from '#core';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { StateFunction } from '#registry';
import type { ReviewPair } from '../engine/types.js';

/** The id a proposed (unregistered) function carries in a live check. */
export const PROPOSED = 'proposed';

export enum DuplicateBand {
  DUPLICATE = 'DUPLICATE',
  OVERLAP = 'OVERLAP',
}
export enum DuplicateAxis {
  VERTICAL = 'VERTICAL',
  HORIZONTAL = 'HORIZONTAL',
  STATE_VS_SELF_GOVERNMENT = 'STATE_VS_SELF_GOVERNMENT',
  COLLEGIAL_VS_HEAD = 'COLLEGIAL_VS_HEAD',
  WITHIN_AGENCY = 'WITHIN_AGENCY',
}
export enum ReviewStatus {
  OPEN = 'OPEN',
  CONFIRMED = 'CONFIRMED',
  DISMISSED = 'DISMISSED',
}
export enum ReviewRunState {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}
registerEnumType(DuplicateBand, {
  name: 'DuplicateBand',
  description: 'DUPLICATE: the same function; OVERLAP: one contains or shares the other.',
});
registerEnumType(DuplicateAxis, {
  name: 'DuplicateAxis',
  description: 'Where two holders collide (the delimitations of the Concept 2030).',
});
registerEnumType(ReviewStatus, { name: 'ReviewStatus' });
registerEnumType(ReviewRunState, {
  name: 'ReviewRunState',
  description:
    'QUEUED: waiting for a free place (REVIEW_MAX_RUNNING); RUNNING: computing; SUCCEEDED, FAILED: finished.',
});

@ObjectType('DuplicateReason', { description: 'One piece of evidence for a pair, for an auditor to read.' })
export class DuplicateReason {
  @Field({
    description:
      'Stable code: SHARED_TERMS, CONTAINMENT, SHARED_CLAUSE, SAME_ACTION, SAME_DOMAIN, HOLDERS, SHARED_LEGAL_BASIS, REPLICATED, SCOPE_CONTAINS, SCOPE_DISJOINT, DIVISION_OF_LABOUR, DIFFERENT_OBJECTS, LEARNED.',
  })
  code: string;

  @Field({ description: 'In English, with the statements’ own words quoted.' })
  text: string;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description:
      'The values the text is made of (key terms, percentages, the holders’ codes, levels and places, the qualifiers that differ...), for a client that words the reason in its own language, as the workbench does; null on findings stored before reasons carried them.',
  })
  params?: Record<string, unknown> | null;
}

@ObjectType('ReviewRun', {
  description: 'A full review of the registry or of a scope, with its parameters, statistics and timings.',
})
export class ReviewRun {
  constructor(row: ReviewRun) {
    Object.assign(this, row);
  }

  @Field(() => ID)
  id: string;

  @Field(() => ReviewRunState)
  status: ReviewRunState;

  @Field(() => Int, {
    nullable: true,
    description: 'Place in the queue while QUEUED (1: the next to start); null otherwise.',
  })
  queuePosition: number | null;

  @Field(() => GraphQLJSONObject)
  scope: Record<string, unknown>;

  @Field(() => GraphQLJSONObject)
  parameters: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Functions, distinct statements, candidates, pairs by band and axis, clusters.',
  })
  stats: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Milliseconds per stage.' })
  timings: Record<string, number> | null;

  @Field(() => String, { nullable: true })
  error: string | null;

  @Field({ description: 'When the run was asked for.' })
  requestedAt: Date;

  @Field({ description: 'When the run began computing; while it is queued, when it was asked for.' })
  startedAt: Date;

  @Field(() => Date, { nullable: true })
  finishedAt: Date | null;
}

export interface PairRow {
  id: string;
  runId: string;
  functionA: string;
  functionB: string;
  band: DuplicateBand;
  axis: DuplicateAxis;
  score: number;
  reasons: DuplicateReason[];
  alsoReplicated: number;
  clusterNo: number | null;
  decision: ReviewStatus | null;
  decisionNote: string | null;
  /** The groups of replicated bodies the finding stands for on each side (stored runs only). */
  groupA?: number | null;
  groupB?: number | null;
}

@ObjectType('DuplicatePair', { description: 'Two functions found to be the same or to overlap, with why.' })
export class DuplicatePair {
  constructor(row: PairRow) {
    Object.assign(this, row);
  }

  @Field(() => ID, { nullable: true, description: 'Null for a pair found by a live check rather than a stored run.' })
  id: string | null;

  @Field(() => DuplicateBand)
  band: DuplicateBand;

  @Field(() => DuplicateAxis)
  axis: DuplicateAxis;

  @Field(() => Float, { description: 'Strength of the match, 0 to 1.' })
  score: number;

  @Field(() => [DuplicateReason])
  reasons: DuplicateReason[];

  @Field(() => Int, {
    description: 'How many more bodies of the same kind state `b` word for word and collide with `a` likewise.',
  })
  alsoReplicated: number;

  @Field(() => Int, { nullable: true, description: 'The duplicate cluster both functions belong to, in the run.' })
  clusterNo: number | null;

  declare decision: ReviewStatus | null;
  declare functionA: string;
  declare functionB: string;
  declare runId: string;
  declare groupA: number | null | undefined;
  declare groupB: number | null | undefined;

  @Field(() => ReviewStatus, {
    description: "A reviewer's decision; OPEN when there is none or either text changed since.",
  })
  get reviewStatus(): ReviewStatus {
    return this.decision ?? ReviewStatus.OPEN;
  }

  @Field(() => String, { nullable: true })
  decisionNote: string | null;

  @ContextField(() => StateFunction, {
    nullable: true,
    description: 'Null in a check of a proposed function, which is not registered.',
  })
  a(_args: unknown, { loaders }: GraphQLContext) {
    return this.functionA === PROPOSED ? null : loaders.registry.stateFunction.load(this.functionA);
  }

  @ContextField(() => StateFunction)
  b(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.registry.stateFunction.load(this.functionB);
  }
}

@ObjectType('DuplicateCluster', {
  description: 'A function family: functions joined by DUPLICATE pairs, held by several holders.',
})
export class DuplicateCluster {
  constructor(row: { clusterNo: number; size: number; functionIds: string[] }) {
    Object.assign(this, row);
  }

  @Field(() => Int)
  clusterNo: number;

  @Field(() => Int)
  size: number;

  declare functionIds: string[];

  @ContextField(() => [StateFunction])
  functions(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.registry.stateFunction.loadMany(this.functionIds);
  }
}

@ObjectType('ControlPile', { description: 'Control functions of several holders over the same object or sphere.' })
export class ControlPile {
  constructor(row: { sphere: string[]; holders: number; functionIds: string[] }) {
    Object.assign(this, row);
  }

  @Field(() => [String], { description: 'The words that name the shared object or sphere.' })
  sphere: string[];

  @Field(() => Int, { description: 'Distinct holders that control it.' })
  holders: number;

  declare functionIds: string[];

  @ContextField(() => [StateFunction])
  functions(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.registry.stateFunction.loadMany(this.functionIds);
  }
}

@ObjectType('DuplicatePairInstance', {
  description: 'One pair of functions a finding stands for: a replicated finding stands for one on each territory.',
})
export class DuplicatePairInstance {
  constructor(row: { functionA: string; functionB: string }) {
    Object.assign(this, row);
  }

  declare functionA: string;
  declare functionB: string;

  @ContextField(() => StateFunction)
  a(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.registry.stateFunction.load(this.functionA);
  }

  @ContextField(() => StateFunction)
  b(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.registry.stateFunction.load(this.functionB);
  }
}

export interface PairDecisionRow {
  other: string;
  status: ReviewStatus;
  note: string | null;
  decidedBy: string | null;
  decidedAt: Date;
  current: boolean;
}

@ObjectType('PairDecision', {
  description:
    "A reviewer's decision on a pair of functions, as seen from one of them: any two functions can be decided, also those no run reported (training data for the review's model).",
})
export class PairDecision {
  constructor(row: PairDecisionRow) {
    Object.assign(this, row);
  }

  declare other: string;

  @ContextField(() => StateFunction, { description: 'The other function of the pair.' })
  function(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.registry.stateFunction.load(this.other);
  }

  @Field(() => ReviewStatus, {
    description: 'CONFIRMED (the same or overlapping duty) or DISMISSED (not a duplicate).',
  })
  status: ReviewStatus;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => String, { nullable: true, description: 'Who decided, as the identity named them.' })
  decidedBy: string | null;

  @Field(() => Date)
  decidedAt: Date;

  @Field({
    description:
      'False when either statement has changed since the decision: it then no longer counts (findings show the pair OPEN and training leaves it out) until decided again.',
  })
  current: boolean;
}

/** A live check's pair, shaped as a stored one (no id, no decision yet). */
export function livePair(p: ReviewPair): DuplicatePair {
  const row: PairRow = {
    id: null as unknown as string,
    runId: '',
    functionA: p.a.id,
    functionB: p.b.id,
    band: p.band as PairRow['band'],
    axis: p.axis as PairRow['axis'],
    score: p.score,
    reasons: p.reasons,
    alsoReplicated: p.alsoReplicatedBy,
    clusterNo: null,
    decision: null,
    decisionNote: null,
  };
  return new DuplicatePair(row);
}

@ObjectType('ReviewModelWeight', {
  description: 'How much one feature of a pair moves the model towards confirming it.',
})
export class ReviewModelWeight {
  @Field()
  feature: string;

  @Field(() => Float, { description: 'Weight of the standardised feature: positive favours confirming.' })
  weight: number;
}

@ObjectType('ReviewModel', {
  description:
    "A model the review learned from reviewers' decisions: logistic regression over the engine's features, trained by trainReviewModel. Runs started with useLearnedModel: true use the latest.",
})
export class ReviewModel {
  @Field(() => ID)
  id: string;

  @Field()
  trainedAt: Date;

  @Field(() => String, { nullable: true })
  trainedBy: string | null;

  @Field(() => Int, { description: 'Confirmed pairs it learned from.' })
  confirmed: number;

  @Field(() => Int, { description: 'Dismissed pairs it learned from.' })
  dismissed: number;

  @Field(() => [ReviewModelWeight])
  weights: ReviewModelWeight[];

  @Field(() => Float, {
    description:
      "A pair the rules report is dropped when the model's chance of a confirmation is below this: placed from the decisions by cross-validation so that few pairs the reviewers would confirm are dropped.",
  })
  dropBelow: number;

  @Field(() => Float, {
    description:
      "A pair the scope rules hold distinct is reported when the model's chance of a confirmation is at least this: placed from the decisions by cross-validation so that at least half of what comes back would be confirmed (1 when nothing should come back).",
  })
  restoreAt: number;
}

@ObjectType({
  description:
    'What a statement does, to what, where, as the review reads it: the parts that decide whether two statements can be one duty.',
})
export class StatementScopeView {
  @Field(() => [String], {
    description: 'Dictionary forms of the action (the verb, or the action noun a light verb carries).',
  })
  action: string[];

  @Field({ description: 'RULES, DECIDE, PROPOSE, CONTROL, COORDINATE, EXECUTE or NONE.' })
  actionClass: string;

  @Field(() => String, { nullable: true, description: 'The head noun of the object, in its dictionary form.' })
  object: string | null;

  @Field(() => [String], { description: 'Words that narrow the object, as written.' })
  objectWords: string[];

  @Field(() => [String], { description: 'The area named («в области …», «в сфере …»), as written.' })
  area: string[];

  @Field(() => [String], { description: 'Scope qualifiers, as «group: value» (level of government, of education, …).' })
  qualifiers: string[];

  @Field({ description: 'The statement names a whole area and nothing narrower.' })
  generic: boolean;
}
