import { asView } from '#core';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { AgencyKind, GovernmentLevel, TerritoryKind } from '../enums.js';
import type { RegistryLoaders } from '../loaders/registry.loaders.js';
import { Territory } from '../territory/territory.model.js';
import type { AgencyTaskEntity } from './agency-task.entity.js';
import type { AgencyEntity } from './agency.entity.js';
import type { StructuralUnitEntity } from './structural-unit.entity.js';

@ObjectType('Agency', { description: 'A state body, or a local self-government body, that holds functions.' })
export class Agency {
  /**
   * A row of the registry as the API shows it. Nested fields are getters over the request's
   * batch loaders: GraphQL reads them like plain properties, which costs far less per row than a
   * field resolver, and loads nothing a client did not ask for.
   */
  constructor(row: AgencyEntity, loaders: RegistryLoaders) {
    asView(this, row, loaders);
  }

  declare private readonly loaders: RegistryLoaders;

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

  @Field({ description: 'True when the holder stands for every body of its kind, each on its own territory.' })
  get typical(): boolean {
    return this.territoryKato === null && this.level !== GovernmentLevel.CENTRAL;
  }

  @Field(() => Agency, { nullable: true })
  get parent(): Promise<Agency | null> | null {
    return this.parentId ? this.loaders.agency.load(this.parentId) : null;
  }

  @Field(() => Territory, { nullable: true })
  get territory() {
    return this.territoryKato ? this.loaders.territoryByKato.load(this.territoryKato) : null;
  }

  @Field(() => [Agency])
  get subordinates(): Promise<Agency[]> {
    return this.loaders.subordinatesByAgency.load(this.id);
  }

  @Field(() => [StructuralUnit])
  get structuralUnits(): Promise<StructuralUnitEntity[]> {
    return this.loaders.structuralUnitsByAgency.load(this.id);
  }

  @Field(() => [AgencyTask])
  get tasks(): Promise<AgencyTaskEntity[]> {
    return this.loaders.tasksByAgency.load(this.id);
  }
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
