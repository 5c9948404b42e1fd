import { asView } from '#core';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { FunctionStatus, FunctionType, Lang } from '../enums.js';
import { JSONObject, LocalDate } from '../scalars.js';
import { Agency, AgencyTask, StructuralUnit } from '../agency/agency.model.js';
import { LegalAct, LegalBasis } from '../legal-act/legal-act.model.js';
import type { RegistryLoaders } from '../loaders/registry.loaders.js';
import { Tag } from '../tag/tag.model.js';
import type { StateFunctionEntity } from './state-function.entity.js';
import { functionTitle } from './function-registry.js';

@ObjectType('StateFunction', { description: 'A function of a state body, with its classification and legal basis.' })
export class StateFunction {
  /** A function as the API shows it; nested fields are getters over the request's batch loaders. */
  constructor(row: StateFunctionEntity, loaders: RegistryLoaders) {
    asView(this, row, loaders);
  }

  declare private readonly loaders: RegistryLoaders;

  @Field(() => ID)
  id: string;

  @Field({ description: 'Registry code, assigned on registration (F-0000001).' })
  code: string;

  @Field(() => String, { nullable: true, description: 'Identifier in the source system; stable across re-imports.' })
  externalId: string | null;

  @Field(() => Lang)
  lang: Lang;

  @Field(() => String, { nullable: true })
  titleRu: string | null;

  @Field(() => String, { nullable: true })
  titleKk: string | null;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => FunctionType, { nullable: true, description: 'Null while the function is not yet classified.' })
  type: FunctionType | null;

  @Field(() => String, { nullable: true })
  sector: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Supporting (internal) rather than public-facing; null when not assessed.',
  })
  supporting: boolean | null;

  @Field(() => FunctionStatus)
  status: FunctionStatus;

  @Field(() => LocalDate, { nullable: true })
  inForceFrom: string | null;

  @Field(() => Date, { nullable: true })
  archivedAt: Date | null;

  @Field(() => Int, { description: 'Increases with every change; pass it back to update without overwriting others.' })
  version: number;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;

  holderId: string;
  taskId: string | null;
  structuralUnitId: string | null;
  sourceActId: string | null;
  templateId: string | null;

  @Field({ description: 'The statement in the language it was written in.' })
  get title(): string {
    return functionTitle(this.lang, this.titleRu, this.titleKk) ?? '';
  }

  @Field(() => Agency)
  get holder(): Promise<Agency | null> {
    return this.loaders.agency.load(this.holderId);
  }

  @Field(() => [Agency], { description: 'Agencies that perform the function together with the holder.' })
  get coExecutors(): Promise<Agency[]> {
    return this.loaders.coExecutorsByFunction.load(this.id);
  }

  @Field(() => AgencyTask, { nullable: true })
  get task() {
    return this.taskId ? this.loaders.agencyTask.load(this.taskId) : null;
  }

  @Field(() => StructuralUnit, { nullable: true })
  get structuralUnit() {
    return this.structuralUnitId ? this.loaders.structuralUnit.load(this.structuralUnitId) : null;
  }

  @Field(() => LegalAct, { nullable: true, description: 'The act that brought the function in.' })
  get sourceAct() {
    return this.sourceActId ? this.loaders.legalAct.load(this.sourceActId) : null;
  }

  @Field(() => StateFunction, { nullable: true, description: 'The typical function this one instantiates.' })
  get template(): Promise<StateFunction | null> | null {
    return this.templateId ? this.loaders.stateFunction.load(this.templateId) : null;
  }

  @Field(() => [LegalBasis])
  get legalBasis(): Promise<LegalBasis[]> {
    return this.loaders.legalBasesByFunction.load(this.id);
  }

  @Field(() => [Tag])
  get tags(): Promise<Tag[]> {
    return this.loaders.tagsByFunction.load(this.id);
  }
}

@ObjectType('FunctionRevision', { description: 'The state of a function after one change.' })
export class FunctionRevision {
  @Field(() => Int)
  revision: number;

  @Field()
  operation: string;

  @Field()
  changedAt: Date;

  @Field(() => String, { nullable: true })
  changedBy: string | null;

  @Field(() => JSONObject)
  snapshot: Record<string, unknown>;
}
