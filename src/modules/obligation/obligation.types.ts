import { Field, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../shared/pagination';
import { StatusChangeTypes } from '../audit/status-change.types';
import { PartyRole } from '../commitment/commitment.enums';
import { CommitmentStatus } from '../commitment/commitment.status';
import { Country } from '../country/country.entity';
import { Obligation } from './obligation.entity';
import { OBLIGATION_SUBJECT } from './obligation.subject';

@ObjectType({ simpleResolvers: true, description: 'The party an obligation binds: its country and its role in the commitment.' })
export class ObligationParty {
  @Field(() => Country, { description: 'The country that answers for the obligation.' })
  country: Country;

  @Field(() => PartyRole, { nullable: true, description: 'LEAD or PARTY in the commitment; null once the country is no longer a party.' })
  role: PartyRole | null;
}

/** An obligation row as lists read it: the row plus its party's role and whether it is overdue. */
export type ObligationRow = Obligation & { role: PartyRole | null; overdue: boolean; asOf?: Date | null };

export const ObligationConnection = ConnectionType(Obligation, 'Obligation');

export const {
  type: ObligationStatusChange,
  resolver: ObligationStatusChangeNodeResolver,
  connection: ObligationStatusChangeConnection,
} = StatusChangeTypes(OBLIGATION_SUBJECT, CommitmentStatus);
