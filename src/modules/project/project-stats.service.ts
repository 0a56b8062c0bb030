import type { DataSource } from 'typeorm';
import { GroupDimension, groupedTotals } from '../../shared/grouped-totals';
import { SqlParams } from '../../shared/pagination';
import { acceptedParticipant, projectConditions } from './project.sql';
import { ProjectStatsDimension, ProjectStatsGroup, ProjectStatsKey } from './project-stats.types';
import { ProjectFilter } from './project.types';

// LEFT JOINs so every project lands in some group (null country or mineral when it has none) and the groups add up.
const DIMENSIONS: Record<ProjectStatsDimension, GroupDimension & { alias: keyof ProjectStatsKey }> = {
  COUNTRY: {
    alias: 'countryId',
    expression: 'gp.country_id',
    join: `LEFT JOIN project_participants gp ON gp.project_id = p.id AND ${acceptedParticipant('gp')}`,
  },
  KIND: { alias: 'kind', expression: 'p.kind' },
  STATUS: { alias: 'status', expression: 'p.status' },
  MINERAL: { alias: 'mineralId', expression: 'gm.mineral_id', join: 'LEFT JOIN project_minerals gm ON gm.project_id = p.id' },
  YEAR: { alias: 'year', expression: 'extract(year FROM p.starts_on)::int' },
};

export class ProjectStatsService {
  constructor(private readonly db: DataSource) {}

  /**
   * Counts and per-currency budget totals of the projects matching the filter,
   * per combination of the dimensions: one SQL statement whatever the number of groups.
   */
  async groups(filter: ProjectFilter | null | undefined, groupBy: readonly ProjectStatsDimension[]): Promise<ProjectStatsGroup[]> {
    const params = new SqlParams();
    const { where } = projectConditions(filter, params);
    const dimensions = [...new Set(groupBy)].map((dimension) => DIMENSIONS[dimension]);
    const rows = await groupedTotals(this.db, {
      from: 'projects p',
      where,
      params,
      dimensions,
      amount: 'p.budget_amount',
      currency: 'p.budget_currency',
    });
    return rows.map(({ count, totals, ...values }) => ({ key: values as ProjectStatsKey, count, budgets: totals }));
  }
}
