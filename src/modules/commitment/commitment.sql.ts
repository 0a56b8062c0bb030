/** How a list of commitments is written in SQL: where its rows come from, the filter as conditions, the order. */
import { searchVectorOf, withSearch } from '../../shared/full-text';
import { fromGlobalId } from '../../shared/global-id';
import type { NestedListKey } from '../../shared/list-query';
import { addOverdueFilter, OverdueRule } from '../../shared/overdue';
import { isRebuilt, type ReadTime, rollups, todayAt } from '../obligation/obligation.sql';
import { Ordering, SqlParams } from '../../shared/pagination';
import { listOrdering, SortDirection, SortKey } from '../../shared/sorting';
import { asOfSource, recordedStates } from '../audit/as-of';
import { PROJECT_SUBJECT } from '../project/project.subject';
import type { Scope } from '../auth/policy';
import { acceptedLink } from '../linked-record/consent';
import type { Commitment } from './commitment.entity';
import {
  commitmentInvitationsByCountryId,
  commitmentsByCountryId,
  commitmentsByMeetingId,
  commitmentsByProjectId,
} from './commitment.loaders';
import { SETTLED_COMMITMENT_STATUSES } from './commitment.status';
import { COMMITMENT_SUBJECT } from './commitment.subject';
import { CommitmentFilter, CommitmentOrder, CommitmentOrderField } from './commitment.types';

/**
 * The one rule for which parties count for their country (its scorecard, lists, totals and stats):
 * those that have accepted. `alias` is a commitment_parties row or a snapshot's recordset of parties.
 */
export const acceptedParty = (alias: string) => acceptedLink(alias);

/** A nested list of commitments: how it joins to its parent, now or as of a past instant. */
export interface CommitmentParent {
  loader: NestedListKey<Commitment>;
  join: string;
  /** The same join as of a past instant, to the links recorded then. */
  joinAsOf: (asOf: Date | null, params: SqlParams) => string;
  parentExpression: string;
}

export const BY_COUNTRY: CommitmentParent = {
  loader: commitmentsByCountryId,
  join: `JOIN commitment_parties parent ON parent.commitment_id = c.id AND ${acceptedParty('parent')}`,
  joinAsOf: () =>
    `JOIN LATERAL jsonb_to_recordset(snapshot.state->'parties') AS parent(country_id uuid, consent text) ON ${acceptedParty('parent')}`,
  parentExpression: 'parent.country_id',
};
/** The commitments a country is invited to and has not answered yet (now only). */
export const BY_INVITED_COUNTRY: CommitmentParent = {
  loader: commitmentInvitationsByCountryId,
  join: `JOIN commitment_parties parent ON parent.commitment_id = c.id AND NOT ${acceptedParty('parent')}`,
  joinAsOf: () => {
    throw new Error('Invitations are listed as they are now');
  },
  parentExpression: 'parent.country_id',
};
export const BY_MEETING: CommitmentParent = {
  loader: commitmentsByMeetingId,
  join: '',
  joinAsOf: () => '',
  parentExpression: 'c.meeting_id',
};
export const BY_PROJECT: CommitmentParent = {
  loader: commitmentsByProjectId,
  join: 'JOIN project_commitments parent ON parent.commitment_id = c.id',
  // The links are part of the project's recorded state, not the commitment's.
  joinAsOf: (asOf, params) =>
    `JOIN (SELECT linked.subject_id AS project_id, linked.state FROM (${recordedStates(PROJECT_SUBJECT, asOf, params)}) linked) parent
       ON parent.state->'commitment_ids' ? c.id::text`,
  parentExpression: 'parent.project_id',
};

export const COMMITMENT_OVERDUE: OverdueRule = {
  dueColumn: 'c.target_on',
  statusColumn: 'c.status',
  settledStatuses: SETTLED_COMMITMENT_STATUSES,
};

const SORT_KEYS: Record<CommitmentOrderField, SortKey> = {
  TARGET_DATE: { name: 'target', column: 'c.target_on', sqlType: 'date', nullable: true },
  ANNOUNCED_DATE: { name: 'announced', column: 'c.announced_on', sqlType: 'date', nullable: true },
  AMOUNT: { name: 'amount', column: 'c.amount', sqlType: 'numeric', nullable: true },
  UPDATED_AT: { name: 'updated', column: 'c.updated_at', sqlType: 'timestamptz' },
  TITLE: { name: 'title', column: 'c.title', sqlType: 'text' },
  CREATED_AT: { name: 'created', column: 'c.created_at', sqlType: 'timestamptz' },
};

/**
 * Commitments alias `c`: the table now; each one's last snapshot at asOf (alias `snapshot` for its raw state);
 * with validOn, each one's snapshot (at asOf, else its latest) with its status rolled up from its obligations
 * as valid that day, and only those with an obligation in effect then.
 */
export function commitmentSource(time: ReadTime | null | undefined, params: SqlParams, parent?: CommitmentParent): string {
  const asOf = time?.asOf ?? null;
  if (!time?.validOn) {
    return asOf
      ? `${asOfSource(COMMITMENT_SUBJECT, asOf, params)} ${parent?.joinAsOf(asOf, params) ?? ''}`
      : `commitments c ${parent?.join ?? ''}`;
  }
  return `(SELECT s.subject_id, s.state || jsonb_build_object('status', r.status) AS state
      FROM (${recordedStates(COMMITMENT_SUBJECT, asOf, params)}) s JOIN (${rollups(time, params)}) r ON r.commitment_id = s.subject_id
      ${asOf ? '' : 'WHERE EXISTS (SELECT 1 FROM commitments now WHERE now.id = s.subject_id)'}) snapshot
    CROSS JOIN LATERAL jsonb_populate_record(NULL::${COMMITMENT_SUBJECT.table}, snapshot.state) c ${parent?.joinAsOf(asOf, params) ?? ''}`;
}

