import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Paginated } from '#core';
import { JSONObject } from '../scalars.js';

/** One row of `change_log` as the database keeps it. */
export interface ChangeRow {
  id: string;
  at: Date;
  actor: string | null;
  actor_subject: string | null;
  request_id: string | null;
  table_name: string;
  row_id: string;
  operation: 'INSERT' | 'UPDATE' | 'DELETE';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The columns an entry changed: those that differ on an update, those it holds on an insert or delete. */
export function changedFields(row: Pick<ChangeRow, 'before' | 'after'>): string[] {
  const { before, after } = row;
  if (before && after) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
  }
  return Object.keys(after ?? before ?? {}).sort();
}

@ObjectType({ description: 'One change of one row, as the append-only change log keeps it.' })
export class ChangeEntry {
  @Field(() => ID, { description: "The entry's number: later entries have greater numbers." })
  id: string;

  @Field({ description: 'When the transaction that made the change began.' })
  at: Date;

  @Field(() => String, { nullable: true, description: 'Who acted (the caller, or a source such as import:<file>).' })
  actor: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The verified token's subject of who acted: it tells apart people of the same name.",
  })
  actorSubject: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The request that made the change: the changes of one request share it.',
  })
  requestId: string | null;

  @Field({ description: 'INSERT, UPDATE or DELETE.' })
  operation: string;

  @Field({ description: 'The table changed (state_function, legal_basis, agency, campaign_finding, ...).' })
  table: string;

  @Field({ description: 'The row changed: its id, or its key columns joined with "/".' })
  rowId: string;

  @Field(() => JSONObject, { nullable: true, description: 'The row before the change (null for an insert).' })
  before: Record<string, unknown> | null;

  @Field(() => JSONObject, { nullable: true, description: 'The row after the change (null for a delete).' })
  after: Record<string, unknown> | null;

  @Field(() => [String], {
    description: 'The columns the change set: those that differ on an update, all on an insert or delete.',
  })
  changedFields: string[];

  constructor(row: ChangeRow) {
    this.id = String(row.id);
    this.at = row.at;
    this.actor = row.actor;
    this.actorSubject = row.actor_subject;
    this.requestId = row.request_id;
    this.operation = row.operation;
    this.table = row.table_name;
    this.rowId = row.row_id;
    this.before = row.before;
    this.after = row.after;
    this.changedFields = changedFields(row);
  }
}

export const ChangeEntryPage = Paginated(ChangeEntry);
