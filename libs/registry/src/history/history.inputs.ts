import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { CHANGE_LOGGED_TABLES, PageArgs } from '#core';
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
