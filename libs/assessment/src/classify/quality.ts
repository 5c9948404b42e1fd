import { readFileSync } from 'node:fs';
import { suggestSupporting } from './suggest-supporting.js';
import { suggestType } from './suggest-type.js';
import { FUNCTION_TYPES, FunctionType } from './types.js';

/** A function statement with its type label, as read from an interchange file. */
export interface LabelledFunction {
  externalId: string;
  title: string;
  lang: 'ru' | 'kk' | null;
  /** null: labelled as having no type (a catch-all or general clause). */
  type: FunctionType | null;
}

export interface SupportingLabel {
  externalId: string;
  supporting: boolean;
  note?: string;
}

function jsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** Reads an interchange file (docs/interchange.md); lines without a `type` key are left out. */
export function readLabelledFunctions(path: string): LabelledFunction[] {
  return jsonLines<{ externalId: string; title: string; lang?: string | null; type?: FunctionType | null }>(path)
    .filter((d) => 'type' in d)
    .map((d) => ({
      externalId: d.externalId,
      title: d.title,
      lang: d.lang === 'kk' ? 'kk' : d.lang === 'ru' ? 'ru' : null,
      type: d.type ?? null,
    }));
}

export function readSupportingLabels(path: string): SupportingLabel[] {
  return jsonLines<SupportingLabel>(path);
}

/** Rows: the label; columns: the suggestion (`none` when no type was suggested). */
export type Confusion<L extends string> = Record<L, Record<L | 'none', number>>;

function emptyConfusion<L extends string>(labels: readonly L[]): Confusion<L> {
  const m = {} as Confusion<L>;
  for (const a of labels) {
    m[a] = {} as Record<L | 'none', number>;
    for (const b of [...labels, 'none' as const]) m[a][b] = 0;
  }
  return m;
}

function share(n: number, of: number): number {
  return of === 0 ? 0 : n / of;
}

export interface TypeQuality {
  /** Functions with a type label. */
  labelled: number;
  /** Of them, suggested confidently. */
  confident: number;
  /** confident / labelled */
  coverage: number;
  /** Right among the confident suggestions. */
  confidentAccuracy: number;
  /** Right among all labelled functions (no suggestion counts as wrong). */
  accuracy: number;
  /** Statements labelled as having no type, and how many of them got no confident type. */
  labelledNone: number;
  noneRespected: number;
  confusion: Confusion<FunctionType>;
  confidentConfusion: Confusion<FunctionType>;
  errors: {
    externalId: string;
    label: FunctionType;
    suggested: FunctionType | null;
    confidence: number;
    confident: boolean;
    reason: string;
  }[];
}

/** Compares type suggestions with the labels of a set of functions. */
export function evaluateTypes(functions: LabelledFunction[]): TypeQuality {
  const confusion = emptyConfusion(FUNCTION_TYPES);
  const confidentConfusion = emptyConfusion(FUNCTION_TYPES);
  const errors: TypeQuality['errors'] = [];
  let labelled = 0;
  let confident = 0;
  let confidentRight = 0;
  let right = 0;
  let labelledNone = 0;
  let noneRespected = 0;
  for (const f of functions) {
    const s = suggestType(f.title, f.lang);
    if (f.type === null) {
      labelledNone++;
      if (!s.confident) noneRespected++;
      continue;
    }
    labelled++;
    confusion[f.type][s.type ?? 'none']++;
    if (s.type === f.type) right++;
    if (s.confident) {
      confident++;
      confidentConfusion[f.type][s.type ?? 'none']++;
      if (s.type === f.type) confidentRight++;
    }
    if (s.type !== f.type) {
      errors.push({
        externalId: f.externalId,
        label: f.type,
        suggested: s.type,
        confidence: s.confidence,
        confident: s.confident,
        reason: s.reason,
      });
    }
  }
  return {
    labelled,
    confident,
    coverage: share(confident, labelled),
    confidentAccuracy: share(confidentRight, confident),
    accuracy: share(right, labelled),
    labelledNone,
    noneRespected,
    confusion,
    confidentConfusion,
    errors,
  };
}

export type SupportingClass = 'supporting' | 'public';

export interface SupportingQuality {
  /** Functions of the set with a supporting / public-facing label. */
  labelled: number;
  /** Of them, labelled supporting. */
  labelledSupporting: number;
  confident: number;
  coverage: number;
  confidentAccuracy: number;
  accuracy: number;
  /** Over all suggestions: of those suggested supporting, the share labelled so, and of those labelled so, the share found. */
  supportingPrecision: number;
  supportingRecall: number;
  confusion: Confusion<SupportingClass>;
  errors: {
    externalId: string;
    label: boolean;
    suggested: boolean | null;
    confidence: number;
    confident: boolean;
    reason: string;
  }[];
}

/** Compares supporting / public-facing suggestions with hand labels (only the labelled functions count). */
export function evaluateSupporting(
  functions: { externalId: string; title: string; lang: 'ru' | 'kk' | null }[],
  labels: SupportingLabel[],
): SupportingQuality {
  const byId = new Map(labels.map((l) => [l.externalId, l.supporting]));
  const confusion = emptyConfusion<SupportingClass>(['supporting', 'public']);
  const errors: SupportingQuality['errors'] = [];
  const cls = (b: boolean): SupportingClass => (b ? 'supporting' : 'public');
  let labelled = 0;
  let labelledSupporting = 0;
  let confident = 0;
  let confidentRight = 0;
  let right = 0;
  let suggestedSupporting = 0;
  let foundSupporting = 0;
  for (const f of functions) {
    const label = byId.get(f.externalId);
    if (label === undefined) continue;
    const s = suggestSupporting(f.title, f.lang);
    labelled++;
    if (label) labelledSupporting++;
    confusion[cls(label)][s.supporting === null ? 'none' : cls(s.supporting)]++;
    if (s.supporting === label) right++;
    if (s.supporting === true) suggestedSupporting++;
    if (s.supporting === true && label) foundSupporting++;
    if (s.confident) {
      confident++;
      if (s.supporting === label) confidentRight++;
    }
    if (s.supporting !== label) {
      errors.push({
        externalId: f.externalId,
        label,
        suggested: s.supporting,
        confidence: s.confidence,
        confident: s.confident,
        reason: s.reason,
      });
    }
  }
  return {
    labelled,
    labelledSupporting,
    confident,
    coverage: share(confident, labelled),
    confidentAccuracy: share(confidentRight, confident),
    accuracy: share(right, labelled),
    supportingPrecision: share(foundSupporting, suggestedSupporting),
    supportingRecall: share(foundSupporting, labelledSupporting),
    confusion,
    errors,
  };
}

/** A confusion matrix as aligned text rows (label down, suggestion across). */
export function formatConfusion<L extends string>(m: Confusion<L>): string[] {
  const rows = Object.keys(m) as L[];
  const cols = [...rows, 'none'] as (L | 'none')[];
  const width = Math.max(12, ...cols.map((c) => c.length + 1));
  const pad = (s: string | number) => String(s).padStart(width);
  const lines = [`${'label \\ suggested'.padEnd(18)}${cols.map(pad).join('')}`];
  for (const r of rows) lines.push(`${r.padEnd(18)}${cols.map((c) => pad(m[r][c])).join('')}`);
  return lines;
}
