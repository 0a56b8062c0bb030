import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { BadUserInputError } from '../../shared/errors';
import { decodeGlobalId } from '../../shared/global-id';
import { statusChangeTypes } from '../audit/status-change.types';
import { Node, NODE_TYPE } from './node.type';

/** The most IDs one `nodes` call resolves, as a page holds at most 100 items. */
export const MAX_NODES = 100;

interface NodeLoader {
  /** How many row keys the type's IDs carry: two for a link such as a commitment's party. */
  keys: 1 | 2;
  load(ctx: Context, keys: string[]): Promise<object | undefined>;
}

const one = (load: (ctx: Context, id: string) => Promise<object | undefined>): NodeLoader => ({
  keys: 1,
  load: (ctx, [id]) => load(ctx, id),
});
const two = (load: (ctx: Context, first: string, second: string) => Promise<object | undefined>): NodeLoader => ({
  keys: 2,
  load: (ctx, [a, b]) => load(ctx, a, b),
});

/**
 * How each Node type is fetched by its row key(s). Every one goes through a loader of
 * the request, so any number of IDs costs one statement per type. A Map, so a type
 * name such as "constructor" finds nothing rather than an inherited member.
 */
const NODE_LOADERS = new Map<string, NodeLoader>(
  Object.entries({
    Alliance: one((ctx, id) => ctx.services.alliances.load(ctx.loaders, id)),
    AllianceMembership: one((ctx, id) => ctx.services.alliances.loadMembership(ctx.loaders, id)),
    Assessment: one((ctx, id) => ctx.services.assessments.load(ctx.loaders, id)),
    AuditEvent: one((ctx, id) => ctx.services.auditTrail.event(ctx.caller, ctx.loaders, id)),
    Commitment: one((ctx, id) => ctx.services.commitments.load(ctx.loaders, id)),
    CommitmentParty: two((ctx, commitmentId, countryId) => ctx.services.commitments.loadParty(ctx.loaders, commitmentId, countryId)),
    Country: one((ctx, id) => ctx.services.countries.load(ctx.loaders, id)),
    Evidence: one((ctx, id) => ctx.services.evidence.load(ctx.loaders, id)),
    Development: one((ctx, id) => ctx.services.developments.load(ctx.loaders, id)),
    Meeting: one((ctx, id) => ctx.services.meetings.load(ctx.loaders, id)),
    MeetingParticipant: one((ctx, id) => ctx.services.meetings.loadParticipant(ctx.loaders, id)),
    Mineral: one((ctx, id) => ctx.services.minerals.load(ctx.loaders, id)),
    Organisation: one((ctx, id) => ctx.services.organisations.load(ctx.loaders, id)),
    Transaction: one((ctx, id) => ctx.services.transactions.load(ctx.loaders, id)),
    Obligation: one((ctx, id) => ctx.services.obligations.load(ctx.loaders, id)),
    Project: one((ctx, id) => ctx.services.projects.load(ctx.loaders, id)),
    ProjectParticipant: two((ctx, projectId, countryId) => ctx.services.projects.loadParticipant(ctx.loaders, projectId, countryId)),
    RefiningShareEstimate: one((ctx, id) => ctx.services.minerals.loadEstimate(ctx.loaders, id)),
    Source: one((ctx, id) => ctx.services.sources.load(ctx.loaders, id)),
    Statement: one((ctx, id) => ctx.services.statements.load(ctx.loaders, id)),
  } satisfies Record<string, NodeLoader>),
);

/** The loader of a type; status change types are those registered by the modules with a status. */
function loaderOf(typeName: string): NodeLoader | undefined {
  const loader = NODE_LOADERS.get(typeName);
  if (loader) return loader;
  const statusChange = statusChangeTypes().find(([name]) => name === typeName);
  return statusChange && one((ctx, id) => ctx.services.auditTrail.statusChange(ctx.loaders, typeName, id));
}

/**
 * The object an ID names, tagged with its type; null when there is none (an unknown
 * row, another type's key, a type without IDs), as GitHub's `node` answers.
 * Only an ID this API could not have issued is an error (BAD_USER_INPUT).
 */
async function resolveNode(ctx: Context, globalId: string, argument: string): Promise<object | null> {
  const { typeName, keys } = decodeGlobalId(globalId, argument);
  const loader = loaderOf(typeName);
  if (!loader || loader.keys !== keys.length) return null;
  const row = await loader.load(ctx, keys);
  return row ? { ...row, [NODE_TYPE]: typeName } : null;
}

@Resolver()
export class NodeQueryResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global ID; null when no such object exists.' })
  node(@Arg('id', () => ID, { description: 'A global ID this API issued.' }) globalId: string, @Ctx() ctx: Context) {
    return resolveNode(ctx, globalId, 'id');
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: `Objects by their global IDs, in the order given: null where no such object exists, or with an error at that position (a malformed ID, a refused read). At most ${MAX_NODES} IDs.`,
  })
  nodes(@Arg('ids', () => [ID], { description: `Global IDs this API issued (at most ${MAX_NODES}).` }) ids: string[], @Ctx() ctx: Context) {
    if (ids.length > MAX_NODES)
      throw new BadUserInputError(`nodes takes at most ${MAX_NODES} IDs, got ${ids.length}`, {
        argument: 'ids',
        limit: MAX_NODES,
        actual: ids.length,
      });
    // One promise per ID: a bad ID fails its own position, not the list.
    return ids.map((id, index) => resolveNode(ctx, id, `ids[${index}]`));
  }
}
