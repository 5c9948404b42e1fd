import { ContextField } from '#core';
import type { GraphQLContext } from '#core';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Agency, FunctionType, LegalAct, LocalDate, StateFunction } from '#registry';
import { DuplicatePair } from '#review';
import type { TransferRow } from '../transfer/transfer.service.js';

export enum TransferOption {
  COMPETITIVE_ENVIRONMENT = 'COMPETITIVE_ENVIRONMENT',
  SRO = 'SRO',
  LOCAL_SELF_GOVERNMENT = 'LOCAL_SELF_GOVERNMENT',
  OTHER_BODY_OR_LEVEL = 'OTHER_BODY_OR_LEVEL',
  ABOLISH = 'ABOLISH',
}
export enum FlagStrength {
  STRONG = 'STRONG',
  WEAK = 'WEAK',
}
export enum TransferStatus {
  PLANNED = 'PLANNED',
  TRANSFERRED = 'TRANSFERRED',
  MONITORED = 'MONITORED',
  RETURNED = 'RETURNED',
  CANCELLED = 'CANCELLED',
}
export enum MarketKind {
  PROVIDERS = 'PROVIDERS',
  SRO = 'SRO',
}
export enum ClassificationField {
  TYPE = 'TYPE',
  SUPPORTING = 'SUPPORTING',
}
registerEnumType(TransferOption, {
  name: 'TransferOption',
  description: 'Where a function could go instead of the body that holds it.',
});
registerEnumType(FlagStrength, { name: 'FlagStrength', description: 'STRONG when two signals agree, WEAK on one.' });
registerEnumType(TransferStatus, { name: 'TransferStatus' });
registerEnumType(MarketKind, { name: 'MarketKind' });
registerEnumType(ClassificationField, { name: 'ClassificationField' });

@ObjectType()
export class TypeAlternative {
  @Field(() => FunctionType)
  type: FunctionType;

  @Field(() => Float)
  confidence: number;
}

@ObjectType({ description: 'A suggested function type, with the verb and object that decided it.' })
export class TypeSuggestion {
  @Field(() => FunctionType, { nullable: true, description: 'Null when nothing in the statement decides.' })
  type: FunctionType | null;

  @Field(() => Float)
  confidence: number;

  @Field({ description: 'Confident enough to accept without reading twice (the threshold the accuracy figures use).' })
  confident: boolean;

  @Field()
  reason: string;

  @Field(() => String, { nullable: true })
  verb: string | null;

  @Field(() => String, { nullable: true })
  object: string | null;

  @Field(() => [TypeAlternative])
  alternatives: TypeAlternative[];
}

@ObjectType({ description: 'Supporting (maintains the body itself) or public-facing, as suggested.' })
export class SupportingSuggestion {
  @Field(() => Boolean, { nullable: true })
  supporting: boolean | null;

  @Field(() => Float)
  confidence: number;

  @Field()
  confident: boolean;

  @Field()
  reason: string;
}

@ObjectType()
export class FlagReason {
  @Field()
  code: string;

  @Field()
  text: string;
}

@ObjectType({ description: 'An option for where a function could go instead, with the reasons that raised it.' })
export class TransferFlag {
  @Field(() => TransferOption)
  option: TransferOption;

  @Field(() => FlagStrength)
  strength: FlagStrength;

  @Field(() => [FlagReason])
  reasons: FlagReason[];
}

@ObjectType({ description: "A reviewer's decision on a function's type or supporting flag." })
export class ClassificationDecision {
  @Field(() => ID)
  id: string;

  @Field(() => ClassificationField)
  field: ClassificationField;

  @Field(() => String, {
    nullable: true,
    description: 'The value set: a type, or true / false for SUPPORTING; null clears it.',
  })
  value: string | null;

  @Field(() => String, { nullable: true })
  previousValue: string | null;

  @Field(() => String, { nullable: true, description: 'What was suggested when the decision was made.' })
  suggestedValue: string | null;

  @Field(() => Float, { nullable: true })
  suggestedConfidence: number | null;

  @Field({ description: 'The reviewer took the suggestion.' })
  acceptedSuggestion: boolean;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => String, { nullable: true, description: 'Who decided: the signed-in caller.' })
  decidedBy: string | null;

  @Field()
  decidedAt: Date;
}

