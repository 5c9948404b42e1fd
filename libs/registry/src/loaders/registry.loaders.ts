import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { LoadersFactory, ProvidesLoaders, rowsWhereIn, rowsWithReferenceWhereIn } from '#core';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { AgencyTaskEntity } from '../agency/agency-task.entity.js';
import { AgencyEntity } from '../agency/agency.entity.js';
import { StructuralUnitEntity } from '../agency/structural-unit.entity.js';
import { LegalActEntity } from '../legal-act/legal-act.entity.js';
import { LegalBasisEntity } from '../legal-act/legal-basis.entity.js';
import { FunctionCoExecutorEntity, StateFunctionEntity } from '../state-function/state-function.entity.js';
import { FunctionTagEntity, TagEntity, TagVocabularyEntity } from '../tag/tag.entity.js';
import { TerritoryEntity } from '../territory/territory.entity.js';
import { Agency } from '../agency/agency.model.js';
import { LegalBasis } from '../legal-act/legal-act.model.js';
import { StateFunction } from '../state-function/state-function.model.js';
import { Tag } from '../tag/tag.model.js';

/**
 * The batch loaders of one GraphQL request, which also turn rows into the API's views. A page of functions with nested holder, legal basis
 * and tags costs one statement per kind of nested object, whatever the page size.
 */
export interface RegistryLoaders {
  agency: DataLoader<string, Agency | null>;
  agencyTask: DataLoader<string, AgencyTaskEntity | null>;
  structuralUnit: DataLoader<string, StructuralUnitEntity | null>;
  legalAct: DataLoader<string, LegalActEntity | null>;
  stateFunction: DataLoader<string, StateFunction | null>;
  territory: DataLoader<string, TerritoryEntity | null>;
  territoryByKato: DataLoader<string, TerritoryEntity | null>;
  territoriesByParent: DataLoader<string, TerritoryEntity[]>;
  vocabulary: DataLoader<string, TagVocabularyEntity | null>;
  legalBasesByFunction: DataLoader<string, LegalBasis[]>;
  tagsByFunction: DataLoader<string, Tag[]>;
  coExecutorsByFunction: DataLoader<string, Agency[]>;
  subordinatesByAgency: DataLoader<string, Agency[]>;
  structuralUnitsByAgency: DataLoader<string, StructuralUnitEntity[]>;
  tasksByAgency: DataLoader<string, AgencyTaskEntity[]>;
  /** The ids of the agencies a scope of agency codes covers, with their subordinates (one per request). */
  scopeAgencies: DataLoader<string, Set<string>>;
}

declare module '#core' {
  interface RequestLoaders {
    registry: RegistryLoaders;
  }
}

@Injectable()
@ProvidesLoaders('registry')
export class RegistryLoadersFactory implements LoadersFactory<'registry'> {
  constructor(private readonly ds: DataSource) {}

  createLoaders(): RegistryLoaders {
    const agency = (row: AgencyEntity) => new Agency(row);
    const legalAct = this.byKey(LegalActEntity, 'id');
    return {
      agency: this.byKey(AgencyEntity, 'id', agency),
      agencyTask: this.byKey(AgencyTaskEntity, 'id'),
      structuralUnit: this.byKey(StructuralUnitEntity, 'id'),
      legalAct,
      stateFunction: this.byKey(StateFunctionEntity, 'id', (row) => new StateFunction(row)),
      // Keyed by the codes joined with commas; an empty key covers nothing.
      scopeAgencies: new DataLoader<string, Set<string>>(
        (keys) =>
          Promise.all(
            keys.map(async (key) => {
              const rows = await this.ds.query<{ id: string }[]>(
                `SELECT id FROM registry_agency_subtree(ARRAY(SELECT id FROM agency WHERE code = ANY($1::text[]))) AS sub(id)`,
                [key ? key.split(',') : []],
              );
              return new Set(rows.map((r) => r.id));
            }),
          ),
        { batch: false },
      ),
      territory: this.byKey(TerritoryEntity, 'id'),
      territoryByKato: this.byKey(TerritoryEntity, 'kato'),
      territoriesByParent: this.groupedBy(TerritoryEntity, 'parentId', 't.kato'),
      vocabulary: this.byKey(TagVocabularyEntity, 'id'),
      // The acts come with their bases, in the same statement, and wait in the act loader for `act`.
      legalBasesByFunction: new DataLoader<string, LegalBasis[]>(async (ids) => {
        const rows = await rowsWithReferenceWhereIn(
          this.ds,
          LegalBasisEntity,
          'functionId',
          ids,
          'legalActId',
          LegalActEntity,
          't.position, t.created_at',
        );
        for (const { joined } of rows) legalAct.prime(joined.id, joined);
        return group(ids, rows, (r) => r.row.functionId).map((list) => list.map((r) => new LegalBasis(r.row)));
      }),
      subordinatesByAgency: this.groupedBy(AgencyEntity, 'parentId', 't.code', agency),
      structuralUnitsByAgency: this.groupedBy(StructuralUnitEntity, 'agencyId', 't.code, t.name_ru'),
      tasksByAgency: this.groupedBy(AgencyTaskEntity, 'agencyId', 't.code, t.title_ru'),
      tagsByFunction: new DataLoader<string, Tag[]>(async (ids) => {
        const links = await rowsWithReferenceWhereIn(this.ds, FunctionTagEntity, 'functionId', ids, 'tagId', TagEntity);
        return group(ids, links, (l) => l.row.functionId).map((list) =>
          list.map((l) => new Tag(l.joined)).sort((a, b) => a.value.localeCompare(b.value)),
        );
      }),
      coExecutorsByFunction: new DataLoader<string, Agency[]>(async (ids) => {
        const links = await rowsWhereIn(this.ds, FunctionCoExecutorEntity, 'functionId', ids);
        const agencies = await this.mapById(
          AgencyEntity,
          links.map((l) => l.agencyId),
        );
        return group(ids, links, (l) => l.functionId).map((list) => list.map((l) => agency(agencies.get(l.agencyId)!)));
      }),
    };
  }

  private groupedBy<T extends ObjectLiteral, V = T>(
    entity: EntityTarget<T>,
    key: keyof T & string,
    order: string,
    view: (row: T) => V = (row) => row as unknown as V,
  ): DataLoader<string, V[]> {
    return new DataLoader(async (keys) => {
      const rows = await rowsWhereIn(this.ds, entity, key, keys, order);
      return group(keys, rows, (r) => r[key] as string).map((list) => list.map(view));
    });
  }

  private async mapById<T extends { id: string }>(entity: EntityTarget<T>, ids: string[]): Promise<Map<string, T>> {
    if (ids.length === 0) return new Map();
    const rows = await rowsWhereIn(this.ds, entity, 'id', [...new Set(ids)]);
    return new Map(rows.map((r) => [r.id, r]));
  }

  private byKey<T extends ObjectLiteral, V = T>(
    entity: EntityTarget<T>,
    key: keyof T & string,
    view: (row: T) => V = (row) => row as unknown as V,
  ): DataLoader<string, V | null> {
    return new DataLoader(async (keys) => {
      const rows = await rowsWhereIn(this.ds, entity, key, keys);
      const map = new Map(rows.map((r) => [r[key] as string, view(r)]));
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
