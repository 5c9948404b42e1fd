import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

/** Nest's level names as LOG_LEVEL takes them, mapped to pino's. */
const PINO_LEVEL: Record<string, string> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's request id is kept only when it is short and plain, so it cannot forge log lines. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/**
 * Structured JSON logs, one line per request with its id, and the same id on every line logged
 * while the request runs. In development on a terminal the lines are printed readably instead.
 */
export function pinoHttpOptions(config: AppConfig, pretty = process.stdout.isTTY): Options {
  return {
    level: PINO_LEVEL[config.logLevel] ?? 'info',
    genReqId: requestId,
    // Headers may carry credentials and the registry's actor; neither belongs in a log.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-registry-user"]'],
      remove: true,
    },
    autoLogging: { ignore: (req) => req.url === '/health' || (req.url?.startsWith('/health/') ?? false) },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    transport:
      pretty && config.env === 'development'
        ? {
            target: 'pino-pretty',
            options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
          }
        : undefined,
  };
}

@Module({})
export class LoggingModule {
  static forRoot(): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({ pinoHttp: pinoHttpOptions(config) }),
        }),
      ],
    };
  }
}
