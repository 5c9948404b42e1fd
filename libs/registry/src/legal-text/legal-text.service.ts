import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { badInput, badInputs, CountCache, FieldProblem, toColumns } from '#core';
import { FunctionStatus, Lang, LegalActStatus } from '../enums.js';
import { parseActTitle } from '../legal-act/act-title.js';
import { recordActor } from '../state-function/function-registry.js';
import { LegalActEntity } from '../legal-act/legal-act.entity.js';
import {
  actUrl,
  draftExternalId,
  externalIdPrefixProblem,
  externalIdProblem,
  FLAG_TAGS,
  LegalTextAct,
} from './legal-text-interchange.js';
import type { ImportLegalTextInput, ParseLegalTextInput } from './legal-text.inputs.js';
import {
  LegalTextDraft,
  LegalTextWarning,
  MAX_TITLE_LENGTH,
  ParsedLegalText,
  parseLegalText,
} from './parse-legal-text.js';

/** The registry's limit on a provision's quoted text (LegalBasisInput.quote). */
const MAX_QUOTE_LENGTH = 20000;

export interface LegalTextPreview extends ParsedLegalText {
  drafts: (LegalTextDraft & { externalId: string | null })[];
}

export interface LegalTextImportSummary {
  act: LegalActEntity;
  actCreated: boolean;
  /** Ids of the functions created, in text order. */
  created: string[];
  /** Ids of the functions that an earlier import created, in text order. */
  alreadyPresent: string[];
  textChanged: string[];
  skipped: { key: string; reason: string }[];
  warnings: LegalTextWarning[];
}

/**
 * Turns the text of an act into draft functions: `preview` only reads it, `import` creates the
 * drafts of one holder in one transaction. Every draft gets an external id made of the act and the
 * item's number, so a second import of the same text finds the first one's functions and creates
 * nothing.
 */
