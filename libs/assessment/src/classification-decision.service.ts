import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { badInput, checkVersion, CountCache, groupByKey, notFound } from '#core';
import { FunctionRegistry } from '#registry';
import { suggestSupporting, suggestType } from './classify/index.js';

export interface ClassificationDecisionRow {
  id: string;
  functionId: string;
  field: 'TYPE' | 'SUPPORTING';
  value: string | null;
  previousValue: string | null;
  suggestedValue: string | null;
  suggestedConfidence: number | null;
  acceptedSuggestion: boolean;
  note: string | null;
  decidedBy: string | null;
  decidedAt: Date;
}

const COLUMNS = `id::text, function_id AS "functionId", field, value, previous_value AS "previousValue", suggested_value AS "suggestedValue",
  suggested_confidence AS "suggestedConfidence", accepted_suggestion AS "acceptedSuggestion", note, decided_by AS "decidedBy", decided_at AS "decidedAt"`;

/**
 * Reviewers' decisions on a function's type and on supporting vs public-facing: the registry keeps
 * each decision with the suggestion it accepted or overrode, and who made it.
 */
@Injectable()
export class ClassificationDecisionService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly counts: CountCache,
    private readonly registry: FunctionRegistry,
  ) {}

  /**
   * Sets the type: the given one, or the suggestion when `acceptSuggestion` is set (refused when
   * nothing is suggested). `type: null` takes the function back to unclassified.
   */
  async decideType(
    input: {
      functionId: string;
      type?: string | null;
      acceptSuggestion?: boolean;
      note?: string | null;
      version?: number;
    },
    actor: string | null,
  ): Promise<ClassificationDecisionRow> {
    if (input.acceptSuggestion && input.type !== undefined)
      throw badInput('type', 'give either a type or acceptSuggestion, not both');
    if (!input.acceptSuggestion && input.type === undefined)
      throw badInput('type', 'give a type (or null for unclassified), or acceptSuggestion: true');
    return this.ds.transaction(async (em) => {
      const f = await this.lockFunction(em, input.functionId);
      checkVersion('The function', f.version, input.version);
      await this.registry.recordActor(em, actor, 'classification');
      const suggestion = suggestType(f.title, f.lang);
      if (input.acceptSuggestion && !suggestion.type)
        throw badInput('acceptSuggestion', 'there is no suggested type for this function to accept');
      const value = input.acceptSuggestion ? suggestion.type : (input.type ?? null);
      await this.registry.setType(em, f.id, value);
      return this.record(em, f.id, 'TYPE', value, f.type, suggestion.type, suggestion.confidence, input.note, actor);
    });
  }

  /**
   * Accepts the suggested type of each function, all in one transaction: if any function is not
   * found, was changed since the version its reader saw, or has no suggestion to accept, nothing is
   * written and the error names it. The rows are locked at once, in one order, so that two
   * reviewers accepting overlapping sets wait for each other instead of deadlocking.
   */
  async acceptTypes(
    items: readonly { functionId: string; version?: number }[],
    note: string | null | undefined,
    actor: string | null,
  ): Promise<ClassificationDecisionRow[]> {
    return this.ds.transaction(async (em) => {
      const locked = new Map(
        (
          await this.registry.lock(
            em,
            items.map((i) => i.functionId),
          )
        ).map((f) => [f.id, f]),
      );
      await this.registry.recordActor(em, actor, 'classification');
      const out: ClassificationDecisionRow[] = [];
      for (const item of items) {
        const f = locked.get(item.functionId);
        if (!f) throw notFound('Function', item.functionId);
        checkVersion(`The function ${f.code}`, f.version, item.version);
        const suggestion = suggestType(f.title, f.lang);
        if (!suggestion.type)
          throw badInput('items', `there is no suggested type to accept for ${f.code}; nothing was changed`);
        await this.registry.setType(em, f.id, suggestion.type);
        out.push(
          await this.record(
            em,
            f.id,
            'TYPE',
            suggestion.type,
            f.type,
            suggestion.type,
            suggestion.confidence,
            note,
            actor,
          ),
        );
      }
      return out;
    });
  }

  async decideSupporting(
    input: {
      functionId: string;
      supporting?: boolean | null;
      acceptSuggestion?: boolean;
      note?: string | null;
      version?: number;
    },
    actor: string | null,
  ): Promise<ClassificationDecisionRow> {
    if (input.acceptSuggestion && input.supporting !== undefined)
      throw badInput('supporting', 'give either supporting or acceptSuggestion, not both');
    if (!input.acceptSuggestion && input.supporting === undefined)
      throw badInput('supporting', 'give supporting (true, false or null), or acceptSuggestion: true');
    return this.ds.transaction(async (em) => {
      const f = await this.lockFunction(em, input.functionId);
      checkVersion('The function', f.version, input.version);
      await this.registry.recordActor(em, actor, 'classification');
      const suggestion = suggestSupporting(f.title, f.lang);
      if (input.acceptSuggestion && suggestion.supporting === null)
        throw badInput(
          'acceptSuggestion',
          'there is no supporting/public-facing suggestion for this function to accept',
        );
      const value = input.acceptSuggestion ? suggestion.supporting : (input.supporting ?? null);
      await this.registry.setSupporting(em, f.id, value);
      const text = (v: boolean | null) => (v === null ? null : String(v));
      return this.record(
        em,
        f.id,
        'SUPPORTING',
        text(value),
        text(f.supporting),
        text(suggestion.supporting),
        suggestion.confidence,
        input.note,
        actor,
      );
    });
  }

  /** Decisions on each function, newest first. */
  async historyOf(ids: readonly string[]): Promise<Map<string, ClassificationDecisionRow[]>> {
    const rows: ClassificationDecisionRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM classification_decision WHERE function_id = ANY($1::uuid[]) ORDER BY decided_at DESC, id DESC`,
      [ids],
    );
    return groupByKey(ids, rows, (r) => r.functionId);
  }

  private async lockFunction(em: EntityManager, id: string) {
    const f = await this.registry.lockOne(em, id);
    if (!f) throw notFound('Function', id);
    return f;
  }

  private async record(
    em: EntityManager,
    functionId: string,
    field: 'TYPE' | 'SUPPORTING',
    value: string | null,
    previous: string | boolean | null,
    suggested: string | null,
    confidence: number,
    note: string | null | undefined,
    actor: string | null,
  ): Promise<ClassificationDecisionRow> {
    this.counts.invalidate();
    const [row]: ClassificationDecisionRow[] = await em.query(
      `INSERT INTO classification_decision (function_id, field, value, previous_value, suggested_value, suggested_confidence, accepted_suggestion, note, decided_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [
        functionId,
        field,
        value,
        previous === null ? null : String(previous),
        suggested,
        suggested === null ? null : confidence,
        suggested !== null && value === suggested,
        note ?? null,
        actor,
      ],
    );
    return row;
  }
}
