import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule, TypeOrmModuleOptions } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import { AppConfig, DatabaseConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ChangeFeed } from './change-feed.js';
import { CountCache } from './count-cache.js';
import { EntityList, openDataSource } from './data-source.js';

type Options = TypeOrmModuleOptions & { registryDatabase: DatabaseConfig };

/**
 * TypeORM on the configured database: the PostgreSQL server of DATABASE_URL, or the embedded
 * PostgreSQL when none is set. Entities come from the feature modules (`forFeature`).
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig): Options => ({
            type: 'postgres',
            autoLoadEntities: true,
            // A server may still be starting; an embedded database that failed to open will not get better.
            retryAttempts: config.database.url ? 2 : 0,
            retryDelay: 1000,
            registryDatabase: config.database,
          }),
          dataSourceFactory: async (options?: DataSourceOptions) => {
            const { registryDatabase, entities } = options as unknown as Options & { entities: EntityList };
            return openDataSource(registryDatabase, entities);
          },
        }),
      ],
      providers: [
        ChangeFeed,
        {
          provide: CountCache,
          inject: [APP_CONFIG, ChangeFeed],
          useFactory: (config: AppConfig, feed: ChangeFeed) => {
            const counts = Object.assign(new CountCache(), { ttlMs: config.database.countCacheMs });
            feed.subscribe(() => counts.invalidate());
            return counts;
          },
        },
      ],
      exports: [CountCache, ChangeFeed],
    };
  }
}
