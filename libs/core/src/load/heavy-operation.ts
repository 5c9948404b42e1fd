import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  OnModuleDestroy,
  UseGuards,
} from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { MemoryStore, type Options, type Store } from 'express-rate-limit';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError, ErrorCode } from '../errors/domain-error.js';
import type { GraphQLContext } from '../graphql/request-loaders.js';
import { LoadMonitor } from './load-monitor.js';

/**
 * Who a request counts against: for now the client's address (as Express sees it, so behind a
 * proxy set TRUST_PROXY). Once requests carry a signed-in user, this is the one place to key on
 * the user instead.
 */
export function clientKey(req: Request): string {
  return `ip:${req.ip ?? req.socket?.remoteAddress ?? 'unknown'}`;
}

export function tooManyRequests(retryAfterS: number): DomainError {
  return new DomainError(
    ErrorCode.TOO_MANY_REQUESTS,
    `Too many heavy operations from this client; try again in ${retryAfterS} seconds.`,
    { retryAfter: retryAfterS },
  );
}

/**
 * The `heavy` bucket: how many heavy operations each client has started in the current window
 * (HEAVY_RATE_LIMIT per HEAVY_RATE_WINDOW_S). One bucket for all of them, so that a client cannot
 * multiply its share by mixing operations. Counts are kept by an express-rate-limit store: its
 * MemoryStore here, so each replica counts on its own; any store of that interface (Redis,
 * PostgreSQL) shares the counts between replicas.
 */
@Injectable()
export class HeavyOperationLimiter implements OnModuleDestroy {
  private readonly store: Store;
  private readonly limit: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limit = config.load.heavyRateLimit;
    this.store = new MemoryStore();
    // MemoryStore reads only the window from the middleware's options.
    void this.store.init?.({ windowMs: config.load.heavyRateWindowS * 1000 } as Options);
  }

  onModuleDestroy(): Promise<void> | void {
    return this.store.shutdown?.();
  }

  /** Counts one heavy operation of `client`, or refuses it with the seconds until the window resets. */
  async take(client: string): Promise<void> {
    if (this.limit === 0) return;
    const { totalHits, resetTime } = await this.store.increment(`heavy:${client}`);
    if (totalHits <= this.limit) return;
    const retryAfter = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now()) - Date.now()) / 1000));
    throw tooManyRequests(retryAfter);
  }
}

function requestOf(context: ExecutionContext): { req: Request; res: Response } {
  if (context.getType<GqlContextType>() === 'graphql') {
    const { req } = GqlExecutionContext.create(context).getContext<GraphQLContext>();
    return { req, res: req.res as Response };
  }
  const http = context.switchToHttp();
  return { req: http.getRequest<Request>(), res: http.getResponse<Response>() };
}

/**
 * Admits a heavy operation, GraphQL field or HTTP route alike: refused with SERVICE_OVERLOADED
 * while memory is short, and with TOO_MANY_REQUESTS (and `Retry-After`) over the client's limit.
 */
@Injectable()
export class HeavyOperationGuard implements CanActivate {
  constructor(
    @Inject(LoadMonitor) private readonly load: LoadMonitor,
    @Inject(HeavyOperationLimiter) private readonly limiter: HeavyOperationLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { req, res } = requestOf(context);
    try {
      this.load.admitHeavy();
      await this.limiter.take(clientKey(req));
    } catch (error) {
      const retryAfter = (error as DomainError).extensions?.retryAfter;
      if (typeof retryAfter === 'number' && !res.headersSent) res.setHeader('retry-after', String(retryAfter));
      throw error;
    }
    return true;
  }
}

/**
 * Marks an operation that costs far more than a read or a write (parsing or importing a law, a
 * review run, a live duplicate check, a report download): it is refused while memory is short, and
 * each client may start only so many of them a window.
 */
export function HeavyOperation(): MethodDecorator & ClassDecorator {
  return applyDecorators(UseGuards(HeavyOperationGuard));
}
