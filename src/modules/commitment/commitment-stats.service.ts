import type { DataSource } from 'typeorm';
import { GroupDimension, groupedTotals } from '../../shared/grouped-totals';
import { SqlParams } from '../../shared/pagination';
import { acceptedParty, commitmentConditions } from './commitment.sql';
import { CommitmentStatsDimension, CommitmentStatsGroup, CommitmentStatsKey } from './commitment-stats.types';
import { CommitmentFilter } from './commitment.types';

// LEFT JOINs so every commitment lands in some group (null country or mineral when it has none) and the groups add up.
const DIMENSIONS: Record<CommitmentStatsDimension, GroupDimension & { alias: keyof CommitmentStatsKey }> = {
  COUNTRY: {
    alias: 'countryId',
    expression: 'gp.country_id',
    join: `LEFT JOIN commitment_parties gp ON gp.commitment_id = c.id AND ${acceptedParty('gp')}`,
  },
  KIND: { alias: 'kind', expression: 'c.kind' },
  STATUS: { alias: 'status', expression: 'c.status' },
  MINERAL: { alias: 'mineralId', expression: 'gm.mineral_id', join: 'LEFT JOIN commitment_minerals gm ON gm.commitment_id = c.id' },
  MEETING: { alias: 'meetingId', expression: 'c.meeting_id' },
  YEAR: { alias: 'year', expression: 'extract(year FROM c.announced_on)::int' },
};

export class CommitmentStatsService {
  constructor(private readonly db: DataSource) {}

  /**
   * Counts and per-currency amount totals of the commitments matching the filter,
   * per combination of the dimensions: one SQL statement whatever the number of groups.
   */
  async groups(filter: CommitmentFilter | null | undefined, groupBy: readonly CommitmentStatsDimension[]): Promise<CommitmentStatsGroup[]> {
    const params = new SqlParams();
    const { where } = commitmentConditions(filter, null, params);
    const dimensions = [...new Set(groupBy)].map((dimension) => DIMENSIONS[dimension]);
    const rows = await groupedTotals(this.db, {
      from: 'commitments c',
      where,
      params,
      dimensions,
      amount: 'c.amount',
      currency: 'c.currency',
    });
    return rows.map(({ count, totals, ...values }) => ({ key: values as CommitmentStatsKey, count, amounts: totals }));
  }
}
