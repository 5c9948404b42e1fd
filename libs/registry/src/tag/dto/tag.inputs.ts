import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { IsOptionalText, IsText } from '../../validators.js';

const VOCABULARY_CODE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const VOCABULARY_MESSAGE = 'vocabulary codes are lower-case letters, digits, dashes or underscores';

@InputType()
export class CreateTagVocabularyInput {
  @Field()
  @Matches(VOCABULARY_CODE, { message: VOCABULARY_MESSAGE })
  code: string;

  @Field()
  @IsText(200)
  name: string;

  @Field(() => String, { nullable: true })
  @IsOptionalText(2000)
  description?: string | null;
}

@InputType()
export class CreateTagInput {
  @Field({ description: 'The controlled vocabulary the term belongs to.' })
  @Matches(VOCABULARY_CODE, { message: VOCABULARY_MESSAGE })
  vocabulary: string;

  @Field()
  @IsText(200)
  value: string;

  @Field(() => String, { nullable: true })
  @IsOptionalText(500)
  label?: string | null;
}

@InputType({ description: 'A tag: a free one (no vocabulary), or an existing term of a controlled vocabulary.' })
export class TagRefInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(VOCABULARY_CODE, { message: VOCABULARY_MESSAGE })
  vocabulary?: string | null;

  @Field()
  @IsText(200)
  value: string;
}

@InputType()
export class TagStateFunctionInput {
  @Field(() => ID)
  @IsUUID()
  functionId: string;

  @Field(() => [TagRefInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => TagRefInput)
  tags: TagRefInput[];
}

/** The same fields as tagging: the tags to take off a function. */
@InputType()
export class UntagStateFunctionInput extends TagStateFunctionInput {}
