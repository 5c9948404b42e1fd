import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, PageArgs } from '#core';
import { FunctionType, GovernmentLevel, IsOptionalText, IsText, Lang, LocalDate } from '#registry';
import { FlagStrength, MarketKind, TransferOption, TransferStatus } from './assessment.models.js';

@InputType({ description: 'Sets a function type; give `type` (null: unclassified) or `acceptSuggestion: true`.' })
export class DecideFunctionTypeInput {
  @Field(() => ID)
  @IsUUID()
  functionId: string;

  @Field(() => FunctionType, { nullable: true })
  @IsOptional()
  @IsEnum(FunctionType)
  type?: FunctionType | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  acceptSuggestion?: boolean;

  @Field(() => String, { nullable: true })
  @IsOptionalText(2000)
  note?: string | null;

  @Field(() => Int, { nullable: true, description: 'The version you read; a newer one is refused with CONFLICT.' })
  @IsOptional()
  @IsInt()
  version?: number;
}

/** The most functions one bulk acceptance takes: a page of the workbench's list, one transaction. */
export const MAX_BULK_ACCEPT = 100;

@InputType({ description: 'A function, with the version its reader saw (a newer one is refused with CONFLICT).' })
export class FunctionVersionInput {
  @Field(() => ID)
  @IsUUID()
  functionId: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  version?: number;
}

@InputType({ description: 'Accepts the suggested types of several functions at once: all of them, or none.' })
export class AcceptSuggestedTypesInput {
  @Field(() => [FunctionVersionInput], { description: `1 to ${MAX_BULK_ACCEPT} functions, each once.` })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_BULK_ACCEPT)
  @ArrayUnique((i: FunctionVersionInput) => i.functionId, { message: 'items: each function once' })
  @ValidateNested({ each: true })
  @Type(() => FunctionVersionInput)
  items: FunctionVersionInput[];

  @Field(() => String, { nullable: true, description: 'Kept with each decision.' })
  @IsOptionalText(2000)
  note?: string | null;
}

@InputType({
  description:
    'Marks a function supporting or public-facing; give `supporting` (null: not assessed) or `acceptSuggestion: true`.',
})
export class DecideFunctionSupportingInput {
  @Field(() => ID)
  @IsUUID()
  functionId: string;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  supporting?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  acceptSuggestion?: boolean;

  @Field(() => String, { nullable: true })
  @IsOptionalText(2000)
  note?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  version?: number;
}

@InputType()
export class RecordSphereMarketInput {
  @Field()
  @IsText(100)
  sector: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  keywords?: string[];

  @Field(() => MarketKind)
  @IsEnum(MarketKind)
  kind: MarketKind;

  @Field()
  @IsText(500)
  name: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  providers?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptionalText(1000)
  source?: string | null;
}

const TRANSFER_OPTIONS = [
  TransferOption.COMPETITIVE_ENVIRONMENT,
  TransferOption.SRO,
  TransferOption.LOCAL_SELF_GOVERNMENT,
  TransferOption.OTHER_BODY_OR_LEVEL,
];

@InputType()
export class PlanTransferInput {
  @Field(() => ID)
  @IsUUID()
  functionId: string;

  @Field(() => TransferOption, {
    description: 'Not ABOLISH: an abolition is a decision of a campaign, not a transfer.',
  })
  @IsIn(TRANSFER_OPTIONS, { message: `option must be one of ${TRANSFER_OPTIONS.join(', ')}` })
  option: TransferOption;

  @Field(() => String, { nullable: true })
  @IsOptionalText(500)
  recipient?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  recipientAgencyId?: string | null;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  @IsCalendarDate()
  plannedFor?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptionalText(2000)
  reason?: string | null;
}

@InputType()
export class AdvanceTransferInput {
  @Field(() => ID)
  @IsUUID()
  transferId: string;

  @Field(() => TransferStatus)
  @IsEnum(TransferStatus)
  status: TransferStatus;

  @Field(() => LocalDate, {
    nullable: true,
    description: 'When it was transferred or returned (required for those steps).',
  })
  @IsOptional()
  @IsCalendarDate()
  on?: string | null;

  @Field(() => ID, { nullable: true, description: 'The act that decided the step.' })
  @IsOptional()
  @IsUUID()
  actId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptionalText(500)
  recipient?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  recipientAgencyId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptionalText(2000)
  note?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  version?: number;
}

@InputType()
export class RecordTransferObservationInput {
  @Field(() => ID)
  @IsUUID()
  transferId: string;

  @Field(() => LocalDate)
  @IsCalendarDate()
  observedOn: string;

  @Field({ description: 'What was observed, e.g. «число жалоб», «стоимость услуги, тенге».' })
  @IsText(300)
  indicator: string;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptionalText(2000)
  note?: string | null;
}

@InputType({ description: 'A function that is not registered yet, for the reasonableness test.' })
export class ProposedAssessmentInput {
  @Field({ description: 'The function statement.' })
  @IsText(4000)
  title: string;

  @Field(() => ID, { description: 'The agency that would hold it.' })
  @IsUUID()
  holderId: string;

  @Field(() => String, { nullable: true })
  @IsOptionalText(100)
  sector?: string | null;

  @Field(() => Lang, { nullable: true })
  @IsOptional()
  @IsEnum(Lang)
  lang?: Lang | null;

  @Field(() => Boolean, { nullable: true, description: 'If already known: supporting rather than public-facing.' })
  @IsOptional()
  @IsBoolean()
  supporting?: boolean | null;
}

@InputType()
export class TransferCandidateFilter {
  @Field(() => [TransferOption], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(TransferOption, { each: true })
  options?: TransferOption[];

  @Field(() => FlagStrength, {
    nullable: true,
    description: 'Only flags at least this strong (STRONG: only strong ones).',
  })
  @IsOptional()
  @IsEnum(FlagStrength)
  minStrength?: FlagStrength;

  @Field(() => ID, { nullable: true, description: 'Functions of this agency and its subordinates.' })
  @IsOptional()
  @IsUUID()
  agencyId?: string;

  @Field(() => [GovernmentLevel], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(GovernmentLevel, { each: true })
  levels?: GovernmentLevel[];

  @Field(() => String, { nullable: true })
  @IsOptionalText(100)
  sector?: string;
}

@ArgsType()
export class TransferCandidatesArgs extends PageArgs {
  @Field(() => TransferCandidateFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => TransferCandidateFilter)
  filter?: TransferCandidateFilter;
}

@InputType()
export class TransferFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  functionId?: string;

  @Field(() => [TransferStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(TransferStatus, { each: true })
  statuses?: TransferStatus[];

  @Field(() => [TransferOption], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(TransferOption, { each: true })
  options?: TransferOption[];
}

@ArgsType()
export class TransfersArgs extends PageArgs {
  @Field(() => TransferFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => TransferFilter)
  filter?: TransferFilter;
}
