export type Level = 'CENTRAL' | 'REGIONAL' | 'DISTRICT' | 'RURAL';
export type Axis = 'VERTICAL' | 'HORIZONTAL' | 'STATE_VS_SELF_GOVERNMENT' | 'COLLEGIAL_VS_HEAD' | 'WITHIN_AGENCY';
export type Band = 'DUPLICATE' | 'OVERLAP';

/** What the review needs to know about a holder. */
export interface Holder {
  id: string;
  code: string;
  kind: string;
  level: Level;
  territoryKinds: string[];
  /** KATO code of a specific body; null for a typical holder. */
  territory: string | null;
  collegial: boolean;
  parentId: string | null;
}

/** What the review needs to know about a function. */
export interface ReviewFunction {
  id: string;
  externalId: string;
  title: string;
  lang?: string | null;
  type?: string | null;
  sector?: string | null;
  holder: Holder;
  /** Legal acts (and provisions) the function rests on, as `actId` or `actId:article:clause`. */
  legalBasis?: string[];
}

/** The values a reason's text is made of, for a reader that words it in its own language. */
export type ReasonParams = Record<string, string | number | string[]>;

export interface Reason {
  code: string;
  /** In English, with the statements' own words quoted. */
  text: string;
  params?: ReasonParams;
}

export interface ReviewPair {
  a: ReviewFunction;
  b: ReviewFunction;
  band: Band;
  axis: Axis;
  score: number;
  /** Built when read: a national review finds millions of pairs, and most are never shown. */
  readonly reasons: Reason[];
  /**
   * What the two statements themselves give as evidence, the same for every pair of functions the
   * same two statements yield. Written out anew at each read (the engine keeps none): read it once
   * per `statement`.
   */
  readonly statementReasons: Reason[];
  /**
   * The same object for every pair of functions the same two statements yield in one run (in one
   * thread: a pair sent across threads carries an object of its own): a store's key for their
   * evidence.
   */
  readonly statement: object;
  /** Other holders of the same kind replicating `b` word for word that `a` also collides with. */
  alsoReplicatedBy: number;
}
