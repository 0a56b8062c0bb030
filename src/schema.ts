import 'reflect-metadata';
import { GraphQLSchema, isInterfaceType, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { resolveNodeType } from './modules/node/node.type';
import { AllianceMutationResolver } from './modules/alliance/alliance-mutation.resolver';
import { AllianceMembershipResolver, AllianceResolver } from './modules/alliance/alliance.resolver';
import { AuditResolver } from './modules/audit/audit.resolver';
import { CommitmentMutationResolver } from './modules/commitment/commitment-mutation.resolver';
import { CommitmentStatsResolver } from './modules/commitment/commitment-stats.resolver';
import { CommitmentPartyResolver, CommitmentResolver } from './modules/commitment/commitment.resolver';
import { CountryResolver } from './modules/country/country.resolver';
import { LiveResolver } from './modules/live/live.resolver';
import { MeetingMutationResolver } from './modules/meeting/meeting-mutation.resolver';
import { MeetingParticipantResolver, MeetingResolver } from './modules/meeting/meeting.resolver';
import { MineralResolver, RefiningShareEstimateResolver } from './modules/mineral/mineral.resolver';
import { NodeQueryResolver } from './modules/node/node.query';
import { ProjectMutationResolver } from './modules/project/project-mutation.resolver';
import { ProjectStatsResolver } from './modules/project/project-stats.resolver';
import { ProjectParticipantResolver, ProjectResolver } from './modules/project/project.resolver';
import { ScorecardResolver } from './modules/scorecard/scorecard.resolver';
import { SourceResolver } from './modules/source/source.resolver';
import { withInputLimits } from './shared/input-limits';
import { validateArgument } from './shared/validation';

export const RESOLVERS = [
  AllianceResolver, AllianceMembershipResolver, AllianceMutationResolver, AuditResolver, CommitmentResolver, CommitmentMutationResolver, CommitmentPartyResolver, CommitmentStatsResolver, CountryResolver,
  LiveResolver, MeetingResolver, MeetingMutationResolver, MeetingParticipantResolver, MineralResolver, RefiningShareEstimateResolver, NodeQueryResolver,
  ProjectResolver, ProjectMutationResolver, ProjectParticipantResolver, ProjectStatsResolver, ScorecardResolver, SourceResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

// type-graphql insists on a PubSub once subscriptions exist; ours subscribe to the
// per-server status feed (Postgres LISTEN/NOTIFY) instead of in-process topics.
const NO_TOPICS = {
  publish(): void {
    throw new Error('Subscriptions read the status feed; nothing is published to topics');
  },
  subscribe(): AsyncIterable<unknown> {
    throw new Error('Subscriptions read the status feed; there are no topics');
  },
};

/** The executable schema, built once per process from the decorated classes. */
export function createSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers: RESOLVERS, validateFn: validateArgument, pubSub: NO_TOPICS })
    .then(withSynchronousTypeResolution)
    .then(withInputLimits);
  return built;
}

/**
 * type-graphql wraps every resolveType in an async function; graphql-jit (the
 * executor) needs the type name synchronously. Node's rule is synchronous
 * anyway: the row carries its type name.
 */
function withSynchronousTypeResolution(schema: GraphQLSchema): GraphQLSchema {
  const node = schema.getType('Node');
  if (!isInterfaceType(node)) throw new Error('the schema has no Node interface');
  node.resolveType = resolveNodeType;
  return schema;
}

/** The SDL committed as schema/schema.graphql: sorted, so it only changes when the API does. */
export async function printSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await createSchema()))}\n`;
}
