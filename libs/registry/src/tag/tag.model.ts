import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('TagVocabulary', { description: 'A controlled vocabulary of tags, maintained by administrators.' })
export class TagVocabulary {
  @Field(() => ID)
  id: string;

  @Field()
  code: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description: string | null;
}

@ObjectType('Tag', { description: 'A free tag, or a term of a controlled vocabulary.' })
export class Tag {
  @Field(() => ID)
  id: string;

  @Field()
  value: string;

  @Field(() => String, { nullable: true })
  label: string | null;

  vocabularyId: string | null;
}
