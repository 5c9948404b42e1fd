import { AsyncLocalStorage } from 'node:async_hooks';
import { Role, STAFF_ROLES } from './role.js';

/** A verified caller: who they are, what they may do, and where (empty scope lists: everywhere). */
export interface Identity {
  /** The token's subject (`sub`); `anonymous` without a token. */
  readonly subject: string;
  /** The name recorded as the actor of every change (the token's name claim, else its subject). */
  readonly name: string;
  readonly roles: readonly Role[];
  /** Codes of the agencies (with their subordinates) the caller's writes are limited to. */
  readonly agencies: readonly string[];
  /** Sectors the caller's writes are limited to. */
  readonly sectors: readonly string[];
  readonly anonymous: boolean;
}

export const ANONYMOUS: Identity = Object.freeze({
  subject: 'anonymous',
  name: 'anonymous',
  roles: Object.freeze([Role.PUBLIC]),
  agencies: Object.freeze([]),
  sectors: Object.freeze([]),
  anonymous: true,
});

export function hasRole(identity: Identity, ...roles: Role[]): boolean {
  return identity.roles.some((r) => r === Role.ADMIN || roles.includes(r));
}

/** Staff see drafts, internal notes, who decided, review runs; the public sees what is published. */
export function isStaff(identity: Identity): boolean {
  return identity.roles.some((r) => STAFF_ROLES.includes(r));
}

/** Who is acting and in which request, for the work done on their behalf (history, logs). */
export interface RequestIdentity {
  identity: Identity;
  requestId: string;
}

const current = new AsyncLocalStorage<RequestIdentity>();

/** Runs `work` on behalf of `identity` (the HTTP middleware per request; the CLI and jobs once). */
export function runAs<T>(identity: Identity, requestId: string, work: () => T): T {
  return current.run({ identity, requestId }, work);
}

/** The caller of the request in progress; undefined outside any (start-up, migrations). */
export function currentIdentity(): Identity | undefined {
  return current.getStore()?.identity;
}

/** The name to record as the actor of a change: null outside a request or for an anonymous caller. */
export function currentActor(): string | null {
  const identity = current.getStore()?.identity;
  return identity && !identity.anonymous ? identity.name : null;
}

/** The token's subject of the caller: who acted, told apart from others of the same name. */
export function currentSubject(): string | null {
  const identity = current.getStore()?.identity;
  return identity && !identity.anonymous ? identity.subject : null;
}

/** The id of the request in progress (as logged), to tie the changes of one request together. */
export function currentRequestId(): string | null {
  return current.getStore()?.requestId ?? null;
}
