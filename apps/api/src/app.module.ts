import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TerminusModule } from '@nestjs/terminus';
import {
  APP_CONFIG,
  AppConfig,
  arrivalOrderMiddleware,
  authMiddleware,
  TokenService,
  ConfigModule,
  createValidationPipe,
  DatabaseModule,
  DomainErrorFilter,
  LoadModule,
  LoadMonitor,
  LoggingModule,
  ResponseCache,
  RequestLoadersFactory,
  RequestLoadersModule,
  ResponseCacheModule,
} from '#core';
import { RegistryModule } from '#registry';
import { ReviewModule } from '#review';
import { AssessmentModule, SuggestionAnnotationModule } from '#assessment';
import { BudgetModule } from '#budget';
import { CampaignModule } from '#campaign';
import { graphqlOptions } from './graphql.config.js';
import { HealthController } from './health.controller.js';
import { GracefulShutdown } from './shutdown.js';
import { ViewerResolver } from './viewer.resolver.js';

/** The composition root of the API: configuration, database, GraphQL and the feature modules. */
@Module({})
export class AppModule implements NestModule {
  constructor(
    private readonly responses: ResponseCache,
    private readonly tokens: TokenService,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(arrivalOrderMiddleware()).forRoutes({ path: 'graphql', method: RequestMethod.ALL });
    // The caller is known before the response cache looks for an answer they may see.
    consumer
      .apply(authMiddleware(this.tokens))
      .forRoutes(
        { path: 'graphql', method: RequestMethod.ALL },
        { path: 'reports/*path', method: RequestMethod.ALL },
        { path: 'open-data/*path', method: RequestMethod.ALL },
      );
    consumer.apply(this.responses.middleware()).forRoutes({ path: 'graphql', method: RequestMethod.POST });
  }

  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(),
        LoadModule.forRoot(),
        DatabaseModule.forRoot(),
        RegistryModule,
        ReviewModule,
        AssessmentModule,
        SuggestionAnnotationModule,
        BudgetModule,
        CampaignModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [RequestLoadersModule, ResponseCacheModule],
          inject: [APP_CONFIG, RequestLoadersFactory, ResponseCache, LoadMonitor],
          useFactory: graphqlOptions,
        }),
        TerminusModule,
        ResponseCacheModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        GracefulShutdown,
        TokenService,
        ViewerResolver,
      ],
    };
  }
}
