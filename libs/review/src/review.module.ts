import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RegistryDataModule } from '#registry';
import { DuplicatePairResolver, ReviewResolver, StatementScopeResolver } from './graphql/review.resolver.js';
import { ReviewCheckService } from './run/review-check.service.js';
import { ReviewQueryService } from './run/review-query.service.js';
import { ReviewQueue } from './run/review-queue.js';
import { ReviewRunEntity } from './run/review-run.entity.js';
import { ReviewRunService } from './run/review-run.service.js';
import { ReviewModelService } from './learn/review-model.service.js';

const SERVICES = [ReviewRunService, ReviewQueryService, ReviewCheckService, ReviewModelService];

/** The review engine's services, without GraphQL (the command line uses this alone). */
@Module({
  imports: [TypeOrmModule.forFeature([ReviewRunEntity]), RegistryDataModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class ReviewDataModule {}

/** The review API: the resolver and the queue that computes the runs it starts. */
@Module({
  imports: [ReviewDataModule],
  providers: [ReviewResolver, DuplicatePairResolver, StatementScopeResolver, ReviewQueue],
  exports: [ReviewQueue],
})
export class ReviewModule {}
