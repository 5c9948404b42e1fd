import { Global, Injectable, Module } from '@nestjs/common';
import { FUNCTION_ANNOTATOR } from '#registry';
import type { AnnotationField, FunctionAnnotator, FunctionToAnnotate } from '#registry';
import { suggestSupporting, suggestType } from './classify/index.js';

/**
 * Writes each function's suggested type (and supporting suggestion) beside its `type` in exports,
 * so that a review team can compare the two in a spreadsheet. Computed on export, never stored.
 */
@Injectable()
export class SuggestionAnnotator implements FunctionAnnotator {
  readonly fields: readonly AnnotationField[] = [
    {
      key: 'suggestedType',
      description:
        'The type the rules suggest (STRATEGIC, REGULATORY, IMPLEMENTING, CONTROL), empty when nothing decides.',
    },
    { key: 'suggestedTypeConfidence', type: 'number', description: 'Confidence of the suggestion, 0 to 1.' },
    { key: 'suggestedTypeReason', description: 'The verb and object that decided it.' },
    {
      key: 'suggestedSupporting',
      type: 'boolean',
      description: 'Supporting (true) or public-facing (false), as suggested; empty when not confident.',
    },
  ];

  annotate(functions: readonly FunctionToAnnotate[]) {
    return functions.map((f) => {
      const t = suggestType(f.title, f.lang);
      const s = suggestSupporting(f.title, f.lang);
      return {
        suggestedType: t.type,
        suggestedTypeConfidence: Math.round(t.confidence * 100) / 100,
        suggestedTypeReason: t.reason,
        suggestedSupporting: s.confident ? s.supporting : null,
      };
    });
  }
}

/** Registers the annotator for the registry's export, in the API and on the command line. */
@Global()
@Module({ providers: [{ provide: FUNCTION_ANNOTATOR, useClass: SuggestionAnnotator }], exports: [FUNCTION_ANNOTATOR] })
export class SuggestionAnnotationModule {}
