import DataLoader from 'dataloader';
import { groupByKey } from '#core';
import type { RegistryLoaders } from '#registry';
import { BudgetService } from '../budget.service.js';
import { BudgetLoaders, BudgetProgramme, FunctionBudgetLink } from './budget.models.js';

function grouped<T>(ids: readonly string[], rows: T[], key: (r: T) => string): T[][] {
  const map = groupByKey(ids, rows, key);
  return ids.map((id) => map.get(id)!);
}

export interface RequestBudgetLoaders extends BudgetLoaders {
  functionLinks: DataLoader<string, FunctionBudgetLink[]>;
}

/** The batch loaders budget views read through, for one request (also used by campaign views). */
export function createBudgetLoaders(budget: BudgetService, registry: RegistryLoaders): RequestBudgetLoaders {
  const programmes = new DataLoader(async (ids: readonly string[]) => {
    const byId = new Map((await budget.programmesByIds(ids)).map((r) => [r.id, r]));
    return ids.map((id) => (byId.has(id) ? new BudgetProgramme(byId.get(id)!, loaders) : null));
  });
  const expenditures = new DataLoader(async (ids: readonly string[]) =>
    grouped(ids, await budget.expenditures(ids), (r) => r.programmeId),
  );
  const programmeLinks = new DataLoader(async (ids: readonly string[]) =>
    grouped(ids, await budget.linksOfProgrammes(ids), (r) => r.programmeId).map((list) =>
      list.map((r) => new FunctionBudgetLink(r, loaders)),
    ),
  );
  const subprogrammes = new DataLoader(async (ids: readonly string[]) =>
    grouped(ids, await budget.childrenOf(ids), (r) => r.parentId!).map((list) =>
      list.map((r) => new BudgetProgramme(r, loaders)),
    ),
  );
  const loaders: RequestBudgetLoaders = {
    registry,
    programme: (id: string) => programmes.load(id),
    expenditures: (id: string) => expenditures.load(id),
    linksOfProgramme: (id: string) => programmeLinks.load(id),
    subprogrammes: (id: string) => subprogrammes.load(id),
    functionLinks: new DataLoader(async (ids: readonly string[]) =>
      grouped(ids, await budget.linksOfFunctions(ids), (r) => r.functionId).map((list) =>
        list.map((r) => new FunctionBudgetLink(r, loaders)),
      ),
    ),
  };
  return loaders;
}
