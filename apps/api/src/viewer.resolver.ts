import { Context, Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { ANONYMOUS, Public, Role } from '#core';
import type { GraphQLContext } from '#core';

@ObjectType({ description: 'The caller as the API knows them from their token; anonymous without one.' })
export class Viewer {
  @Field({ description: "The token's subject; `anonymous` without a token." })
  subject: string;

  @Field({ description: 'The name recorded as the actor of every change the caller makes.' })
  name: string;

  @Field(() => [Role])
  roles: Role[];

  @Field(() => [String], {
    description: 'Codes of the agencies (with their subordinates) writes are limited to; empty: all.',
  })
  agencies: string[];

  @Field(() => [String], { description: 'Sectors writes are limited to; empty: all.' })
  sectors: string[];

  @Field()
  anonymous: boolean;
}

/**
 * Who the caller is: the workbench signs in by asking, and shows only what the roles allow. The
 * answer is the caller's own, so the shared response cache never keeps it.
 */
@Resolver(() => Viewer)
export class ViewerResolver {
  @Public()
  @Query(() => Viewer, { description: 'Who the caller is: subject, name, roles and the scope of their writes.' })
  viewer(@Context() ctx: GraphQLContext): Viewer {
    ctx.noStore = true;
    const who = ctx.identity ?? ANONYMOUS;
    return {
      subject: who.subject,
      name: who.name,
      roles: [...who.roles],
      agencies: [...who.agencies],
      sectors: [...who.sectors],
      anonymous: who.anonymous,
    };
  }
}