/**
 * Where a commitment's parties and minerals are read from: the link tables now, the snapshot when rebuilt from the trail.
 * A party condition counts accepted parties only, unless `anyConsent` (who may read a record's past).
 */
function linkConditions(rebuilt: boolean) {
  const consented = (alias: string, anyConsent: boolean) => (anyConsent ? '' : ` AND ${acceptedParty(alias)}`);
  return rebuilt
    ? {
        party: (codes: string, anyConsent = false) =>
          `EXISTS (SELECT 1 FROM jsonb_to_recordset(snapshot.state->'parties') fp(code text, consent text) WHERE fp.code = ANY(${codes})${consented('fp', anyConsent)})`,
        mineral: (codes: string) =>
          `EXISTS (SELECT 1 FROM jsonb_array_elements_text(snapshot.state->'mineral_ids') fm JOIN minerals fx ON fx.id = fm::uuid WHERE fx.code = ANY(${codes}))`,
      }
    : {
        party: (codes: string, anyConsent = false) =>
          `EXISTS (SELECT 1 FROM commitment_parties fp JOIN countries fk ON fk.id = fp.country_id WHERE fp.commitment_id = c.id AND fk.code = ANY(${codes})${consented('fp', anyConsent)})`,
        mineral: (codes: string) =>
          `EXISTS (SELECT 1 FROM commitment_minerals fm JOIN minerals fx ON fx.id = fm.mineral_id WHERE fm.commitment_id = c.id AND fx.code = ANY(${codes}))`,
      };
}

// Rebuilt snapshot rows have no stored vector (older events predate it), so as of a past instant it is computed.
const searchVector = (rebuilt: boolean) => (rebuilt ? searchVectorOf(['c.title', 'c.description']) : 'c.search_vector');

export interface CommitmentConditions {
  where: string[];
  /** The relevance ordering when the filter searches, for lists that are not sorted otherwise. */
  byRank?: Ordering;
}

/** The filter as SQL conditions on alias `c`, its values added to params. */
export function commitmentConditions(
  filter: CommitmentFilter | null | undefined,
  time: ReadTime | null | undefined,
  params: SqlParams,
): CommitmentConditions {
  const where: string[] = [];
  if (!filter) return { where };
  const rebuilt = isRebuilt(time);
  const links = linkConditions(rebuilt);
  const codes = (list: string[]) => params.add(list.map((code) => code.toUpperCase()));
  if (filter.countryCodes?.length) where.push(links.party(codes(filter.countryCodes)));
  if (filter.kinds?.length) where.push(`c.kind = ANY(${params.add(filter.kinds)})`);
  if (filter.statuses?.length) where.push(`c.status = ANY(${params.add(filter.statuses)})`);
  if (filter.mineralCodes?.length) where.push(links.mineral(codes(filter.mineralCodes)));
  if (filter.meetingId) where.push(`c.meeting_id = ${params.add(fromGlobalId('Meeting', filter.meetingId, 'filter.meetingId'))}`);
  if (filter.targetOnFrom) where.push(`c.target_on >= ${params.add(filter.targetOnFrom)}::date`);
  if (filter.targetOnTo) where.push(`c.target_on <= ${params.add(filter.targetOnTo)}::date`);
  addOverdueFilter(where, filter.overdue, COMMITMENT_OVERDUE, () => todayAt(time, params));
  if (filter.amountMin != null) where.push(`c.amount >= ${params.add(filter.amountMin)}::numeric`);
  if (filter.amountMax != null) where.push(`c.amount <= ${params.add(filter.amountMax)}::numeric`);
  if (filter.amountCurrency) where.push(`c.currency = ${params.add(filter.amountCurrency)}`);
  return withSearch(where, filter.search, { vector: searchVector(rebuilt), idColumn: 'c.id' }, params);
}

/** The countries every commitment the filter lets through is a party to: the one country it names, if it names just one. */
export function boundCountries(filter: CommitmentFilter | null | undefined): Scope {
  const codes = new Set((filter?.countryCodes ?? []).map((code) => code.toUpperCase()));
  return { countryCodes: codes.size === 1 ? [...codes] : [] };
}

/** As of a past instant, the commitments a PARTNER of `code` may read: those its country is a party to then or now. */
export function readableAsOfBy(code: string, params: SqlParams): string {
  const codes = params.add([code]);
  return `(${linkConditions(true).party(codes, true)} OR ${linkConditions(false).party(codes, true)})`;
}

const DEFAULT_ORDER: CommitmentOrder = { field: CommitmentOrderField.CREATED_AT, direction: SortDirection.ASC };

/** The order asked for; without one, by relevance when searching, else oldest record first. */
export function commitmentOrdering(orderBy: CommitmentOrder | null | undefined, byRank: Ordering | undefined): Ordering {
  return listOrdering(orderBy, byRank, { keys: SORT_KEYS, defaultOrder: DEFAULT_ORDER, idColumn: 'c.id' });
}
