import { ArgsType, Field, ID, InputType, Int, PartialType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsUrl, IsUUID, Matches, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate, PageArgs } from '#core';
import { LegalActStatus, LegalActType } from '../../enums.js';
import { LocalDate } from '../../scalars.js';
import { IsOptionalText, IsText } from '../../validators.js';

const ADILET_CODE = /^[A-Za-z0-9_]{3,40}$/;

@InputType()
export class CreateLegalActInput {
  @Field({
    description: 'The citation, e.g. «Закон Республики Казахстан от 27 июля 2007 года № 319-III «Об образовании»».',
  })
  @IsText(2000)
  title: string;

  @Field(() => LegalActType, { nullable: true, description: 'On create, read from the title when omitted.' })
  @IsOptional()
  @IsEnum(LegalActType)
  actType?: LegalActType;

  @Field(() => String, { nullable: true })
  @IsOptionalText(100)
  number?: string | null;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  @IsCalendarDate()
  adoptedOn?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(ADILET_CODE, { message: 'adiletCode must be an adilet.zan.kz document id such as Z070000319_' })
  adiletCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ require_protocol: true })
  url?: string | null;

  @Field(() => LegalActStatus, { defaultValue: LegalActStatus.IN_FORCE })
  @IsOptional()
  @IsEnum(LegalActStatus)
  status?: LegalActStatus;
}

/** The fields an act is created with; no defaults on update, so an omitted field stays as it is. */
@InputType()
export class UpdateLegalActInput extends PartialType(CreateLegalActInput, { omitDefaultValues: true }) {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

@InputType()
export class LegalActFilter {
  @Field(() => LegalActType, { nullable: true })
  @IsOptional()
  @IsEnum(LegalActType)
  actType?: LegalActType;

  @Field(() => LegalActStatus, { nullable: true })
  @IsOptional()
  @IsEnum(LegalActStatus)
  status?: LegalActStatus;

  @Field(() => String, { nullable: true, description: 'Part of the title, number or adilet code.' })
  @IsOptionalText(200)
  search?: string;
}

@ArgsType()
export class LegalActsArgs extends PageArgs {
  @Field(() => LegalActFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => LegalActFilter)
  filter?: LegalActFilter;
}

@InputType()
export class LegalBasisInput {
  @Field(() => ID, { nullable: true, description: 'The act, by id; or give adiletCode.' })
  @IsOptional()
  @IsUUID()
  legalActId?: string;

  @Field(() => String, { nullable: true, description: 'The act, by its adilet.zan.kz id.' })
  @IsOptional()
  @Matches(ADILET_CODE, { message: 'adiletCode must be an adilet.zan.kz document id such as Z070000319_' })
  adiletCode?: string;

  @Field(() => String, { nullable: true })
  @IsOptionalText(50)
  article?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptionalText(50)
  clause?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptionalText(50)
  subclause?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptionalText(20000)
  quote?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ require_protocol: true })
  url?: string | null;
}

@InputType()
export class AttachLegalBasisInput extends LegalBasisInput {
  @Field(() => ID)
  @IsUUID()
  functionId: string;
}
