import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { badInput, checkVersion, conflict, CountCache, groupByKey, notFound } from '#core';
import { FunctionRegistry, FunctionStatus, isRetired } from '#registry';

type TransferStatus = 'PLANNED' | 'TRANSFERRED' | 'MONITORED' | 'RETURNED' | 'CANCELLED';

export interface TransferRow {
  id: string;
  functionId: string;
  option: string;
  status: TransferStatus;
  recipient: string | null;
  recipientAgencyId: string | null;
  actId: string | null;
  findingId: string | null;
  plannedFor: string | null;
  transferredOn: string | null;
  returnedOn: string | null;
  reason: string | null;
  createdBy: string | null;
  createdAt: Date;
  version: number;
}

export interface TransferEventRow {
  transferId: string;
  fromStatus: string | null;
  toStatus: string;
  note: string | null;
  actor: string | null;
  at: Date;
}

export interface ObservationRow {
  id: string;
  transferId: string;
  observedOn: string;
  indicator: string;
  value: string | null;
  note: string | null;
  observedBy: string | null;
}

const COLUMNS = `id, function_id AS "functionId", option, status, recipient, recipient_agency_id AS "recipientAgencyId", act_id AS "actId",
  finding_id AS "findingId", planned_for::text AS "plannedFor", transferred_on::text AS "transferredOn", returned_on::text AS "returnedOn",
  reason, created_by AS "createdBy", created_at AS "createdAt", version`;

/** Which step may follow which: a transfer is planned, carried out, watched, and may come back. */
const NEXT: Record<TransferStatus, TransferStatus[]> = {
  PLANNED: ['TRANSFERRED', 'CANCELLED'],
  TRANSFERRED: ['MONITORED', 'RETURNED'],
  MONITORED: ['RETURNED'],
  RETURNED: [],
  CANCELLED: [],
};

/**
 * Transfers of functions out of the state apparatus or to another level, after the decision:
 * planned → transferred (to whom, when, by which act) → monitored (observations over time) →
 * possibly returned. A transferred function leaves the active registry (status TRANSFERRED) and
 * keeps its history; a returned one is active again.
 */
