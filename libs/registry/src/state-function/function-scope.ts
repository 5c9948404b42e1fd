import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, forbidden, type Identity, isStaff } from '#core';
import { FunctionStatus } from '../enums.js';
import type { FunctionsArgs } from './dto/state-function.inputs.js';

/**
 * A caller's scope resolved to ids: the agencies (with their subordinates, by the registry's one
 * subtree rule, `registry_agency_subtree`) and sectors their writes are limited to. A list left
 * null does not limit; an empty one (codes that name no agency) admits nothing.
 */
export interface ResolvedScope {
  agencyIds: string[] | null;
  sectors: string[] | null;
}

/** What a list shows a caller: everything, the published registry, or that plus their scope. */
export type Visibility = { published: true; scope: ResolvedScope | null } | null;

// The scope predicate over `state_function f`, with $n the agency ids and $n+1 the sectors; never
// NULL (a function without a sector is outside a scope of sectors).
const inScope = (agencies: string, sectors: string) =>
  `((${agencies}::uuid[] IS NULL OR f.holder_id IN (SELECT id FROM registry_agency_subtree(${agencies}::uuid[]) AS sub(id)))
    AND (${sectors}::text[] IS NULL OR coalesce(f.sector = ANY(${sectors}::text[]), false)))`;

/**
 * Scopes: a reviewer or planner limited to some agencies and sectors writes only there, and sees
 * drafts only there (elsewhere, what the public sees). The public sees functions in force.
 */
@Injectable()
export class FunctionScope {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async resolve(identity: Identity): Promise<ResolvedScope | null> {
    if (!identity.agencies.length && !identity.sectors.length) return null;
    let agencyIds: string[] | null = null;
    if (identity.agencies.length) {
      const rows = await this.ds.query<{ id: string }[]>(`SELECT id FROM agency WHERE code = ANY($1::text[])`, [
        identity.agencies,
      ]);
      agencyIds = rows.map((r) => r.id);
    }
    return { agencyIds, sectors: identity.sectors.length ? [...identity.sectors] : null };
  }

  private refuse(identity: Identity, what: string): DomainError {
    const scope = [
      identity.agencies.length ? `agencies ${identity.agencies.join(', ')} and their subordinates` : '',
      identity.sectors.length ? `sectors ${identity.sectors.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return forbidden(`${what} is outside your scope (${scope})`, {
      scope: identity.agencies,
    });
  }

  /** Refuses a write to any of these functions that lies outside the caller's scope. */
  async assertFunctions(identity: Identity, functionIds: readonly string[]): Promise<void> {
    const scope = await this.resolve(identity);
    if (!scope || functionIds.length === 0) return;
    const outside = await this.ds.query<{ code: string }[]>(
      `SELECT f.code FROM state_function f WHERE f.id = ANY($1::uuid[]) AND NOT ${inScope('$2', '$3')} ORDER BY f.code`,
      [functionIds, scope.agencyIds, scope.sectors],
    );
    if (outside.length)
      throw this.refuse(
        identity,
        `function ${outside
          .map((r) => r.code)
          .slice(0, 10)
          .join(', ')}`,
      );
  }

  /**
   * As `assertFunctions`, for a write that names something of a function (a legal basis, a budget
   * link, a transfer): `sql` selects the ids of the functions concerned.
   */
  async assertFunctionsOf(identity: Identity, sql: string, params: unknown[]): Promise<void> {
    if (!identity.agencies.length && !identity.sectors.length) return;
    const rows = await this.ds.query<{ id: string }[]>(sql, params);
    await this.assertFunctions(
      identity,
      rows.map((r) => r.id),
    );
  }

  /** As `assertPlacement`, with the holder given by its code. */
  async assertPlacementByCode(identity: Identity, holderCode: string, sector: string | null | undefined) {
    if (!identity.agencies.length && !identity.sectors.length) return;
    const [holder] = await this.ds.query<{ id: string }[]>(`SELECT id FROM agency WHERE code = $1`, [holderCode]);
    // An unknown holder is the service's to report (NOT_FOUND); the sector is still checked.
    await this.assertPlacement(identity, holder?.id, sector);
  }

  /** Refuses a function placed (created or moved) outside the caller's scope. */
  async assertPlacement(identity: Identity, holderId: string | undefined, sector: string | null | undefined) {
    const scope = await this.resolve(identity);
    if (!scope) return;
    if (scope.sectors && !(sector && scope.sectors.includes(sector)))
      throw this.refuse(identity, `sector ${sector ?? '(none)'}`);
    if (scope.agencyIds && holderId) {
      const [{ inside }] = await this.ds.query<{ inside: boolean }[]>(
        `SELECT $1::uuid IN (SELECT id FROM registry_agency_subtree($2::uuid[]) AS sub(id)) AS inside`,
        [holderId, scope.agencyIds],
      );
      if (!inside) throw this.refuse(identity, 'the holder');
    }
  }

  /** What lists show this caller: null for unscoped staff (everything). */
  async visibility(identity: Identity): Promise<Visibility> {
    if (!isStaff(identity)) return { published: true, scope: null };
    const scope = await this.resolve(identity);
    return scope ? { published: true, scope } : null;
  }

  /**
   * The list arguments narrowed to what the caller may see; null when nothing could match (a public
   * caller asking only for drafts).
   */
  async visibleArgs(identity: Identity, args: FunctionsArgs): Promise<FunctionsArgs | null> {
    const visibility = await this.visibility(identity);
    if (!visibility) return args;
    const asked = args.filter?.statuses;
    if (!visibility.scope && asked?.length && !asked.includes(FunctionStatus.ACTIVE)) return null;
    return Object.assign(Object.create(Object.getPrototypeOf(args) as object) as FunctionsArgs, args, {
      filter: { ...args.filter, visibility },
    });
  }
}
