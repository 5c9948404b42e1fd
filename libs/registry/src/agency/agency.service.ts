import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { badInput, checkVersion, containsPattern, notFound, Page, toPage } from '#core';
import { katoPrefix } from '../territory/kato.js';
import { AgencyTaskEntity } from './agency-task.entity.js';
import { AgencyEntity } from './agency.entity.js';
import {
  AgenciesArgs,
  CreateAgencyInput,
  CreateAgencyTaskInput,
  CreateStructuralUnitInput,
  UpdateAgencyInput,
} from './dto/agency.inputs.js';
import { StructuralUnitEntity } from './structural-unit.entity.js';
import { TerritoryEntity } from '../territory/territory.entity.js';
import { AgencyKind, DEFAULT_TERRITORY_KINDS } from '../enums.js';

@Injectable()
export class AgencyService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async findOne(by: { id?: string; code?: string }): Promise<AgencyEntity> {
    if (!by.id && !by.code) throw badInput('id', 'give the id or the code of the agency');
    const agency = await this.ds.getRepository(AgencyEntity).findOneBy(by.id ? { id: by.id } : { code: by.code });
    if (!agency) throw notFound('Agency', by.id ?? by.code ?? '');
    return agency;
  }

  async list(args: AgenciesArgs): Promise<Page<AgencyEntity>> {
    const f = args.filter ?? {};
    const qb = this.ds.getRepository(AgencyEntity).createQueryBuilder('a');
    if (!f.includeArchived) qb.andWhere('a.archived_at IS NULL');
    if (f.level) qb.andWhere('a.level = :level', { level: f.level });
    if (f.kind) qb.andWhere('a.kind = :kind', { kind: f.kind });
    if (f.parentId) qb.andWhere('a.parent_id = :parentId', { parentId: f.parentId });
    if (f.territoryKato) qb.andWhere('a.territory_kato LIKE :kato', { kato: `${katoPrefix(f.territoryKato)}%` });
    if (f.search) {
      qb.andWhere('(a.code ILIKE :s OR a.name_ru ILIKE :s OR a.name_kk ILIKE :s OR a.name_en ILIKE :s)', {
        s: containsPattern(f.search),
      });
    }
    const [items, total] = await qb
      .orderBy('a.level')
      .addOrderBy('a.code')
      .skip(args.skip)
      .take(args.take)
      .getManyAndCount();
    return toPage(items, total, args);
  }

  async create(input: CreateAgencyInput): Promise<AgencyEntity> {
    return this.ds.transaction(async (em) => {
      if (input.parentId) await this.requireAgency(em, input.parentId, 'parentId');
      const repo = em.getRepository(AgencyEntity);
      const territory = input.territoryKato
        ? await em.getRepository(TerritoryEntity).findOneBy({ kato: input.territoryKato })
        : null;
      const agency = repo.create({
        code: input.code,
        nameRu: input.nameRu.trim(),
        nameKk: input.nameKk ?? null,
        nameEn: input.nameEn ?? null,
        kind: input.kind ?? AgencyKind.OTHER,
        level: input.level,
        // A specific body covers the kind of its own territory, when the registry knows that territory.
        territoryKinds: input.territoryKinds?.length
          ? input.territoryKinds
          : territory
            ? [territory.kind]
            : DEFAULT_TERRITORY_KINDS[input.level],
        territoryKato: input.territoryKato ?? null,
        collegial: input.collegial ?? false,
        parentId: input.parentId ?? null,
      });
      return repo.save(agency);
    });
  }

  async update(input: UpdateAgencyInput): Promise<AgencyEntity> {
    return this.ds.transaction(async (em) => {
      const repo = em.getRepository(AgencyEntity);
      const agency = await repo.findOne({ where: { id: input.id }, lock: { mode: 'pessimistic_write' } });
      if (!agency) throw notFound('Agency', input.id);
      checkVersion(`Agency ${agency.code}`, agency.version, input.version);
      if (input.parentId) {
        await this.requireAgency(em, input.parentId, 'parentId');
        await this.refuseCycle(em, input.id, input.parentId);
      }
      const { id: _id, version: _v, ...changes } = input;
      for (const [key, value] of Object.entries(changes)) {
        if (value !== undefined) (agency as unknown as Record<string, unknown>)[key] = value;
      }
      return repo.save(agency);
    });
  }

  async archive(id: string): Promise<AgencyEntity> {
    const agency = await this.findOne({ id });
    if (!agency.archivedAt) {
      agency.archivedAt = new Date();
      await this.ds.getRepository(AgencyEntity).save(agency);
    }
    return agency;
  }

  async createStructuralUnit(input: CreateStructuralUnitInput): Promise<StructuralUnitEntity> {
    await this.requireAgency(this.ds.manager, input.agencyId, 'agencyId');
    const repo = this.ds.getRepository(StructuralUnitEntity);
    return repo.save(
      repo.create({
        ...input,
        code: input.code ?? null,
        nameKk: input.nameKk ?? null,
        parentId: input.parentId ?? null,
      }),
    );
  }

  async createTask(input: CreateAgencyTaskInput): Promise<AgencyTaskEntity> {
    await this.requireAgency(this.ds.manager, input.agencyId, 'agencyId');
    const repo = this.ds.getRepository(AgencyTaskEntity);
    return repo.save(repo.create({ ...input, code: input.code ?? null, titleKk: input.titleKk ?? null }));
  }

  private async requireAgency(em: EntityManager, id: string, field: string): Promise<void> {
    if (!(await em.getRepository(AgencyEntity).existsBy({ id }))) throw badInput(field, `no agency has id ${id}`);
  }

  /** An agency may not become a subordinate of its own subordinate. */
  private async refuseCycle(em: EntityManager, id: string, parentId: string): Promise<void> {
    const rows: { id: string }[] = await em.query(
      `WITH RECURSIVE up AS (SELECT id, parent_id FROM agency WHERE id = $1
         UNION SELECT a.id, a.parent_id FROM agency a JOIN up ON a.id = up.parent_id)
       SELECT id FROM up WHERE id = $2`,
      [parentId, id],
    );
    if (rows.length > 0)
      throw badInput('parentId', 'an agency cannot be subordinate to itself or to its own subordinate');
  }
}
