import { applyDecorators } from '@nestjs/common';
import { IsNumber, ValidateBy } from 'class-validator';

/**
 * A finite number with at most `places` decimal places. class-validator's own `maxDecimalPlaces`
 * throws on numbers JavaScript writes in exponent form (`1e-7`) instead of refusing them.
 */
export const IsDecimal = (places: number) =>
  applyDecorators(
    IsNumber({ allowNaN: false, allowInfinity: false }),
    ValidateBy({
      name: 'isDecimal',
      validator: {
        validate: (value: unknown) => typeof value === 'number' && Number(value.toFixed(places)) === value,
        defaultMessage: () => `$property must have at most ${places} decimal places`,
      },
    }),
  );
