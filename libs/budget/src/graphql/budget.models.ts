import { asView } from '#core';
import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { RegistryLoaders } from '#registry';
import { Agency, GovernmentLevel, StateFunction, StructuralUnit } from '#registry';
import type { ExpenditureRow, LinkRow, ProgrammeRow, UnlinkedRow } from '../budget.service.js';
import type { StaffLoadRow, TypicalComparisonRow, UnitHeadcountRow } from '../headcount.service.js';

export enum BudgetLevel {
  REPUBLICAN = 'REPUBLICAN',
  REGIONAL = 'REGIONAL',
  DISTRICT = 'DISTRICT',
}
registerEnumType(BudgetLevel, { name: 'BudgetLevel', description: 'The budget a programme belongs to.' });

/** Loaders of one request for budget views. */
export interface BudgetLoaders {
  registry: RegistryLoaders;
  programme(id: string): Promise<BudgetProgramme | null>;
  expenditures(programmeId: string): Promise<ExpenditureRow[]>;
  linksOfProgramme(programmeId: string): Promise<FunctionBudgetLink[]>;
  subprogrammes(programmeId: string): Promise<BudgetProgramme[]>;
}

@ObjectType({ description: "A programme's expenditure in one year, in tenge (decimal text)." })
export class BudgetExpenditure {
  @Field(() => Int)
  year: number;

  @Field()
  planned: string;

  @Field(() => String, { nullable: true })
  actual: string | null;

  @Field({ description: 'Share linked to functions, in percent.' })
  linkedPercent: string;

  constructor(row: ExpenditureRow) {
    this.year = row.year;
    this.planned = row.planned;
    this.actual = row.actual;
    this.linkedPercent = percentText(row.linkedShare);
  }
}

@ObjectType('BudgetProgramme', {
  description: 'A budget programme or subprogramme with its administrator and classification.',
})
export class BudgetProgramme {
  constructor(row: ProgrammeRow, loaders: BudgetLoaders) {
    asView(this, row, loaders);
  }

  declare private readonly loaders: BudgetLoaders;
  declare parentId: string | null;
  declare administratorId: string;

  @Field(() => ID)
  id: string;

  @Field({ description: 'Administrator and programme code, e.g. 225-001 (subprogramme 225-001-100).' })
  code: string;

  @Field(() => BudgetLevel)
  budgetLevel: BudgetLevel;

  @Field(() => String, { nullable: true, description: 'Functional group of the Budget Code classification (01-15).' })
  functionalGroup: string | null;

  @Field(() => String, { nullable: true })
  functionalSubgroup: string | null;

  @Field(() => String, { nullable: true, description: 'COFOG group (e.g. 09.1).' })
  cofogGroup: string | null;

  @Field()
  nameRu: string;

  @Field(() => String, { nullable: true })
  nameKk: string | null;

  @Field(() => Agency, { description: 'The budget programme administrator.' })
  get administrator() {
    return this.loaders.registry.agency.load(this.administratorId);
  }

  @Field(() => BudgetProgramme, { nullable: true })
  get parent() {
    return this.parentId ? this.loaders.programme(this.parentId) : null;
  }

  @Field(() => [BudgetProgramme])
  get subprogrammes() {
    return this.loaders.subprogrammes(this.id);
  }

  @Field(() => [BudgetExpenditure])
  get expenditures() {
    return this.loaders.expenditures(this.id).then((rows) => rows.map((e) => new BudgetExpenditure(e)));
  }

  @Field(() => [FunctionBudgetLink])
  get links() {
    return this.loaders.linksOfProgramme(this.id);
  }
}

@ObjectType('FunctionBudgetLink', {
  description: "A share of a programme's expenditure of a year that pays for a function.",
})
export class FunctionBudgetLink {
  constructor(row: LinkRow, loaders: BudgetLoaders) {
    asView(this, row, loaders);
    this.sharePercent = percentText(row.share);
  }

  declare private readonly loaders: BudgetLoaders;
  declare programmeId: string;
  declare functionId: string;

  @Field(() => ID)
  id: string;

  @Field(() => Int)
  year: number;

