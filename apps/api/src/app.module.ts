import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TerminusModule } from '@nestjs/terminus';
import { APP_CONFIG, AppConfig, ConfigModule, createValidationPipe, DatabaseModule, DomainErrorFilter } from '#core';
import { RegistryLoadersFactory, RegistryModule } from '#registry';
import { ReviewModule } from '#review';
import { graphqlOptions } from './graphql.config.js';
import { HealthController } from './health.controller.js';

/** The composition root of the API: configuration, database, GraphQL and the feature modules. */
@Module({})
export class AppModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(),
        RegistryModule,
        ReviewModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [RegistryModule],
          inject: [APP_CONFIG, RegistryLoadersFactory],
          useFactory: graphqlOptions,
        }),
        TerminusModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
      ],
    };
  }
}
