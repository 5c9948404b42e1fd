import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  badInput,
  checkVersion,
  conflict,
  CountCache,
  forbidden,
  groupByKey,
  notFound,
  Page,
  PageArgs,
  toLazyPage,
  isStaff,
  type Identity,
} from '#core';
import { FunctionRegistry, FunctionScope, FunctionStatus, isRetired } from '#registry';
import { TransferService } from '#assessment';

export type FindingAction = 'KEEP' | 'ABOLISH' | 'MERGE' | 'TRANSFER' | 'MOVE_LEVEL' | 'CENTRALISE_SUPPORT';
export type FindingStatus = 'PROPOSED' | 'AGREED' | 'APPROVED' | 'IMPLEMENTED' | 'REJECTED';

export interface TeamMember {
  name: string;
  role: string;
}

/**
 * Who may not take which step of a finding after whom (the Concept's separation of duties). People
 * are told apart by the subject of their verified token, never by the name shown; ADMIN is bound
 * like everyone else.
 */
export interface SeparationOfDuties {
  /** Whoever proposed a finding may not approve it (on by default). */
  approverNotProposer: boolean;
  /** Whoever proposed a finding may not implement it (on by default). */
  implementerNotProposer: boolean;
  /** Whoever approved a finding may not implement it (off by default). */
  implementerNotApprover: boolean;
  /** Whoever proposed a finding may not agree it (off by default). */
  agreerNotProposer: boolean;
}

export const DEFAULT_SEPARATION_OF_DUTIES: Readonly<SeparationOfDuties> = Object.freeze({
  approverNotProposer: true,
  implementerNotProposer: true,
  implementerNotApprover: false,
  agreerNotProposer: false,
});

/** The rule, the step it guards, the earlier step whose person it excludes, and why. */
const DUTIES: { rule: keyof SeparationOfDuties; step: FindingStatus; earlier: FindingStatus; text: string }[] = [
  {
    rule: 'agreerNotProposer',
    step: 'AGREED',
    earlier: 'PROPOSED',
    text: 'whoever proposed a finding may not agree it',
  },
  {
    rule: 'approverNotProposer',
    step: 'APPROVED',
    earlier: 'PROPOSED',
    text: 'whoever proposed a finding may not approve it',
  },
  {
    rule: 'implementerNotProposer',
    step: 'IMPLEMENTED',
    earlier: 'PROPOSED',
    text: 'whoever proposed a finding may not implement it',
  },
  {
    rule: 'implementerNotApprover',
    step: 'IMPLEMENTED',
    earlier: 'APPROVED',
    text: 'whoever approved a finding may not implement it',
  },
];

const SOD_COLUMNS: Record<keyof SeparationOfDuties, string> = {
  approverNotProposer: 'sod_approver_not_proposer',
  implementerNotProposer: 'sod_implementer_not_proposer',
  implementerNotApprover: 'sod_implementer_not_approver',
  agreerNotProposer: 'sod_agreer_not_proposer',
};

/** The name recorded for a step, and the subject the separation of duties compares. */
function personOf(identity: Identity): { name: string | null; subject: string | null } {
  return identity.anonymous ? { name: null, subject: null } : { name: identity.name, subject: identity.subject };
}

export interface CampaignRow {
  id: string;
  code: string;
  title: string;
  agencyIds: string[];
  levels: string[];
  sectors: string[];
  startsOn: string;
  endsOn: string;
  team: TeamMember[];
  status: 'PLANNED' | 'ACTIVE' | 'CLOSED';
  separationOfDuties: SeparationOfDuties;
  createdBy: string | null;
  createdAt: Date;
}

export interface FindingRow {
  id: string;
  campaignId: string;
  action: FindingAction;
  mergeIntoId: string | null;
  transferOption: string | null;
  targetLevel: string | null;
  savingsShare: string;
  rationale: string;
  status: FindingStatus;
  reviewRunId: string | null;
  clusterNo: number | null;
  createdBy: string | null;
  createdAt: Date;
  version: number;
  functionIds: string[];
}

export interface FindingEventRow {
  findingId: string;
  fromStatus: string | null;
  toStatus: string;
  note: string | null;
  actor: string | null;
  /** The verified subject of whoever took the step; null for steps recorded before subjects were. */
  actorSubject: string | null;
  at: Date;
}

