import { ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { badInputs, FieldProblem } from '../errors/domain-error.js';

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * class-validator on every argument and input; a failure becomes one BAD_USER_INPUT error naming
 * each field, raised before any resolver (and so any write) runs.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => badInputs(flatten(errors)),
  });
}
