import { Module } from '@nestjs/common';
import { ConfigModule, DatabaseModule, LoadModule } from '#core';
import { LegalTextModule, RegistryDataModule } from '#registry';
import { ReviewDataModule } from '#review';
import { AssessmentDataModule, SuggestionAnnotationModule } from '#assessment';
import { BudgetDataModule } from '#budget';

/** What the command line needs: configuration, database and the services of the registry, the review, the assessment and the budget; no HTTP. */
@Module({
  imports: [
    ConfigModule.forRoot(),
    DatabaseModule.forRoot(),
    // The feature modules declare their resolvers too, whose heavy-operation guard needs it.
    LoadModule.forRoot(),
    RegistryDataModule,
    LegalTextModule,
    ReviewDataModule,
    AssessmentDataModule,
    BudgetDataModule,
    SuggestionAnnotationModule,
  ],
})
export class CliModule {}
