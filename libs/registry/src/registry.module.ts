import { OpenDataController, PublicationController } from './publication/publication.controller.js';
import { OpenDataService } from './publication/open-data.service.js';
import { RegistryDiffResolver } from './publication/registry-diff.resolver.js';
import { RegistryDiffService } from './publication/registry-diff.service.js';
import { FunctionScope } from './state-function/function-scope.js';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgencyTaskEntity } from './agency/agency-task.entity.js';
import { AgencyEntity } from './agency/agency.entity.js';
import { AgencyResolver } from './agency/agency.resolver.js';
import { AgencyService } from './agency/agency.service.js';
import { StructuralUnitEntity } from './agency/structural-unit.entity.js';
import {
  ClassificationCodeEntity,
  ClassificationResolver,
  ClassificationService,
} from './classification/classification.js';
import { ExportService } from './interchange/export.service.js';
import { ImportService } from './interchange/import.service.js';
import { LegalActEntity } from './legal-act/legal-act.entity.js';
import { LegalActResolver } from './legal-act/legal-act.resolver.js';
import { LegalActService } from './legal-act/legal-act.service.js';
import { LegalBasisEntity } from './legal-act/legal-basis.entity.js';
import { RegistryLoadersFactory } from './loaders/registry.loaders.js';
import { SeedService } from './seed/seed.service.js';
import { FunctionRegistry } from './state-function/function-registry.js';
import { StateFunctionFieldsResolver } from './state-function/state-function-fields.resolver.js';
import {
  FunctionCoExecutorEntity,
  FunctionRevisionEntity,
  StateFunctionEntity,
} from './state-function/state-function.entity.js';
import { StateFunctionResolver } from './state-function/state-function.resolver.js';
import { StateFunctionService } from './state-function/state-function.service.js';
import { FunctionTagEntity, TagEntity, TagVocabularyEntity } from './tag/tag.entity.js';
import { TagResolver } from './tag/tag.resolver.js';
import { TagService } from './tag/tag.service.js';
import { TerritoryEntity } from './territory/territory.entity.js';
import { TerritoryResolver } from './territory/territory.resolver.js';
import { TerritoryService } from './territory/territory.service.js';
import { LegalTextModule } from './legal-text/legal-text.module.js';
import { HistoryResolver } from './history/history.resolver.js';
import { HistoryService } from './history/history.service.js';

export const REGISTRY_ENTITIES = [
  TerritoryEntity,
  AgencyEntity,
  StructuralUnitEntity,
  AgencyTaskEntity,
  LegalActEntity,
  LegalBasisEntity,
  StateFunctionEntity,
  FunctionCoExecutorEntity,
  FunctionRevisionEntity,
  TagVocabularyEntity,
  TagEntity,
  FunctionTagEntity,
  ClassificationCodeEntity,
];

const SERVICES = [
  TerritoryService,
  AgencyService,
  LegalActService,
  TagService,
  StateFunctionService,
  FunctionRegistry,
  FunctionScope,
  ClassificationService,
  ImportService,
  ExportService,
  SeedService,
  HistoryService,
];

/** The registry's data and its services, without the GraphQL layer (the CLI uses this alone). */
@Module({
  imports: [TypeOrmModule.forFeature(REGISTRY_ENTITIES)],
  providers: SERVICES,
  exports: SERVICES,
})
export class RegistryDataModule {}

/** The registry with its GraphQL resolvers. */
@Module({
  imports: [RegistryDataModule, LegalTextModule],
  providers: [
    TerritoryResolver,
    AgencyResolver,
    LegalActResolver,
    TagResolver,
    StateFunctionResolver,
    StateFunctionFieldsResolver,
    ClassificationResolver,
    HistoryResolver,
    RegistryLoadersFactory,
    RegistryDiffService,
    RegistryDiffResolver,
    OpenDataService,
  ],
  controllers: [PublicationController, OpenDataController],
  exports: [RegistryDataModule, LegalTextModule],
})
export class RegistryModule {}
