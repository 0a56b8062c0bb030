import 'reflect-metadata';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AllianceMutationResolver } from './modules/alliance/alliance-mutation.resolver';
import { AllianceMembershipResolver, AllianceResolver } from './modules/alliance/alliance.resolver';
import { AuditResolver } from './modules/audit/audit.resolver';
import { CommitmentMutationResolver } from './modules/commitment/commitment-mutation.resolver';
import { CommitmentPartyResolver, CommitmentResolver } from './modules/commitment/commitment.resolver';
import { CountryResolver } from './modules/country/country.resolver';
import { MeetingMutationResolver } from './modules/meeting/meeting-mutation.resolver';
import { MeetingParticipantResolver, MeetingResolver } from './modules/meeting/meeting.resolver';
import { MineralResolver, RefiningShareEstimateResolver } from './modules/mineral/mineral.resolver';
import { NodeQueryResolver } from './modules/node/node.query';
import { ProjectMutationResolver } from './modules/project/project-mutation.resolver';
import { ProjectParticipantResolver, ProjectResolver } from './modules/project/project.resolver';
import { SourceResolver } from './modules/source/source.resolver';
import { validateArgument } from './shared/validation';

export const RESOLVERS = [
  AllianceResolver, AllianceMembershipResolver, AllianceMutationResolver, AuditResolver, CommitmentResolver, CommitmentMutationResolver, CommitmentPartyResolver, CountryResolver,
  MeetingResolver, MeetingMutationResolver, MeetingParticipantResolver, MineralResolver, RefiningShareEstimateResolver, NodeQueryResolver,
  ProjectResolver, ProjectMutationResolver, ProjectParticipantResolver, SourceResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/** The executable schema, built once per process from the decorated classes. */
export function createSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers: RESOLVERS, validateFn: validateArgument });
  return built;
}

/** The SDL committed as schema/schema.graphql: sorted, so it only changes when the API does. */
export async function printSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await createSchema()))}\n`;
}
