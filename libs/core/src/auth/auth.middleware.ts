import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { DomainError } from '../errors/domain-error.js';
import { ANONYMOUS, runAs, type Identity } from './identity.js';
import type { TokenService } from './token.service.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** The verified caller, set by `authMiddleware` (anonymous without a token). */
    identity?: Identity;
  }
}

const BEARER = /^Bearer +([\w.~+/=-]{1,16384}) *$/i;

/** A refusal in GraphQL's shape, so clients read it as they read every other error. */
function refuse(res: Response, message: string): void {
  res
    .status(401)
    .setHeader('www-authenticate', `Bearer error="invalid_token"`)
    .json({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
}

/**
 * Verifies the bearer token, if any, before anything else reads the request (the response cache
 * keys on the caller's visibility), and runs the rest of the request as that caller. A request
 * without a token is anonymous (PUBLIC); one with a bad token is refused, never downgraded.
 */
export function authMiddleware(tokens: TokenService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const requestId = typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : randomUUID();
    const header = req.headers.authorization;
    if (header === undefined) {
      req.identity = ANONYMOUS;
      runAs(ANONYMOUS, requestId, next);
      return;
    }
    const token = BEARER.exec(header)?.[1];
    if (!token) return refuse(res, 'the Authorization header must read "Bearer <token>"');
    tokens.verify(token).then(
      (identity) => {
        req.identity = identity;
        runAs(identity, requestId, next);
      },
      (e: unknown) => refuse(res, e instanceof DomainError ? e.message : 'the bearer token could not be verified'),
    );
  };
}