const CAMPAIGN = `c.id, c.code, c.title, c.agency_ids AS "agencyIds", c.levels, c.sectors, c.starts_on::text AS "startsOn", c.ends_on::text AS "endsOn",
  c.team, c.status, c.created_by AS "createdBy", c.created_at AS "createdAt",
  json_build_object(${Object.entries(SOD_COLUMNS)
    .map(([key, column]) => `'${key}', c.${column}`)
    .join(', ')}) AS "separationOfDuties"`;

const FINDING = `f.id, f.campaign_id AS "campaignId", f.action, f.merge_into_id AS "mergeIntoId", f.transfer_option AS "transferOption",
  f.target_level AS "targetLevel", f.savings_share::text AS "savingsShare", f.rationale, f.status, f.review_run_id AS "reviewRunId",
  f.cluster_no AS "clusterNo", f.created_by AS "createdBy", f.created_at AS "createdAt", f.version,
  (SELECT array_agg(ff.function_id ORDER BY ff.function_id) FROM campaign_finding_function ff WHERE ff.finding_id = f.id) AS "functionIds"`;

/** Which step may follow which; every step is recorded with who took it and when. */
const NEXT: Record<FindingStatus, FindingStatus[]> = {
  PROPOSED: ['AGREED', 'REJECTED'],
  AGREED: ['APPROVED', 'REJECTED'],
  APPROVED: ['IMPLEMENTED', 'REJECTED'],
  IMPLEMENTED: [],
  REJECTED: [],
};

/**
 * The part of a function's cost a decision frees when nobody says otherwise: all of it when the
 * function is abolished, merged away or leaves the state (market, SRO); none when it stays in the
 * state in another place (another body or level, local self-government, a centralised service),
 * where the cost moves rather than disappears. A review team overrides it per finding.
 */
export function defaultSavingsShare(action: FindingAction, transferOption?: string | null): number {
  if (action === 'ABOLISH' || action === 'MERGE') return 1;
  if (action === 'TRANSFER') return transferOption === 'COMPETITIVE_ENVIRONMENT' || transferOption === 'SRO' ? 1 : 0;
  return 0;
}

/**
 * Functional review campaigns: a scope (agencies with their subordinates, levels, sectors), a period
 * and a team; findings per function or per duplicate cluster with a proposed action and rationale,
 * moving proposed → agreed → approved → implemented, each step with who and when.
 */
