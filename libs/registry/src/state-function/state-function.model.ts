import { ContextField } from '#core';
import type { GraphQLContext } from '#core';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { FunctionStatus, FunctionType, Lang } from '../enums.js';
import { JSONObject, LocalDate } from '../scalars.js';
import { Agency, AgencyTask, StructuralUnit } from '../agency/agency.model.js';
import { LegalAct, LegalBasis } from '../legal-act/legal-act.model.js';
import { Tag } from '../tag/tag.model.js';
import type { StateFunctionEntity } from './state-function.entity.js';
import { functionTitle } from './function-registry.js';

@ObjectType('StateFunction', { description: 'A function of a state body, with its classification and legal basis.' })
export class StateFunction {
  /** A function as the API shows it; nested fields read the request's batch loaders from the context. */
  constructor(row: StateFunctionEntity) {
    Object.assign(this, row);
  }

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

  @ContextField(() => Agency)
  holder(_args: unknown, { loaders }: GraphQLContext): Promise<Agency | null> {
    return loaders.registry.agency.load(this.holderId);
  }

  @ContextField(() => [Agency], { description: 'Agencies that perform the function together with the holder.' })
  coExecutors(_args: unknown, { loaders }: GraphQLContext): Promise<Agency[]> {
    return loaders.registry.coExecutorsByFunction.load(this.id);
  }

  @ContextField(() => AgencyTask, { nullable: true })
  task(_args: unknown, { loaders }: GraphQLContext) {
    return this.taskId ? loaders.registry.agencyTask.load(this.taskId) : null;
  }

  @ContextField(() => StructuralUnit, { nullable: true })
  structuralUnit(_args: unknown, { loaders }: GraphQLContext) {
    return this.structuralUnitId ? loaders.registry.structuralUnit.load(this.structuralUnitId) : null;
  }

  @ContextField(() => LegalAct, { nullable: true, description: 'The act that brought the function in.' })
  sourceAct(_args: unknown, { loaders }: GraphQLContext) {
    return this.sourceActId ? loaders.registry.legalAct.load(this.sourceActId) : null;
  }

  @ContextField(() => StateFunction, { nullable: true, description: 'The typical function this one instantiates.' })
  template(_args: unknown, { loaders }: GraphQLContext): Promise<StateFunction | null> | null {
    return this.templateId ? loaders.registry.stateFunction.load(this.templateId) : null;
  }

  @ContextField(() => [LegalBasis])
  legalBasis(_args: unknown, { loaders }: GraphQLContext): Promise<LegalBasis[]> {
    return loaders.registry.legalBasesByFunction.load(this.id);
  }

  @ContextField(() => [Tag])
  tags(_args: unknown, { loaders }: GraphQLContext): Promise<Tag[]> {
    return loaders.registry.tagsByFunction.load(this.id);
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
