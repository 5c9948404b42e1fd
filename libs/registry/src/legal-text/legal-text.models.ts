import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LegalAct } from '../legal-act/legal-act.model.js';
import { StateFunction } from '../state-function/state-function.model.js';
import type { LegalActEntity } from '../legal-act/legal-act.entity.js';

export enum LegalTextFlagEnum {
  CATCH_ALL = 'CATCH_ALL',
  EXCLUDED = 'EXCLUDED',
  REFERENCE_ONLY = 'REFERENCE_ONLY',
}
export enum LegalTextKindEnum {
  LAW = 'LAW',
  REGULATION = 'REGULATION',
}
export enum LegalTextWarningCodeEnum {
  OUTSIDE_SECTION = 'OUTSIDE_SECTION',
  UNPLACED_TEXT = 'UNPLACED_TEXT',
  NUMBERING_GAP = 'NUMBERING_GAP',
  DUPLICATE_NUMBER = 'DUPLICATE_NUMBER',
  EMPTY_ITEM = 'EMPTY_ITEM',
  EMPTY_LIST = 'EMPTY_LIST',
  TOO_LONG = 'TOO_LONG',
  NO_SECTION = 'NO_SECTION',
}
registerEnumType(LegalTextFlagEnum, {
  name: 'LegalTextFlag',
  description:
    'CATCH_ALL: «иные полномочия ...», not a concrete function; EXCLUDED: a repealed item, never imported; REFERENCE_ONLY: only points at other provisions.',
});
registerEnumType(LegalTextKindEnum, {
  name: 'LegalTextKind',
  description: 'LAW (a law or a code, with articles) or REGULATION (an agency regulation, Положение).',
});
registerEnumType(LegalTextWarningCodeEnum, { name: 'LegalTextWarningCode' });

@ObjectType('LegalTextDraft', {
  description: 'One numbered item of a competence or functions section: a draft function.',
})
export class LegalTextDraftView {
  @Field({ description: 'Article, clause and sub-clause joined by dots, e.g. 5-3.16 or 6.2.1-1; unique in the text.' })
  key: string;

  @Field(() => String, {
    nullable: true,
    description: 'The external id the item gets on import; null until the act is named.',
  })
  externalId: string | null;

  @Field({ description: 'The item without its number, amendment marks and final «;».' })
  title: string;

  @Field(() => String, { nullable: true })
  article: string | null;

  @Field(() => String, { nullable: true })
  clause: string | null;

  @Field(() => String, { nullable: true })
  subclause: string | null;

  @Field(() => String, { nullable: true, description: 'The article heading, or the chapter heading in a regulation.' })
  sectionHeading: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The line that opens the item’s list, e.g. «Местный исполнительный орган области».',
  })
  leadIn: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The body the lead-in or heading names, or the regulation’s title: a hint for choosing the holder.',
  })
  holderHint: string | null;

  @Field({ description: 'The item exactly as in the text, number and marks included.' })
  quote: string;

  @Field(() => Int, { description: '1-based line of the item in the text.' })
  lineNumber: number;

  @Field(() => [LegalTextFlagEnum])
  flags: LegalTextFlagEnum[];
}

@ObjectType('LegalTextSection')
export class LegalTextSectionView {
  @Field()
  heading: string;

  @Field(() => Int)
  lineNumber: number;

  @Field(() => Int)
  items: number;
}

@ObjectType('LegalTextSkipped', { description: 'What the parser left out, so that nothing goes missing unnoticed.' })
export class LegalTextSkippedView {
  @Field(() => Int, { description: 'Articles that are not competence or functions sections.' })
  articles: number;

  @Field(() => Int, { description: 'In a text without articles: chapters none of whose items were taken.' })
  chapters: number;

  @Field(() => Int, { description: 'Articles printed only as repealed («Статья 5-1. Исключена ...»).' })
  excludedArticles: number;

  @Field(() => Int, { description: 'Numbered items of the sections not taken.' })
  items: number;

  @Field(() => Int, { description: 'Footnotes («Сноска.»), institute notes and amendment marks (ЗРК, ПРЗ).' })
  notes: number;

  @Field(() => [LegalTextSectionView])
  sections: LegalTextSectionView[];
}

@ObjectType('LegalTextWarning')
export class LegalTextWarningView {
  @Field(() => LegalTextWarningCodeEnum)
  code: LegalTextWarningCodeEnum;

  @Field(() => Int)
  lineNumber: number;

  @Field()
  message: string;
}

@ObjectType('LegalTextDraftResult', { description: 'Draft functions read from a text; nothing is written.' })
export class LegalTextDraftResult {
  @Field(() => LegalTextKindEnum)
  kind: LegalTextKindEnum;

  @Field(() => String, { nullable: true })
  documentTitle: string | null;

  @Field(() => Int, { description: 'Lines in the text.' })
  lines: number;

  @Field(() => [LegalTextDraftView], {
    description: 'In text order; repealed items are included with the EXCLUDED flag.',
  })
  drafts: LegalTextDraftView[];

  @Field(() => [LegalTextSectionView], {
    description: 'The sections (article or chapter, and lead-in) the drafts come from.',
  })
  sections: LegalTextSectionView[];

  @Field(() => LegalTextSkippedView)
  skipped: LegalTextSkippedView;

  @Field(() => [LegalTextWarningView])
  warnings: LegalTextWarningView[];
}

@ObjectType('LegalTextSkippedItem')
export class LegalTextSkippedItem {
  @Field()
  key: string;

  @Field({ description: 'EXCLUDED: the item is repealed.' })
  reason: string;
}

@ObjectType('LegalTextImportResult')
export class LegalTextImportResult {
  @Field(() => LegalAct, { description: 'The act of the legal basis, found or created.' })
  act: LegalActEntity;

  @Field(() => Boolean, { description: 'Whether the act was created by this import.' })
  actCreated: boolean;

  @Field(() => [StateFunction], { description: 'Functions created now, as DRAFT, in text order.' })
  created: StateFunction[];

  @Field(() => [StateFunction], {
    description: 'Functions an earlier import created (same external id); left as they are.',
  })
  alreadyPresent: StateFunction[];

  @Field(() => [String], {
    description: 'Keys of already present functions whose stored title differs from the text now.',
  })
  textChanged: string[];

  @Field(() => [LegalTextSkippedItem])
  skipped: LegalTextSkippedItem[];

  @Field(() => [LegalTextWarningView])
  warnings: LegalTextWarningView[];
}
