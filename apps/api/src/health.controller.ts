import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { RegistryDataSource } from '#core';
import { DataSource } from 'typeorm';

@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(TypeOrmHealthIndicator) private readonly db: TypeOrmHealthIndicator,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  /** 200 when the database answers, 503 otherwise; says which kind of database is in use. */
  @Get()
  @HealthCheck()
  check() {
    const mode = this.ds instanceof RegistryDataSource ? this.ds.mode : 'server';
    return this.health.check([
      async () => {
        const result = await this.db.pingCheck('database', { timeout: 2000 });
        return { database: { ...result.database, mode } };
      },
    ]);
  }
}
