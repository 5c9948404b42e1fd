import { PipeTransform } from '@nestjs/common';
import { badInput } from '../errors/domain-error.js';

/**
 * A whole-number argument within bounds, for arguments that are not part of an input class
 * (`limit`): a value out of range is refused with a message, never quietly clamped.
 */
export class IntRangePipe implements PipeTransform<number, number> {
  constructor(
    private readonly name: string,
    private readonly min: number,
    private readonly max: number,
  ) {}

  transform(value: number): number {
    if (!Number.isInteger(value) || value < this.min || value > this.max) {
      throw badInput(this.name, `must be a whole number from ${this.min} to ${this.max}`);
    }
    return value;
  }
}
