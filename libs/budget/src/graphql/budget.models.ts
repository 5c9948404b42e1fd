import { ContextField } from '#core';
import type { GraphQLContext } from '#core';
import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Agency, GovernmentLevel, StateFunction, StructuralUnit } from '#registry';
import type { ExpenditureRow, LinkRow, ProgrammeRow, UnlinkedRow } from '../budget.service.js';
import type { StaffLoadRow, TypicalComparisonRow, UnitHeadcountRow } from '../headcount.service.js';

export enum BudgetLevel {
  REPUBLICAN = 'REPUBLICAN',
  REGIONAL = 'REGIONAL',
  DISTRICT = 'DISTRICT',
}
registerEnumType(BudgetLevel, { name: 'BudgetLevel', description: 'The budget a programme belongs to.' });

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
  constructor(row: ProgrammeRow) {
    Object.assign(this, row);
  }

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

  @ContextField(() => Agency, { description: 'The budget programme administrator.' })
  administrator(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.registry.agency.load(this.administratorId);
  }

  @ContextField(() => BudgetProgramme, { nullable: true })
  parent(_args: unknown, { loaders }: GraphQLContext) {
    return this.parentId ? loaders.budget.programme.load(this.parentId) : null;
  }

  @ContextField(() => [BudgetProgramme])
  subprogrammes(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.budget.subprogrammes.load(this.id);
  }

  @ContextField(() => [BudgetExpenditure])
  expenditures(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.budget.expenditures.load(this.id).then((rows) => rows.map((e) => new BudgetExpenditure(e)));
  }

  @ContextField(() => [FunctionBudgetLink])
  links(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.budget.linksOfProgramme.load(this.id);
  }
}

@ObjectType('FunctionBudgetLink', {
  description: "A share of a programme's expenditure of a year that pays for a function.",
})
export class FunctionBudgetLink {
  constructor(row: LinkRow) {
    Object.assign(this, row);
    this.sharePercent = percentText(row.share);
  }

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

  @ContextField(() => BudgetProgramme)
  programme(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.budget.programme.load(this.programmeId);
  }

  @ContextField(() => StateFunction)
  function(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.registry.stateFunction.load(this.functionId);
  }
}

@ObjectType({ description: 'Expenditure of a programme and year that no function accounts for.' })
export class UnlinkedExpenditure {
  constructor(row: UnlinkedRow) {
    Object.assign(this, row);
    this.linkedPercent = percentText(row.linkedShare);
  }

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

  @ContextField(() => BudgetProgramme)
  programme(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.budget.programme.load(this.programmeId);
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
  constructor(row: UnitHeadcountRow) {
    Object.assign(this, row);
  }

  declare structuralUnitId: string;

  @Field(() => Int)
  year: number;

  @Field()
  staffUnits: string;

  @Field({ description: "Staff units given to the unit's functions in the same year." })
  assignedToFunctions: string;

  @ContextField(() => StructuralUnit)
  structuralUnit(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.registry.structuralUnit.load(this.structuralUnitId);
  }
}

@ObjectType({ description: 'Staff per function of an agency in a year.' })
export class StaffLoad {
  constructor(row: StaffLoadRow) {
    Object.assign(this, row);
  }

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

  @ContextField(() => Agency)
  agency(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.registry.agency.load(this.agencyId);
  }
}

@ObjectType({ description: 'One holder of a typical function, compared with the other holders of it.' })
export class TypicalFunctionStaffing {
  constructor(row: TypicalComparisonRow) {
    Object.assign(this, row);
  }

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

  @ContextField(() => StateFunction)
  function(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.registry.stateFunction.load(this.functionId);
  }

  @ContextField(() => Agency)
  holder(_args: unknown, { loaders }: GraphQLContext) {
    return loaders.registry.agency.load(this.holderId);
  }
}

/** A stored fraction as percent text: '0.250000' → '25'. */
export function percentText(share: string): string {
  return String(Math.round(Number(share) * 1_000_000) / 10_000);
}
