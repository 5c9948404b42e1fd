import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, IsDecimal, PageArgs } from '#core';
import { GovernmentLevel, IsOptionalText, IsRegistryCode, IsText, LocalDate } from '#registry';
import { TransferOption } from '#assessment';
import { FindingAction, FindingStatus } from './campaign.models.js';

@InputType()
export class TeamMemberInput {
  @Field()
  @IsText(200)
  name: string;

  @Field({ description: 'e.g. «руководитель группы», «эксперт по бюджету».' })
  @IsText(200)
  role: string;
}

/** A rule given as null is refused rather than read as «unchanged» or «off». */
const IsRuleIfGiven = (): PropertyDecorator => (target, key) => {
  ValidateIf((_o, v) => v !== undefined)(target, key);
  IsBoolean({ message: `${String(key)} must be true or false` })(target, key);
};

@InputType({
  description:
    'Separation of duties on findings: who may not take a step after whom (people are told apart by their token subject; ADMIN included). Rules not given: on creation their defaults, on a change unchanged.',
})
export class SeparationOfDutiesInput {
  @Field(() => Boolean, {
    nullable: true,
    description: 'Whoever proposed a finding may not approve it (default true).',
  })
  @IsRuleIfGiven()
  approverNotProposer?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whoever proposed a finding may not implement it (default true).',
  })
  @IsRuleIfGiven()
  implementerNotProposer?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whoever approved a finding may not implement it (default false).',
  })
  @IsRuleIfGiven()
  implementerNotApprover?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Whoever proposed a finding may not agree it (default false).' })
  @IsRuleIfGiven()
  agreerNotProposer?: boolean;
}

@InputType({
  description:
    'A functional review: scope (agencies with their subordinates, levels, sectors; empty means all), period and team.',
})
export class CreateReviewCampaignInput {
  @Field()
  @IsRegistryCode()
  code: string;

  @Field()
  @IsText(500)
  title: string;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  agencyIds?: string[];

  @Field(() => [GovernmentLevel], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(GovernmentLevel, { each: true })
  levels?: GovernmentLevel[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  sectors?: string[];

  @Field(() => LocalDate)
  @IsCalendarDate()
  startsOn: string;

  @Field(() => LocalDate)
  @IsCalendarDate()
  endsOn: string;

  @Field(() => [TeamMemberInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => TeamMemberInput)
  team?: TeamMemberInput[];

  @Field(() => SeparationOfDutiesInput, { nullable: true, description: 'Rules not given take their defaults.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SeparationOfDutiesInput)
  separationOfDuties?: SeparationOfDutiesInput;
}

@InputType({
  description:
    'A finding: name the functions, or a duplicate cluster of a review run (its members become the functions).',
})
export class ProposeFindingInput {
  @Field(() => ID)
  @IsUUID()
  campaignId: string;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  functionIds?: string[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  reviewRunId?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  clusterNo?: number | null;

  @Field(() => FindingAction)
  @IsEnum(FindingAction)
  action: FindingAction;

  @Field(() => ID, { nullable: true, description: 'MERGE: the function the others merge into (it stays).' })
  @IsOptional()
  @IsUUID()
  mergeIntoId?: string | null;

  @Field(() => TransferOption, { nullable: true, description: 'TRANSFER: where to.' })
  @IsOptional()
  @IsIn(['COMPETITIVE_ENVIRONMENT', 'SRO', 'LOCAL_SELF_GOVERNMENT', 'OTHER_BODY_OR_LEVEL'])
  transferOption?: TransferOption | null;

  @Field(() => GovernmentLevel, { nullable: true, description: 'MOVE_LEVEL: to which level.' })
  @IsOptional()
  @IsEnum(GovernmentLevel)
  targetLevel?: GovernmentLevel | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Percent of the expenditure and staff the decision frees; by default 100 for ABOLISH, MERGE and a transfer to the market or an SRO, 0 otherwise.',
  })
  @IsOptional()
  @IsDecimal(2)
  @Min(0)
  @Max(100)
  savingsPercent?: number | null;

  @Field()
  @IsText(4000)
  rationale: string;
}

@InputType()
export class AdvanceFindingInput {
  @Field(() => ID)
  @IsUUID()
  findingId: string;

  @Field(() => FindingStatus)
  @IsEnum(FindingStatus)
  status: FindingStatus;

  @Field(() => String, { nullable: true })
  @IsOptionalText(2000)
  note?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  version?: number;
}

@InputType()
export class FindingFilter {
  @Field(() => [FindingStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(FindingStatus, { each: true })
  statuses?: FindingStatus[];

  @Field(() => [FindingAction], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(FindingAction, { each: true })
  actions?: FindingAction[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  functionId?: string;
}

@ArgsType()
export class FindingsArgs extends PageArgs {
  @Field(() => ID)
  @IsUUID()
  campaignId: string;

  @Field(() => FindingFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => FindingFilter)
  filter?: FindingFilter;
}

@ArgsType()
export class SavingsArgs {
  @Field(() => [ID], { nullable: true, description: 'The findings to count; or give campaignId.' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @IsUUID('all', { each: true })
  findingIds?: string[];

  @Field(() => ID, { nullable: true, description: "A campaign's findings in the given statuses." })
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @Field(() => [FindingStatus], {
    nullable: true,
    description: 'With campaignId; APPROVED and IMPLEMENTED by default.',
  })
  @IsOptional()
  @IsArray()
  @IsEnum(FindingStatus, { each: true })
  statuses?: FindingStatus[];
}
