import { ArgsType, Field, Float, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsArray,
  IsEnum,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageArgs } from '#core';
import { GovernmentLevel } from '#registry';
import { DuplicateAxis, DuplicateBand, ReviewStatus } from './review.models.js';

@InputType({ description: 'What a review looks at; empty means the whole active registry.' })
export class ReviewScopeInput {
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  sectors?: string[];

  @Field(() => [ID], { nullable: true, description: 'Agencies, each with its subordinates.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  agencyIds?: string[];

  @Field(() => [GovernmentLevel], { nullable: true })
  @IsOptional()
  @IsEnum(GovernmentLevel, { each: true })
  levels?: GovernmentLevel[];
}

@InputType()
export class StartReviewRunInput {
  @Field(() => ReviewScopeInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReviewScopeInput)
  scope?: ReviewScopeInput;

  @Field({
    nullable: true,
    description:
      "Let the model latest trained on reviewers' decisions (trainReviewModel) decide which pairs are reported. Default false: the rules alone (on the labelled sets the model lowers look-alikes but loses recall; see docs/review-method.md).",
  })
  @IsOptional()
  @IsBoolean()
  useLearnedModel?: boolean;
}

@InputType()
export class DuplicatePairFilter {
  @Field(() => [DuplicateAxis], { nullable: true })
  @IsOptional()
  @IsEnum(DuplicateAxis, { each: true })
  axes?: DuplicateAxis[];

  @Field(() => [DuplicateBand], { nullable: true })
  @IsOptional()
  @IsEnum(DuplicateBand, { each: true })
  bands?: DuplicateBand[];

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  minScore?: number;

  @Field(() => ID, {
    nullable: true,
    description: 'Pairs where either function is held by this agency or one of its subordinates.',
  })
  @IsOptional()
  @IsUUID()
  agencyId?: string;

  @Field(() => [GovernmentLevel], {
    nullable: true,
    description: 'Pairs where either holder is at one of these levels.',
  })
  @IsOptional()
  @IsEnum(GovernmentLevel, { each: true })
  levels?: GovernmentLevel[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sector?: string;

  @Field(() => [ReviewStatus], {
    nullable: true,
    description: 'OPEN and CONFIRMED by default: dismissed pairs stay out of sight.',
  })
  @IsOptional()
  @IsEnum(ReviewStatus, { each: true })
  reviewStatuses?: ReviewStatus[];
}

@ArgsType()
export class DuplicatePairsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'The run; the latest successful one by default.' })
  @IsOptional()
  @IsUUID()
  runId?: string;

  @Field(() => DuplicatePairFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => DuplicatePairFilter)
  filter?: DuplicatePairFilter;

  @Field(() => String, { defaultValue: 'SCORE_DESC', description: 'SCORE_DESC or SCORE_ASC.' })
  @IsOptional()
  @IsIn(['SCORE_DESC', 'SCORE_ASC'])
  sort?: 'SCORE_DESC' | 'SCORE_ASC';
}

@InputType()
export class DecideDuplicatePairInput {
  @Field(() => ID)
  @IsUUID()
  functionA: string;

  @Field(() => ID)
  @IsUUID()
  functionB: string;

  @Field(() => ReviewStatus, { description: 'CONFIRMED or DISMISSED; OPEN withdraws a decision.' })
  @IsEnum(ReviewStatus)
  status: ReviewStatus;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;
}

@InputType({ description: 'A function that is not (yet) in the registry, to check before registering it.' })
export class ProposedFunctionInput {
  @Field({ description: 'The function statement.' })
  @IsString()
  @MaxLength(4000)
  title: string;

  @Field(() => ID, { description: 'The agency that would hold it.' })
  @IsUUID()
  holderId: string;
}

@ArgsType()
export class PairDecisionsArgs extends PageArgs {
  @Field(() => ID, { description: 'The function whose decided pairs to list (either side of the pair).' })
  @IsUUID(undefined, { message: 'functionId must be a UUID' })
  functionId: string;

  @Field(() => ReviewStatus, {
    nullable: true,
    description: 'Only CONFIRMED or only DISMISSED pairs; both by default.',
  })
  @IsOptional()
  @IsIn([ReviewStatus.CONFIRMED, ReviewStatus.DISMISSED], { message: 'status must be CONFIRMED or DISMISSED' })
  status?: ReviewStatus;
}
