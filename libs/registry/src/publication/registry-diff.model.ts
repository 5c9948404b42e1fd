import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsArray, IsEnum, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { ContextField, type GraphQLContext, IsCalendarDate, type Page, PageArgs, Paginated } from '#core';
import { ArgsType } from '@nestjs/graphql';
import { Agency } from '../agency/agency.model.js';
import { FunctionType } from '../enums.js';
import { LocalDate } from '../scalars.js';
import { RegistryChangeKind, type RegistryDiffRow } from './registry-diff.service.js';

registerEnumType(RegistryChangeKind, {
  name: 'RegistryChangeKind',
  description: 'What happened to a function between two dates.',
});

@ObjectType('RegistryChange', { description: 'A function that changed between two dates, and how.' })
export class RegistryChange {
  @Field(() => ID)
  functionId: string;

  @Field()
  code: string;

  @Field(() => String, { nullable: true, description: 'The title at the later date (else the earlier).' })
  title: string | null;

  @Field(() => [RegistryChangeKind])
  kinds: RegistryChangeKind[];

  @Field(() => String, {
    nullable: true,
    description: 'Status at the end of the first date; null: not registered yet.',
  })
  statusFrom: string | null;

  @Field(() => String, { nullable: true })
  statusTo: string | null;

  @Field(() => FunctionType, { nullable: true })
  typeFrom: FunctionType | null;

  @Field(() => FunctionType, { nullable: true })
  typeTo: FunctionType | null;

  holderFromId: string | null;
  holderToId: string | null;

  constructor(row: RegistryDiffRow) {
    Object.assign(this, row);
  }

  @ContextField(() => Agency, { nullable: true, description: 'The holder at the end of the first date.' })
  holderFrom(_args: unknown, { loaders }: GraphQLContext) {
    return this.holderFromId ? loaders.registry.agency.load(this.holderFromId) : null;
  }

  @ContextField(() => Agency, { nullable: true, description: 'The holder at the end of the second date.' })
  holderTo(_args: unknown, { loaders }: GraphQLContext) {
    return this.holderToId ? loaders.registry.agency.load(this.holderToId) : null;
  }
}

@ObjectType('RegistryDiffSummary')
export class RegistryDiffSummary {
  @Field(() => Int) added: number;
  @Field(() => Int) removed: number;
  @Field(() => Int) transferred: number;
  @Field(() => Int) retyped: number;
  @Field(() => Int) moved: number;
}

export const RegistryChangePage = Paginated(RegistryChange, 'RegistryChangePage');

@ObjectType('RegistryDiff', { description: 'The registry at two dates compared.' })
export class RegistryDiff {
  @Field(() => LocalDate)
  from: string;

  @Field(() => LocalDate)
  to: string;

  @Field({ description: 'The same comparison as an XLSX workbook (GET, with the same token).' })
  xlsxUrl: string;

  @Field(() => RegistryChangePage, { description: 'The changed functions, by code.' })
  changes: Page<RegistryChange>;

  constructor(
    init: { from: string; to: string; xlsxUrl: string; changes: Page<RegistryChange> },
    private readonly counts: () => Promise<RegistryDiffSummary>,
  ) {
    Object.assign(this, init);
  }

  @ContextField(() => RegistryDiffSummary, { description: 'Counts by kind over every change, not only this page.' })
  summary(): Promise<RegistryDiffSummary> {
    return this.counts();
  }
}

@InputType({ description: 'Two dates, or two campaigns (the registry at the end of each).' })
export class RegistryDiffInput {
  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @Field(() => ID, { nullable: true, description: 'Instead of from: the end of this campaign.' })
  @IsOptional()
  @IsUUID()
  fromCampaignId?: string;

  @Field(() => ID, { nullable: true, description: 'Instead of to: the end of this campaign.' })
  @IsOptional()
  @IsUUID()
  toCampaignId?: string;

  @Field(() => ID, { nullable: true, description: 'Functions held by this agency or its subordinates at either date.' })
  @IsOptional()
  @IsUUID()
  agencyId?: string;

  @Field(() => [RegistryChangeKind], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(RegistryChangeKind, { each: true })
  kinds?: RegistryChangeKind[];
}

@ArgsType()
export class RegistryDiffArgs extends PageArgs {
  @Field(() => RegistryDiffInput)
  @ValidateNested()
  @Type(() => RegistryDiffInput)
  period: RegistryDiffInput;
}
