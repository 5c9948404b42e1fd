import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
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
 * Validates what clients send (GraphQL arguments, HTTP bodies and queries), never the parent
 * objects and context that field resolvers receive: those come from the service itself, and
 * re-validating them for every field of every row would dominate the cost of a page.
 */
const GRAPHQL_ARGS = 3;

class InputValidationPipe extends ValidationPipe {
  protected override toValidate(metadata: ArgumentMetadata): boolean {
    // GraphQL parameters carry numeric types: 0 root (parent), 1 context, 2 info, 3 arguments.
    const type = metadata.type as unknown;
    if (typeof type === 'number' && type !== GRAPHQL_ARGS) return false;
    return super.toValidate(metadata);
  }
}

/**
 * class-validator on every argument and input; a failure becomes one BAD_USER_INPUT error naming
 * each field, raised before any resolver (and so any write) runs.
 */
export function createValidationPipe(): ValidationPipe {
  return new InputValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => badInputs(flatten(errors)),
  });
}