@ObjectType({ description: 'A provider market or a self-regulating organisation recorded for a sphere.' })
export class SphereMarket {
  @Field(() => ID)
  id: string;

  @Field({ description: 'The sector whose functions it concerns.' })
  sector: string;

  @Field(() => [String], {
    description:
      'Words that narrow the sphere: a function matches when its statement has all of them (any inflection).',
  })
  keywords: string[];

  @Field(() => MarketKind)
  kind: MarketKind;

  @Field()
  name: string;

  @Field(() => Int, { nullable: true, description: 'Number of providers (members, for an SRO), if known.' })
  providers: number | null;

  @Field(() => String, { nullable: true })
  source: string | null;

  @Field(() => String, { nullable: true })
  recordedBy: string | null;

  @Field()
  recordedAt: Date;
}

@ObjectType()
export class TransferEvent {
  @Field(() => TransferStatus, { nullable: true })
  fromStatus: TransferStatus | null;

  @Field(() => TransferStatus)
  toStatus: TransferStatus;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => String, { nullable: true })
  actor: string | null;

  @Field()
  at: Date;
}

@ObjectType({ description: 'An observation of a transferred function: how the new holder performs it.' })
export class TransferObservation {
  @Field(() => ID)
  id: string;

  @Field(() => LocalDate)
  observedOn: string;

  @Field()
  indicator: string;

  @Field(() => String, { nullable: true, description: 'A decimal, as text so that nothing is rounded.' })
  value: string | null;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => String, { nullable: true })
  observedBy: string | null;
}

@ObjectType('FunctionTransfer', {
  description: 'A transfer of a function after the decision, through planned → transferred → monitored (→ returned).',
})
export class FunctionTransfer {
  constructor(row: TransferRow) {
    Object.assign(this, row);
  }

  declare functionId: string;
  declare recipientAgencyId: string | null;
  declare actId: string | null;

  @Field(() => ID)
  id: string;

  @Field(() => TransferOption)
  option: TransferOption;

  @Field(() => TransferStatus)
  status: TransferStatus;

  @Field(() => String, {
    nullable: true,
    description: 'Who took the function over, when it is not a registered agency.',
  })
  recipient: string | null;

  @Field(() => ID, { nullable: true, description: 'The campaign finding that decided the transfer.' })
  findingId: string | null;

  @Field(() => LocalDate, { nullable: true })
  plannedFor: string | null;

  @Field(() => LocalDate, { nullable: true })
  transferredOn: string | null;

  @Field(() => LocalDate, { nullable: true })
  returnedOn: string | null;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field(() => String, { nullable: true })
  createdBy: string | null;

  @Field()
  createdAt: Date;

  @Field(() => Int)
  version: number;

  @ContextField(() => StateFunction)
  function(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.registry.stateFunction.load(this.functionId);
  }

  @ContextField(() => Agency, { nullable: true })
  recipientAgency(_args: unknown, { loaders }: GraphQLContext) {
    return this.recipientAgencyId ? loaders.registry.agency.load(this.recipientAgencyId) : null;
  }

  @ContextField(() => LegalAct, { nullable: true, description: 'The act that transferred it.' })
  act(_args: unknown, { loaders }: GraphQLContext) {
    return this.actId ? loaders.registry.legalAct.load(this.actId) : null;
  }

  @ContextField(() => [TransferEvent])
  events(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.assessment.transferEvents.load(this.id);
  }

  @ContextField(() => [TransferObservation])
  observations(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.assessment.transferObservations.load(this.id);
  }
}

@ObjectType({ description: 'The reasonableness test of a proposed function, before anyone registers it.' })
export class ProposedFunctionAssessment {
  @Field(() => TypeSuggestion)
  suggestedType: TypeSuggestion;

  @Field(() => SupportingSuggestion)
  supportingSuggestion: SupportingSuggestion;

  @Field(() => [DuplicatePair], { description: 'Likely duplicates already in the registry; `a` is null.' })
  duplicates: DuplicatePair[];

  @Field(() => [TransferFlag], { description: 'Where it could sit instead, from the start.' })
  transferFlags: TransferFlag[];
}

@ObjectType({ description: 'A function with the transfer options raised for it.' })
export class TransferCandidate {
  @Field(() => StateFunction)
  function: StateFunction;

  @Field(() => [TransferFlag])
  flags: TransferFlag[];
}
