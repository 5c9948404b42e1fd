import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource, EntityTarget, FindOptionsOrder, In, ObjectLiteral } from 'typeorm';
import { AgencyTaskEntity } from '../agency/agency-task.entity.js';
import { AgencyEntity } from '../agency/agency.entity.js';
import { StructuralUnitEntity } from '../agency/structural-unit.entity.js';
import { LegalActEntity } from '../legal-act/legal-act.entity.js';
import { LegalBasisEntity } from '../legal-act/legal-basis.entity.js';
import { FunctionCoExecutorEntity, StateFunctionEntity } from '../state-function/state-function.entity.js';
import { FunctionTagEntity, TagEntity, TagVocabularyEntity } from '../tag/tag.entity.js';
import { TerritoryEntity } from '../territory/territory.entity.js';

/**
 * The batch loaders of one GraphQL request. A page of functions with nested holder, legal basis
 * and tags costs one statement per kind of nested object, whatever the page size.
 */
export interface RegistryLoaders {
  agency: DataLoader<string, AgencyEntity | null>;
  agencyTask: DataLoader<string, AgencyTaskEntity | null>;
  structuralUnit: DataLoader<string, StructuralUnitEntity | null>;
  legalAct: DataLoader<string, LegalActEntity | null>;
  stateFunction: DataLoader<string, StateFunctionEntity | null>;
  territory: DataLoader<string, TerritoryEntity | null>;
  territoryByKato: DataLoader<string, TerritoryEntity | null>;
  territoriesByParent: DataLoader<string, TerritoryEntity[]>;
  vocabulary: DataLoader<string, TagVocabularyEntity | null>;
  legalBasesByFunction: DataLoader<string, LegalBasisEntity[]>;
  tagsByFunction: DataLoader<string, TagEntity[]>;
  coExecutorsByFunction: DataLoader<string, AgencyEntity[]>;
  subordinatesByAgency: DataLoader<string, AgencyEntity[]>;
  structuralUnitsByAgency: DataLoader<string, StructuralUnitEntity[]>;
  tasksByAgency: DataLoader<string, AgencyTaskEntity[]>;
}

export interface GraphQLContext {
  loaders: RegistryLoaders;
}

@Injectable()
export class RegistryLoadersFactory {
  constructor(private readonly ds: DataSource) {}

  create(): RegistryLoaders {
    return {
      agency: this.byKey(AgencyEntity, 'id'),
      agencyTask: this.byKey(AgencyTaskEntity, 'id'),
      structuralUnit: this.byKey(StructuralUnitEntity, 'id'),
      legalAct: this.byKey(LegalActEntity, 'id'),
      stateFunction: this.byKey(StateFunctionEntity, 'id'),
      territory: this.byKey(TerritoryEntity, 'id'),
      territoryByKato: this.byKey(TerritoryEntity, 'kato'),
      territoriesByParent: this.groupedBy(TerritoryEntity, 'parentId', { kato: 'ASC' }),
      vocabulary: this.byKey(TagVocabularyEntity, 'id'),
      legalBasesByFunction: this.groupedBy(LegalBasisEntity, 'functionId', { position: 'ASC', createdAt: 'ASC' }),
      subordinatesByAgency: this.groupedBy(AgencyEntity, 'parentId', { code: 'ASC' }),
      structuralUnitsByAgency: this.groupedBy(StructuralUnitEntity, 'agencyId', { code: 'ASC', nameRu: 'ASC' }),
      tasksByAgency: this.groupedBy(AgencyTaskEntity, 'agencyId', { code: 'ASC', titleRu: 'ASC' }),
      tagsByFunction: new DataLoader(async (ids) => {
        const links = await this.ds.getRepository(FunctionTagEntity).find({ where: { functionId: In([...ids]) } });
        const tags = await this.mapById(TagEntity, links.map((l) => l.tagId));
        return group(ids, links, (l) => l.functionId).map((list) =>
          list.map((l) => tags.get(l.tagId)!).sort((a, b) => a.value.localeCompare(b.value)),
        );
      }),
      coExecutorsByFunction: new DataLoader(async (ids) => {
        const links = await this.ds.getRepository(FunctionCoExecutorEntity).find({ where: { functionId: In([...ids]) } });
        const agencies = await this.mapById(AgencyEntity, links.map((l) => l.agencyId));
        return group(ids, links, (l) => l.functionId).map((list) => list.map((l) => agencies.get(l.agencyId)!));
      }),
    };
  }

  private groupedBy<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    key: keyof T & string,
    order: FindOptionsOrder<T>,
  ): DataLoader<string, T[]> {
    return new DataLoader(async (keys) => {
      const rows = await this.ds.getRepository(entity).find({ where: { [key]: In([...keys]) } as never, order });
      return group(keys, rows, (r) => r[key] as string);
    });
  }

  private async mapById<T extends { id: string }>(entity: EntityTarget<T>, ids: string[]): Promise<Map<string, T>> {
    if (ids.length === 0) return new Map();
    const rows = await this.ds.getRepository(entity).find({ where: { id: In([...new Set(ids)]) } as never });
    return new Map(rows.map((r) => [r.id, r]));
  }

  private byKey<T extends ObjectLiteral>(entity: EntityTarget<T>, key: keyof T & string): DataLoader<string, T | null> {
    return new DataLoader(async (keys) => {
      const rows = await this.ds.getRepository(entity).find({ where: { [key]: In([...keys]) } as never });
      const map = new Map(rows.map((r) => [r[key] as string, r]));
      return keys.map((k) => map.get(k) ?? null);
    });
  }
}

function group<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return keys.map((k) => map.get(k) ?? []);
}
