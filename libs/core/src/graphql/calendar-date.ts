import { applyDecorators } from '@nestjs/common';
import { IsDateString, Matches } from 'class-validator';

/**
 * A real calendar date (`YYYY-MM-DD`) in the years a registry of today's state can mean: a year
 * such as 1000 or 9999 is a typing slip, not a law or a campaign.
 */
export const IsCalendarDate = () =>
  applyDecorators(
    IsDateString({ strict: true }, { message: '$property must be a calendar date, YYYY-MM-DD' }),
    Matches(/^(19|20)\d\d-/, { message: '$property must be a date in the years 1900 to 2099' }),
  );