  @Field()
  sharePercent: string;

  @Field({ description: 'Planned expenditure this link stands for, in tenge.' })
  plannedAmount: string;

  @Field(() => String, { nullable: true })
  actualAmount: string | null;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => String, { nullable: true })
  createdBy: string | null;

  @Field()
  createdAt: Date;

  @Field(() => BudgetProgramme)
  get programme() {
    return this.loaders.programme(this.programmeId);
  }

  @Field(() => StateFunction)
  get function() {
    return this.loaders.registry.stateFunction.load(this.functionId);
  }
}

@ObjectType({ description: 'Expenditure of a programme and year that no function accounts for.' })
export class UnlinkedExpenditure {
  constructor(row: UnlinkedRow, loaders: BudgetLoaders) {
    asView(this, row, loaders);
    this.linkedPercent = percentText(row.linkedShare);
  }

  declare private readonly loaders: BudgetLoaders;
  declare programmeId: string;

  @Field(() => Int)
  year: number;

  @Field()
  planned: string;

  @Field(() => String, { nullable: true })
  actual: string | null;

  @Field()
  linkedPercent: string;

  @Field()
  unlinkedPlanned: string;

  @Field(() => String, { nullable: true })
  unlinkedActual: string | null;

  @Field(() => BudgetProgramme)
  get programme() {
    return this.loaders.programme(this.programmeId);
  }
}

@ObjectType()
export class FunctionHeadcount {
  @Field(() => Int)
  year: number;

  @Field({ description: 'Staff units (штатные единицы), decimal text.' })
  staffUnits: string;

  @Field(() => String, { nullable: true })
  note: string | null;
}

@ObjectType()
export class UnitHeadcount {
  constructor(row: UnitHeadcountRow, loaders: RegistryLoaders) {
    asView(this, row, loaders);
  }

  declare private readonly loaders: RegistryLoaders;
  declare structuralUnitId: string;

  @Field(() => Int)
  year: number;

  @Field()
  staffUnits: string;

  @Field({ description: "Staff units given to the unit's functions in the same year." })
  assignedToFunctions: string;

  @Field(() => StructuralUnit)
  get structuralUnit() {
    return this.loaders.structuralUnit.load(this.structuralUnitId);
  }
}

@ObjectType({ description: 'Staff per function of an agency in a year.' })
export class StaffLoad {
  constructor(row: StaffLoadRow, loaders: RegistryLoaders) {
    asView(this, row, loaders);
  }

  declare private readonly loaders: RegistryLoaders;
  declare agencyId: string;

  @Field(() => GovernmentLevel)
  level: GovernmentLevel;

  @Field(() => Int, { description: 'Functions in the active registry.' })
  functions: number;

  @Field(() => Int)
  functionsWithHeadcount: number;

  @Field()
  staffUnits: string;

  @Field(() => String, { nullable: true })
  staffPerFunction: string | null;

  @Field(() => Agency)
  get agency() {
    return this.loaders.agency.load(this.agencyId);
  }
}

@ObjectType({ description: 'One holder of a typical function, compared with the other holders of it.' })
export class TypicalFunctionStaffing {
  constructor(row: TypicalComparisonRow, loaders: RegistryLoaders) {
    asView(this, row, loaders);
  }

  declare private readonly loaders: RegistryLoaders;
  declare functionId: string;
  declare holderId: string;

  @Field({ description: 'The template, or the shared wording, that makes the group.' })
  groupKey: string;

  @Field()
  groupTitle: string;

  @Field(() => Int)
  holders: number;

  @Field()
  staffUnits: string;

  @Field()
  groupMedian: string;

  @Field(() => String, { nullable: true, description: 'Staff units over the median of the group.' })
  ratioToMedian: string | null;

  @Field(() => StateFunction)
  get function() {
    return this.loaders.stateFunction.load(this.functionId);
  }

  @Field(() => Agency)
  get holder() {
    return this.loaders.agency.load(this.holderId);
  }
}

/** A stored fraction as percent text: '0.250000' → '25'. */
export function percentText(share: string): string {
  return String(Math.round(Number(share) * 1_000_000) / 10_000);
}