@Injectable()
export class TransferService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly counts: CountCache,
    private readonly registry: FunctionRegistry,
  ) {}

  async plan(
    input: {
      functionId: string;
      option: string;
      recipient?: string | null;
      recipientAgencyId?: string | null;
      plannedFor?: string | null;
      reason?: string | null;
      findingId?: string | null;
    },
    actor: string | null,
    em: EntityManager = this.ds.manager,
  ): Promise<TransferRow> {
    const run = async (m: EntityManager) => {
      const f = await this.registry.lockOne(m, input.functionId);
      if (!f) throw notFound('Function', input.functionId);
      if (isRetired(f.status)) throw badInput('functionId', `the function is ${f.status.toLowerCase()} already`);
      const [open] = await m.query<{ id: string; status: TransferStatus }[]>(
        `SELECT id, status FROM function_transfer WHERE function_id = $1 AND status IN ('PLANNED', 'TRANSFERRED', 'MONITORED')`,
        [f.id],
      );
      if (open) throw conflict(`the function already has a transfer in progress (${open.id}, ${open.status})`);
      const [row] = await m.query<TransferRow[]>(
        `INSERT INTO function_transfer (function_id, option, recipient, recipient_agency_id, planned_for, reason, finding_id, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
        [
          f.id,
          input.option,
          input.recipient ?? null,
          input.recipientAgencyId ?? null,
          input.plannedFor ?? null,
          input.reason ?? null,
          input.findingId ?? null,
          actor,
        ],
      );
      await m.query(
        `INSERT INTO transfer_event (transfer_id, from_status, to_status, note, actor) VALUES ($1, NULL, 'PLANNED', $2, $3)`,
        [row.id, input.reason ?? null, actor],
      );
      return row;
    };
    return em.queryRunner?.isTransactionActive ? run(em) : this.ds.transaction(run);
  }

  async advance(
    input: {
      transferId: string;
      status: TransferStatus;
      on?: string | null;
      actId?: string | null;
      recipient?: string | null;
      recipientAgencyId?: string | null;
      note?: string | null;
      version?: number;
    },
    actor: string | null,
  ): Promise<TransferRow> {
    return this.ds.transaction(async (em) => {
      const [t]: TransferRow[] = await em.query(`SELECT ${COLUMNS} FROM function_transfer WHERE id = $1 FOR UPDATE`, [
        input.transferId,
      ]);
      if (!t) throw notFound('Transfer', input.transferId);
      checkVersion('The transfer', t.version, input.version);
      if (!NEXT[t.status].includes(input.status)) {
        throw badInput(
          'status',
          `a ${t.status} transfer can move to ${NEXT[t.status].join(' or ') || 'no other status'}, not ${input.status}`,
        );
      }
      if (input.status === 'TRANSFERRED' && !input.on)
        throw badInput('on', 'give the date the function was transferred');
      if (
        input.status === 'TRANSFERRED' &&
        !(input.recipient ?? t.recipient) &&
        !(input.recipientAgencyId ?? t.recipientAgencyId)
      ) {
        throw badInput('recipient', 'say to whom the function was transferred (recipient or recipientAgencyId)');
      }
      if (input.status === 'RETURNED' && !input.on) throw badInput('on', 'give the date the function came back');
      await this.registry.recordActor(em, actor, 'transfer');
      const f = (await this.registry.lockOne(em, t.functionId))!;
      if (input.status === 'TRANSFERRED' && isRetired(f.status)) {
        throw badInput('status', `the function is ${f.status.toLowerCase()} already; cancel this transfer instead`);
      }
      if (input.status === 'RETURNED' && f.status !== FunctionStatus.TRANSFERRED) {
        throw badInput('status', `the function is ${f.status.toLowerCase()} now, not transferred; it cannot come back`);
      }
      const sets: string[] = ['status = $2', 'version = version + 1'];
      const params: unknown[] = [t.id, input.status];
      const set = (column: string, value: unknown) => {
        params.push(value);
        sets.push(`${column} = $${params.length}`);
      };
      if (input.status === 'TRANSFERRED') set('transferred_on', input.on);
      if (input.status === 'RETURNED') set('returned_on', input.on);
      if (input.actId !== undefined) set('act_id', input.actId);
      if (input.recipient !== undefined) set('recipient', input.recipient);
      if (input.recipientAgencyId !== undefined) set('recipient_agency_id', input.recipientAgencyId);
      const [[row]] = await em.query<[TransferRow[], number]>(
        `UPDATE function_transfer SET ${sets.join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
        params,
      );
      await em.query(
        `INSERT INTO transfer_event (transfer_id, from_status, to_status, note, actor) VALUES ($1, $2, $3, $4, $5)`,
        [t.id, t.status, input.status, input.note ?? null, actor],
      );
      // A transferred function leaves the active registry (archived, so lists and exports skip it); its history stays.
      if (input.status === 'TRANSFERRED') await this.registry.retire(em, [t.functionId], FunctionStatus.TRANSFERRED);
      if (input.status === 'RETURNED') await this.registry.reinstate(em, t.functionId);
      this.counts.invalidate();
      return row;
    });
  }

  async observe(
    input: { transferId: string; observedOn: string; indicator: string; value?: number | null; note?: string | null },
    actor: string | null,
  ): Promise<ObservationRow> {
    const [t] = await this.ds.query<{ status: TransferStatus }[]>(
      `SELECT status FROM function_transfer WHERE id = $1`,
      [input.transferId],
    );
    if (!t) throw notFound('Transfer', input.transferId);
    if (!['TRANSFERRED', 'MONITORED', 'RETURNED'].includes(t.status)) {
      throw badInput(
        'transferId',
        `a ${t.status} transfer has nothing to observe yet: observations follow the transfer`,
      );
    }
    // In a transaction, like every write: the history names the actor and the request.
    const [row] = await this.ds.transaction((em) =>
      em.query<ObservationRow[]>(
        `INSERT INTO transfer_observation (transfer_id, observed_on, indicator, value, note, observed_by) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id::text, transfer_id AS "transferId", observed_on::text AS "observedOn", indicator, value::text, note, observed_by AS "observedBy"`,
        [input.transferId, input.observedOn, input.indicator, input.value ?? null, input.note ?? null, actor],
      ),
    );
    return row;
  }

  async list(
    filter: { functionId?: string; statuses?: string[]; options?: string[] },
    take: number,
    skip: number,
  ): Promise<[TransferRow[], number]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.functionId) add('function_id = ?', filter.functionId);
    if (filter.statuses?.length) add('status = ANY(?)', filter.statuses);
    if (filter.options?.length) add('option = ANY(?)', filter.options);
    const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = await this.ds.query<TransferRow[]>(
      `SELECT ${COLUMNS} FROM function_transfer ${cond} ORDER BY created_at DESC, id OFFSET ${skip} LIMIT ${take}`,
      params,
    );
    const [{ n }] = await this.ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM function_transfer ${cond}`,
      params,
    );
    return [rows, n];
  }

  byIds(ids: readonly string[]): Promise<TransferRow[]> {
    return this.ds.query(`SELECT ${COLUMNS} FROM function_transfer WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async byFunction(ids: readonly string[]): Promise<Map<string, TransferRow[]>> {
    const rows: TransferRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM function_transfer WHERE function_id = ANY($1::uuid[]) ORDER BY created_at DESC`,
      [ids],
    );
    return groupByKey(ids, rows, (r) => r.functionId);
  }

  async events(transferIds: readonly string[]): Promise<Map<string, TransferEventRow[]>> {
    const rows: TransferEventRow[] = await this.ds.query(
      `SELECT transfer_id AS "transferId", from_status AS "fromStatus", to_status AS "toStatus", note, actor, at FROM transfer_event
       WHERE transfer_id = ANY($1::uuid[]) ORDER BY at, id`,
      [transferIds],
    );
    return groupByKey(transferIds, rows, (r) => r.transferId);
  }

  async observations(transferIds: readonly string[]): Promise<Map<string, ObservationRow[]>> {
    const rows: ObservationRow[] = await this.ds.query(
      `SELECT id::text, transfer_id AS "transferId", observed_on::text AS "observedOn", indicator, value::text, note, observed_by AS "observedBy"
       FROM transfer_observation WHERE transfer_id = ANY($1::uuid[]) ORDER BY observed_on, id`,
      [transferIds],
    );
    return groupByKey(transferIds, rows, (r) => r.transferId);
  }
}
