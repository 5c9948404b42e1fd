import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsIn, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { CHANGE_LOGGED_TABLES, PageArgs } from '#core';
import { LocalDate } from '../scalars.js';
import { IsOptionalText } from '../validators.js';

/** The history of one thing (a function, an agency, a campaign), newest first. */
@ArgsType()
export class HistoryArgs extends PageArgs {
  @Field(() => ID)
  @IsUUID(undefined, { message: 'id must be a UUID' })
  id: string;
}

@InputType({ description: 'Which entries of the change log: every condition given must hold.' })
export class ChangeFilter {
  @Field(() => String, { nullable: true, description: 'The table changed, e.g. state_function or legal_basis.' })
  @IsOptional()
  @IsIn(CHANGE_LOGGED_TABLES, { message: `table must be one of ${CHANGE_LOGGED_TABLES.join(', ')}` })
  table?: string;

  @Field(() => String, { nullable: true, description: 'Who acted, exactly as recorded.' })
  @IsOptionalText(200)
  actor?: string;

  @Field(() => String, { nullable: true, description: 'The changes of one request.' })
  @IsOptionalText(200)
  requestId?: string;

  @Field(() => Date, { nullable: true, description: 'Changes at or after this moment.' })
  @IsOptional()
  @IsDate()
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Changes before this moment.' })
  @IsOptional()
  @IsDate()
  to?: Date;
}

@ArgsType()
export class ChangesArgs extends PageArgs {
  @Field(() => ChangeFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ChangeFilter)
  filter?: ChangeFilter;
}

/** What an agency held at the end of a date. */
@ArgsType()
export class RegistryAsOfArgs extends PageArgs {
  @Field(() => LocalDate, { description: 'The date (YYYY-MM-DD): the registry as it stood at its end (UTC).' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date YYYY-MM-DD' })
  date: string;

  @Field(() => ID)
  @IsUUID(undefined, { message: 'agencyId must be a UUID' })
  agencyId: string;

  @Field(() => Boolean, {
    defaultValue: true,
    description: 'Include the functions of its subordinate agencies (as they are today).',
  })
  @IsOptional()
  @IsBoolean()
  includeSubordinates = true;
}

@ArgsType()
export class FunctionGrowthArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'One act only.' })
  @IsOptional()
  @IsUUID(undefined, { message: 'actId must be a UUID' })
  actId?: string;
}
