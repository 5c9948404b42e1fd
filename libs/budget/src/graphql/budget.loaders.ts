import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { groupByKey, LoadersFactory, ProvidesLoaders } from '#core';
import { BudgetService, ExpenditureRow } from '../budget.service.js';
import { HeadcountService } from '../headcount.service.js';
import { BudgetProgramme, FunctionBudgetLink, FunctionHeadcount } from './budget.models.js';

/** The batch loaders of one request for budget views and fields (campaign views read `programme`). */
export interface BudgetLoaders {
  programme: DataLoader<string, BudgetProgramme | null>;
  expenditures: DataLoader<string, ExpenditureRow[]>;
  linksOfProgramme: DataLoader<string, FunctionBudgetLink[]>;
  subprogrammes: DataLoader<string, BudgetProgramme[]>;
  functionLinks: DataLoader<string, FunctionBudgetLink[]>;
  headcount: DataLoader<string, FunctionHeadcount[]>;
}

declare module '#core' {
  interface RequestLoaders {
    budget: BudgetLoaders;
  }
}

function grouped<T>(ids: readonly string[], rows: T[], key: (r: T) => string): T[][] {
  const map = groupByKey(ids, rows, key);
  return ids.map((id) => map.get(id)!);
}

@Injectable()
@ProvidesLoaders('budget')
export class BudgetLoadersFactory implements LoadersFactory<'budget'> {
  constructor(
    private readonly budget: BudgetService,
    private readonly headcounts: HeadcountService,
  ) {}

  createLoaders(): BudgetLoaders {
    const { budget } = this;
    return {
      programme: new DataLoader(async (ids: readonly string[]) => {
        const byId = new Map((await budget.programmesByIds(ids)).map((r) => [r.id, r]));
        return ids.map((id) => (byId.has(id) ? new BudgetProgramme(byId.get(id)!) : null));
      }),
      expenditures: new DataLoader(async (ids: readonly string[]) =>
        grouped(ids, await budget.expenditures(ids), (r) => r.programmeId),
      ),
      linksOfProgramme: new DataLoader(async (ids: readonly string[]) =>
        grouped(ids, await budget.linksOfProgrammes(ids), (r) => r.programmeId).map((list) =>
          list.map((r) => new FunctionBudgetLink(r)),
        ),
      ),
      subprogrammes: new DataLoader(async (ids: readonly string[]) =>
        grouped(ids, await budget.childrenOf(ids), (r) => r.parentId!).map((list) =>
          list.map((r) => new BudgetProgramme(r)),
        ),
      ),
      functionLinks: new DataLoader(async (ids: readonly string[]) =>
        grouped(ids, await budget.linksOfFunctions(ids), (r) => r.functionId).map((list) =>
          list.map((r) => new FunctionBudgetLink(r)),
        ),
      ),
      headcount: new DataLoader(async (ids: readonly string[]) => {
        const map = groupByKey(ids, await this.headcounts.ofFunctions(ids), (r) => r.functionId);
        return ids.map((id) => map.get(id)!);
      }),
    };
  }
}
