import { createHash } from 'node:crypto';
import { FunctionStatus } from '../enums.js';
import type { AgencyLine, FunctionLine } from '../interchange/interchange-line.js';
import type { LegalTextDraft, LegalTextFlag } from './parse-legal-text.js';

/** Free tags that carry a draft's flags into the registry, so that reviewers can filter by them. */
export const FLAG_TAGS: Partial<Record<LegalTextFlag, string>> = {
  CATCH_ALL: 'catch-all',
  REFERENCE_ONLY: 'reference-only',
};

const ID_PREFIX = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,19}$/u;
const MAX_EXTERNAL_ID = 64;

export interface LegalTextAct {
  /** The full citation, e.g. «Закон Республики Казахстан от 27 июля 2007 года № 319-III «Об образовании»». */
  title: string;
  /** The adilet.zan.kz document id, e.g. Z070000319_. */
  code?: string | null;
  url?: string | null;
}

/** The part of an external id that names the act: its adilet id, or a digest of its title when it has none. */
export function actIdPart(act: { code?: string | null; title?: string | null }): string {
  if (act.code) return act.code.replace(/_+$/, '');
  const title = (act.title ?? '').replace(/\s+/g, ' ').trim();
  if (!title) throw new Error('an act needs an adilet code or a title');
  return `act${createHash('md5').update(title).digest('hex').slice(0, 10)}`;
}

/**
 * The external id a draft gets in the registry: prefix, act, then the item's key, e.g.
 * «edu_Z070000319_5-3.16». The same item of the same act always gets the same id, so importing a
 * text twice finds what the first run created.
 */
export function draftExternalId(
  draftKey: string,
  act: { code?: string | null; title?: string | null },
  prefix?: string | null,
): string {
  const head = prefix ? `${prefix}${/[._-]$/.test(prefix) ? '' : '_'}` : '';
  return `${head}${actIdPart(act)}_${draftKey}`;
}

/** Why a prefix cannot be used, or null when it can. */
export function externalIdPrefixProblem(prefix: string | null | undefined): string | null {
  if (!prefix) return null;
  return ID_PREFIX.test(prefix)
    ? null
    : 'must be 1-20 letters, digits, dots, dashes or underscores, starting with a letter or digit';
}

/** Why an external id cannot be used (too long for the registry), or null. */
export function externalIdProblem(id: string): string | null {
  return id.length > MAX_EXTERNAL_ID
    ? `${id} is longer than ${MAX_EXTERNAL_ID} characters; use a shorter prefix`
    : null;
}

export function actUrl(act: LegalTextAct): string | null {
  if (act.url) return act.url;
  return act.code ? `https://adilet.zan.kz/rus/docs/${act.code}` : null;
}

export interface DraftsToInterchangeOptions {
  act: LegalTextAct;
  /** The holder of every draft, as the interchange format describes an agency. */
  holder: AgencyLine;
  sector?: string | null;
  externalIdPrefix?: string | null;
}

/**
 * Lines of the interchange format (docs/interchange.md) for the drafts, for a reviewer to edit and
 * import with `npm run cli -- import`. Repealed items are left out. `type` is left out, so that a
 * re-import keeps a classification made in the registry meanwhile; `status` is DRAFT.
 */
export function draftsToInterchange(drafts: LegalTextDraft[], options: DraftsToInterchangeOptions): FunctionLine[] {
  const { act, holder } = options;
  const prefixProblem = externalIdPrefixProblem(options.externalIdPrefix);
  if (prefixProblem) throw new Error(`externalIdPrefix ${prefixProblem}`);
  const url = actUrl(act);
  return drafts
    .filter((d) => !d.flags.includes('EXCLUDED'))
    .map((d) => {
      const externalId = draftExternalId(d.key, act, options.externalIdPrefix);
      const idProblem = externalIdProblem(externalId);
      if (idProblem) throw new Error(idProblem);
      const tags = d.flags.map((f) => FLAG_TAGS[f]).filter((t): t is string => !!t);
      const line: FunctionLine = {
        externalId,
        title: d.title,
        lang: 'ru',
        status: FunctionStatus.DRAFT,
        agency: holder,
        legalBasis: [
          {
            act: act.title,
            actCode: act.code ?? null,
            article: d.article,
            clause: d.clause,
            subclause: d.subclause,
            quote: d.quote,
            url,
          },
        ],
      };
      if (options.sector) line.sector = options.sector;
      if (tags.length) line.tags = tags.map((value) => ({ value }));
      return line;
    });
}
