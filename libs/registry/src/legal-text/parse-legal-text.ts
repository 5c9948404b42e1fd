import {
  CATCH_ALL,
  EXCLUDED_HEADING,
  EXCLUDED_ITEM,
  holderFromHeading,
  holderFromLeadIn,
  isAmendmentMark,
  MARK_LINE,
  NOTE_HEADER,
  NOTE_START,
  OTHER_LIST_LEAD_IN,
  REFERENCE_ONLY,
  SECTION_KEYWORDS,
  TRAILING_MARK,
} from './legal-text-rules.js';
import { compareNumbers, isSuccessor, ItemNumber, parseNumber } from './numbering.js';

export type LegalTextFlag = 'CATCH_ALL' | 'EXCLUDED' | 'REFERENCE_ONLY';
export type LegalTextKind = 'LAW' | 'REGULATION';
export type LegalTextWarningCode =
  | 'OUTSIDE_SECTION'
  | 'UNPLACED_TEXT'
  | 'NUMBERING_GAP'
  | 'DUPLICATE_NUMBER'
  | 'EMPTY_ITEM'
  | 'EMPTY_LIST'
  | 'TOO_LONG'
  | 'NO_SECTION';

/** Titles longer than this cannot be registered as they are (the registry's limit on a statement). */
export const MAX_TITLE_LENGTH = 4000;

/** One numbered item of a competence or functions section: a draft function. */
export interface LegalTextDraft {
  /** Article, clause and sub-clause joined by dots («5-3.16», «6.2.1-1», «15.3»); unique in the text. */
  key: string;
  /** The item's text without its number, amendment marks and final «;» or «.», whitespace normalised. */
  title: string;
  article: string | null;
  clause: string | null;
  subclause: string | null;
  /** The heading of the article, or of the chapter where there are no articles. */
  sectionHeading: string | null;
  /** The line that opens the item's list («Местный исполнительный орган области:», «15. Функции:»). */
  leadIn: string | null;
  /** The body the lead-in or the heading names, or the title of a regulation. */
  holderHint: string | null;
  /** The item as it stands in the input, number and marks included, lines kept. */
  quote: string;
  /** 1-based line of the item's number in the input. */
  lineNumber: number;
  flags: LegalTextFlag[];
}

export interface LegalTextWarning {
  code: LegalTextWarningCode;
  lineNumber: number;
  message: string;
}

/** A section whose items were taken, or one that was skipped. */
export interface LegalTextSection {
  heading: string;
  lineNumber: number;
  items: number;
}

export interface ParsedLegalText {
  kind: LegalTextKind;
  /** «Закон Республики Казахстан ...» or «Положение о ...» when the text starts with it (or as given). */
  documentTitle: string | null;
  drafts: LegalTextDraft[];
  sections: LegalTextSection[];
  skipped: {
    /** Articles that are not competence sections (repealed ones aside). */
    articles: number;
    /** In a text without articles (a regulation): chapters none of whose items were taken. */
    chapters: number;
    /** Articles printed only as «Статья N. Исключена ...». */
    excludedArticles: number;
    /** Numbered items in sections that were not taken. */
    items: number;
    /** Footnotes, institute notes and amendment marks left out of the items. */
    notes: number;
    sections: LegalTextSection[];
  };
  warnings: LegalTextWarning[];
  lines: number;
}

export interface ParseLegalTextOptions {
  /** Take every numbered list, competence section or not (for a pasted fragment without headings). */
  allSections?: boolean;
  /** The act's title: the holder of a regulation's functions when the text does not start with it. */
  actTitle?: string | null;
  /** LAW or REGULATION; read from the text when omitted. */
  kind?: LegalTextKind;
}

interface SourceLine {
  no: number;
  raw: string;
  text: string;
}

type BlockKind = 'chapter' | 'article' | 'note' | 'mark' | 'clause' | 'sub' | 'para';

interface Block {
  kind: BlockKind;
  num: string | null;
  lines: SourceLine[];
  /** The text of each line, the first without its number or heading word. */
  parts: string[];
}

