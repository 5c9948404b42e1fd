import { Allow, ContextField, READERS } from '#core';
import type { GraphQLContext } from '#core';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Agency, GovernmentLevel, LocalDate, StateFunction } from '#registry';
import { TransferOption } from '#assessment';
import { BudgetProgramme } from '#budget';
import type { CampaignRow, FindingRow } from '../campaign.service.js';
import type { SavingLine, Savings, SavingTotal, StaffLine } from '../savings.service.js';

export enum FindingAction {
  KEEP = 'KEEP',
  ABOLISH = 'ABOLISH',
  MERGE = 'MERGE',
  TRANSFER = 'TRANSFER',
  MOVE_LEVEL = 'MOVE_LEVEL',
  CENTRALISE_SUPPORT = 'CENTRALISE_SUPPORT',
}
export enum FindingStatus {
  PROPOSED = 'PROPOSED',
  AGREED = 'AGREED',
  APPROVED = 'APPROVED',
  IMPLEMENTED = 'IMPLEMENTED',
  REJECTED = 'REJECTED',
}
export enum CampaignStatus {
  PLANNED = 'PLANNED',
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
}
registerEnumType(FindingAction, {
  name: 'FindingAction',
  description: 'What a review team proposes to do with a function.',
});
registerEnumType(FindingStatus, {
  name: 'FindingStatus',
  description: 'PROPOSED → AGREED → APPROVED → IMPLEMENTED, or REJECTED.',
});
registerEnumType(CampaignStatus, { name: 'CampaignStatus' });

@ObjectType()
export class TeamMember {
  @Field()
  name: string;

  @Field()
  role: string;
}

@ObjectType({
  description:
    'Separation of duties on findings: who may not take a step after whom. People are told apart by their token subject; ADMIN is bound too.',
})
export class SeparationOfDuties {
  @Field({ description: 'Whoever proposed a finding may not approve it.' })
  approverNotProposer: boolean;

  @Field({ description: 'Whoever proposed a finding may not implement it.' })
  implementerNotProposer: boolean;

  @Field({ description: 'Whoever approved a finding may not implement it.' })
  implementerNotApprover: boolean;

  @Field({ description: 'Whoever proposed a finding may not agree it.' })
  agreerNotProposer: boolean;
}

@ObjectType('ReviewCampaign', { description: 'A functional review: its scope, period and team.' })
export class ReviewCampaign {
  constructor(row: CampaignRow) {
    Object.assign(this, row);
  }

  declare agencyIds: string[];

  @Field(() => ID)
  id: string;

  @Field()
  code: string;

  @Field()
  title: string;

  @Field(() => [GovernmentLevel], { description: 'Levels in scope; empty: all.' })
  levels: GovernmentLevel[];

  @Field(() => [String], { description: 'Sectors in scope; empty: all.' })
  sectors: string[];

  @Field(() => LocalDate)
  startsOn: string;

  @Field(() => LocalDate)
  endsOn: string;

  @Field(() => [TeamMember])
  team: TeamMember[];

  @Field(() => CampaignStatus)
  status: CampaignStatus;

  @Field(() => SeparationOfDuties)
  separationOfDuties: SeparationOfDuties;

  @Allow(...READERS)
  @Field(() => String, { nullable: true, description: 'Who created the campaign (staff only).' })
  createdBy: string | null;

  @Field()
  createdAt: Date;

  @ContextField(() => [Agency], { description: 'Agencies in scope, with their subordinates; empty: all.' })
  agencies(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.registry.agency
      .loadMany(this.agencyIds)
      .then((list) => list.filter((a) => a && !(a instanceof Error)));
  }
}

@ObjectType()
export class FindingEvent {
  @Field(() => FindingStatus, { nullable: true })
  fromStatus: FindingStatus | null;

  @Field(() => FindingStatus)
  toStatus: FindingStatus;

  @Allow(...READERS)
  @Field(() => String, { nullable: true, description: 'An internal note on the step (staff only).' })
  note: string | null;

