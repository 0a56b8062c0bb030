/** How a list of projects is written in SQL: the filter as conditions on alias `p`, and the order. */
import { withSearch } from '../../shared/full-text';
import { addOverdueFilter, OverdueRule, todayInSql } from '../../shared/overdue';
import { Ordering, SqlParams } from '../../shared/pagination';
import { listOrdering, SortDirection, SortKey } from '../../shared/sorting';
import { acceptedLink } from '../linked-record/consent';
import { SETTLED_PROJECT_STATUSES } from './project.status';
import { ProjectFilter, ProjectOrder, ProjectOrderField } from './project.types';

/**
 * The one rule for which participants count for their country (its project lists and stats):
 * those that have accepted. `alias` is a project_participants row.
 */
export const acceptedParticipant = (alias: string) => acceptedLink(alias);

export const PROJECT_OVERDUE: OverdueRule = { dueColumn: 'p.ends_on', statusColumn: 'p.status', settledStatuses: SETTLED_PROJECT_STATUSES };

const SORT_KEYS: Record<ProjectOrderField, SortKey> = {
  START_DATE: { name: 'starts', column: 'p.starts_on', sqlType: 'date', nullable: true },
  END_DATE: { name: 'ends', column: 'p.ends_on', sqlType: 'date', nullable: true },
  BUDGET: { name: 'budget', column: 'p.budget_amount', sqlType: 'numeric', nullable: true },
  UPDATED_AT: { name: 'updated', column: 'p.updated_at', sqlType: 'timestamptz' },
  NAME: { name: 'name', column: 'p.name', sqlType: 'text' },
  CREATED_AT: { name: 'created', column: 'p.created_at', sqlType: 'timestamptz' },
};

/** As of a past instant (a snapshot aliased `snapshot`), the projects a PARTNER of `code` may read: those its country takes part in then or now. */
export function readableAsOfBy(code: string, params: SqlParams): string {
  const codes = params.add([code]);
  return `(EXISTS (SELECT 1 FROM jsonb_array_elements(snapshot.state->'participants') rp WHERE rp->>'code' = ANY(${codes}))
    OR EXISTS (SELECT 1 FROM project_participants rp JOIN countries rk ON rk.id = rp.country_id WHERE rp.project_id = p.id AND rk.code = ANY(${codes})))`;
}

export interface ProjectConditions {
  where: string[];
  /** The relevance ordering when the filter searches, for lists that are not sorted otherwise. */
  byRank?: Ordering;
}

/** The filter as SQL conditions on alias `p`, its values added to params. */
export function projectConditions(filter: ProjectFilter | null | undefined, params: SqlParams): ProjectConditions {
  const where: string[] = [];
  if (!filter) return { where };
  const codes = (list: string[]) => params.add(list.map((code) => code.toUpperCase()));
  if (filter.countryCodes?.length) {
    where.push(`EXISTS (SELECT 1 FROM project_participants fp JOIN countries fk ON fk.id = fp.country_id
      WHERE fp.project_id = p.id AND fk.code = ANY(${codes(filter.countryCodes)}) AND ${acceptedParticipant('fp')})`);
  }
  if (filter.kinds?.length) where.push(`p.kind = ANY(${params.add(filter.kinds)})`);
  if (filter.statuses?.length) where.push(`p.status = ANY(${params.add(filter.statuses)})`);
  if (filter.mineralCodes?.length) {
    where.push(`EXISTS (SELECT 1 FROM project_minerals fm JOIN minerals fx ON fx.id = fm.mineral_id
      WHERE fm.project_id = p.id AND fx.code = ANY(${codes(filter.mineralCodes)}))`);
  }
  if (filter.endsOnFrom) where.push(`p.ends_on >= ${params.add(filter.endsOnFrom)}::date`);
  if (filter.endsOnTo) where.push(`p.ends_on <= ${params.add(filter.endsOnTo)}::date`);
  addOverdueFilter(where, filter.overdue, PROJECT_OVERDUE, () => todayInSql(null, params));
  if (filter.budgetMin != null) where.push(`p.budget_amount >= ${params.add(filter.budgetMin)}::numeric`);
  if (filter.budgetMax != null) where.push(`p.budget_amount <= ${params.add(filter.budgetMax)}::numeric`);
  if (filter.budgetCurrency) where.push(`p.budget_currency = ${params.add(filter.budgetCurrency)}`);
  return withSearch(where, filter.search, { vector: 'p.search_vector', idColumn: 'p.id' }, params);
}

const DEFAULT_ORDER: ProjectOrder = { field: ProjectOrderField.CREATED_AT, direction: SortDirection.ASC };

/** The order asked for; without one, by relevance when searching, else oldest record first. */
export function projectOrdering(orderBy: ProjectOrder | null | undefined, byRank: Ordering | undefined): Ordering {
  return listOrdering(orderBy, byRank, { keys: SORT_KEYS, defaultOrder: DEFAULT_ORDER, idColumn: 'p.id' });
}