interface Heading {
  num: string;
  title: string;
  text: string;
  lineNumber: number;
  excluded: boolean;
}

interface ArticleCtx extends Heading {
  items: number;
  paras: Block[];
  taken: boolean;
}

interface ClauseCtx {
  num: string;
  block: Block;
  hasSubs: boolean;
  item: Item;
}

interface Item {
  level: 'clause' | 'sub' | 'para';
  num: string | null;
  block: Block;
  extra: Block[];
  chapter: Heading | null;
  article: ArticleCtx | null;
  parentClause: ClauseCtx | null;
  /** Lead-ins, innermost first. */
  leadIns: string[];
  listId: string;
  /** A clause that turned out to open a list of sub-clauses is a lead-in, not an item. */
  dropped?: boolean;
}

const CHAPTER =
  /^(Глава|ГЛАВА|Раздел|РАЗДЕЛ|Подраздел|ПОДРАЗДЕЛ|Параграф|ПАРАГРАФ)\s+(\d+(?:-\d+)*|[IVXLCDM]+)(?:\.\s*(.*)|\s+([А-ЯЁ«"].*)|\s*)$/;
const ARTICLE = /^(Статья|СТАТЬЯ)\s+(\d+(?:-\d+)*)(?:\.\s*(.*)|\s*)$/;
const SUB = /^(\d{1,3}(?:-\d{1,3}){0,2})\)\s*(.*)$/;
// «01.01.2024» is a date, not clause 1: a clause number is not followed by a digit.
const CLAUSE = /^(\d{1,3}(?:-\d{1,3}){0,2})\.(?!\d)\s*(.*)$/;
const DOCUMENT_TITLE =
  /^(?:(?:Типовое\s+)?Положение|ПОЛОЖЕНИЕ|ТИПОВОЕ\s+ПОЛОЖЕНИЕ|(?:Конституционный\s+)?Закон|ЗАКОН|КОНСТИТУЦИОННЫЙ\s+ЗАКОН|Кодекс|КОДЕКС|[А-ЯЁ][а-яё]+\s+кодекс)(?![а-яё])/;
const REGULATION_TITLE = /^(?:Типовое\s+)?положение(?![а-яё])/i;

/**
 * Finds the competence and functions sections of a law, a code or an agency regulation and turns
 * each numbered item into a draft function with its article, clause and sub-clause. Pure: the
 * same text always gives the same drafts. Nothing is dropped silently: what cannot be placed is
 * reported in `warnings`, and what is left out is counted in `skipped`.
 */
export function parseLegalText(text: string, options: ParseLegalTextOptions = {}): ParsedLegalText {
  const lines = splitLines(text);
  const blocks = toBlocks(lines);
  return new Assembler(options).run(blocks, lines.length);
}

function splitLines(text: string): SourceLine[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map((raw, i) => ({
      no: i + 1,
      raw,
      text: raw
        .replace(/\u200B|\u200C|\u200D|\uFEFF|\u00AD/g, '')
        .replace(/[\u00A0\u2007\u202F\t\f\v]/g, ' ')
        .trim(),
    }));
}

/** Removes amendment marks: bracketed ones anywhere («(исключен Законом РК ...)») and a bare one at the end. */
export function stripAmendmentMarks(text: string): { text: string; removed: number } {
  let removed = 0;
  let out = '';
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '(') {
      if (depth === 0) start = i;
      depth += 1;
    } else if (ch === ')' && depth > 0) {
      depth -= 1;
      if (depth === 0) {
        const group = text.slice(start, i + 1);
        if (isAmendmentMark(group.slice(1, -1))) removed += 1;
        else out += group;
      }
    } else if (depth === 0) {
      out += ch;
    }
  }
  if (depth > 0) out += text.slice(start);
  const trailing = out.replace(TRAILING_MARK, '');
  if (trailing !== out) removed += 1;
  return { text: trailing, removed };
}

