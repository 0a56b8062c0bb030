import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Actor } from '../audit/status-change.types';
import { Country } from './country.entity';

/** The country an audit actor acted for: countries know the trail's actors, not the other way round. */
@Resolver(() => Actor)
export class ActorCountryResolver {
  @FieldResolver(() => Country, { nullable: true, description: 'The partner country acting, if any.' })
  country(@Root() actor: Actor, @Ctx() ctx: Context) {
    return actor.country ? ctx.services.countries.loadByCode(ctx.loaders, actor.country) : null;
  }
}
