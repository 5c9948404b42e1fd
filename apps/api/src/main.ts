import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { Logger as PinoLogger } from 'nestjs-pino';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, loadConfig, RegistryDataSource } from '#core';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { configureHttp, configureServerTimeouts, prepareDatabase } from './bootstrap.js';
import { workbenchDir } from './workbench.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  // SIGTERM drains (see GracefulShutdown) and then exits with status 0: a stop asked for is a success.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  configureHttp(app, config);
  await prepareDatabase(app, config);
  configureServerTimeouts(app.getHttpServer());
  await app.listen(config.port);
  const ds = app.get<DataSource, RegistryDataSource>(DataSource);
  const workbench = existsSync(join(workbenchDir(), 'index.html'));
  const where =
    ds.mode === 'embedded' ? `embedded PostgreSQL in ${ds.embedded?.location}` : 'PostgreSQL server (DATABASE_URL)';
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);
  new Logger('Startup').log(
    `GraphQL API at http://localhost:${config.port}/graphql, health at /health/live and /health/ready${workbench ? `, the workbench at http://localhost:${config.port}/` : ' (the workbench is not built: npm run build)'}; database: ${where}; ready in ${ms.toFixed(0)} ms, ${rss} MiB resident`,
  );
  // Reads of the published registry need no token; everything else does.
  if (config.auth.localKeyFile)
    new Logger('Startup').log(
      `anyone may read the published registry; to act as an administrator, get a token with \`npm run --silent cli -- token --role ADMIN\` and send it as the header "Authorization: Bearer <token>" (keys: ${config.auth.localKeyFile})`,
    );
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