@Injectable()
export class LegalTextService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly counts: CountCache,
  ) {}

  preview(input: ParseLegalTextInput): LegalTextPreview {
    const parsed = this.parse(input);
    const act = this.actOf(input, parsed);
    const prefixProblem = externalIdPrefixProblem(input.externalIdPrefix);
    if (prefixProblem) throw badInput('externalIdPrefix', prefixProblem);
    return {
      ...parsed,
      drafts: parsed.drafts.map((d) => ({
        ...d,
        externalId: act ? draftExternalId(d.key, act, input.externalIdPrefix) : null,
      })),
    };
  }

  async import(input: ImportLegalTextInput, actor: string | null = null): Promise<LegalTextImportSummary> {
    const parsed = this.parse(input);
    const act = this.actOf(input, parsed);
    if (!act)
      throw badInput(
        'actTitle',
        'name the act: give actCode (its adilet.zan.kz id) or actTitle, or start the text with its title',
      );
    const prefixProblem = externalIdPrefixProblem(input.externalIdPrefix);
    if (prefixProblem) throw badInput('externalIdPrefix', prefixProblem);
    if (!parsed.drafts.length) {
      throw badInput(
        'text',
        `no competence or functions section with numbered items was found${describeWarnings(parsed.warnings)}`,
      );
    }
    const chosen = this.select(parsed.drafts, input.onlyItems);
    const skipped = chosen.filter((d) => d.flags.includes('EXCLUDED')).map((d) => ({ key: d.key, reason: 'EXCLUDED' }));
    const drafts = chosen
      .filter((d) => !d.flags.includes('EXCLUDED'))
      .map((d) => ({ ...d, externalId: draftExternalId(d.key, act, input.externalIdPrefix) }));
    this.checkSizes(drafts);

    try {
      const summary = await this.ds.transaction(async (em) => {
        await recordActor(em, actor, 'legal-text');
        const holderId = await this.holder(em, input.holderCode);
        const { entity, created: actCreated } = await this.findOrCreateAct(em, act);
        const written = await this.write(em, drafts, {
          holderId,
          actId: entity.id,
          url: actUrl(act),
          sector: input.sector ?? null,
        });
        return { act: entity, actCreated, ...written };
      });
      return { ...summary, skipped, warnings: parsed.warnings };
    } finally {
      this.counts.invalidate();
    }
  }

  private parse(input: ParseLegalTextInput): ParsedLegalText {
    return parseLegalText(input.text, { allSections: input.allSections ?? false, actTitle: input.actTitle });
  }

  /** The act as named by the input, or by the title the text starts with. */
  private actOf(input: ParseLegalTextInput, parsed: ParsedLegalText): LegalTextAct | null {
    const title = input.actTitle?.trim() || parsed.documentTitle;
    if (!input.actCode && !title) return null;
    return { code: input.actCode ?? null, title: title ?? '' };
  }

  /** The drafts `onlyItems` names: exact keys, or «6.2.*» for every key under 6.2. */
  private select(drafts: LegalTextDraft[], onlyItems: string[] | null | undefined): LegalTextDraft[] {
    if (!onlyItems) return drafts;
    const wanted = new Set<LegalTextDraft>();
    const unknown: string[] = [];
    for (const raw of onlyItems) {
      const key = raw.trim();
      const matches = key.endsWith('.*')
        ? drafts.filter((d) => d.key.startsWith(key.slice(0, -1)))
        : drafts.filter((d) => d.key === key);
      if (!matches.length) unknown.push(key);
      for (const d of matches) wanted.add(d);
    }
    if (unknown.length) {
      const known = drafts
        .slice(0, 3)
        .map((d) => d.key)
        .join(', ');
      throw badInput(
        'onlyItems',
        `no item ${unknown.join(', ')} in the text (keys look like ${known}; parseLegalText lists them)`,
      );
    }
    return drafts.filter((d) => wanted.has(d));
  }

  /** Refuses items the registry cannot hold whole: text is never cut. */
  private checkSizes(drafts: (LegalTextDraft & { externalId: string })[]): void {
    const problems: FieldProblem[] = [];
    for (const d of drafts) {
      if (d.title.length > MAX_TITLE_LENGTH)
        problems.push({
          field: 'text',
          messages: [
            `item ${d.key} (line ${d.lineNumber}) is ${d.title.length} characters long; a statement may have ${MAX_TITLE_LENGTH}`,
          ],
        });
      if (d.quote.length > MAX_QUOTE_LENGTH)
        problems.push({
          field: 'text',
          messages: [
            `item ${d.key} (line ${d.lineNumber}) quotes ${d.quote.length} characters; a provision may quote ${MAX_QUOTE_LENGTH}`,
          ],
        });
      const idProblem = externalIdProblem(d.externalId);
      if (idProblem) problems.push({ field: 'externalIdPrefix', messages: [idProblem] });
    }
    if (problems.length) throw badInputs(problems);
  }

  private async holder(em: EntityManager, code: string): Promise<string> {
    const [row]: { id: string; archived_at: Date | null }[] = await em.query(
      `SELECT id, archived_at FROM agency WHERE code = $1`,
      [code],
    );
    if (!row) throw badInput('holderCode', `no agency ${code} in the registry`);
    if (row.archived_at) throw badInput('holderCode', `agency ${code} is archived`);
    return row.id;
  }

  /** The act by its adilet code, or by its title when it has none; created when the registry lacks it. */
  private async findOrCreateAct(
    em: EntityManager,
    act: LegalTextAct,
  ): Promise<{ entity: LegalActEntity; created: boolean }> {
    const repo = em.getRepository(LegalActEntity);
    const title = act.title.replace(/\s+/g, ' ').trim();
    const find = () =>
      act.code
        ? repo.findOneBy({ adiletCode: act.code })
        : repo
            .createQueryBuilder('l')
            .where('l.adilet_code IS NULL AND md5(l.title) = :h', { h: md5(title) })
            .getOne();
    const found = await find();
    if (found) return { entity: found, created: false };
    if (!title)
      throw badInput('actTitle', `act ${act.code} is not in the registry; give its title (actTitle) to add it`);
    const parsed = parseActTitle(title);
    // ON CONFLICT: another import may add the same act at the same moment; then theirs is used.
    const inserted: unknown[] = await em.query(
      `INSERT INTO legal_act (title, adilet_code, url, act_type, number, adopted_on, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING 1`,
      [title, act.code ?? null, actUrl(act), parsed.actType, parsed.number, parsed.adoptedOn, LegalActStatus.IN_FORCE],
    );
    return { entity: (await find())!, created: inserted.length > 0 };
  }

  private async write(
    em: EntityManager,
    drafts: (LegalTextDraft & { externalId: string })[],
    ctx: { holderId: string; actId: string; url: string | null; sector: string | null },
  ): Promise<Pick<LegalTextImportSummary, 'created' | 'alreadyPresent' | 'textChanged'>> {
    const ids = drafts.map((d) => d.externalId);
    const existing: { id: string; external_id: string; title_ru: string | null }[] = await em.query(
      `SELECT id, external_id, title_ru FROM state_function WHERE external_id = ANY($1)`,
      [ids],
    );
    const present = new Map(existing.map((r) => [r.external_id, r]));
    const fresh = drafts.filter((d) => !present.has(d.externalId));
    const createdIds = new Map<string, string>();
    if (fresh.length) {
      // Codes are given in text order, as an import gives them in the order of a file's lines.
      const rows: { id: string; external_id: string }[] = await em.query(
        `INSERT INTO state_function (external_id, lang, title_ru, type, holder_id, sector, status, source_act_id)
         SELECT s.external_id, $3, s.title, NULL, $4, $5, $6, $7
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS s(external_id, title, ord)
         ORDER BY s.ord
         ON CONFLICT (external_id) DO NOTHING
         RETURNING id, external_id`,
        [
          fresh.map((d) => d.externalId),
          fresh.map((d) => d.title),
          Lang.ru,
          ctx.holderId,
          ctx.sector,
          FunctionStatus.DRAFT,
          ctx.actId,
        ],
      );
      for (const r of rows) createdIds.set(r.external_id, r.id);
      const made = fresh.filter((d) => createdIds.has(d.externalId));
      if (made.length) {
        await em.query(
          `INSERT INTO legal_basis (function_id, legal_act_id, article, clause, subclause, quote, url, position)
           SELECT s.function_id, $1, s.article, s.clause, s.subclause, s.quote, $2, 0
           FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[])
             AS s(function_id, article, clause, subclause, quote)`,
          [
            ctx.actId,
            ctx.url,
            ...toColumns(
              made.map((d) => [createdIds.get(d.externalId), d.article, d.clause, d.subclause, d.quote]),
              5,
            ),
          ],
        );
        await this.tagFlags(
          em,
          made.map((d) => ({ id: createdIds.get(d.externalId)!, flags: d.flags })),
        );
      }
    }
    // A function a concurrent import created between the SELECT and the INSERT counts as present.
    const raced = fresh.filter((d) => !createdIds.has(d.externalId)).map((d) => d.externalId);
    if (raced.length) {
      const rows: { id: string; external_id: string; title_ru: string | null }[] = await em.query(
        `SELECT id, external_id, title_ru FROM state_function WHERE external_id = ANY($1)`,
        [raced],
      );
      for (const r of rows) present.set(r.external_id, r);
    }
    const inOrder = drafts.filter((d) => present.has(d.externalId));
    return {
      created: drafts.filter((d) => createdIds.has(d.externalId)).map((d) => createdIds.get(d.externalId)!),
      alreadyPresent: inOrder.map((d) => present.get(d.externalId)!.id),
      textChanged: inOrder.filter((d) => present.get(d.externalId)!.title_ru !== d.title).map((d) => d.key),
    };
  }

  /** Catch-all and reference-only drafts carry their flag as a free tag, to be found and judged later. */
  private async tagFlags(em: EntityManager, functions: { id: string; flags: string[] }[]): Promise<void> {
    const pairs = functions.flatMap((f) =>
      f.flags
        .map((flag) => FLAG_TAGS[flag as keyof typeof FLAG_TAGS])
        .filter((t): t is string => !!t)
        .map((t) => [f.id, t]),
    );
    if (!pairs.length) return;
    const [ids, values] = toColumns(pairs, 2);
    await em.query(`INSERT INTO tag (value) SELECT DISTINCT v FROM unnest($1::text[]) AS v ON CONFLICT DO NOTHING`, [
      values,
    ]);
    await em.query(
      `INSERT INTO function_tag (function_id, tag_id)
       SELECT s.function_id, t.id FROM unnest($1::uuid[], $2::text[]) AS s(function_id, value)
       JOIN tag t ON t.value = s.value AND t.vocabulary_id IS NULL
       ON CONFLICT DO NOTHING`,
      [ids, values],
    );
  }
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

function describeWarnings(warnings: LegalTextWarning[]): string {
  return warnings.length
    ? ` (${warnings
        .slice(0, 3)
        .map((w) => `line ${w.lineNumber}: ${w.message}`)
        .join('; ')})`
    : '';
}
