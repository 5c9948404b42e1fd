import { Args, Context, Extensions, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, COST_EXTENSION, type GraphQLContext, HeavyOperation, Role } from '#core';
import type { StateFunction } from '../state-function/state-function.model.js';
import { ImportLegalTextInput, ParseLegalTextInput } from './legal-text.inputs.js';
import { LegalTextDraftResult, LegalTextImportResult } from './legal-text.models.js';
import { LegalTextService } from './legal-text.service.js';
import { FunctionScope } from '../state-function/function-scope.js';

@Resolver()
export class LegalTextResolver {
  constructor(
    private readonly legalText: LegalTextService,
    private readonly scope: FunctionScope,
  ) {}

  // Parsing a law of a few megabytes takes a quarter of a second: five in one request at most.
  @Extensions({ [COST_EXTENSION]: 5_000 })
  @HeavyOperation()
  @Allow(Role.REVIEWER)
  @Query(() => LegalTextDraftResult, {
    description:
      'Reads draft functions from the text of a law, a code or an agency regulation: one per numbered item of its competence or functions sections. Writes nothing.',
  })
  parseLegalText(@Args('input') input: ParseLegalTextInput) {
    return this.legalText.preview(input);
  }

  @Extensions({ [COST_EXTENSION]: 10_000 })
  @HeavyOperation()
  @Allow(Role.REVIEWER)
  @Mutation(() => LegalTextImportResult, {
    description:
      'Creates the drafts of a text as DRAFT functions of one holder, with the act as legal basis; all or nothing, and a second run creates nothing new.',
  })
  async importLegalText(@Args('input') input: ImportLegalTextInput, @Context() ctx: GraphQLContext) {
    await this.scope.assertPlacementByCode(ctx.identity, input.holderCode, input.sector);
    const result = await this.legalText.import(input, ctx.actor ?? null);
    const load = async (ids: string[]) => (await ctx.loaders.registry.stateFunction.loadMany(ids)) as StateFunction[];
    return { ...result, created: await load(result.created), alreadyPresent: await load(result.alreadyPresent) };
  }
}
