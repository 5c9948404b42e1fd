import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Paginated } from '#core';

/** A legal basis as it stood on the date asked for. */
@ObjectType()
export class LegalBasisAsOf {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { nullable: true })
  legalActId: string | null;

  @Field(() => String, { nullable: true })
  article: string | null;

  @Field(() => String, { nullable: true })
  clause: string | null;

  @Field(() => String, { nullable: true })
  subclause: string | null;

  @Field(() => Int, { description: 'Order within the function.' })
  position: number;
}

@ObjectType({
  description: 'A function as it stood at the end of a date, rebuilt from its revisions and the change log.',
})
export class FunctionAsOf {
  @Field(() => ID)
  id: string;

  @Field()
  code: string;

  @Field(() => String, { nullable: true, description: 'The title in the language it was written in.' })
  title: string | null;

  @Field(() => ID)
  holderId: string;

  @Field(() => String, { nullable: true })
  type: string | null;

  @Field()
  status: string;

  @Field(() => Int, { description: 'The revision in force on the date.' })
  revision: number;

  @Field({ description: 'When that revision was written.' })
  revisedAt: Date;

  @Field(() => [LegalBasisAsOf], { description: 'The legal bases in force on the date.' })
  legalBases: LegalBasisAsOf[];
}

export const FunctionAsOfPage = Paginated(FunctionAsOf);

@ObjectType({ description: 'Functions that gained or lost a legal basis citing an act, in one year.' })
export class FunctionGrowth {
  @Field(() => ID)
  actId: string;

  @Field(() => String, { nullable: true })
  actTitle: string | null;

  @Field(() => Int)
  year: number;

  @Field(() => Int, { description: 'Functions given a legal basis citing the act that year.' })
  added: number;

  @Field(() => Int, {
    description: 'Functions that lost their legal basis citing the act that year, or were archived while citing it.',
  })
  removed: number;
}

export const FunctionGrowthPage = Paginated(FunctionGrowth);