@Injectable()
export class CampaignService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly transfers: TransferService,
    private readonly counts: CountCache,
    private readonly registry: FunctionRegistry,
    private readonly scope: FunctionScope,
  ) {}

  async create(
    input: {
      code: string;
      title: string;
      agencyIds?: string[];
      levels?: string[];
      sectors?: string[];
      startsOn: string;
      endsOn: string;
      team?: TeamMember[];
      separationOfDuties?: Partial<SeparationOfDuties>;
    },
    actor: string | null,
  ): Promise<CampaignRow> {
    if (input.endsOn < input.startsOn) throw badInput('endsOn', 'the campaign ends before it starts');
    const sod = { ...DEFAULT_SEPARATION_OF_DUTIES, ...definedOnly(input.separationOfDuties ?? {}) };
    const agencyIds = [...new Set(input.agencyIds ?? [])];
    if (agencyIds.length) {
      const found: { id: string }[] = await this.ds.query(`SELECT id FROM registry_agency WHERE id = ANY($1::uuid[])`, [
        agencyIds,
      ]);
      const missing = agencyIds.filter((id) => !found.some((f) => f.id === id));
      if (missing.length) throw badInput('agencyIds', `no agency has id ${missing.join(', ')}`);
    }
    const [dup] = await this.ds.query<unknown[]>(`SELECT 1 FROM review_campaign WHERE code = $1`, [input.code]);
    if (dup) throw conflict(`a campaign with code ${input.code} exists already`);
    // In a transaction, like every write: the history names the actor and the request.
    const [row] = await this.ds.transaction((em) =>
      em.query<{ id: string }[]>(
        `INSERT INTO review_campaign (code, title, agency_ids, levels, sectors, starts_on, ends_on, team, created_by,
           sod_approver_not_proposer, sod_implementer_not_proposer, sod_implementer_not_approver, sod_agreer_not_proposer)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
        [
          input.code,
          input.title,
          agencyIds,
          input.levels ?? [],
          input.sectors ?? [],
          input.startsOn,
          input.endsOn,
          JSON.stringify(input.team ?? []),
          actor,
          sod.approverNotProposer,
          sod.implementerNotProposer,
          sod.implementerNotApprover,
          sod.agreerNotProposer,
        ],
      ),
    );
    return this.get(row.id);
  }

  /**
   * Changes some rules of a campaign's separation of duties (those given; the others stay). They
   * bind the steps taken from then on; steps taken already stay as they are.
   */
  async setSeparationOfDuties(id: string, rules: Partial<SeparationOfDuties>): Promise<CampaignRow> {
    const given = Object.entries(definedOnly(rules)) as [keyof SeparationOfDuties, boolean][];
    if (!given.length) throw badInput('separationOfDuties', 'name at least one rule to change');
    const c = await this.get(id);
    if (c.status === 'CLOSED') throw badInput('id', `campaign ${c.code} is closed`);
    // In a transaction, like every write: the history names the actor and the request.
    await this.ds.transaction((em) =>
      em.query(
        `UPDATE review_campaign SET ${given.map(([key], i) => `${SOD_COLUMNS[key]} = $${i + 2}`).join(', ')} WHERE id = $1`,
        [id, ...given.map(([, value]) => value)],
      ),
    );
    return this.get(id);
  }

  async get(id: string, em: EntityManager = this.ds.manager): Promise<CampaignRow> {
    const [row] = await em.query<CampaignRow[]>(`SELECT ${CAMPAIGN} FROM review_campaign c WHERE c.id = $1`, [id]);
    if (!row) throw notFound('Campaign', id);
    return row;
  }

  /**
   * A campaign as `identity` may see it: staff see every campaign, the public only closed ones (their
   * outcomes are published); any other is NOT_FOUND to them, as if it did not exist.
   */
  async getVisible(id: string, identity: Identity): Promise<CampaignRow> {
    const c = await this.get(id);
    if (!isStaff(identity) && c.status !== 'CLOSED') throw notFound('Campaign', id);
    return c;
  }

  /** Campaigns, latest first; `publishedOnly` (the public): closed ones only. */
  async list(page: PageArgs, publishedOnly = false): Promise<Page<CampaignRow>> {
    const where = publishedOnly ? `WHERE c.status = 'CLOSED'` : '';
    const rows = await this.ds.query<CampaignRow[]>(
      `SELECT ${CAMPAIGN} FROM review_campaign c ${where} ORDER BY c.starts_on DESC, c.code OFFSET ${page.skip} LIMIT ${page.take + 1}`,
    );
    return toLazyPage(
      rows,
      page,
      async () =>
        (await this.ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM review_campaign c ${where}`))[0].n,
    );
  }

  /** A campaign goes PLANNED → ACTIVE → CLOSED; a closed one takes no more findings or steps. */
  async setStatus(id: string, status: 'PLANNED' | 'ACTIVE' | 'CLOSED'): Promise<CampaignRow> {
    const c = await this.get(id);
    const order = ['PLANNED', 'ACTIVE', 'CLOSED'];
    if (order.indexOf(status) <= order.indexOf(c.status)) {
      throw badInput(
        'status',
        `campaign ${c.code} is ${c.status}; it can move on to ${order.slice(order.indexOf(c.status) + 1).join(' or ') || 'nothing further'}`,
      );
    }
    // In a transaction, like every write: the history names the actor and the request.
    await this.ds.transaction((em) => em.query(`UPDATE review_campaign SET status = $2 WHERE id = $1`, [id, status]));
    return this.get(id);
  }

  /**
   * SQL that keeps the functions (alias `sf`, holder `ha`) of a campaign's scope; `first` is the
   * number of the first parameter it may use.
   */
  scopeCondition(c: CampaignRow, first: number): { sql: string; params: unknown[] } {
    const parts: string[] = [];
    const params: unknown[] = [];
    if (c.agencyIds.length) {
      params.push(c.agencyIds);
      parts.push(
        `sf.holder_id IN (SELECT id FROM registry_agency_subtree($${first + params.length - 1}::uuid[]) AS sub(id))`,
      );
    }
    if (c.levels.length) {
      params.push(c.levels);
      parts.push(`ha.level = ANY($${first + params.length - 1})`);
    }
    if (c.sectors.length) {
      params.push(c.sectors);
      parts.push(`sf.sector = ANY($${first + params.length - 1})`);
    }
    return { sql: parts.length ? parts.join(' AND ') : 'true', params };
  }

  async propose(
    input: {
      campaignId: string;
      functionIds?: string[];
      reviewRunId?: string | null;
      clusterNo?: number | null;
      action: FindingAction;
      mergeIntoId?: string | null;
      transferOption?: string | null;
      targetLevel?: string | null;
      savingsPercent?: number | null;
      rationale: string;
    },
    by: Identity,
  ): Promise<FindingRow> {
    const { name: actor, subject } = personOf(by);
    const c = await this.get(input.campaignId);
    if (c.status === 'CLOSED') throw badInput('campaignId', `campaign ${c.code} is closed`);
    if (!input.rationale.trim()) throw badInput('rationale', 'say why');
    if ((input.action === 'MERGE') !== !!input.mergeIntoId)
      throw badInput('mergeIntoId', 'a MERGE names the function it merges into, and only a MERGE does');
    if ((input.action === 'TRANSFER') !== !!input.transferOption)
      throw badInput('transferOption', 'a TRANSFER names where the function goes, and only a TRANSFER does');
    if (input.transferOption === 'ABOLISH')
      throw badInput('transferOption', 'an abolition is the ABOLISH action, not a transfer');
    if ((input.action === 'MOVE_LEVEL') !== !!input.targetLevel)
      throw badInput('targetLevel', 'a MOVE_LEVEL names the level, and only a MOVE_LEVEL does');
    let ids = [...new Set(input.functionIds ?? [])];
    if (input.clusterNo != null) {
      if (!input.reviewRunId) throw badInput('reviewRunId', 'a cluster is named by its review run and its number');
      if (ids.length) throw badInput('functionIds', 'name either functions or a duplicate cluster, not both');
      const members: { function_id: string }[] = await this.ds.query(
        `SELECT function_id FROM review_cluster_member WHERE run_id = $1 AND cluster_no = $2`,
        [input.reviewRunId, input.clusterNo],
      );
      if (!members.length)
        throw badInput('clusterNo', `review run ${input.reviewRunId} has no cluster ${input.clusterNo}`);
      ids = members.map((m) => m.function_id);
    }
    if (!ids.length) throw badInput('functionIds', 'a finding is about at least one function (or a duplicate cluster)');
    if (input.mergeIntoId && ids.includes(input.mergeIntoId) && ids.length === 1)
      throw badInput('mergeIntoId', 'a function cannot merge into itself');
    const scope = this.scopeCondition(c, 2);
    const inScope: { id: string; code: string; ok: boolean; status: string }[] = await this.ds.query(
      `SELECT sf.id, sf.code, sf.status, (${scope.sql}) AS ok FROM registry_function sf JOIN registry_agency ha ON ha.id = sf.holder_id WHERE sf.id = ANY($1::uuid[])`,
      [ids, ...scope.params],
    );
    // A function that has left the registry frees nothing more, and a finding on it would count it twice.
    const gone = inScope.filter((f) => isRetired(f.status)).map((f) => `${f.code} (${f.status.toLowerCase()})`);
    if (gone.length) throw badInput('functionIds', `no longer in the active registry: ${gone.sort().join(', ')}`);
    const missing = ids.filter((id) => !inScope.some((f) => f.id === id));
    if (missing.length) throw badInput('functionIds', `no function has id ${missing.join(', ')}`);
    const outside = inScope.filter((f) => !f.ok).map((f) => f.code);
    if (outside.length)
      throw badInput('functionIds', `outside the scope of campaign ${c.code}: ${outside.sort().join(', ')}`);
    // And inside the caller's own scope: a finding changes the registry when it is implemented.
    await this.scope.assertFunctions(by, input.mergeIntoId ? [...ids, input.mergeIntoId] : ids);
    if (input.mergeIntoId) {
      const [target] = await this.ds.query<{ id: string; code: string; status: string }[]>(
        `SELECT id, code, status FROM registry_function WHERE id = $1`,
        [input.mergeIntoId],
      );
      if (!target) throw badInput('mergeIntoId', `no function has id ${input.mergeIntoId}`);
      if (isRetired(target.status))
        throw badInput(
          'mergeIntoId',
          `${target.code} is ${target.status.toLowerCase()}; merge into a function that stays`,
        );
    }
    const share =
      input.savingsPercent != null
        ? input.savingsPercent / 100
        : defaultSavingsShare(input.action, input.transferOption);
    return this.ds.transaction(async (em) => {
      const [row] = await em.query<{ id: string }[]>(
        `INSERT INTO campaign_finding (campaign_id, action, merge_into_id, transfer_option, target_level, savings_share, rationale, review_run_id, cluster_no, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          c.id,
          input.action,
          input.mergeIntoId ?? null,
          input.transferOption ?? null,
          input.targetLevel ?? null,
          share,
          input.rationale,
          input.reviewRunId ?? null,
          input.clusterNo ?? null,
          actor,
        ],
      );
      // A merge target stays: the others are what the finding is about.
      const subjects = ids.filter((id) => id !== input.mergeIntoId);
      await em.query(`INSERT INTO campaign_finding_function (finding_id, function_id) SELECT $1, unnest($2::uuid[])`, [
        row.id,
        subjects,
      ]);
      await em.query(
        `INSERT INTO campaign_finding_event (finding_id, from_status, to_status, actor, actor_subject) VALUES ($1, NULL, 'PROPOSED', $2, $3)`,
        [row.id, actor, subject],
      );
      return (await this.findingsWhere(em, 'f.id = $1', [row.id]))[0];
    });
  }

  /**
   * Moves a finding one step on. Implementing applies the decision to the registry: abolished and
   * merged-away functions become ABOLISHED (their history stays), and a transfer is planned for each
   * function to transfer (its progress is then tracked as a transfer).
   */
  async advance(
    input: { findingId: string; status: FindingStatus; note?: string | null; version?: number },
    by: Identity,
  ): Promise<FindingRow> {
    const { name: actor, subject } = personOf(by);
    return this.ds.transaction(async (em) => {
      const [f] = await this.findingsWhere(em, 'f.id = $1', [input.findingId], 'FOR UPDATE OF f');
      if (!f) throw notFound('Finding', input.findingId);
      checkVersion('The finding', f.version, input.version);
      const c = await this.get(f.campaignId, em);
      if (c.status === 'CLOSED') throw badInput('findingId', `campaign ${c.code} is closed`);
      await this.registry.recordActor(em, actor, 'campaign');
      if (!NEXT[f.status].includes(input.status)) {
        throw badInput(
          'status',
          `a ${f.status} finding can move to ${NEXT[f.status].join(' or ') || 'no other status'}, not ${input.status}`,
        );
      }
      await this.checkDuties(em, c, f, input.status, by);
      await this.scope.assertFunctions(by, f.mergeIntoId ? [...f.functionIds, f.mergeIntoId] : f.functionIds);
      await em.query(`UPDATE campaign_finding SET status = $2, version = version + 1 WHERE id = $1`, [
        f.id,
        input.status,
      ]);
      await em.query(
        `INSERT INTO campaign_finding_event (finding_id, from_status, to_status, note, actor, actor_subject) VALUES ($1, $2, $3, $4, $5, $6)`,
        [f.id, f.status, input.status, input.note ?? null, actor, subject],
      );
      if (input.status === 'IMPLEMENTED') await this.apply(em, f, actor);
      this.counts.invalidate();
      return (await this.findingsWhere(em, 'f.id = $1', [f.id]))[0];
    });
  }

  /**
   * Refuses a step that the campaign's separation of duties reserves for someone other than the
   * person who took an earlier step (FORBIDDEN, naming the rule). The latest earlier step counts. A
   * step recorded before subjects were kept is matched by the name recorded with it.
   */
  private async checkDuties(
    em: EntityManager,
    c: CampaignRow,
    f: FindingRow,
    step: FindingStatus,
    by: Identity,
  ): Promise<void> {
    const rules = DUTIES.filter((d) => d.step === step && c.separationOfDuties[d.rule]);
    if (!rules.length) return;
    const earlier: { toStatus: string; actor: string | null; actorSubject: string | null }[] = await em.query(
      `SELECT DISTINCT ON (to_status) to_status AS "toStatus", actor, actor_subject AS "actorSubject"
       FROM campaign_finding_event WHERE finding_id = $1 AND to_status = ANY($2) ORDER BY to_status, at DESC, id DESC`,
      [f.id, rules.map((d) => d.earlier)],
    );
    for (const d of rules) {
      const e = earlier.find((x) => x.toStatus === d.earlier);
      if (!e) continue;
      const same = e.actorSubject !== null ? e.actorSubject === by.subject : e.actor !== null && e.actor === by.name;
      if (same)
        throw forbidden(
          `separation of duties (${d.rule}): ${d.text}; campaign ${c.code} asks another person to move it to ${step}`,
          { rule: d.rule },
        );
    }
  }

  private async apply(em: EntityManager, f: FindingRow, actor: string | null): Promise<void> {
    if (f.action === 'ABOLISH' || f.action === 'MERGE') {
      const transferred: { code: string }[] = await em.query(
        `SELECT code FROM registry_function WHERE id = ANY($1::uuid[]) AND status = 'TRANSFERRED' ORDER BY code`,
        [f.functionIds],
      );
      if (transferred.length)
        throw badInput(
          'status',
          `already transferred, so not abolished here: ${transferred.map((x) => x.code).join(', ')}`,
        );
      // Transfers planned for an abolished function will not happen.
      // An UPDATE answers [rows, count].
      const [planned]: [{ id: string }[], number] = await em.query(
        `UPDATE function_transfer SET status = 'CANCELLED', version = version + 1 WHERE function_id = ANY($1::uuid[]) AND status = 'PLANNED' RETURNING id`,
        [f.functionIds],
      );
      for (const t of planned) {
        await em.query(
          `INSERT INTO transfer_event (transfer_id, from_status, to_status, note, actor) VALUES ($1, 'PLANNED', 'CANCELLED', $2, $3)`,
          [t.id, `finding ${f.id}: ${f.action}`, actor],
        );
      }
      await this.registry.retire(em, f.functionIds, FunctionStatus.ABOLISHED);
    }
    if (f.action === 'TRANSFER') {
      for (const functionId of f.functionIds) {
        const [open] = await em.query<unknown[]>(
          `SELECT 1 FROM function_transfer WHERE function_id = $1 AND status IN ('PLANNED', 'TRANSFERRED', 'MONITORED')`,
          [functionId],
        );
        if (!open)
          await this.transfers.plan(
            { functionId, option: f.transferOption!, reason: f.rationale, findingId: f.id },
            actor,
            em,
          );
      }
    }
  }

  async findings(
    filter: { campaignId: string; statuses?: string[]; actions?: string[]; functionId?: string },
    page: PageArgs,
  ): Promise<Page<FindingRow>> {
    const params: unknown[] = [filter.campaignId];
    const where = ['f.campaign_id = $1'];
    if (filter.statuses?.length) {
      params.push(filter.statuses);
      where.push(`f.status = ANY($${params.length})`);
    }
    if (filter.actions?.length) {
      params.push(filter.actions);
      where.push(`f.action = ANY($${params.length})`);
    }
    if (filter.functionId) {
      params.push(filter.functionId);
      where.push(
        `EXISTS (SELECT 1 FROM campaign_finding_function x WHERE x.finding_id = f.id AND x.function_id = $${params.length})`,
      );
    }
    const cond = where.join(' AND ');
    const rows = await this.findingsWhere(
      this.ds.manager,
      cond,
      params,
      `ORDER BY f.created_at, f.id OFFSET ${page.skip} LIMIT ${page.take + 1}`,
    );
    return toLazyPage(
      rows,
      page,
      async () =>
        (
          await this.ds.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM campaign_finding f WHERE ${cond}`,
            params,
          )
        )[0].n,
    );
  }

  findingsByIds(ids: readonly string[]): Promise<FindingRow[]> {
    return this.findingsWhere(this.ds.manager, 'f.id = ANY($1::uuid[])', [ids]);
  }

  findingsWhere(em: EntityManager, cond: string, params: unknown[], tail = ''): Promise<FindingRow[]> {
    return em
      .query(`SELECT ${FINDING} FROM campaign_finding f WHERE ${cond} ${tail}`, params)
      .then((rows: FindingRow[]) => rows.map((r) => ({ ...r, functionIds: r.functionIds ?? [] })));
  }

  async events(findingIds: readonly string[]): Promise<Map<string, FindingEventRow[]>> {
    const rows: FindingEventRow[] = await this.ds.query(
      `SELECT finding_id AS "findingId", from_status AS "fromStatus", to_status AS "toStatus", note, actor,
         actor_subject AS "actorSubject", at
       FROM campaign_finding_event WHERE finding_id = ANY($1::uuid[]) ORDER BY at, id`,
      [findingIds],
    );
    return groupByKey(findingIds, rows, (r) => r.findingId);
  }
}

/** The entries of `o` that are not undefined (an input's fields not given). */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
