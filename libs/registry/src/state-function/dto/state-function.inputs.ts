import type { Visibility } from '../function-scope.js';
import { ArgsType, Field, ID, InputType, Int, OmitType, PartialType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageArgs, SortDirection } from '#core';
import { FunctionStatus, FunctionType, GovernmentLevel, Lang } from '../../enums.js';
import { LegalBasisInput } from '../../legal-act/dto/legal-act.inputs.js';
import { LocalDate } from '../../scalars.js';
import { TagRefInput } from '../../tag/dto/tag.inputs.js';
import { IsKato, IsOptionalText, IsRegistryCode, IsText } from '../../validators.js';

const nullableSet = (_: unknown, v: unknown) => v !== null && v !== undefined;

@InputType()
export class CreateStateFunctionInput {
  @Field(() => String, { nullable: true, description: 'Identifier in a source system, for re-imports.' })
  @IsOptional()
  @IsRegistryCode()
  externalId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The function statement in Russian (this or titleKk is required).',
  })
  @ValidateIf((o: CreateStateFunctionInput) => !o.titleKk)
  @IsText(4000)
  titleRu?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptionalText(4000)
  titleKk?: string | null;

  @Field(() => Lang, {
    nullable: true,
    description: 'The language the statement was written in; on create, Russian unless only titleKk is given.',
  })
  @IsOptional()
  @IsEnum(Lang)
  lang?: Lang;

  @Field(() => String, { nullable: true })
  @IsOptionalText(20000)
  description?: string | null;

  @Field(() => FunctionType, { nullable: true })
  @IsOptional()
  @IsEnum(FunctionType)
  type?: FunctionType | null;

  @Field(() => ID, { description: 'The agency that holds the function.' })
  @IsUUID()
  holderId: string;

  @Field(() => [ID], { nullable: true, description: 'Agencies that perform it together with the holder.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  coExecutorIds?: string[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  taskId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  structuralUnitId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptionalText(100)
  sector?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  supporting?: boolean | null;

  @Field(() => FunctionStatus, { defaultValue: FunctionStatus.DRAFT })
  @IsOptional()
  @IsEnum(FunctionStatus)
  status?: FunctionStatus;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  inForceFrom?: string | null;

  @Field(() => ID, { nullable: true, description: 'The act that brought the function in.' })
  @IsOptional()
  @IsUUID()
  sourceActId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The typical function this one instantiates.' })
  @IsOptional()
  @IsUUID()
  templateId?: string | null;

  @Field(() => [LegalBasisInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => LegalBasisInput)
  legalBasis?: LegalBasisInput[];

  @Field(() => [TagRefInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => TagRefInput)
  tags?: TagRefInput[];
}

/**
 * Changes to a function. The fields a function is registered with, less those that have their own
 * mutations (legal basis, tags) and the re-import key; no defaults, so an omitted field stays as it is.
 */
@InputType({
  description:
    'Changes to a function; omitted fields stay as they are, null clears a field, coExecutorIds replaces the list.',
})
export class UpdateStateFunctionInput extends PartialType(
  OmitType(CreateStateFunctionInput, ['externalId', 'titleRu', 'titleKk', 'legalBasis', 'tags'] as const),
  { omitDefaultValues: true },
) {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The version you read; the update is refused if the function changed since.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  // Redeclared: on create one of the two titles is required; on update each may be left out, but a
  // title that is sent must not be blank.
  @Field(() => String, { nullable: true })
  @ValidateIf(nullableSet)
  @IsText(4000)
  titleRu?: string | null;

  @Field(() => String, { nullable: true })
  @ValidateIf(nullableSet)
  @IsText(4000)
  titleKk?: string | null;
}

@InputType()
export class FunctionFilter {
  @Field(() => [String], {
    nullable: true,
    description: 'Functions with these external ids (the ids of an imported file).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  externalIds?: string[];

  @Field(() => ID, { nullable: true, description: 'Functions held (or co-executed) by this agency.' })
  @IsOptional()
  @IsUUID()
  agencyId?: string;

  @Field({ defaultValue: true, description: 'With agencyId: include the functions of its subordinate agencies.' })
  @IsOptional()
  @IsBoolean()
  includeSubordinates?: boolean;

  @Field(() => [GovernmentLevel], { nullable: true, description: 'Level of the holder.' })
  @IsOptional()
  @IsEnum(GovernmentLevel, { each: true })
  levels?: GovernmentLevel[];

  @Field(() => String, { nullable: true, description: 'Holders on this territory or inside it (KATO).' })
  @IsOptional()
  @IsKato()
  territoryKato?: string;

  @Field(() => [FunctionType], { nullable: true })
  @IsOptional()
  @IsEnum(FunctionType, { each: true })
  types?: FunctionType[];

  @Field(() => Boolean, { nullable: true, description: 'True: only functions not yet classified.' })
  @IsOptional()
  @IsBoolean()
  unclassified?: boolean;

  @Field(() => [FunctionStatus], { nullable: true })
  @IsOptional()
  @IsEnum(FunctionStatus, { each: true })
  statuses?: FunctionStatus[];

  /** Set by the service, never by a client: what the caller may see (see FunctionScope). */
  visibility?: Visibility;

  @Field(() => String, { nullable: true })
  @IsOptionalText(100)
  sector?: string;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  supporting?: boolean;

  @Field(() => TagRefInput, { nullable: true, description: 'Functions carrying this tag.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TagRefInput)
  tag?: TagRefInput;

  @Field(() => ID, { nullable: true, description: 'Functions whose legal basis cites this act.' })
  @IsOptional()
  @IsUUID()
  legalActId?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Full-text search in Russian (stemmed, so any word form matches) with fuzzy matching of misspelt words.',
  })
  @IsOptionalText(500)
  search?: string;

  @Field({ defaultValue: false })
  @IsOptional()
  @IsBoolean()
  includeArchived?: boolean;
}

export enum FunctionSortField {
  CODE = 'CODE',
  TITLE = 'TITLE',
  TYPE = 'TYPE',
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
  RELEVANCE = 'RELEVANCE',
}
registerEnumType(FunctionSortField, { name: 'FunctionSortField', description: 'RELEVANCE applies with a search.' });

@InputType()
export class FunctionSort {
  @Field(() => FunctionSortField)
  @IsEnum(FunctionSortField)
  field: FunctionSortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  @IsOptional()
  @IsEnum(SortDirection)
  direction?: SortDirection;
}

@ArgsType()
export class FunctionsArgs extends PageArgs {
  @Field(() => FunctionFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => FunctionFilter)
  filter?: FunctionFilter;

  @Field(() => FunctionSort, { nullable: true, description: 'By relevance with a search, by code otherwise.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => FunctionSort)
  sort?: FunctionSort;
}
