import { SubjectType } from '../audit/audit-event.entity';
import type { SubjectDescriptor } from '../audit/subject-registry';
import { COMMITMENT_WORKFLOW } from '../commitment/commitment.status';
import { Obligation } from './obligation.entity';

/** Obligations as the audit trail tracks them: one party's share of a commitment, with the party's code. */
export const OBLIGATION_SUBJECT = {
  subjectType: SubjectType.OBLIGATION,
  typeName: 'Obligation',
  table: 'obligations',
  alias: 'o',
  entity: Obligation,
  workflow: COMMITMENT_WORKFLOW,
  statusChangeTypeName: 'ObligationStatusChange',
  linkTables: [],
  stateSql: `SELECT to_jsonb(o) || jsonb_build_object('amount', o.amount::text, 'code', k.code)
    FROM obligations o JOIN countries k ON k.id = o.country_id WHERE o.id = $1`,
} as const satisfies SubjectDescriptor;
