import { applyDecorators } from '@nestjs/common';
import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsArray, IsEnum, IsInt, IsNumber, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { IsDecimal, PageArgs } from '#core';
import { GovernmentLevel, IsOptionalText, IsRegistryCode, IsText } from '#registry';
import { BudgetLevel } from './budget.models.js';

const MAX_TENGE = 1e15;
const Money = () => IsDecimal(2);
const Year = () => applyDecorators(IsInt(), Min(1991), Max(2100));

@InputType()
export class CreateBudgetProgrammeInput {
  @Field({ description: 'Administrator and programme code, e.g. 225-001; a subprogramme 225-001-100.' })
  @IsRegistryCode()
  code: string;

  @Field(() => String, { nullable: true, description: 'Code of the programme this is a subprogramme of.' })
  @IsOptional()
  @IsRegistryCode()
  parentCode?: string | null;

  @Field(() => ID, { description: 'The budget programme administrator (agency).' })
  @IsUUID()
  administratorId: string;

  @Field(() => BudgetLevel)
  @IsEnum(BudgetLevel)
  budgetLevel: BudgetLevel;

  @Field(() => String, { nullable: true })
  @IsOptionalText(10)
  functionalGroup?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptionalText(10)
  functionalSubgroup?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptionalText(10)
  cofogGroup?: string | null;

  @Field()
  @IsText(1000)
  nameRu: string;

  @Field(() => String, { nullable: true })
  @IsOptionalText(1000)
  nameKk?: string | null;
}

@InputType({ description: "A programme's expenditure of a year, in tenge." })
export class SetBudgetExpenditureInput {
  @Field(() => ID)
  @IsUUID()
  programmeId: string;

  @Field(() => Int)
  @Year()
  year: number;

  @Field(() => Float)
  @Money()
  @Min(0)
  @Max(MAX_TENGE)
  planned: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Money()
  @Min(0)
  @Max(MAX_TENGE)
  actual?: number | null;
}

@InputType({ description: "Links a share of a programme's expenditure of a year to a function." })
export class LinkBudgetExpenditureInput {
  @Field(() => ID)
  @IsUUID()
  programmeId: string;

  @Field(() => Int)
  @Year()
  year: number;

  @Field(() => ID)
  @IsUUID()
  functionId: string;

  @Field(() => Float, { description: "Percent of the programme's expenditure of the year (more than 0, at most 100)." })
  @IsDecimal(4)
  @Min(0.0001)
  @Max(100)
  sharePercent: number;

  @Field(() => String, { nullable: true })
  @IsOptionalText(2000)
  note?: string | null;
}

@InputType()
export class SetFunctionHeadcountInput {
  @Field(() => ID)
  @IsUUID()
  functionId: string;

  @Field(() => Int)
  @Year()
  year: number;

  @Field(() => Float)
  @IsDecimal(2)
  @Min(0)
  @Max(1_000_000)
  staffUnits: number;

  @Field(() => String, { nullable: true })
  @IsOptionalText(2000)
  note?: string | null;
}

@InputType()
export class SetUnitHeadcountInput {
  @Field(() => ID)
  @IsUUID()
  structuralUnitId: string;

  @Field(() => Int)
  @Year()
  year: number;

  @Field(() => Float)
  @IsDecimal(2)
  @Min(0)
  @Max(1_000_000)
  staffUnits: number;
}

@InputType()
export class BudgetProgrammeFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  administratorId?: string;

  @Field(() => BudgetLevel, { nullable: true })
  @IsOptional()
  @IsEnum(BudgetLevel)
  budgetLevel?: BudgetLevel;

  @Field(() => String, { nullable: true })
  @IsOptionalText(10)
  functionalGroup?: string;

  @Field(() => String, { nullable: true, description: 'Part of the code or the Russian name.' })
  @IsOptionalText(200)
  search?: string;
}

@ArgsType()
export class BudgetProgrammesArgs extends PageArgs {
  @Field(() => BudgetProgrammeFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => BudgetProgrammeFilter)
  filter?: BudgetProgrammeFilter;
}

@ArgsType()
export class UnlinkedExpenditureArgs extends PageArgs {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Year()
  year?: number;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  administratorId?: string;
}

@ArgsType()
export class StaffLoadArgs {
  @Field(() => Int)
  @Year()
  year: number;

  @Field(() => [GovernmentLevel], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(GovernmentLevel, { each: true })
  levels?: GovernmentLevel[];
}

@ArgsType()
export class TypicalStaffingArgs {
  @Field(() => Int)
  @Year()
  year: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Only holders at least this many times above or below the median (e.g. 2).',
  })
  @IsOptional()
  @IsNumber()
  @Min(1)
  minRatio?: number;
}