  @Allow(...READERS)
  @Field(() => String, {
    nullable: true,
    description: "Who took the step: the name in the caller's token (staff only).",
  })
  actor: string | null;

  @Field()
  at: Date;
}

@ObjectType('CampaignFinding', {
  description: 'A finding on one function or a duplicate cluster, with the proposed action and its approval steps.',
})
export class CampaignFinding {
  constructor(row: FindingRow) {
    Object.assign(this, row);
    this.savingsPercent = Number(row.savingsShare) * 100;
  }

  declare functionIds: string[];
  declare mergeIntoId: string | null;

  @Field(() => ID)
  id: string;

  @Field(() => FindingAction)
  action: FindingAction;

  @Field(() => TransferOption, { nullable: true })
  transferOption: TransferOption | null;

  @Field(() => GovernmentLevel, { nullable: true })
  targetLevel: GovernmentLevel | null;

  @Field(() => Float, { description: "Percent of the functions' expenditure and staff the decision frees." })
  savingsPercent: number;

  @Field()
  rationale: string;

  @Field(() => FindingStatus)
  status: FindingStatus;

  @Field(() => ID, { nullable: true })
  reviewRunId: string | null;

  @Field(() => Int, { nullable: true, description: 'The duplicate cluster of the review run the finding is about.' })
  clusterNo: number | null;

  @Allow(...READERS)
  @Field(() => String, { nullable: true, description: 'Who proposed the finding (staff only).' })
  createdBy: string | null;

  @Field()
  createdAt: Date;

  @Field(() => Int)
  version: number;

  @ContextField(() => [StateFunction])
  functions(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.registry.stateFunction
      .loadMany(this.functionIds)
      .then((list) => list.filter((f) => f && !(f instanceof Error)));
  }

  @ContextField(() => StateFunction, { nullable: true, description: 'For MERGE: the function that stays.' })
  mergeInto(_args: unknown, { loaders }: GraphQLContext) {
    return this.mergeIntoId ? loaders.registry.stateFunction.load(this.mergeIntoId) : null;
  }

  @ContextField(() => [FindingEvent], { description: 'Every step, with who and when.' })
  events(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.campaign.findingEvents.load(this.id);
  }
}

@ObjectType({ description: "One budget link's part of a saving: traceable to the link, the programme and the year." })
export class SavingLineView {
  constructor(row: SavingLine) {
    Object.assign(this, row);
  }

  declare functionId: string;
  declare holderId: string;
  declare programmeId: string;

  @Field(() => ID)
  findingId: string;

  @Field(() => ID, { description: 'The budget link (FunctionBudgetLink.id) this figure comes from.' })
  linkId: string;

  @Field(() => Int)
  year: number;

  @Field({ description: "The link's share of the programme, 0 to 1." })
  linkShare: string;

  @Field()
  programmePlanned: string;

  @Field(() => String, { nullable: true })
  programmeActual: string | null;

  @Field({ description: "The finding's savings share, 0 to 1." })
  savingsShare: string;

  @Field({ description: 'programmePlanned × linkShare × savingsShare, in tenge.' })
  freedPlanned: string;

  @Field(() => String, { nullable: true })
  freedActual: string | null;

  @ContextField(() => StateFunction, {
    nullable: true,
    description: 'Null for a caller who may not see the function (a draft, for the public).',
  })
  function(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.registry.stateFunction.load(this.functionId);
  }

  @ContextField(() => Agency)
  holder(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.registry.agency.load(this.holderId);
  }

  @ContextField(() => BudgetProgramme)
  programme(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.budget.programme.load(this.programmeId);
  }
}

@ObjectType({ description: "One headcount row's part of freed staff." })
export class StaffLineView {
  constructor(row: StaffLine) {
    Object.assign(this, row);
  }

  declare functionId: string;
  declare holderId: string;

  @Field(() => ID)
  findingId: string;

  @Field(() => Int)
  year: number;

  @Field()
  staffUnits: string;

  @Field()
  savingsShare: string;

  @Field()
  freedStaff: string;

  @ContextField(() => StateFunction, {
    nullable: true,
    description: 'Null for a caller who may not see the function (a draft, for the public).',
  })
  function(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.registry.stateFunction.load(this.functionId);
  }

