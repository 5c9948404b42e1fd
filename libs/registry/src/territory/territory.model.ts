import { Field, ID, ObjectType } from '@nestjs/graphql';
import { TerritoryKind } from '../enums.js';

@ObjectType('Territory', { description: 'An administrative-territorial unit with its KATO code.' })
export class Territory {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true, description: '9-digit KATO code; null for the Republic itself.' })
  kato: string | null;

  @Field(() => TerritoryKind)
  kind: TerritoryKind;

  @Field(() => String, { nullable: true })
  nameRu: string | null;

  @Field(() => String, { nullable: true })
  nameKk: string | null;

  @Field(() => String, { nullable: true })
  nameEn: string | null;

  parentId: string | null;
}
