import { Inject, Injectable } from '@nestjs/common';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
  type JWTPayload,
} from 'jose';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AppConfig, AuthConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError, ErrorCode } from '../errors/domain-error.js';
import type { Identity } from './identity.js';
import { Role } from './role.js';

/** `iss` and `aud` of the tokens the registry issues itself. */
export const LOCAL_ISSUER = 'state-functions-registry';
export const LOCAL_AUDIENCE = 'state-functions-registry';

export interface TokenRequest {
  subject: string;
  name?: string;
  roles: Role[];
  agencies?: string[];
  sectors?: string[];
  /** Lifetime in seconds. */
  expiresInS: number;
}

const ROLES = new Set<string>(Object.values(Role));
/** Signatures accepted from an identity provider: asymmetric only (HS256 is the local key's). */
const PROVIDER_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const MAX_SCOPE_ENTRIES = 1000;

function unauthenticated(message: string): DomainError {
  return new DomainError(ErrorCode.UNAUTHENTICATED, message);
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function withClaim(payload: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let at = payload;
  for (const part of parts.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
  at[parts[parts.length - 1]] = value;
}

/** A list claim as strings: a JSON array, or one string of names separated by spaces or commas. */
function stringsOf(value: unknown, claim: string): string[] {
  if (value === undefined || value === null) return [];
  const list = typeof value === 'string' ? value.split(/[\s,]+/) : value;
  if (!Array.isArray(list) || !list.every((v) => typeof v === 'string'))
    throw unauthenticated(`token claim ${claim} must be a list of strings`);
  if (list.length > MAX_SCOPE_ENTRIES)
    throw unauthenticated(`token claim ${claim} has more than ${MAX_SCOPE_ENTRIES} entries`);
  return [...new Set(list.map((v) => v.trim()).filter((v) => v.length > 0 && v.length <= 200))];
}

/**
 * Verifies bearer tokens: HS256 ones against the local secret (tokens this service issues), any
 * other algorithm against the identity provider's key set. Both can be trusted at once.
 */
@Injectable()
export class TokenService {
  private readonly auth: AuthConfig;
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;
  private secret?: Uint8Array;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.auth = config.auth;
    if (this.auth.jwksUrl) this.jwks = createRemoteJWKSet(new URL(this.auth.jwksUrl), { timeoutDuration: 5000 });
  }

  /** The secret of local tokens; outside production generated on first use and kept on disk. */
  localSecret(): Uint8Array | undefined {
    if (this.secret) return this.secret;
    if (this.auth.localSecret) return (this.secret = new TextEncoder().encode(this.auth.localSecret));
    const file = this.auth.localKeyFile;
    if (!file) return undefined;
    try {
      this.secret = new TextEncoder().encode(readFileSync(file, 'utf8').trim());
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      mkdirSync(dirname(file), { recursive: true });
      const generated = randomBytes(32).toString('base64url');
      try {
        writeFileSync(file, `${generated}\n`, { mode: 0o600, flag: 'wx' });
        this.secret = new TextEncoder().encode(generated);
      } catch (raced) {
        // Another process created it first: use theirs.
        if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
        this.secret = new TextEncoder().encode(readFileSync(file, 'utf8').trim());
      }
    }
    return this.secret;
  }

  /** Signs a local token (the CLI's `token` command; tests). */
  async issue(request: TokenRequest): Promise<string> {
    const secret = this.localSecret();
    if (!secret) throw new Error('no local key: set AUTH_LOCAL_SECRET to issue tokens in production');
    const claims: Record<string, unknown> = {};
    const { claims: names } = this.auth;
    withClaim(claims, names.roles, request.roles);
    if (request.agencies?.length) withClaim(claims, names.agencies, request.agencies);
    if (request.sectors?.length) withClaim(claims, names.sectors, request.sectors);
    withClaim(claims, names.name, request.name ?? request.subject);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(request.subject)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + request.expiresInS)
      .sign(secret);
  }

  /** The identity a token proves; UNAUTHENTICATED with the reason when it proves none. */
  async verify(token: string): Promise<Identity> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw unauthenticated('the bearer token is not a JWT');
    }
    let payload: JWTPayload;
    try {
      if (alg === 'HS256') {
        const secret = this.localSecret();
        if (!secret) throw unauthenticated('locally issued tokens are not accepted here');
        ({ payload } = await jwtVerify(token, secret, {
          algorithms: ['HS256'],
          issuer: LOCAL_ISSUER,
          audience: LOCAL_AUDIENCE,
          requiredClaims: ['sub', 'exp'],
        }));
      } else {
        if (!this.jwks) throw unauthenticated('no identity provider is configured for this token');
        ({ payload } = await jwtVerify(token, this.jwks, {
          algorithms: PROVIDER_ALGORITHMS,
          issuer: this.auth.issuer,
          audience: this.auth.audience,
          requiredClaims: ['sub', 'exp'],
          clockTolerance: 30,
        }));
      }
    } catch (e) {
      if (e instanceof DomainError) throw e;
      if (e instanceof joseErrors.JWTExpired) throw unauthenticated('the bearer token has expired');
      if (e instanceof joseErrors.JWTClaimValidationFailed)
        throw unauthenticated(`the bearer token's claim ${e.claim} is not accepted (${e.reason})`);
      if (e instanceof joseErrors.JOSEError) throw unauthenticated(`the bearer token is not valid (${e.code})`);
      throw unauthenticated('the bearer token could not be verified: the identity provider did not answer');
    }
    return this.identityOf(payload);
  }

  private identityOf(payload: JWTPayload): Identity {
    const { claims, roleMap } = this.auth;
    const roles = new Set<Role>();
    for (const name of stringsOf(claimAt(payload, claims.roles), claims.roles)) {
      // Only the exact names of registry roles map by themselves: a provider's "admin" is not ours.
      const role = roleMap[name] ?? name;
      if (ROLES.has(role)) roles.add(role as Role);
    }
    if (roles.size === 0) roles.add(Role.PUBLIC);
    const subject = String(payload.sub).slice(0, 200);
    const name = claimAt(payload, claims.name);
    return {
      subject,
      name: typeof name === 'string' && name.trim() ? name.trim().slice(0, 200) : subject,
      roles: [...roles],
      agencies: stringsOf(claimAt(payload, claims.agencies), claims.agencies),
      sectors: stringsOf(claimAt(payload, claims.sectors), claims.sectors),
      anonymous: false,
    };
  }
}
