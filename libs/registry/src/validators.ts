import { applyDecorators } from '@nestjs/common';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

/** A 9-digit KATO code. */
export const IsKato = () =>
  applyDecorators(IsString(), Matches(/^[0-9]{9}$/, { message: '$property must be a 9-digit KATO code' }));

/** A stable registry code: letters, digits, dot, dash or underscore, starting with a letter or digit. */
export const IsRegistryCode = () =>
  applyDecorators(
    IsString(),
    Matches(/^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u, {
      message: '$property must be 1-64 letters, digits, dots, dashes or underscores, starting with a letter or digit',
    }),
  );

/** Non-blank text of bounded length. */
export const IsText = (max: number) =>
  applyDecorators(IsString(), Length(1, max), Matches(/\S/, { message: '$property must not be blank' }));

export const IsOptionalText = (max: number) => applyDecorators(IsOptional(), IsString(), MaxLength(max));
