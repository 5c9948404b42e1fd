import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '#core';
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Paths the API answers itself; everything else a browser asks for as a page gets the workbench.
 * A new controller outside these paths must be added here, or browsers will get the page instead.
 */
const API_PATHS = /^\/(graphql|health|open-data|reports)(\/|$)/;

/**
 * The workbench's page may load only what this origin serves: its own scripts and styles, the API,
 * no frames around it. Nothing is fetched from elsewhere at run time.
 */
const BASE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/** The page's policy; an identity provider the workbench signs in with may be reached for tokens. */
export function workbenchCsp(oidcIssuer?: string): string {
  const connect = oidcIssuer ? `connect-src 'self' ${new URL(oidcIssuer).origin}` : "connect-src 'self'";
  return BASE_CSP.map((d) => (d.startsWith('connect-src') ? connect : d)).join('; ');
}

/**
 * The GraphQL explorer's editor (Monaco, bundled) writes its styles into the page as it runs and
 * carries its fonts inline, so its page, and only it, allows inline styles and fonts; scripts stay
 * this origin's own.
 */
const explorerCsp = (csp: string) =>
  csp
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    .replace("font-src 'self'", "font-src 'self' data:");

/** Where `npm run build` puts the compiled workbench: `dist/web`, beside the compiled API. */
export function workbenchDir(): string {
  const up = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  return basename(up) === 'dist' ? join(up, 'web') : join(up, 'dist', 'web');
}

/**
 * Serves the workbench (the web page of the registry) on the API's own origin, so that it uses the
 * same tokens and roles: hashed assets cached for a year, the page itself never cached, and any
 * path that is not the API's answered with the page (its router shows the screen). Returns false
 * when the workbench has not been built.
 */
export function serveWorkbench(app: NestExpressApplication, config?: AppConfig, dir = workbenchDir()): boolean {
  const csp = workbenchCsp(config?.auth.workbenchOidc?.issuer);
  const explorer = explorerCsp(csp);
  const page = join(dir, 'index.html');
  if (!existsSync(page)) return false;
  // Hashed file names: a new build has new names, so a year of caching is safe.
  app.useStaticAssets(join(dir, 'assets'), {
    prefix: '/assets/',
    index: false,
    immutable: true,
    maxAge: '365d',
    fallthrough: false,
    setHeaders: (res: Response) => {
      res.setHeader('x-content-type-options', 'nosniff');
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    // A browser asks for HTML first; API clients (JSON, or anything) get the API's 404 in its own shape.
    const wantsPage = (req.method === 'GET' || req.method === 'HEAD') && req.accepts(['json', 'html']) === 'html';
    if (!wantsPage || API_PATHS.test(req.path)) return next();
    res.setHeader('content-security-policy', /^\/explorer\/?$/.test(req.path) ? explorer : csp);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(page);
  });
  return true;
}
