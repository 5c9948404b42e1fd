import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { groupByKey, mapPage, Paginated } from '#core';
import type { GraphQLContext } from '#registry';
import { StateFunction } from '#registry';
import { BudgetService } from '../budget.service.js';
import { createBudgetLoaders, RequestBudgetLoaders } from './budget.loaders.js';
import { HeadcountService } from '../headcount.service.js';
import {
  BudgetProgrammesArgs,
  CreateBudgetProgrammeInput,
  LinkBudgetExpenditureInput,
  SetBudgetExpenditureInput,
  SetFunctionHeadcountInput,
  SetUnitHeadcountInput,
  StaffLoadArgs,
  TypicalStaffingArgs,
  UnlinkedExpenditureArgs,
} from './budget.inputs.js';
import {
  BudgetExpenditure,
  BudgetProgramme,
  FunctionBudgetLink,
  FunctionHeadcount,
  StaffLoad,
  TypicalFunctionStaffing,
  UnitHeadcount,
  UnlinkedExpenditure,
} from './budget.models.js';

const ProgrammePage = Paginated(BudgetProgramme);
const UnlinkedPage = Paginated(UnlinkedExpenditure);

interface RequestLoaders extends RequestBudgetLoaders {
  headcount: DataLoader<string, FunctionHeadcount[]>;
}

/** Budget programmes, their expenditure and its links to functions, and headcount. */
@Resolver(() => StateFunction)
export class BudgetResolver {
  private readonly perRequest = new WeakMap<object, RequestLoaders>();

  constructor(
    private readonly budget: BudgetService,
    private readonly headcounts: HeadcountService,
  ) {}

  loadersOf(ctx: GraphQLContext): RequestLoaders {
    let l = this.perRequest.get(ctx.loaders);
    if (!l) {
      l = {
        ...createBudgetLoaders(this.budget, ctx.loaders),
        headcount: new DataLoader(async (ids: readonly string[]) => {
          const map = groupByKey(ids, await this.headcounts.ofFunctions(ids), (r) => r.functionId);
          return ids.map((id) => map.get(id)!);
        }),
      };
      this.perRequest.set(ctx.loaders, l);
    }
    return l;
  }

  @ResolveField(() => [FunctionBudgetLink], {
    description: 'Budget expenditure linked to this function, per programme and year.',
  })
  budgetLinks(@Parent() f: StateFunction, @Context() ctx: GraphQLContext) {
    return this.loadersOf(ctx).functionLinks.load(f.id);
  }

  @ResolveField(() => [FunctionHeadcount], { description: 'Staff units of this function, per year.' })
  headcount(@Parent() f: StateFunction, @Context() ctx: GraphQLContext) {
    return this.loadersOf(ctx).headcount.load(f.id);
  }

  @Query(() => ProgrammePage)
  async budgetProgrammes(@Args() args: BudgetProgrammesArgs, @Context() ctx: GraphQLContext) {
    const l = this.loadersOf(ctx);
    return mapPage(await this.budget.programmes(args.filter ?? {}, args), (r) => new BudgetProgramme(r, l));
  }

  @Query(() => BudgetProgramme)
  async budgetProgramme(@Args('code') code: string, @Context() ctx: GraphQLContext) {
    return new BudgetProgramme(await this.budget.programmeByCode(code), this.loadersOf(ctx));
  }

  @Query(() => UnlinkedPage, {
    description: 'Expenditure that no function accounts for, per programme and year, largest first.',
  })
  async unlinkedExpenditure(@Args() args: UnlinkedExpenditureArgs, @Context() ctx: GraphQLContext) {
    const l = this.loadersOf(ctx);
    return mapPage(
      await this.budget.unlinked({ year: args.year, administratorId: args.administratorId }, args),
      (r) => new UnlinkedExpenditure(r, l),
    );
  }

  @Query(() => [UnitHeadcount])
  async unitHeadcount(@Args('structuralUnitId', { type: () => ID }) id: string, @Context() ctx: GraphQLContext) {
    return (await this.headcounts.units([id])).map((r) => new UnitHeadcount(r, ctx.loaders));
  }

  @Query(() => [StaffLoad], {
    description: 'Staff units per function of each agency in a year, heaviest first (disproportions).',
  })
  async staffLoad(@Args() args: StaffLoadArgs, @Context() ctx: GraphQLContext) {
    return (await this.headcounts.staffLoad(args.year, { levels: args.levels })).map(
      (r) => new StaffLoad(r, ctx.loaders),
    );
  }

  @Query(() => [TypicalFunctionStaffing], {
    description: 'Holders of the same typical function compared: staff units against the median of the holders.',
  })
  async typicalFunctionStaffing(@Args() args: TypicalStaffingArgs, @Context() ctx: GraphQLContext) {
    return (await this.headcounts.typicalComparison(args.year, args.minRatio ?? 0)).map(
      (r) => new TypicalFunctionStaffing(r, ctx.loaders),
    );
  }

  @Mutation(() => BudgetProgramme)
  async createBudgetProgramme(@Args('input') input: CreateBudgetProgrammeInput, @Context() ctx: GraphQLContext) {
    return new BudgetProgramme(await this.budget.createProgramme(input), this.loadersOf(ctx));
  }

  @Mutation(() => BudgetExpenditure, {
    description: "Records (or corrects) a programme's planned and actual expenditure of a year.",
  })
  async setBudgetExpenditure(@Args('input') input: SetBudgetExpenditureInput) {
    return new BudgetExpenditure(await this.budget.setExpenditure(input));
  }

  @Mutation(() => FunctionBudgetLink, {
    description:
      "Links a share of a programme's expenditure to a function; refused if the year's shares would pass 100 %.",
  })
  async linkBudgetExpenditure(@Args('input') input: LinkBudgetExpenditureInput, @Context() ctx: GraphQLContext) {
    return new FunctionBudgetLink(await this.budget.link(input, ctx.actor), this.loadersOf(ctx));
  }

  @Mutation(() => Boolean)
  unlinkBudgetExpenditure(@Args('id', { type: () => ID }) id: string) {
    return this.budget.unlink(id);
  }

  @Mutation(() => FunctionHeadcount)
  setFunctionHeadcount(@Args('input') input: SetFunctionHeadcountInput) {
    return this.headcounts.setFunction(input);
  }

  @Mutation(() => UnitHeadcount)
  async setUnitHeadcount(@Args('input') input: SetUnitHeadcountInput, @Context() ctx: GraphQLContext) {
    return new UnitHeadcount(await this.headcounts.setUnit(input), ctx.loaders);
  }
}
