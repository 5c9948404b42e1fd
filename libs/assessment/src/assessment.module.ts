import { Module } from '@nestjs/common';
import { RegistryDataModule } from '#registry';
import { ReviewDataModule } from '#review';
import { AssessmentService } from './assessment.service.js';
import { ClassificationDecisionService } from './classification-decision.service.js';
import { AssessmentLoadersFactory } from './graphql/assessment.loaders.js';
import { AssessmentResolver } from './graphql/assessment.resolver.js';
import { MarketService } from './transfer/market.service.js';
import { TransferService } from './transfer/transfer.service.js';

const SERVICES = [AssessmentService, ClassificationDecisionService, MarketService, TransferService];

/** Suggestions, transfer flags, market readiness and transfers, without GraphQL (the CLI uses this). */
@Module({
  imports: [RegistryDataModule, ReviewDataModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class AssessmentDataModule {}

@Module({
  imports: [AssessmentDataModule, RegistryDataModule],
  providers: [AssessmentResolver, AssessmentLoadersFactory],
  exports: [AssessmentDataModule],
})
export class AssessmentModule {}
