import type { ColumnType } from '#core';
import type { FunctionStatus, FunctionType } from '../enums.js';

/**
 * Nest token of the optional export hook. Provide it from a `@Global()` module (the registry's
 * services resolve it from there) to add fields to every exported function:
 *
 *     @Global()
 *     @Module({ providers: [{ provide: FUNCTION_ANNOTATOR, useClass: TypeSuggestionAnnotator }], exports: [FUNCTION_ANNOTATOR] })
 *     export class AnnotationModule {}
 *
 * Without a provider, export writes nothing extra.
 */
export const FUNCTION_ANNOTATOR = 'registry.FunctionAnnotator';

/** One field an annotator adds: a key of the JSON line and a column of the spreadsheet. */
export interface AnnotationField {
  /** The key in JSON Lines (`suggestedType`); also the spreadsheet header unless `header` is given. */
  key: string;
  header?: string;
  /** How the spreadsheet cell is written; `text` when omitted. */
  type?: ColumnType;
  /** The line of the spreadsheet legend. */
  description?: string;
}

/** What an annotator is told about each exported function. */
export interface FunctionToAnnotate {
  id: string;
  externalId: string;
  code: string;
  lang: 'ru' | 'kk';
  /** The statement in `lang`. */
  title: string;
  titleRu: string | null;
  titleKk: string | null;
  type: FunctionType | null;
  sector: string | null;
  status: FunctionStatus;
  supporting: boolean | null;
  holderCode: string;
}

/**
 * Adds read-only fields (a suggested type, a confidence, ...) to exported functions. Export calls
 * it once per batch of up to 5,000 functions and writes the declared fields right after `type`,
 * in every format. Import ignores them: an annotation is computed, never stored.
 */
export interface FunctionAnnotator {
  readonly fields: readonly AnnotationField[];
  /** One entry per function, in the order given; `undefined` (or a missing key) leaves the fields empty. */
  annotate(
    functions: readonly FunctionToAnnotate[],
  ): Promise<readonly (Record<string, unknown> | undefined)[]> | readonly (Record<string, unknown> | undefined)[];
}
