import { Module } from '@nestjs/common';
import { RegistryDataModule } from '#registry';
import { BudgetService } from './budget.service.js';
import { BudgetResolver } from './graphql/budget.resolver.js';
import { HeadcountService } from './headcount.service.js';

const SERVICES = [BudgetService, HeadcountService];

/** Budget programmes, expenditures, their links to functions, and headcount, without GraphQL. */
@Module({
  imports: [RegistryDataModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class BudgetDataModule {}

@Module({
  imports: [BudgetDataModule],
  providers: [BudgetResolver],
  exports: [BudgetDataModule],
})
export class BudgetModule {}
