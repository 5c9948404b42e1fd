import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { badInput, CountCache, notFound, Page, selectEntityColumns, toLazyPage, checkVersion } from '#core';
import { AgencyTaskEntity } from '../agency/agency-task.entity.js';
import { AgencyEntity } from '../agency/agency.entity.js';
import { StructuralUnitEntity } from '../agency/structural-unit.entity.js';
import { FunctionStatus, Lang } from '../enums.js';
import { LegalActEntity } from '../legal-act/legal-act.entity.js';
import { LegalActService } from '../legal-act/legal-act.service.js';
import { TagService } from '../tag/tag.service.js';
import { FunctionTagEntity } from '../tag/tag.entity.js';
import { CreateStateFunctionInput, FunctionsArgs, UpdateStateFunctionInput } from './dto/state-function.inputs.js';
import { applyFunctionFilter, applyFunctionSort } from './function-query.js';
import { recordActor } from './function-registry.js';
import { FunctionCoExecutorEntity, FunctionRevisionEntity, StateFunctionEntity } from './state-function.entity.js';

@Injectable()
export class StateFunctionService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly legalActs: LegalActService,
    private readonly tagService: TagService,
    private readonly counts: CountCache,
  ) {}

  async findOne(by: { id?: string; code?: string }): Promise<StateFunctionEntity> {
    if (!by.id && !by.code) throw badInput('id', 'give the id or the code of the function');
    const fn = await this.ds.getRepository(StateFunctionEntity).findOneBy(by.id ? { id: by.id } : { code: by.code });
    if (!fn) throw notFound('Function', by.id ?? by.code ?? '');
    return fn;
  }

  async list(args: FunctionsArgs): Promise<Page<StateFunctionEntity>> {
    const filter = args.filter ?? {};
    const qb = this.ds.getRepository(StateFunctionEntity).createQueryBuilder('f');
    applyFunctionFilter(qb, filter);
    const [countSql, countParams] = qb.clone().select('1').getQueryAndParameters();
    const count = () =>
      this.counts.count(`functions:${countSql}:${JSON.stringify(countParams)}`, async () => {
        const [{ count }] = await this.ds.query<{ count: number }[]>(
          `SELECT count(*)::int AS count FROM (${countSql}) matching`,
          countParams,
        );
        return count;
      });
    selectEntityColumns(qb, 'f');
    applyFunctionSort(qb, args.sort, filter.search);
    const rows: StateFunctionEntity[] = await qb
      .offset(args.skip)
      .limit(args.take + 1)
      .getRawMany();
    return toLazyPage(rows, args, count);
  }

  async create(input: CreateStateFunctionInput, actor: string | null = null): Promise<StateFunctionEntity> {
    return this.written(
      this.ds.transaction(async (em) => {
        await recordActor(em, actor);
        await this.checkReferences(em, input, input.holderId);
        const repo = em.getRepository(StateFunctionEntity);
        const inserted = await repo.insert({
          externalId: input.externalId ?? null,
          lang: input.lang ?? (input.titleRu ? Lang.ru : Lang.kk),
          titleRu: input.titleRu?.trim() ?? null,
          titleKk: input.titleKk?.trim() ?? null,
          description: input.description ?? null,
          type: input.type ?? null,
          holderId: input.holderId,
          taskId: input.taskId ?? null,
          structuralUnitId: input.structuralUnitId ?? null,
          sector: input.sector ?? null,
          supporting: input.supporting ?? null,
          status: input.status ?? FunctionStatus.DRAFT,
          inForceFrom: input.inForceFrom ?? null,
          sourceActId: input.sourceActId ?? null,
          templateId: input.templateId ?? null,
        });
        const id = inserted.identifiers[0].id as string;
        if (input.coExecutorIds?.length) await this.setCoExecutors(em, id, input.holderId, input.coExecutorIds);
        if (input.legalBasis?.length) await this.legalActs.addBases(em, id, input.legalBasis, 'legalBasis');
        if (input.tags?.length) {
          const tags = await this.tagService.resolve(em, input.tags, true);
          await em.getRepository(FunctionTagEntity).insert(tags.map((t) => ({ functionId: id, tagId: t.id })));
        }
        return repo.findOneByOrFail({ id });
      }),
    );
  }

  async update(input: UpdateStateFunctionInput, actor: string | null = null): Promise<StateFunctionEntity> {
    return this.written(
      this.ds.transaction(async (em) => {
        await recordActor(em, actor);
        const repo = em.getRepository(StateFunctionEntity);
        const current = await repo.findOne({ where: { id: input.id }, lock: { mode: 'pessimistic_write' } });
        if (!current) throw notFound('Function', input.id);
        checkVersion(`Function ${current.code}`, current.version, input.version);
        await this.checkReferences(em, input, input.holderId ?? current.holderId);
        const { id, version: _v, coExecutorIds, ...fields } = input;
        const changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
        const titleRu = 'titleRu' in changes ? changes.titleRu : current.titleRu;
        const titleKk = 'titleKk' in changes ? changes.titleKk : current.titleKk;
        if (!titleRu && !titleKk) throw badInput('titleRu', 'a function needs a title in Russian or in Kazakh');
        if (Object.keys(changes).length) await repo.update({ id }, changes);
        if (coExecutorIds) {
          await em.getRepository(FunctionCoExecutorEntity).delete({ functionId: id });
          await this.setCoExecutors(em, id, (changes.holderId as string) ?? current.holderId, coExecutorIds);
        }
        return repo.findOneByOrFail({ id });
      }),
    );
  }

  /** Takes a function out of the active registry; it keeps its history and can be found with includeArchived. */
  async archive(id: string, version?: number, actor: string | null = null): Promise<StateFunctionEntity> {
    return this.written(
      this.ds.transaction(async (em) => {
        await recordActor(em, actor);
        const repo = em.getRepository(StateFunctionEntity);
        const current = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!current) throw notFound('Function', id);
        checkVersion(`Function ${current.code}`, current.version, version);
        if (!current.archivedAt) await repo.update({ id }, { archivedAt: new Date() });
        return repo.findOneByOrFail({ id });
      }),
    );
  }

  /** Lets the totals of lists be counted afresh once a write has finished, committed or not. */
  private async written<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } finally {
      this.counts.invalidate();
    }
  }

  revisions(functionId: string): Promise<FunctionRevisionEntity[]> {
    return this.ds.getRepository(FunctionRevisionEntity).find({ where: { functionId }, order: { revision: 'DESC' } });
  }

  private async setCoExecutors(em: EntityManager, functionId: string, holderId: string, ids: string[]): Promise<void> {
    const unique = [...new Set(ids)].filter((a) => a !== holderId);
    if (unique.length === 0) return;
    const found = await em.getRepository(AgencyEntity).countBy({ id: In(unique) });
    if (found !== unique.length) throw badInput('coExecutorIds', 'every co-executor must be an agency of the registry');
    await em.getRepository(FunctionCoExecutorEntity).insert(unique.map((agencyId) => ({ functionId, agencyId })));
  }

  /** Refuses references to missing records with a message naming the field, before anything is written. */
  private async checkReferences(
    em: EntityManager,
    input: Partial<CreateStateFunctionInput>,
    holderId: string,
  ): Promise<void> {
    const checks: [string, string | null | undefined, Parameters<EntityManager['getRepository']>[0], string][] = [
      ['holderId', input.holderId, AgencyEntity, 'agency'],
      ['taskId', input.taskId, AgencyTaskEntity, 'agency task'],
      ['structuralUnitId', input.structuralUnitId, StructuralUnitEntity, 'structural unit'],
      ['sourceActId', input.sourceActId, LegalActEntity, 'legal act'],
      ['templateId', input.templateId, StateFunctionEntity, 'function'],
    ];
    for (const [field, id, entity, what] of checks) {
      if (id && !(await em.getRepository(entity).existsBy({ id }))) throw badInput(field, `no ${what} has id ${id}`);
    }
    // Tasks and structural units are those of the holder: a function serves its own agency's task.
    for (const [field, id, entity, what] of [
      ['taskId', input.taskId, AgencyTaskEntity, 'task'],
      ['structuralUnitId', input.structuralUnitId, StructuralUnitEntity, 'structural unit'],
    ] as const) {
      if (id && !(await em.getRepository(entity).existsBy({ id, agencyId: holderId }))) {
        throw badInput(field, `the ${what} ${id} belongs to another agency than the holder`);
      }
    }
  }
}
