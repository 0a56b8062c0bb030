import { ConnectionType } from '../../shared/pagination';
import { StatusChangeTypes } from '../audit/status-change.types';
import { CommitmentStatus } from '../commitment/commitment.status';
import { Obligation } from './obligation.entity';
import { OBLIGATION_SUBJECT } from './obligation.subject';

/** An obligation row as lists read it: the row plus its party's role and whether it is overdue. */
export type ObligationRow = Obligation & { overdue: boolean; asOf?: Date | null };

export const ObligationConnection = ConnectionType(Obligation, 'Obligation');

export const {
  type: ObligationStatusChange,
  resolver: ObligationStatusChangeNodeResolver,
  connection: ObligationStatusChangeConnection,
} = StatusChangeTypes(OBLIGATION_SUBJECT, CommitmentStatus);
