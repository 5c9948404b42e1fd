import { ArgsType, Field, ID, InputType, Int, OmitType, PartialType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsUUID, Min, ValidateNested } from 'class-validator';
import { PageArgs } from '#core';
import { AgencyKind, GovernmentLevel, TerritoryKind } from '../../enums.js';
import { IsKato, IsOptionalText, IsRegistryCode, IsText } from '../../validators.js';

@InputType()
export class CreateAgencyInput {
  @Field({ description: 'Stable code, unique in the registry.' })
  @IsRegistryCode()
  code: string;

  @Field()
  @IsText(1000)
  nameRu: string;

  @Field(() => String, { nullable: true })
  @IsOptionalText(1000)
  nameKk?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptionalText(1000)
  nameEn?: string | null;

  @Field(() => AgencyKind, { defaultValue: AgencyKind.OTHER })
  @IsOptional()
  @IsEnum(AgencyKind)
  kind?: AgencyKind;

  @Field(() => GovernmentLevel)
  @IsEnum(GovernmentLevel)
  level: GovernmentLevel;

  @Field(() => [TerritoryKind], { nullable: true })
  @IsOptional()
  @IsEnum(TerritoryKind, { each: true })
  territoryKinds?: TerritoryKind[] | null;

  @Field(() => String, { nullable: true, description: 'KATO code of a specific body; none for a typical holder.' })
  @IsOptional()
  @IsKato()
  territoryKato?: string | null;

  @Field({ defaultValue: false })
  @IsOptional()
  @IsBoolean()
  collegial?: boolean;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;
}

/** The fields an agency is created with, less its code (which is stable); no defaults on update. */
@InputType()
export class UpdateAgencyInput extends PartialType(OmitType(CreateAgencyInput, ['code'] as const), {
  omitDefaultValues: true,
}) {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The version you read; the update is refused if the agency changed since.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

@InputType()
export class AgencyFilter {
  @Field(() => GovernmentLevel, { nullable: true })
  @IsOptional()
  @IsEnum(GovernmentLevel)
  level?: GovernmentLevel;

  @Field(() => AgencyKind, { nullable: true })
  @IsOptional()
  @IsEnum(AgencyKind)
  kind?: AgencyKind;

  @Field(() => ID, { nullable: true, description: 'Only the direct subordinates of this agency.' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @Field(() => String, { nullable: true, description: 'Bodies on this territory or inside it (KATO).' })
  @IsOptional()
  @IsKato()
  territoryKato?: string;

  @Field(() => String, { nullable: true, description: 'Part of the code or of a name.' })
  @IsOptionalText(200)
  search?: string;

  @Field({ defaultValue: false })
  @IsOptional()
  @IsBoolean()
  includeArchived?: boolean;
}

@ArgsType()
export class AgenciesArgs extends PageArgs {
  @Field(() => AgencyFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AgencyFilter)
  filter?: AgencyFilter;
}

@InputType()
export class CreateStructuralUnitInput {
  @Field(() => ID)
  @IsUUID()
  agencyId: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsRegistryCode()
  code?: string | null;

  @Field()
  @IsText(1000)
  nameRu: string;

  @Field(() => String, { nullable: true })
  @IsOptionalText(1000)
  nameKk?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;
}

@InputType()
export class CreateAgencyTaskInput {
  @Field(() => ID)
  @IsUUID()
  agencyId: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsRegistryCode()
  code?: string | null;

  @Field()
  @IsText(2000)
  titleRu: string;

  @Field(() => String, { nullable: true })
  @IsOptionalText(2000)
  titleKk?: string | null;
}
