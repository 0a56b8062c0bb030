import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { NotFoundError } from '../../shared/errors';
import { decodeGlobalId } from '../../shared/global-id';
import { LoaderRegistry } from '../../shared/loader-registry';
import type { Services } from '../../services';
import { Node, NODE_TYPE } from './node.type';

type NodeLoader = (services: Services, loaders: LoaderRegistry, id: string) => Promise<object | undefined>;

/** How each Node type is fetched by its row key. */
const NODE_LOADERS = new Map<string, NodeLoader>(Object.entries({
  Alliance: (s, l, id) => s.alliances.load(l, id),
  AllianceMembership: (s, l, id) => s.alliances.loadMembership(l, id),
  Commitment: (s, l, id) => s.commitments.load(l, id),
  Country: (s, l, id) => s.countries.load(l, id),
  Meeting: (s, l, id) => s.meetings.load(l, id),
  Mineral: (s, l, id) => s.minerals.load(l, id),
  Project: (s, l, id) => s.projects.load(l, id),
  RefiningShareEstimate: (s, l, id) => s.minerals.loadEstimate(l, id),
  Source: (s, l, id) => s.sources.load(l, id),
} satisfies Record<string, NodeLoader>));

@Resolver()
export class NodeQueryResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global ID.' })
  async node(@Arg('id', () => ID) globalId: string, @Ctx() ctx: Context) {
    const { typeName, id } = decodeGlobalId(globalId);
    const load = NODE_LOADERS.get(typeName);
    const row = load ? await load(ctx.services, ctx.loaders, id) : undefined;
    if (!row) throw new NotFoundError(typeName, globalId);
    return { ...row, [NODE_TYPE]: typeName };
  }
}