function endsList(text: string): boolean {
  return /[.;:]["»”)]*\s*$/.test(stripAmendmentMarks(text).text.trimEnd());
}

function endsWithColon(text: string): boolean {
  return /:\s*$/.test(stripAmendmentMarks(text).text.trimEnd());
}

/** Joins the lines of one paragraph; a word broken at a hyphen keeps the hyphen and no space. */
function joinParts(parts: string[]): string {
  let out = '';
  for (const part of parts) {
    if (!part) continue;
    if (!out) out = part;
    // «научно-\nисследовательский» is one word; «водо-\nи газоснабжение» and «тепло-\nэнерго-, водо-»
    // keep their suspended hyphens.
    else if (/[\p{L}]-$/u.test(out) && /^\p{Ll}/u.test(part) && !/^(?:(?:и|или|либо)(?:\s|$)|\p{L}+-[,\s])/u.test(part))
      out += part;
    else out += ` ${part}`;
  }
  return out;
}

function isMarkLine(text: string): boolean {
  if (MARK_LINE.test(text)) return true;
  const bracketed = /^\((.*)\)[;.]?$/.exec(text);
  return !!bracketed && isAmendmentMark(bracketed[1]) && stripAmendmentMarks(text).text.replace(/[;.\s]/g, '') === '';
}

/** First pass: lines into paragraphs (headings, notes, numbered items, plain paragraphs). */
function toBlocks(lines: SourceLine[]): Block[] {
  const blocks: Block[] = [];
  let open: Block | null = null;
  let blank = false;
  let structure = false;
  let lastClause: ItemNumber | null = null;
  let lastSub: ItemNumber | null = null;
  const close = () => {
    if (open) blocks.push(open);
    open = null;
  };
  const start = (kind: BlockKind, line: SourceLine, first: string, num: string | null = null) => {
    close();
    open = { kind, num, lines: [line], parts: [first] };
  };
  const append = (block: Block, line: SourceLine) => {
    block.lines.push(line);
    block.parts.push(line.text);
  };

  for (const line of lines) {
    const t = line.text;
    // `open` is assigned inside the closures above; read it through a cast so it is not narrowed to null.
    const current = open as Block | null;
    if (!t) {
      // «Примечание ИЗПИ!» and its text are one note even when a blank line parts them.
      if (current?.kind === 'note' && current.lines.length === 1 && NOTE_HEADER.test(current.parts[0])) continue;
      blank = true;
      close();
      continue;
    }
    const chapter = CHAPTER.exec(t);
    const article = ARTICLE.exec(t);
    const sub = SUB.exec(t);
    const clause = sub ? null : CLAUSE.exec(t);
    if (isMarkLine(t) && current?.kind === 'note' && !blank) {
      // «(вводится в действие ...)» wrapped onto a line of its own is still part of the footnote.
      append(current, line);
    } else if (isMarkLine(t)) {
      start('mark', line, t);
      close();
    } else if (NOTE_START.test(t)) {
      if (current?.kind === 'note' && current.lines.length === 1 && NOTE_HEADER.test(current.parts[0]))
        append(current, line);
      else start('note', line, t);
    } else if (!structure && DOCUMENT_TITLE.test(t)) {
      // The act's own title at the top («Положение о ...») starts a paragraph of its own.
      start('para', line, t);
    } else if (chapter) {
      structure = true;
      start('chapter', line, (chapter[3] ?? chapter[4] ?? '').trim(), chapter[2]);
      lastClause = lastSub = null;
    } else if (article) {
      structure = true;
      start('article', line, (article[3] ?? '').trim(), article[2]);
      lastClause = lastSub = null;
    } else if (sub || clause) {
      const m = (sub ?? clause)!;
      const num = parseNumber(m[1]);
      const prevNumber = sub ? lastSub : lastClause;
      // A number at the start of a wrapped line («подпунктом\n3) пункта 1») is not an item: an item
      // starts after a blank line, a heading, a finished sentence, or as the next number.
      const last = current?.parts[current.parts.length - 1] ?? '';
      const fresh =
        blank ||
        !current ||
        current.kind === 'chapter' ||
        current.kind === 'article' ||
        current.kind === 'mark' ||
        endsList(last) ||
        (current.kind !== 'note' && isSuccessor(prevNumber, num));
      if (fresh) {
        structure = true;
        start(sub ? 'sub' : 'clause', line, m[2].trim(), m[1]);
        if (sub) lastSub = num;
        else {
          lastClause = num;
          lastSub = null;
        }
      } else {
        append(current, line);
      }
    } else if (current && !blank && continues(current, t)) {
      append(current, line);
    } else {
      start('para', line, t);
    }
    blank = false;
  }
  close();
  return blocks;
}

/** Whether a plain line goes on with the open paragraph rather than starting a new one. */
function continues(block: Block, text: string): boolean {
  const last = block.parts[block.parts.length - 1];
  const lowerStart = /^[\p{Ll}\d(«"„“№,;–-]/u.test(text);
  switch (block.kind) {
    case 'mark':
      return false;
    case 'chapter':
    case 'article':
      // «Статья 4.» with its title on the next line, or a title wrapped onto a second line.
      if (!block.parts[0] && block.parts.length === 1) return !endsWithColon(text) && !/[;]$/.test(text);
      if (/[.:]$/.test(last)) return false;
      return lowerStart || (isUpperCase(last) && isUpperCase(text));
    case 'note':
      // A note runs over wrapped lines, which start in lower case, carry dates, or follow an unfinished sentence.
      return !/[.;:]\s*$/.test(last) || lowerStart || /\d{1,2}\.\d{1,2}\.\d{4}/.test(text);
    default:
      return !endsList(last) || lowerStart;
  }
}

function isUpperCase(text: string): boolean {
  return /\p{Lu}/u.test(text) && !/\p{Ll}/u.test(text);
}

function normaliseSpace(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\s+([,;.:)»])/g, '$1')
    .replace(/([(«])\s+/g, '$1')
    .trim();
}

/** The item's text as a function statement: no amendment marks, no final «;» or «.». */
export function cleanItemText(text: string): string {
  let t = normaliseSpace(stripAmendmentMarks(text).text);
  // A final «;» or «.» closes the list item; an abbreviation's dot («т.п.», «г.») stays.
  if (/;$/.test(t)) t = t.slice(0, -1);
  else if (/\.$/.test(t) && !/(?:^|[\s.])[\p{L}]{1,3}\.[\p{L}]{1,3}\.$|(?:^|\s)(?:г|гг|ст|п|пп|т|см)\.$/u.test(t))
    t = t.slice(0, -1);
  return t.replace(/[\s,]+$/, '').trim();
}

function flagsOf(rawText: string, title: string): LegalTextFlag[] {
  const flags: LegalTextFlag[] = [];
  if (EXCLUDED_ITEM.test(rawText.trim())) return ['EXCLUDED'];
  if (CATCH_ALL.test(title)) flags.push('CATCH_ALL');
  if (REFERENCE_ONLY.test(title)) flags.push('REFERENCE_ONLY');
  return flags;
}

function matchesSection(text: string): boolean {
  return SECTION_KEYWORDS.some((k) => k.pattern.test(text));
}

function headingText(kind: 'chapter' | 'article', block: Block): string {
  const word =
    kind === 'article'
      ? 'Статья'
      : (/^(Глава|ГЛАВА|Раздел|РАЗДЕЛ|Подраздел|ПОДРАЗДЕЛ|Параграф|ПАРАГРАФ)/.exec(block.lines[0].text)?.[1] ??
        'Глава');
  const title = normaliseSpace(joinParts(block.parts));
  return title ? `${word} ${block.num}. ${title}` : `${word} ${block.num}`;
}

/** Second pass: paragraphs into sections, lists and drafts. */
class Assembler {
  private readonly items: Item[] = [];
  private readonly warnings: LegalTextWarning[] = [];
  private readonly articles: ArticleCtx[] = [];
  private readonly chapterParas: { chapter: Heading | null; block: Block }[] = [];
  private chapter: Heading | null = null;
  private article: ArticleCtx | null = null;
  private clause: ClauseCtx | null = null;
  private articleLeadIn: { text: string; n: number } | null = null;
  private clauseLeadIn: { text: string; n: number } | null = null;
  private leadInCounter = 0;
  private lastItem: Item | null = null;
  private seenStructure = false;
  private documentTitle: string | null = null;
  private notes = 0;
  private excludedArticles = 0;
  private chapters = 0;

  constructor(private readonly options: ParseLegalTextOptions) {}

  run(blocks: Block[], lineCount: number): ParsedLegalText {
    for (const block of blocks) this.take(block);
    this.flushClause();
    const kind = this.options.kind ?? this.kindOf();
    const title = this.options.actTitle?.trim() || this.documentTitle;
    const result = this.build(kind, title);
    return { ...result, kind, documentTitle: title, lines: lineCount };
  }

  private kindOf(): LegalTextKind {
    if (this.documentTitle && REGULATION_TITLE.test(this.documentTitle)) return 'REGULATION';
    if (this.options.actTitle && REGULATION_TITLE.test(this.options.actTitle.trim())) return 'REGULATION';
    return this.articles.length === 0 && this.chapters > 0 ? 'REGULATION' : 'LAW';
  }

  private take(block: Block): void {
    switch (block.kind) {
      case 'note':
      case 'mark':
        this.notes += 1;
        return;
      case 'chapter':
      case 'article':
        return this.heading(block);
      case 'clause':
        return this.clauseBlock(block);
      case 'sub':
        return this.subBlock(block);
      case 'para':
        return this.para(block);
    }
  }

  private heading(block: Block): void {
    this.flushClause();
    this.seenStructure = true;
    const title = normaliseSpace(joinParts(block.parts));
    const kind = block.kind as 'chapter' | 'article';
    const heading: Heading = {
      num: block.num ?? '',
      title,
      text: headingText(kind, block),
      lineNumber: block.lines[0].no,
      excluded: EXCLUDED_HEADING.test(title),
    };
    this.article = null;
    this.articleLeadIn = this.clauseLeadIn = null;
    this.lastItem = null;
    if (kind === 'chapter') {
      this.chapters += 1;
      this.chapter = heading;
      return;
    }
    if (heading.excluded) this.excludedArticles += 1;
    this.article = { ...heading, items: 0, paras: [], taken: false };
    this.articles.push(this.article);
  }

  private listId(level: Item['level'], parent: ClauseCtx | null): string {
    const scope = this.article ? `a${this.article.lineNumber}` : `c${this.chapter?.lineNumber ?? 0}`;
    if (parent) return `${scope}/p${parent.block.lines[0].no}/l${this.clauseLeadIn?.n ?? 0}`;
    return `${scope}/${level}/l${this.articleLeadIn?.n ?? 0}`;
  }

  private newItem(level: Item['level'], block: Block, parent: ClauseCtx | null): Item {
    const leadIns = [
      parent ? this.clauseLeadIn?.text : undefined,
      parent ? normaliseSpace(joinParts(parent.block.parts)).replace(/\s*:\s*$/, '') : undefined,
      this.articleLeadIn?.text,
    ].filter((t): t is string => !!t);
    const item: Item = {
      level,
      num: block.num,
      block,
      extra: [],
      chapter: this.chapter,
      article: this.article,
      parentClause: parent,
      leadIns,
      listId: this.listId(level, parent),
    };
    this.items.push(item);
    if (this.article) this.article.items += 1;
    this.seenStructure = true;
    return item;
  }

  private clauseBlock(block: Block): void {
    this.flushClause();
    this.clauseLeadIn = null;
    const item = this.newItem('clause', block, null);
    this.clause = { num: block.num!, block, hasSubs: false, item };
    this.lastItem = item;
  }

  private subBlock(block: Block): void {
    const parent = this.clause;
    if (parent) parent.hasSubs = true;
    this.lastItem = this.newItem('sub', block, parent);
  }

  private para(block: Block): void {
    const text = normaliseSpace(joinParts(block.parts));
    if (endsWithColon(text)) {
      this.leadInCounter += 1;
      const leadIn = { text: text.replace(/\s*:\s*$/, ''), n: this.leadInCounter };
      if (this.clause) this.clauseLeadIn = leadIn;
      else this.articleLeadIn = leadIn;
      this.lastItem = null;
      return;
    }
    // A second paragraph of an item follows a first one that ended a sentence («… (при
    // необходимости).»); after «;» the item is complete and a plain paragraph is not part of it.
    if (this.lastItem && !endsItem(lastBlock(this.lastItem))) {
      this.lastItem.extra.push(block);
      return;
    }
    this.lastItem = null;
    if (!this.seenStructure) {
      if (!this.documentTitle && DOCUMENT_TITLE.test(text)) this.documentTitle = text.replace(/[.;]$/, '');
      return;
    }
    if (this.article) this.article.paras.push(block);
    else this.chapterParas.push({ chapter: this.chapter, block });
  }

  /** A clause followed by sub-clauses opens their list; one without them is an item itself. */
  private flushClause(): void {
    if (this.clause?.hasSubs) this.clause.item.dropped = true;
    this.clause = null;
    this.clauseLeadIn = null;
  }

  private decide(item: Item): { take: boolean; outside: boolean } {
    if (this.options.allSections) return { take: true, outside: false };
    for (const leadIn of item.leadIns) {
      if (OTHER_LIST_LEAD_IN.test(leadIn)) return { take: false, outside: false };
      if (matchesSection(leadIn)) return { take: true, outside: false };
    }
    if (item.article) return { take: !item.article.excluded && matchesSection(item.article.title), outside: false };
    if (item.chapter) return { take: !item.chapter.excluded && matchesSection(item.chapter.title), outside: false };
    return { take: false, outside: true };
  }

  private holderOf(item: Item, kind: LegalTextKind, title: string | null): string | null {
    for (const leadIn of item.leadIns) {
      const holder = holderFromLeadIn(leadIn);
      if (holder) return holder;
    }
    if (item.article) {
      const holder = holderFromHeading(item.article.text);
      if (holder) return holder;
    }
    if (kind === 'REGULATION' && title) return title;
    return item.chapter ? holderFromHeading(item.chapter.text) : null;
  }

  private build(kind: LegalTextKind, title: string | null): Omit<ParsedLegalText, 'kind' | 'documentTitle' | 'lines'> {
    const drafts: LegalTextDraft[] = [];
    const sections = new Map<string, LegalTextSection>();
    const skippedSections = new Map<string, LegalTextSection>();
    const outside: Item[] = [];
    const lists = new Map<string, Item[]>();
    const chapterTaken = new Map<Heading, boolean>();
    const takenLists = new Set<string>();
    let skippedItems = 0;

    for (const item of this.items) {
      // Numbering runs through every item of a list, the clauses that open sub-lists included.
      const list = lists.get(item.listId) ?? [];
      list.push(item);
      lists.set(item.listId, list);
      if (item.dropped) continue;
      const { take, outside: isOutside } = this.decide(item);
      if (item.chapter) chapterTaken.set(item.chapter, (chapterTaken.get(item.chapter) ?? false) || take);
      const sectionHeading = item.article?.text ?? item.chapter?.text ?? null;
      const where = sectionHeading ?? '(no heading)';
      const sectionKey = item.leadIns.length ? `${where} — ${item.leadIns[item.leadIns.length - 1]}` : where;
      if (!take) {
        skippedItems += 1;
        if (isOutside) outside.push(item);
        const s = skippedSections.get(sectionKey) ?? {
          heading: sectionKey,
          lineNumber: item.block.lines[0].no,
          items: 0,
        };
        s.items += 1;
        skippedSections.set(sectionKey, s);
        continue;
      }
      if (item.article) item.article.taken = true;
      const s = sections.get(sectionKey) ?? { heading: sectionKey, lineNumber: item.block.lines[0].no, items: 0 };
      s.items += 1;
      sections.set(sectionKey, s);
      takenLists.add(item.listId);
      const draft = this.draft(item, sectionHeading, kind, title);
      if (draft) drafts.push(draft);
    }

    // An article that is one paragraph, with no numbered items, is one provision.
    for (const article of this.articles) {
      if (!article.paras.length) continue;
      const take = this.options.allSections || (!article.excluded && matchesSection(article.title));
      if (take && article.items === 0) {
        article.taken = true;
        const block = mergeBlocks(article.paras);
        const item: Item = {
          level: 'para',
          num: null,
          block,
          extra: [],
          chapter: null,
          article,
          parentClause: null,
          leadIns: [],
          listId: `a${article.lineNumber}`,
        };
        const draft = this.draft(item, article.text, kind, title);
        if (draft) {
          drafts.push(draft);
          sections.set(article.text, { heading: article.text, lineNumber: draft.lineNumber, items: 1 });
        }
      } else if (take) {
        for (const p of article.paras) {
          this.warn(
            'UNPLACED_TEXT',
            p.lines[0].no,
            `«${preview(joinParts(p.parts))}» in ${article.text} is not a numbered item and was not taken`,
          );
        }
      }
    }
    for (const { chapter, block } of this.chapterParas) {
      const inSection = this.options.allSections || (chapter && matchesSection(chapter.title));
      if (inSection) {
        this.warn(
          'UNPLACED_TEXT',
          block.lines[0].no,
          `«${preview(joinParts(block.parts))}» is not a numbered item and was not taken`,
        );
      }
    }

    this.warnOutside(outside);
    for (const [id, list] of lists) if (takenLists.has(id)) this.checkNumbering(list);
    dedupeKeys(drafts, this.warnings);
    for (const d of drafts) {
      if (d.title.length > MAX_TITLE_LENGTH) {
        this.warn(
          'TOO_LONG',
          d.lineNumber,
          `item ${d.key} is ${d.title.length} characters long; the registry takes statements of up to ${MAX_TITLE_LENGTH}`,
        );
      }
    }
    if (!drafts.length && this.items.length && !outside.length) {
      this.warn(
        'NO_SECTION',
        1,
        'no competence or functions section was found; headings are matched by: ' +
          SECTION_KEYWORDS.map((k) => k.name).join(', '),
      );
    }
    drafts.sort((a, b) => a.lineNumber - b.lineNumber);
    this.warnings.sort((a, b) => a.lineNumber - b.lineNumber);
    // Without articles (a regulation), a chapter is the unit that is taken or skipped.
    const skippedArticles = this.articles.filter((a) => !a.taken && !a.excluded).length;
    const skippedChapters = this.articles.length ? 0 : [...chapterTaken.values()].filter((taken) => !taken).length;
    return {
      drafts,
      sections: [...sections.values()],
      skipped: {
        articles: skippedArticles,
        chapters: skippedChapters,
        excludedArticles: this.excludedArticles,
        items: skippedItems,
        notes: this.notes,
        sections: [...skippedSections.values()],
      },
      warnings: this.warnings,
    };
  }

  private draft(
    item: Item,
    sectionHeading: string | null,
    kind: LegalTextKind,
    title: string | null,
  ): LegalTextDraft | null {
    const blocks = [item.block, ...item.extra];
    const raw = blocks.map((b) => joinParts(b.parts)).join(' ');
    const flags0 = EXCLUDED_ITEM.test(raw.trim());
    let cleaned = cleanItemText(raw);
    // «(исключен Законом РК от ... (вводится ...))» is a mark as a whole; its words are the title.
    if (flags0 && !cleaned)
      cleaned = cleanItemText(
        raw
          .trim()
          .replace(/^[([]\s*/, '')
          .replace(/\s*[)\]]\s*[;.]?$/, ''),
      );
    const lineNumber = item.block.lines[0].no;
    if (!cleaned) {
      this.warn('EMPTY_ITEM', lineNumber, `item ${item.num ?? ''} has no text`);
      return null;
    }
    if (item.level === 'clause' && endsWithColon(raw) && !flags0) {
      this.warn('EMPTY_LIST', lineNumber, `«${preview(cleaned)}» opens a list, but no numbered items follow it`);
      return null;
    }
    const article = item.article?.num ?? null;
    let clause: string | null = null;
    let subclause: string | null = null;
    if (item.level === 'sub' && item.parentClause) {
      clause = item.parentClause.num;
      subclause = item.num;
    } else if (item.level !== 'para') {
      clause = item.num;
    }
    const quote = blocks.flatMap((b) => b.lines.map((l) => l.raw.trim())).join('\n');
    return {
      key: [article, clause, subclause].filter((p) => p !== null).join('.'),
      title: cleaned,
      article,
      clause,
      subclause,
      sectionHeading,
      leadIn: item.leadIns[0] ?? null,
      holderHint: this.holderOf(item, kind, title),
      quote,
      lineNumber,
      flags: flagsOf(raw, cleaned),
    };
  }

  private checkNumbering(list: Item[]): void {
    let prev: ItemNumber | null = null;
    let prevText = '';
    const seen = new Set<string>();
    for (const item of list) {
      if (!item.num) continue;
      const num = parseNumber(item.num);
      const line = item.block.lines[0].no;
      const mark = item.level === 'sub' ? ')' : '.';
      if (seen.has(item.num)) {
        this.warn('DUPLICATE_NUMBER', line, `${item.num}${mark} appears twice in the same list`);
      } else if (!isSuccessor(prev, num)) {
        const what =
          prev === null
            ? `the list starts at ${item.num}${mark}`
            : compareNumbers(num, prev) < 0
              ? `${item.num}${mark} comes after ${prevText}${mark}, out of order`
              : `${item.num}${mark} follows ${prevText}${mark}`;
        this.warn(
          'NUMBERING_GAP',
          line,
          `${what}: an item may be missing (repealed and not printed, or its number lost in a line wrap)`,
        );
      }
      seen.add(item.num);
      prev = num;
      prevText = item.num;
    }
  }

  private warnOutside(items: Item[]): void {
    // One warning per run of consecutive items, not one per item.
    let run: Item[] = [];
    const flush = () => {
      if (!run.length) return;
      const first = run[0].block.lines[0].no;
      const last = run[run.length - 1].block.lines[0].no;
      this.warn(
        'OUTSIDE_SECTION',
        first,
        `${run.length} numbered item${run.length === 1 ? '' : 's'} (lines ${first}–${last}) stand under no article or chapter heading and were not taken; add the heading or take every list (allSections)`,
      );
      run = [];
    };
    const index = new Map(this.items.map((item, i) => [item, i]));
    for (const item of items) {
      const prev = run[run.length - 1];
      if (
        prev &&
        index.get(item)! > index.get(prev)! + 1 &&
        this.items.slice(index.get(prev)! + 1, index.get(item)).some((i) => !i.dropped)
      )
        flush();
      run.push(item);
    }
    flush();
  }

  private warn(code: LegalTextWarningCode, lineNumber: number, message: string): void {
    this.warnings.push({ code, lineNumber, message });
  }
}

function lastBlock(item: Item): Block {
  return item.extra.length ? item.extra[item.extra.length - 1] : item.block;
}

/** Whether a paragraph closes its list item: it ends with «;» (amendment marks aside). */
function endsItem(block: Block): boolean {
  return /;["»”)]*\s*$/.test(stripAmendmentMarks(joinParts(block.parts)).text.trimEnd());
}

function mergeBlocks(blocks: Block[]): Block {
  return { kind: 'para', num: null, lines: blocks.flatMap((b) => b.lines), parts: blocks.flatMap((b) => b.parts) };
}

function preview(text: string): string {
  const t = normaliseSpace(text);
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
}

/** Two items with one key (two unnumbered lists in one article) get «_2», «_3», with a warning. */
function dedupeKeys(drafts: LegalTextDraft[], warnings: LegalTextWarning[]): void {
  const count = new Map<string, number>();
  for (const d of [...drafts].sort((a, b) => a.lineNumber - b.lineNumber)) {
    const n = (count.get(d.key) ?? 0) + 1;
    count.set(d.key, n);
    if (n > 1) {
      const told = warnings.some((w) => w.code === 'DUPLICATE_NUMBER' && w.lineNumber === d.lineNumber);
      if (!told)
        warnings.push({
          code: 'DUPLICATE_NUMBER',
          lineNumber: d.lineNumber,
          message: `a second item numbered ${d.key} in the same section; its key is ${d.key}_${n}`,
        });
      d.key = `${d.key}_${n}`;
    }
  }
}