  @ContextField(() => Agency)
  holder(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.registry.agency.load(this.holderId);
  }
}

@ObjectType({ description: 'Freed expenditure (tenge) and staff units per year and agency: the sum of the lines.' })
export class SavingTotalView {
  constructor(row: SavingTotal) {
    Object.assign(this, row);
  }

  declare holderId: string;

  @Field(() => Int)
  year: number;

  @Field()
  freedPlanned: string;

  @Field(() => String, { nullable: true, description: 'Null when no actual expenditure is recorded behind it yet.' })
  freedActual: string | null;

  @Field()
  freedStaff: string;

  @ContextField(() => Agency)
  agency(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.registry.agency.load(this.holderId);
  }
}

@ObjectType()
export class CountedOnce {
  @Field(() => ID)
  functionId: string;

  @Field(() => [ID])
  findingIds: string[];

  @Field(() => ID)
  countedUnder: string;
}

@ObjectType('Savings', {
  description: 'What a set of findings frees, with every figure traceable to the links and headcount it comes from.',
})
export class SavingsView {
  constructor(s: Savings) {
    this.findingIds = s.findingIds;
    this.lines = s.lines.map((l) => new SavingLineView(l));
    this.staff = s.staff.map((l) => new StaffLineView(l));
    this.totals = s.totals.map((t) => new SavingTotalView(t));
    this.countedOnce = s.countedOnce;
  }

  @Field(() => [ID])
  findingIds: string[];

  @Field(() => [SavingTotalView])
  totals: SavingTotalView[];

  @Field(() => [SavingLineView])
  lines: SavingLineView[];

  @Field(() => [StaffLineView])
  staff: StaffLineView[];

  @Field(() => [CountedOnce], { description: 'Functions named by several findings, counted once.' })
  countedOnce: CountedOnce[];
}

@ObjectType()
export class ReportFindingCount {
  @Field(() => FindingAction)
  action: FindingAction;

  @Field(() => FindingStatus)
  status: FindingStatus;

  @Field(() => Int)
  findings: number;

  @Field(() => Int)
  functions: number;
}

@ObjectType({ description: "One agency's line of a campaign report." })
export class AgencyReport {
  @Field(() => ID)
  agencyId: string;

  @Field()
  agencyCode: string;

  @Field()
  agencyName: string;

  @Field(() => GovernmentLevel)
  level: GovernmentLevel;

  @Field(() => Int)
  functions: number;

  @Field(() => Int)
  strategic: number;

  @Field(() => Int)
  regulatory: number;

  @Field(() => Int)
  implementing: number;

  @Field(() => Int)
  control: number;

  @Field(() => Int)
  unclassified: number;

  @Field(() => Int)
  transferredOrAbolished: number;

  @Field(() => Int, { description: 'DUPLICATE pairs of the latest review involving the agency.' })
  duplicatePairs: number;

  @Field(() => Int)
  overlapPairs: number;

  @Field(() => Int, { description: 'Active functions with at least one transfer option raised.' })
  transferCandidates: number;

  @Field(() => Int)
  strongTransferCandidates: number;

  @Field(() => [ReportFindingCount])
  decisions: ReportFindingCount[];

  @Field({ description: 'Planned expenditure freed by approved and implemented findings, all years, tenge.' })
  freedPlanned: string;

  @Field()
  freedActual: string;

  @Field()
  freedStaff: string;
}

@ObjectType()
export class CampaignReport {
  @Field(() => ReviewCampaign)
  campaign: ReviewCampaign;

  @Field(() => ID, { nullable: true, description: 'The review run the duplicate figures come from.' })
  reviewRunId: string | null;

  @Field()
  generatedAt: Date;

  @Field(() => [AgencyReport])
  agencies: AgencyReport[];

  @Field(() => SavingsView, { description: 'Savings of the approved and implemented findings.' })
  savings: SavingsView;

  @Field({ description: 'Where to download the same report as an XLSX workbook.' })
  xlsxUrl: string;
}
