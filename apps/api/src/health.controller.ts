import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { LoadMonitor, RegistryDataSource, ServiceState } from '#core';
import { DataSource } from 'typeorm';

/** How long readiness waits for the database: a probe must answer before the balancer gives up. */
const DATABASE_PING_TIMEOUT_MS = 1000;

@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(TypeOrmHealthIndicator) private readonly db: TypeOrmHealthIndicator,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(ServiceState) private readonly state: ServiceState,
    @Inject(LoadMonitor) private readonly load: LoadMonitor,
  ) {}

  /**
   * Liveness: the process answers at all. Touches neither the database nor any queue, so a busy
   * database or a long request cannot fail it; only a blocked event loop can. Stays 200 while
   * draining, so that the orchestrator lets the drain finish.
   */
  @Get('live')
  live() {
    return {
      status: 'ok',
      uptimeS: Math.round(process.uptime()),
      draining: this.state.isDraining,
      eventLoopDelay: this.load.eventLoop(),
      memory: this.load.memory(),
    };
  }

  /** Readiness (also `/health`): 200 when the database answers within a second and the process is not stopping. */
  @Get(['', 'ready'])
  @HealthCheck()
  ready() {
    const mode = this.ds instanceof RegistryDataSource ? this.ds.mode : 'server';
    const lifecycle = this.indicators.check('lifecycle');
    // A stopping process is not ready whatever its database says; the probe is not held for it.
    if (this.state.isDraining) return this.health.check([() => lifecycle.down({ state: 'shutting down' })]);
    return this.health.check([
      () => lifecycle.up({ state: 'serving' }),
      async () => {
        const result = await this.db.pingCheck('database', { timeout: DATABASE_PING_TIMEOUT_MS });
        return { database: { ...result.database, mode } };
      },
    ]);
  }
}
