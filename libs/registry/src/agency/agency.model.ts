import { ContextField } from '#core';
import type { GraphQLContext } from '#core';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { AgencyKind, GovernmentLevel, TerritoryKind } from '../enums.js';
import { Territory } from '../territory/territory.model.js';
import type { AgencyTaskEntity } from './agency-task.entity.js';
import type { AgencyEntity } from './agency.entity.js';
import type { StructuralUnitEntity } from './structural-unit.entity.js';

@ObjectType('Agency', { description: 'A state body, or a local self-government body, that holds functions.' })
export class Agency {
  /**
   * A row of the registry as the API shows it. Nested fields are `@ContextField` methods that read
   * the request's batch loaders from the context: graphql-js calls them directly, which costs far
   * less per row than a Nest field resolver, and loads nothing a client did not ask for.
   */
  constructor(row: AgencyEntity) {
    Object.assign(this, row);
  }

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

  @ContextField(() => Agency, { nullable: true })
  parent(_args: unknown, { loaders }: GraphQLContext): Promise<Agency | null> | null {
    return this.parentId ? loaders.registry.agency.load(this.parentId) : null;
  }

  @ContextField(() => Territory, { nullable: true })
  territory(_args: unknown, { loaders }: GraphQLContext) {
    return this.territoryKato ? loaders.registry.territoryByKato.load(this.territoryKato) : null;
  }

  @ContextField(() => [Agency])
  subordinates(_args: unknown, { loaders }: GraphQLContext): Promise<Agency[]> {
    return loaders.registry.subordinatesByAgency.load(this.id);
  }

  @ContextField(() => [StructuralUnit])
  structuralUnits(_args: unknown, { loaders }: GraphQLContext): Promise<StructuralUnitEntity[]> {
    return loaders.registry.structuralUnitsByAgency.load(this.id);
  }

  @ContextField(() => [AgencyTask])
  tasks(_args: unknown, { loaders }: GraphQLContext): Promise<AgencyTaskEntity[]> {
    return loaders.registry.tasksByAgency.load(this.id);
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
