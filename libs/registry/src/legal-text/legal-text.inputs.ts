import { Field, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
} from 'class-validator';
import { IsOptionalText, IsRegistryCode } from '../validators.js';

/** The largest text accepted, in bytes of UTF-8: a whole code fits, an export of a database does not. */
export const MAX_TEXT_BYTES = 2 * 1024 * 1024;

const ADILET_CODE = /^[A-Za-z0-9_]{3,40}$/;

/** A string of at most `max` bytes once encoded as UTF-8 (Cyrillic takes two bytes a letter). */
const MaxUtf8Bytes = (max: number) =>
  ValidateBy({
    name: 'maxUtf8Bytes',
    constraints: [max],
    validator: {
      validate: (value: unknown) => typeof value === 'string' && Buffer.byteLength(value, 'utf8') <= max,
      defaultMessage: () =>
        `$property must be at most ${max / 1024 / 1024} MB of UTF-8 text; split the act and load it in parts`,
    },
  });

@InputType({ description: 'The text of a law, a code or an agency regulation, pasted or loaded.' })
export class ParseLegalTextInput {
  @Field({ description: 'The act as plain text (copied from adilet.zan.kz or a document), up to 2 MB.' })
  @IsString()
  @MaxUtf8Bytes(MAX_TEXT_BYTES)
  @Matches(/\S/, { message: 'text must not be blank' })
  text: string;

  @Field(() => String, {
    nullable: true,
    description: 'The act on adilet.zan.kz, e.g. Z070000319_; part of every external id.',
  })
  @IsOptional()
  @Matches(ADILET_CODE, { message: 'actCode must be an adilet.zan.kz document id such as Z070000319_' })
  actCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The citation of the act; read from the first line of the text when omitted.',
  })
  @IsOptionalText(2000)
  actTitle?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Take every numbered list, not only competence and functions sections.',
  })
  @IsOptional()
  @IsBoolean()
  allSections?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Put before the act and item key in external ids, e.g. «edu».' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  externalIdPrefix?: string | null;
}

@InputType({ description: 'Drafts to create as functions of one holder.' })
export class ImportLegalTextInput extends ParseLegalTextInput {
  @Field({ description: 'The code of the holding agency in the registry, e.g. EDU_MIN.' })
  @IsRegistryCode()
  holderCode: string;

  @Field(() => String, { nullable: true })
  @IsOptionalText(100)
  sector?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Draft keys to import («5-3.16»); «6.2.*» takes every item under 6.2. All items when omitted.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  onlyItems?: string[] | null;
}
