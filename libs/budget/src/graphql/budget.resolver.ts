import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, mapPage, Paginated, READERS, Role } from '#core';
import type { GraphQLContext } from '#core';
import { FunctionScope, StateFunction } from '#registry';
import { BudgetService } from '../budget.service.js';
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

/** Budget programmes, their expenditure and its links to functions, and headcount. */
@Resolver(() => StateFunction)
export class BudgetResolver {
  constructor(
    private readonly budget: BudgetService,
    private readonly headcounts: HeadcountService,
    private readonly scope: FunctionScope,
  ) {}

  @Allow(...READERS)
  @ResolveField(() => [FunctionBudgetLink], {
    description: 'Budget expenditure linked to this function, per programme and year.',
  })
  budgetLinks(@Parent() f: StateFunction, @Context() { loaders }: GraphQLContext) {
    return loaders.budget.functionLinks.load(f.id);
  }

  @Allow(...READERS)
  @ResolveField(() => [FunctionHeadcount], { description: 'Staff units of this function, per year.' })
  headcount(@Parent() f: StateFunction, @Context() { loaders }: GraphQLContext) {
    return loaders.budget.headcount.load(f.id);
  }

  @Allow(...READERS)
  @Query(() => ProgrammePage)
  async budgetProgrammes(@Args() args: BudgetProgrammesArgs) {
    return mapPage(await this.budget.programmes(args.filter ?? {}, args), (r) => new BudgetProgramme(r));
  }

  @Allow(...READERS)
  @Query(() => BudgetProgramme)
  async budgetProgramme(@Args('code') code: string) {
    return new BudgetProgramme(await this.budget.programmeByCode(code));
  }

  @Allow(...READERS)
  @Query(() => UnlinkedPage, {
    description: 'Expenditure that no function accounts for, per programme and year, largest first.',
  })
  async unlinkedExpenditure(@Args() args: UnlinkedExpenditureArgs) {
    return mapPage(
      await this.budget.unlinked({ year: args.year, administratorId: args.administratorId }, args),
      (r) => new UnlinkedExpenditure(r),
    );
  }

  @Allow(...READERS)
  @Query(() => [UnitHeadcount])
  async unitHeadcount(@Args('structuralUnitId', { type: () => ID }) id: string) {
    return (await this.headcounts.units([id])).map((r) => new UnitHeadcount(r));
  }

  @Allow(...READERS)
  @Query(() => [StaffLoad], {
    description: 'Staff units per function of each agency in a year, heaviest first (disproportions).',
  })
  async staffLoad(@Args() args: StaffLoadArgs) {
    return (await this.headcounts.staffLoad(args.year, { levels: args.levels })).map((r) => new StaffLoad(r));
  }

  @Allow(...READERS)
  @Query(() => [TypicalFunctionStaffing], {
    description: 'Holders of the same typical function compared: staff units against the median of the holders.',
  })
  async typicalFunctionStaffing(@Args() args: TypicalStaffingArgs) {
    return (await this.headcounts.typicalComparison(args.year, args.minRatio ?? 0)).map(
      (r) => new TypicalFunctionStaffing(r),
    );
  }

  @Allow(Role.BUDGET_PLANNER)
  @Mutation(() => BudgetProgramme)
  async createBudgetProgramme(@Args('input') input: CreateBudgetProgrammeInput) {
    return new BudgetProgramme(await this.budget.createProgramme(input));
  }

  @Allow(Role.BUDGET_PLANNER)
  @Mutation(() => BudgetExpenditure, {
    description: "Records (or corrects) a programme's planned and actual expenditure of a year.",
  })
  async setBudgetExpenditure(@Args('input') input: SetBudgetExpenditureInput) {
    return new BudgetExpenditure(await this.budget.setExpenditure(input));
  }

  @Allow(Role.BUDGET_PLANNER)
  @Mutation(() => FunctionBudgetLink, {
    description:
      "Links a share of a programme's expenditure to a function; refused if the year's shares would pass 100 %.",
  })
  async linkBudgetExpenditure(@Args('input') input: LinkBudgetExpenditureInput, @Context() ctx: GraphQLContext) {
    await this.scope.assertFunctions(ctx.identity, [input.functionId]);
    return new FunctionBudgetLink(await this.budget.link(input, ctx.actor));
  }

  @Allow(Role.BUDGET_PLANNER)
  @Mutation(() => Boolean)
  async unlinkBudgetExpenditure(@Args('id', { type: () => ID }) id: string, @Context() ctx: GraphQLContext) {
    await this.scope.assertFunctionsOf(ctx.identity, `SELECT function_id AS id FROM budget_link WHERE id = $1`, [id]);
    return this.budget.unlink(id);
  }

  @Allow(Role.BUDGET_PLANNER)
  @Mutation(() => FunctionHeadcount)
  async setFunctionHeadcount(@Args('input') input: SetFunctionHeadcountInput, @Context() ctx: GraphQLContext) {
    await this.scope.assertFunctions(ctx.identity, [input.functionId]);
    return this.headcounts.setFunction(input);
  }

  @Allow(Role.BUDGET_PLANNER)
  @Mutation(() => UnitHeadcount)
  async setUnitHeadcount(@Args('input') input: SetUnitHeadcountInput) {
    return new UnitHeadcount(await this.headcounts.setUnit(input));
  }
}
