import 'reflect-metadata';
import { GraphQLSchema, isInterfaceType, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { resolveNodeType } from './modules/node/node.type';
import { AllianceMutationResolver } from './modules/alliance/alliance-mutation.resolver';
import { AllianceMembershipResolver, AllianceResolver } from './modules/alliance/alliance.resolver';
import { policyAuthChecker } from './modules/auth/auth-checker';
import {
  AssessmentDisagreementResolver,
  AssessmentMutationResolver,
  AssessmentResolver,
  CommitmentAssessmentResolver,
  ObligationAssessmentsResolver,
} from './modules/assessment/assessment.resolver';
import { ActorResolver } from './modules/audit/actor.resolver';
import { AuditResolver } from './modules/audit/audit.resolver';
import { MembershipStatusChangeResolver } from './modules/alliance/alliance.types';
import { CommitmentMutationResolver } from './modules/commitment/commitment-mutation.resolver';
import { CommitmentStatsResolver } from './modules/commitment/commitment-stats.resolver';
import { CommitmentPartyResolver, CommitmentResolver } from './modules/commitment/commitment.resolver';
import { CommitmentStatusChangeResolver } from './modules/commitment/commitment.types';
import { ActorCountryResolver } from './modules/country/actor-country.resolver';
import { CountryResolver } from './modules/country/country.resolver';
import {
  DeliveryMutationResolver,
  ObligationDeliveryEvidenceResolver,
  ObligationDeliveryResolver,
} from './modules/delivery/delivery.resolver';
import { EvidenceMutationResolver } from './modules/evidence/evidence-mutation.resolver';
import { EvidenceResolver, ObligationEvidenceResolver, ProjectEvidenceResolver } from './modules/evidence/evidence.resolver';
import { DevelopmentResolver, MineralDevelopmentsResolver } from './modules/development/development.resolver';
import { LiveResolver } from './modules/live/live.resolver';
import { MeetingMutationResolver } from './modules/meeting/meeting-mutation.resolver';
import { MeetingParticipantResolver, MeetingResolver } from './modules/meeting/meeting.resolver';
import { MineralResolver, RefiningShareEstimateResolver } from './modules/mineral/mineral.resolver';
import { NodeQueryResolver } from './modules/node/node-query.resolver';
import {
  ObligationMutationResolver,
  CommitmentObligationsResolver,
  ObligationResolver,
  ObligationStatusChangeResolver,
} from './modules/obligation/obligation.resolver';
import { ObligationStatusChangeNodeResolver } from './modules/obligation/obligation.types';
import { ProjectMutationResolver } from './modules/project/project-mutation.resolver';
import { ProjectStatsResolver } from './modules/project/project-stats.resolver';
import { ProjectParticipantResolver, ProjectResolver } from './modules/project/project.resolver';
import { ProjectStatusChangeResolver } from './modules/project/project.types';
import { ScorecardResolver } from './modules/scorecard/scorecard.resolver';
import { BudgetMutationResolver, ProjectBudgetsResolver } from './modules/budget/budget.resolver';
import { CommitmentFundingResolver, ProjectFundingResolver, ScorecardFundingResolver } from './modules/funding/funding.resolver';
import { OrganisationMutationResolver } from './modules/organisation/organisation-mutation.resolver';
import {
  OrganisationResolver,
  ProjectOrganisationResolver,
  ProjectOrganisationsResolver,
} from './modules/organisation/organisation.resolver';
import { ProjectResultsResolver, ResultMutationResolver } from './modules/result/result.resolver';
import { ProjectTransactionsResolver, TransactionMutationResolver, TransactionResolver } from './modules/transaction/transaction.resolver';
import {
  CommitmentProvenanceResolver,
  MeetingProvenanceResolver,
  MembershipProvenanceResolver,
} from './modules/provenance/provenance.resolver';
import { SourceResolver } from './modules/source/source.resolver';
import { StatementMutationResolver } from './modules/statement/statement-mutation.resolver';
import {
  AllianceStatementsResolver,
  CommitmentStatementsResolver,
  MeetingStatementsResolver,
  StatementResolver,
} from './modules/statement/statement.resolver';
import { describeOperations, echoClientMutationId } from './shared/relay-mutation';
import { withInputLimits } from './shared/input-limits';
import { validateArgument } from './shared/validation';

export const RESOLVERS = [
  ActorResolver,
  ActorCountryResolver,
  AllianceResolver,
  AllianceMembershipResolver,
  AllianceMutationResolver,
  AllianceStatementsResolver,
  AssessmentResolver,
  AssessmentDisagreementResolver,
  AssessmentMutationResolver,
  CommitmentAssessmentResolver,
  AuditResolver,
  CommitmentResolver,
  CommitmentMutationResolver,
  CommitmentPartyResolver,
  CommitmentProvenanceResolver,
  CommitmentStatementsResolver,
  CommitmentStatsResolver,
  CommitmentStatusChangeResolver,
  CountryResolver,
  DeliveryMutationResolver,
  EvidenceResolver,
  EvidenceMutationResolver,
  DevelopmentResolver,
  LiveResolver,
  MeetingResolver,
  MeetingMutationResolver,
  MeetingParticipantResolver,
  MeetingProvenanceResolver,
  MeetingStatementsResolver,
  MembershipProvenanceResolver,
  MembershipStatusChangeResolver,
  MineralDevelopmentsResolver,
  MineralResolver,
  RefiningShareEstimateResolver,
  NodeQueryResolver,
  CommitmentObligationsResolver,
  ObligationResolver,
  ObligationAssessmentsResolver,
  ObligationDeliveryResolver,
  ObligationDeliveryEvidenceResolver,
  ObligationMutationResolver,
  ObligationStatusChangeResolver,
  ObligationStatusChangeNodeResolver,
  ProjectResolver,
  ProjectEvidenceResolver,
  ObligationEvidenceResolver,
  ProjectMutationResolver,
  ProjectParticipantResolver,
  ProjectStatsResolver,
  ProjectStatusChangeResolver,
  ScorecardResolver,
  BudgetMutationResolver,
  ProjectBudgetsResolver,
  CommitmentFundingResolver,
  ProjectFundingResolver,
  ScorecardFundingResolver,
  OrganisationMutationResolver,
  OrganisationResolver,
  ProjectOrganisationResolver,
  ProjectOrganisationsResolver,
  ProjectResultsResolver,
  ResultMutationResolver,
  ProjectTransactionsResolver,
  TransactionMutationResolver,
  TransactionResolver,
  SourceResolver,
  StatementMutationResolver,
  StatementResolver,
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
  built ??= buildSchema({ resolvers: RESOLVERS, validateFn: validateArgument, pubSub: NO_TOPICS, authChecker: policyAuthChecker })
    .then(withSynchronousTypeResolution)
    .then(withInputLimits)
    .then(echoClientMutationId)
    .then(describeOperations);
  return built;
}

/**
 * type-graphql wraps every resolveType in an async function; graphql-jit (the
 * executor) needs the type name synchronously. The rule is synchronous anyway:
 * a row returned through an interface (Node, StatusChange) carries its type name.
 */
function withSynchronousTypeResolution(schema: GraphQLSchema): GraphQLSchema {
  if (!isInterfaceType(schema.getType('Node'))) throw new Error('the schema has no Node interface');
  for (const type of Object.values(schema.getTypeMap())) {
    if (isInterfaceType(type)) type.resolveType = resolveNodeType;
  }
  return schema;
}

/** The SDL committed as schema/schema.graphql: sorted, so it only changes when the API does. */
export async function printSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await createSchema()))}\n`;
}
