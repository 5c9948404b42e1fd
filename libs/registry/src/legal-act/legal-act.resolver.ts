import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, type GraphQLContext, Paginated, Public, Role } from '#core';
import { FunctionScope } from '../state-function/function-scope.js';
import {
  AttachLegalBasisInput,
  CreateLegalActInput,
  LegalActsArgs,
  UpdateLegalActInput,
} from './dto/legal-act.inputs.js';
import { LegalAct, LegalBasis } from './legal-act.model.js';
import { LegalActService } from './legal-act.service.js';

const LegalActPage = Paginated(LegalAct);

@Resolver(() => LegalAct)
export class LegalActResolver {
  constructor(
    private readonly acts: LegalActService,
    private readonly scope: FunctionScope,
  ) {}

  @Public()
  @Query(() => LegalAct, { description: 'One act, by id or by adilet code.' })
  legalAct(
    @Args('id', { type: () => ID, nullable: true }) id?: string,
    @Args('adiletCode', { nullable: true }) adiletCode?: string,
  ) {
    return this.acts.findOne({ id, adiletCode });
  }

  @Public()
  @Query(() => LegalActPage)
  legalActs(@Args() args: LegalActsArgs) {
    return this.acts.list(args);
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => LegalAct)
  createLegalAct(@Args('input') input: CreateLegalActInput) {
    return this.acts.create(input);
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => LegalAct)
  updateLegalAct(@Args('input') input: UpdateLegalActInput) {
    return this.acts.update(input);
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => LegalAct)
  archiveLegalAct(@Args('id', { type: () => ID }) id: string) {
    return this.acts.archive(id);
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => LegalBasis, { description: 'Links a function to the provision of an act that establishes it.' })
  async attachLegalBasis(@Args('input') input: AttachLegalBasisInput, @Context() ctx: GraphQLContext) {
    await this.scope.assertFunctions(ctx.identity, [input.functionId]);
    return new LegalBasis(await this.acts.attach(input));
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => Boolean)
  async detachLegalBasis(@Args('id', { type: () => ID }) id: string, @Context() ctx: GraphQLContext) {
    await this.scope.assertFunctionsOf(ctx.identity, `SELECT function_id AS id FROM legal_basis WHERE id = $1`, [id]);
    return this.acts.detach(id);
  }
}
