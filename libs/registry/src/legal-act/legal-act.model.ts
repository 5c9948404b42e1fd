import { ContextField } from '#core';
import type { GraphQLContext } from '#core';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { LegalActStatus, LegalActType } from '../enums.js';
import { LocalDate } from '../scalars.js';
import type { LegalActEntity } from './legal-act.entity.js';
import type { LegalBasisEntity } from './legal-basis.entity.js';

@ObjectType('LegalAct', { description: 'A normative legal act that establishes functions.' })
export class LegalAct {
  @Field(() => ID)
  id: string;

  @Field(() => LegalActType)
  actType: LegalActType;

  @Field(() => String, { nullable: true })
  number: string | null;

  @Field(() => LocalDate, { nullable: true })
  adoptedOn: string | null;

  @Field()
  title: string;

  @Field(() => String, { nullable: true, description: 'Identifier on adilet.zan.kz, e.g. Z070000319_.' })
  adiletCode: string | null;

  @Field(() => String, { nullable: true })
  url: string | null;

  @Field(() => LegalActStatus)
  status: LegalActStatus;

  @Field(() => Date, { nullable: true })
  archivedAt: Date | null;

  @Field(() => Int)
  version: number;
}

@ObjectType('LegalBasis', {
  description: 'The provision of an act (article, clause, sub-clause) that establishes a function.',
})
export class LegalBasis {
  constructor(row: LegalBasisEntity) {
    Object.assign(this, row);
  }

  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  article: string | null;

  @Field(() => String, { nullable: true })
  clause: string | null;

  @Field(() => String, { nullable: true })
  subclause: string | null;

  @Field(() => String, { nullable: true, description: 'The provision as quoted from the act.' })
  quote: string | null;

  @Field(() => String, { nullable: true })
  url: string | null;

  legalActId: string;
  functionId: string;

  @ContextField(() => LegalAct)
  act(_args: unknown, { loaders }: GraphQLContext): Promise<LegalActEntity | null> {
    return loaders.registry.legalAct.load(this.legalActId);
  }
}
