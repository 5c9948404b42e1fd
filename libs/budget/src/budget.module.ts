import { Module } from '@nestjs/common';
import { RegistryDataModule } from '#registry';
import { BudgetBulkService } from './budget-bulk.service.js';
import { BudgetService } from './budget.service.js';
import { BudgetLoadersFactory } from './graphql/budget.loaders.js';
import { BudgetResolver } from './graphql/budget.resolver.js';
import { HeadcountService } from './headcount.service.js';

const SERVICES = [BudgetService, HeadcountService, BudgetBulkService];

/** Budget programmes, expenditures, their links to functions, and headcount, without GraphQL. */
@Module({
  imports: [RegistryDataModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class BudgetDataModule {}

@Module({
  imports: [BudgetDataModule, RegistryDataModule],
  providers: [BudgetResolver, BudgetLoadersFactory],
  exports: [BudgetDataModule],
})
export class BudgetModule {}
