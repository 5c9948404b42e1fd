import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RegistryDataModule } from '#registry';
import { ReviewResolver } from './graphql/review.resolver.js';
import { ReviewCheckService } from './run/review-check.service.js';
import { ReviewQueryService } from './run/review-query.service.js';
import { ReviewRunEntity } from './run/review-run.entity.js';
import { ReviewRunService } from './run/review-run.service.js';

const SERVICES = [ReviewRunService, ReviewQueryService, ReviewCheckService];

/** The review engine's services, without GraphQL (the command line uses this alone). */
@Module({
  imports: [TypeOrmModule.forFeature([ReviewRunEntity]), RegistryDataModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class ReviewDataModule {}

@Module({
  imports: [ReviewDataModule],
  providers: [ReviewResolver],
})
export class ReviewModule implements OnApplicationBootstrap {
  constructor(private readonly runs: ReviewRunService) {}

  async onApplicationBootstrap(): Promise<void> {
    // Runs left RUNNING by a process that died are marked failed (no-op before migrations ran).
    await this.runs.failAbandoned().catch(() => undefined);
  }
}
