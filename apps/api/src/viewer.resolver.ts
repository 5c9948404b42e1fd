import { Inject } from '@nestjs/common';
import { Context, Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { ANONYMOUS, APP_CONFIG, Public, Role } from '#core';
import type { AppConfig, GraphQLContext } from '#core';

@ObjectType({ description: "Sign-in through the identity provider's own page (OpenID Connect, code flow with PKCE)." })
export class OidcSignIn {
  @Field({ description: 'The issuer, whose /.well-known/openid-configuration names its endpoints.' })
  issuer: string;

  @Field({ description: 'The public client registered for the workbench (redirect URI <origin>/sign-in/callback).' })
  clientId: string;

  @Field()
  scope: string;
}

@ObjectType({ description: 'How one signs in to this registry.' })
export class SignInOptions {
  @Field({ description: 'Whether tokens issued by this installation (`npm run cli -- token`) are accepted.' })
  localTokens: boolean;

  @Field(() => OidcSignIn, {
    nullable: true,
    description: 'Null when no identity provider is set up for the workbench.',
  })
  oidc: OidcSignIn | null;
}

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
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Query(() => SignInOptions, { description: 'How one signs in: local tokens, the identity provider, or both.' })
  signInOptions(): SignInOptions {
    const auth = this.config.auth;
    return { localTokens: !!(auth.localSecret || auth.localKeyFile), oidc: auth.workbenchOidc ?? null };
  }

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
