import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { ANONYMOUS, type Identity } from '../auth/identity.js';
import { OperationTypeNode } from 'graphql';
import type { NextFunction, Request, Response } from 'express';
import { Inject, Injectable, Module } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ChangeFeed } from '../database/change-feed.js';
import type { GraphQLContext } from './request-loaders.js';

interface Entry {
  generation: number;
  /** The answer as Apollo would send it, encoded once. */
  body: Buffer;
}

/** What a GraphQL request over HTTP carries that decides its answer. */
interface OperationRequest {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
}

/** Larger answers are recomputed: they are rare, and a few of them would crowd out thousands of pages. */
const MAX_ENTRY_BYTES = 1 << 20;

/**
 * Whole answers to read-only GraphQL operations, kept until the registry changes. The registry is
 * read far more often than it is written (the public, auditors, dashboards paging through the same
 * lists), and a page with nested holders, legal bases and tags costs several statements and a few
 * hundred resolved fields. An answer is served from here only while the change feed is live and
 * no change was seen since it was computed; every committed write, from any process, clears it.
 * Answers with errors are never kept.
 *
 * Apollo fills the cache (`plugin`); `middleware` answers a repeated POST before Apollo parses it,
 * with the bytes Apollo sent the first time.
 */
@Injectable()
export class ResponseCache {
  private readonly entries?: LRUCache<string, Entry>;
  hits = 0;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly feed: ChangeFeed,
  ) {
    const maxSize = config.graphql.responseCacheMb * (1 << 20);
    if (maxSize > 0) {
      this.entries = new LRUCache<string, Entry>({ maxSize, sizeCalculation: (e, key) => e.body.length + key.length });
      feed.subscribe(() => this.entries?.clear());
    }
  }

  get enabled(): boolean {
    return !!this.entries && this.feed.live;
  }

  /** Express middleware for the GraphQL route: sends a kept answer, or passes the request on. */
  middleware(): (req: Request, res: Response, next: NextFunction) => void {
    return (req, res, next) => {
      if (req.method !== 'POST' || !this.enabled || !req.is('application/json') || wantsGraphQLResponseType(req))
        return next();
      const key = cacheKey(req.body as OperationRequest, req.identity);
      const hit = key === undefined ? undefined : this.entries!.get(key);
      if (!hit || hit.generation !== this.feed.generation) return next();
      this.hits++;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('content-length', hit.body.length);
      res.end(hit.body);
    };
  }

  /** The Apollo plugin that keeps answers to queries and notes this process's own writes. */
  plugin(): ApolloServerPlugin {
    return {
      requestDidStart: () => {
        let generation = 0;
        return Promise.resolve({
          didResolveOperation: () => {
            generation = this.feed.generation;
            return Promise.resolve();
          },
          // Apollo awaits its hooks; these do no I/O.
          willSendResponse: (rc) => Promise.resolve(this.afterResponse(rc, generation)),
        });
      },
    };
  }

  /** A mutation marks the cache stale at once; a clean answer to a query is kept. */
  private afterResponse(rc: GraphQLRequestContextWillSendResponse<BaseContext>, generation: number): void {
    const kind = rc.operation?.operation;
    if (kind === OperationTypeNode.MUTATION) {
      // The writer's next read must see its write even before the notification arrives.
      this.feed.changed();
      return;
    }
    if (kind !== OperationTypeNode.QUERY || rc.response.body.kind !== 'single' || !this.enabled) return;
    if ((rc.contextValue as Partial<GraphQLContext>).noStore) return;
    const result = rc.response.body.singleResult;
    // A change seen while this answer was computed may or may not be in it.
    if (result.errors?.length || !result.data || generation !== this.feed.generation) return;
    const key = cacheKey(rc.request, (rc.contextValue as Partial<GraphQLContext>).identity);
    if (key === undefined) return;
    const body = Buffer.from(`${JSON.stringify(result)}\n`);
    if (body.length <= MAX_ENTRY_BYTES) this.entries!.set(key, { generation, body });
  }
}

/** Callers with the same roles and scopes see the same answers; others never share an entry. */
function visibilityOf(identity: Identity | undefined): string {
  const who = identity ?? ANONYMOUS;
  return `${[...who.roles].sort().join(',')}|${[...who.agencies].sort().join(',')}|${[...who.sectors].sort().join(',')}`;
}

function cacheKey(op: OperationRequest | undefined, identity: Identity | undefined): string | undefined {
  if (!op || typeof op.query !== 'string') return undefined;
  return `${visibilityOf(identity)}\u0000${typeof op.operationName === 'string' ? op.operationName : ''}\u0000${op.query}\u0000${JSON.stringify(op.variables ?? {})}`;
}

/** A client that asked for `application/graphql-response+json` gets it from Apollo. */
function wantsGraphQLResponseType(req: Request): boolean {
  return (req.headers.accept ?? '').includes('application/graphql-response+json');
}

@Module({ providers: [ResponseCache], exports: [ResponseCache] })
export class ResponseCacheModule {}
