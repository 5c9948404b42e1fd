import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { badInput, checkVersion, containsPattern, notFound, Page, toPage } from '#core';
import { LegalActStatus } from '../enums.js';
import { StateFunctionEntity } from '../state-function/state-function.entity.js';
import { parseActTitle } from './act-title.js';
import {
  AttachLegalBasisInput,
  CreateLegalActInput,
  LegalActsArgs,
  LegalBasisInput,
  UpdateLegalActInput,
} from './dto/legal-act.inputs.js';
import { LegalActEntity } from './legal-act.entity.js';
import { LegalBasisEntity } from './legal-basis.entity.js';

@Injectable()
export class LegalActService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async findOne(by: { id?: string; adiletCode?: string }): Promise<LegalActEntity> {
    if (!by.id && !by.adiletCode) throw badInput('id', 'give the id or the adilet code of the act');
    const act = await this.ds
      .getRepository(LegalActEntity)
      .findOneBy(by.id ? { id: by.id } : { adiletCode: by.adiletCode });
    if (!act) throw notFound('Legal act', by.id ?? by.adiletCode ?? '');
    return act;
  }

  async list(args: LegalActsArgs): Promise<Page<LegalActEntity>> {
    const f = args.filter ?? {};
    const qb = this.ds.getRepository(LegalActEntity).createQueryBuilder('l').where('l.archived_at IS NULL');
    if (f.actType) qb.andWhere('l.act_type = :t', { t: f.actType });
    if (f.status) qb.andWhere('l.status = :st', { st: f.status });
    if (f.search) {
      qb.andWhere('(l.title ILIKE :s OR l.number ILIKE :s OR l.adilet_code ILIKE :s)', {
        s: containsPattern(f.search),
      });
    }
    const [items, total] = await qb
      .orderBy('l.adopted_on', 'DESC', 'NULLS LAST')
      .addOrderBy('l.title')
      .skip(args.skip)
      .take(args.take)
      .getManyAndCount();
    return toPage(items, total, args);
  }

  async create(input: CreateLegalActInput): Promise<LegalActEntity> {
    const parsed = parseActTitle(input.title);
    const repo = this.ds.getRepository(LegalActEntity);
    return repo.save(
      repo.create({
        title: input.title.trim(),
        actType: input.actType ?? parsed.actType,
        number: input.number ?? parsed.number,
        adoptedOn: input.adoptedOn ?? parsed.adoptedOn,
        adiletCode: input.adiletCode ?? null,
        url: input.url ?? null,
        status: input.status ?? LegalActStatus.IN_FORCE,
      }),
    );
  }

  async update(input: UpdateLegalActInput): Promise<LegalActEntity> {
    return this.ds.transaction(async (em) => {
      const repo = em.getRepository(LegalActEntity);
      const act = await repo.findOne({ where: { id: input.id }, lock: { mode: 'pessimistic_write' } });
      if (!act) throw notFound('Legal act', input.id);
      checkVersion('The act', act.version, input.version);
      const { id: _id, version: _v, ...changes } = input;
      for (const [key, value] of Object.entries(changes)) {
        if (value !== undefined) (act as unknown as Record<string, unknown>)[key] = value;
      }
      return repo.save(act);
    });
  }

  async archive(id: string): Promise<LegalActEntity> {
    const act = await this.findOne({ id });
    if (!act.archivedAt) {
      act.archivedAt = new Date();
      await this.ds.getRepository(LegalActEntity).save(act);
    }
    return act;
  }

  async attach(input: AttachLegalBasisInput): Promise<LegalBasisEntity> {
    return this.ds.transaction(async (em) => {
      if (!(await em.getRepository(StateFunctionEntity).existsBy({ id: input.functionId }))) {
        throw badInput('functionId', `no function has id ${input.functionId}`);
      }
      const [basis] = await this.addBases(em, input.functionId, [input], 'input');
      return basis;
    });
  }

  /** Adds legal bases to a function, after the ones it has; acts are named by id or adilet code. */
  async addBases(
    em: EntityManager,
    functionId: string,
    bases: LegalBasisInput[],
    field: string,
  ): Promise<LegalBasisEntity[]> {
    const repo = em.getRepository(LegalBasisEntity);
    const { max } = (await repo
      .createQueryBuilder('b')
      .select('coalesce(max(b.position), -1)', 'max')
      .where('b.function_id = :functionId', { functionId })
      .getRawOne<{ max: number }>())!;
    const rows: LegalBasisEntity[] = [];
    for (const [i, b] of bases.entries()) {
      const act = await this.resolveAct(em, b, `${field}${bases.length > 1 ? `[${i}]` : ''}`);
      rows.push(
        repo.create({
          functionId,
          legalActId: act.id,
          article: b.article ?? null,
          clause: b.clause ?? null,
          subclause: b.subclause ?? null,
          quote: b.quote ?? null,
          url: b.url ?? act.url ?? null,
          position: Number(max) + 1 + i,
        }),
      );
    }
    return repo.save(rows);
  }

  async detach(id: string): Promise<boolean> {
    // In a transaction, like every write: the history names the actor and the request.
    const result = await this.ds.transaction((em) => em.getRepository(LegalBasisEntity).delete({ id }));
    if (!result.affected) throw notFound('Legal basis', id);
    return true;
  }

  private async resolveAct(em: EntityManager, b: LegalBasisInput, field: string): Promise<LegalActEntity> {
    if (!b.legalActId && !b.adiletCode) throw badInput(field, 'name the act by legalActId or adiletCode');
    const act = await em
      .getRepository(LegalActEntity)
      .findOneBy(b.legalActId ? { id: b.legalActId } : { adiletCode: b.adiletCode });
    if (!act) throw badInput(field, `no legal act ${b.legalActId ?? b.adiletCode} in the registry`);
    return act;
  }
}
