import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { AgencyKind, GovernmentLevel, TerritoryKind } from '../enums.js';

@ObjectType('Agency', { description: 'A state body, or a local self-government body, that holds functions.' })
export class Agency {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Stable code, unique in the registry.' })
  code: string;

  @Field()
  nameRu: string;

  @Field(() => String, { nullable: true })
  nameKk: string | null;

  @Field(() => String, { nullable: true })
  nameEn: string | null;

  @Field(() => AgencyKind)
  kind: AgencyKind;

  @Field(() => GovernmentLevel)
  level: GovernmentLevel;

  @Field(() => [TerritoryKind], { description: 'Kinds of territory the body covers.' })
  territoryKinds: TerritoryKind[];

  @Field(() => String, {
    nullable: true,
    description: 'KATO code of the one territory a specific body covers; null for a typical holder.',
  })
  territoryKato: string | null;

  @Field()
  collegial: boolean;

  @Field(() => Date, { nullable: true })
  archivedAt: Date | null;

  @Field(() => Int)
  version: number;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;

  parentId: string | null;
}

@ObjectType('StructuralUnit')
export class StructuralUnit {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  code: string | null;

  @Field()
  nameRu: string;

  @Field(() => String, { nullable: true })
  nameKk: string | null;

  agencyId: string;
}

@ObjectType('AgencyTask')
export class AgencyTask {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  code: string | null;

  @Field()
  titleRu: string;

  @Field(() => String, { nullable: true })
  titleKk: string | null;

  agencyId: string;
}
