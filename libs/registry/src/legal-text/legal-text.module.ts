import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LegalActEntity } from '../legal-act/legal-act.entity.js';
import { LegalTextResolver } from './legal-text.resolver.js';
import { LegalTextService } from './legal-text.service.js';
import { FunctionScope } from '../state-function/function-scope.js';

/**
 * Draft functions from the text of an act: the parseLegalText query and the importLegalText
 * mutation. It needs only the database (global), so it can be imported by RegistryModule
 * without a cycle.
 */
@Module({
  imports: [TypeOrmModule.forFeature([LegalActEntity])],
  providers: [LegalTextService, LegalTextResolver, FunctionScope],
  exports: [LegalTextService],
})
export class LegalTextModule {}
