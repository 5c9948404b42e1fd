import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, visit, type DocumentNode } from 'graphql';
import { DomainError, ErrorCode } from '../errors/domain-error.js';

/** Where in `value` a string holds U+0000, as a path such as `scope.sectors[1]`, if anywhere. */
function nulIn(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulIn(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulIn(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

function nulInDocument(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.STRING]: (node) => {
      if (node.value.includes('\u0000')) found = true;
    },
  });
  return found;
}

/**
 * PostgreSQL stores no NUL character in text or JSON; a string holding one is refused as bad input
 * before anything runs, naming where it is, instead of failing deep in a write.
 */
export function nulTextPlugin(): ApolloServerPlugin<BaseContext> {
  const message = 'text must not contain the NUL character (U+0000)';
  // Thrown before execution, so Apollo would answer HTTP 500 unless told this is the client's error.
  const refuse = (field: string) =>
    new DomainError(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, {
      fields: [{ field, messages: [message] }],
      http: { status: 400 },
    });
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: ({ document, request }) => {
          for (const [name, value] of Object.entries(request.variables ?? {})) {
            const at = nulIn(value, `$${name}`);
            if (at) throw refuse(at);
          }
          if (nulInDocument(document)) throw refuse('query');
          return Promise.resolve();
        },
      }),
  };
}
