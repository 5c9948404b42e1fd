/** The four function types of the Concept (brief R5). */
export type FunctionType = 'STRATEGIC' | 'REGULATORY' | 'IMPLEMENTING' | 'CONTROL';

export const FUNCTION_TYPES: readonly FunctionType[] = ['STRATEGIC', 'REGULATORY', 'IMPLEMENTING', 'CONTROL'];

export interface TypeSuggestion {
  /** null when nothing decides (a catch-all clause, no action found). */
  type: FunctionType | null;
  /** 0..1 */
  confidence: number;
  /** confidence >= TYPE_CONFIDENCE_THRESHOLD */
  confident: boolean;
  /** In English, naming the verb and object that decided. */
  reason: string;
  /** The deciding verb as written in the text. */
  verb: string | null;
  /** The deciding object phrase as written. */
  object: string | null;
  alternatives: { type: FunctionType; confidence: number }[];
}

export interface SupportingSuggestion {
  /** true: supporting (maintains the agency itself); false: public-facing; null: nothing decides. */
  supporting: boolean | null;
  confidence: number;
  /** confidence >= SUPPORTING_CONFIDENCE_THRESHOLD */
  confident: boolean;
  reason: string;
}

/**
 * A type suggestion at or above this confidence is shown as "suggested"; below it, as a hint.
 * Chosen on the development set (Law on Education) so that confident suggestions are right at
 * least 85 % of the time there; see docs/review-method.md, "Classification suggestions".
 */
export const TYPE_CONFIDENCE_THRESHOLD = 0.7;

/** The same for supporting / public-facing. */
export const SUPPORTING_CONFIDENCE_THRESHOLD = 0.7;
