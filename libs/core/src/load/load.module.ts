import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { HeavyOperationGuard, HeavyOperationLimiter } from './heavy-operation.js';
import { LoadMonitor } from './load-monitor.js';
import { RequestDeadlineInterceptor } from './request-deadline.js';
import { ServiceState } from './service-state.js';

/**
 * Protection of the process as a whole: per-client limits on heavy operations, the memory ceiling,
 * the request deadline and the draining state.
 */
@Global()
@Module({})
export class LoadModule {
  static forRoot(): DynamicModule {
    return {
      module: LoadModule,
      providers: [
        LoadMonitor,
        ServiceState,
        HeavyOperationLimiter,
        HeavyOperationGuard,
        { provide: APP_INTERCEPTOR, useClass: RequestDeadlineInterceptor },
      ],
      exports: [LoadMonitor, ServiceState, HeavyOperationLimiter, HeavyOperationGuard],
    };
  }
}
