import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { FunctionStatus, FunctionType, Lang } from '../enums.js';
import { JSONObject, LocalDate } from '../scalars.js';

@ObjectType('StateFunction', { description: 'A function of a state body, with its classification and legal basis.' })
export class StateFunction {
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

  @Field(() => Boolean, { nullable: true, description: 'Supporting (internal) rather than public-facing; null when not assessed.' })
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
