import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FunctionStatus, FunctionType, Lang } from '../enums.js';

/**
 * Statuses of a function that has left the registry: it stays for its history but is no longer
 * performed. The database view `registry_function` applies the same rule (`retired`, `live`).
 */
export const RETIRED_STATUSES: readonly FunctionStatus[] = [FunctionStatus.TRANSFERRED, FunctionStatus.ABOLISHED];

export type RetiredStatus = FunctionStatus.TRANSFERRED | FunctionStatus.ABOLISHED;

export function isRetired(status: string): boolean {
  return (RETIRED_STATUSES as readonly string[]).includes(status);
}

/**
 * The statement in the language it was written in, the other language when that one is missing;
 * the same rule as the SQL function `registry_function_title`.
 */
export function functionTitle(lang: string, titleRu: string | null, titleKk: string | null): string | null {
  return lang === (Lang.kk as string) ? (titleKk ?? titleRu) : (titleRu ?? titleKk);
}

/**
 * Names who acts in the revision history of this transaction (`function_revision.changed_by`): the
 * actor, prefixed by the source of the change (`campaign:alice`), or the source alone. Nothing is
 * recorded when both are missing.
 */
export async function recordActor(em: EntityManager, actor: string | null, source?: string): Promise<void> {
  const name = source ? (actor ? `${source}:${actor}` : source) : actor;
  if (name) await em.query(`SELECT set_config('registry.actor', $1, true)`, [name]);
}

/** A function as a writer outside the registry sees it while holding its row lock. */
export interface LockedFunction {
  id: string;
  code: string;
  title: string;
  lang: 'ru' | 'kk';
  type: FunctionType | null;
  supporting: boolean | null;
  status: FunctionStatus;
  version: number;
}

/**
 * The writes other libraries make to functions (classification decisions, transfers, campaign
 * findings). Each runs in the caller's transaction, so the caller's own rows and the function's
 * change commit together, and the revision history names the actor set with `recordActor`.
 */
@Injectable()
export class FunctionRegistry {
  recordActor(em: EntityManager, actor: string | null, source?: string): Promise<void> {
    return recordActor(em, actor, source);
  }

  /** Locks the functions' rows until the transaction ends; ids that match nothing are left out. */
  lock(em: EntityManager, ids: readonly string[]): Promise<LockedFunction[]> {
    return em.query(
      `SELECT id, code, registry_function_title(lang, title_ru, title_kk) AS title, lang, type, supporting, status, version
       FROM state_function WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
  }

  async lockOne(em: EntityManager, id: string): Promise<LockedFunction | undefined> {
    return (await this.lock(em, [id]))[0];
  }

  async setType(em: EntityManager, id: string, type: string | null): Promise<void> {
    await em.query(`UPDATE state_function SET type = $2 WHERE id = $1`, [id, type]);
  }

  async setSupporting(em: EntityManager, id: string, supporting: boolean | null): Promise<void> {
    await em.query(`UPDATE state_function SET supporting = $2 WHERE id = $1`, [id, supporting]);
  }

  /** The functions leave the active registry: archived (if not already), so lists and exports skip them. */
  async retire(em: EntityManager, ids: readonly string[], status: RetiredStatus): Promise<void> {
    await em.query(
      `UPDATE state_function SET status = $2, archived_at = coalesce(archived_at, now()) WHERE id = ANY($1::uuid[])`,
      [ids, status],
    );
  }

  /** A retired function comes back as active. */
  async reinstate(em: EntityManager, id: string): Promise<void> {
    await em.query(`UPDATE state_function SET status = 'ACTIVE', archived_at = NULL WHERE id = $1`, [id]);
  }
}
