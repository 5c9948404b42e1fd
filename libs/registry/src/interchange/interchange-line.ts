import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateNested, validateSync,
  ValidationError,
} from 'class-validator';
import { AgencyKind, FunctionStatus, FunctionType, GovernmentLevel, Lang, TerritoryKind } from '../enums.js';
import { IsKato, IsOptionalText, IsRegistryCode, IsText } from '../validators.js';

/**
 * One line of the registry interchange format (JSON Lines; see docs/interchange.md). Keys beyond
 * the format's own (`code`, `status`, `tags`, `coExecutors`, ...) are the registry's extensions:
 * export writes them and import reads them when present, so a round trip keeps them.
 */
export class AgencyLine {
  @IsRegistryCode()
  code: string;

  @IsText(1000)
  name: string;

  @IsOptional() @IsEnum(AgencyKind)
  kind?: AgencyKind | null;

  @IsEnum(GovernmentLevel)
  level: GovernmentLevel;

  @IsOptional() @IsArray() @IsEnum(TerritoryKind, { each: true })
  territoryKinds?: TerritoryKind[] | null;

  @IsOptional() @IsKato()
  territory?: string | null;

  @IsOptional() @IsBoolean()
  collegial?: boolean | null;

  @IsOptional() @IsRegistryCode()
  parentCode?: string | null;

  @IsOptionalText(1000)
  nameKk?: string | null;
}

export class LegalBasisLine {
  @IsText(2000)
  act: string;

  @IsOptional() @Matches(/^[A-Za-z0-9_]{3,40}$/, { message: 'actCode must be an adilet.zan.kz document id such as Z070000319_' })
  actCode?: string | null;

  @IsOptionalText(50)
  article?: string | null;

  @IsOptionalText(50)
  clause?: string | null;

  @IsOptionalText(50)
  subclause?: string | null;

  @IsOptionalText(2000)
  url?: string | null;

  @IsOptionalText(20000)
  quote?: string | null;
}

export class TagLine {
  @IsText(200)
  value: string;

  @IsOptional() @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'vocabulary codes are lower-case letters, digits, dashes or underscores' })
  vocabulary?: string | null;
}

export class FunctionLine {
  @IsRegistryCode()
  externalId: string;

  @IsText(4000)
  title: string;

  @IsOptional() @IsIn(Object.values(Lang))
  lang?: Lang | null;

  @IsOptional() @IsEnum(FunctionType)
  type?: FunctionType | null;

  @IsOptionalText(100)
  sector?: string | null;

  @ValidateNested() @Type(() => AgencyLine)
  agency: AgencyLine;

  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => LegalBasisLine)
  legalBasis?: LegalBasisLine[] | null;

  @IsOptionalText(4000)
  titleRu?: string | null;

  @IsOptionalText(4000)
  titleKk?: string | null;

  @IsOptionalText(20000)
  description?: string | null;

  @IsOptional() @IsEnum(FunctionStatus)
  status?: FunctionStatus | null;

  @IsOptional() @IsBoolean()
  supporting?: boolean | null;

  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => TagLine)
  tags?: TagLine[] | null;

  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(64, { each: true })
  coExecutors?: string[] | null;
}

export interface LineProblem {
  line: number;
  message: string;
}

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? (/^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : `${prefix}.${e.property}`) : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${path}: ${m.replace(e.property, path)}`);
    return [...own, ...describe(e.children ?? [], path)];
  });
}

/** Parses and validates one line; returns the line or the problems found in it. */
export function parseFunctionLine(text: string, line: number): FunctionLine | LineProblem[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return [{ line, message: `not valid JSON (${(err as Error).message})` }];
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return [{ line, message: 'a line must be one JSON object' }];
  }
  const missing = ['externalId', 'title', 'agency'].filter((k) => (raw as Record<string, unknown>)[k] == null);
  if (missing.length) return missing.map((k) => ({ line, message: `${k}: required` }));
  const fn = plainToInstance(FunctionLine, raw);
  const errors = validateSync(fn, { forbidUnknownValues: false });
  if (errors.length) return describe(errors).map((message) => ({ line, message }));
  return fn;
}
