import { Module } from '@nestjs/common';
import { RegistryDataModule } from '#registry';
import { ReviewDataModule } from '#review';
import { AssessmentDataModule } from '#assessment';
import { BudgetDataModule } from '#budget';
import { CampaignService } from './campaign.service.js';
import { CampaignLoadersFactory } from './graphql/campaign.loaders.js';
import { CampaignHistoryResolver } from './graphql/campaign-history.resolver.js';
import { CampaignResolver } from './graphql/campaign.resolver.js';
import { CampaignReportController } from './report.controller.js';
import { CampaignReportService } from './report.service.js';
import { SavingsService } from './savings.service.js';

const SERVICES = [CampaignService, SavingsService, CampaignReportService];

/** Review campaigns, findings, savings and reports, without GraphQL. */
@Module({
  imports: [RegistryDataModule, ReviewDataModule, AssessmentDataModule, BudgetDataModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class CampaignDataModule {}

@Module({
  imports: [CampaignDataModule, RegistryDataModule],
  providers: [CampaignResolver, CampaignHistoryResolver, CampaignLoadersFactory],
  controllers: [CampaignReportController],
  exports: [CampaignDataModule],
})
export class CampaignModule {}
