import type { DataSource } from 'typeorm';
import { GroupDimension, groupedTotals } from '../../shared/grouped-totals';
import { SqlParams } from '../../shared/pagination';
import { countedObligations } from '../obligation/obligation.sql';
import { acceptedParty, commitmentConditions, commitmentSource } from './commitment.sql';
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

const BY_OBLIGATION: Partial<typeof DIMENSIONS> = {
  COUNTRY: { alias: 'countryId', expression: 'ob.country_id' },
  STATUS: { alias: 'status', expression: 'coalesce(ob.status, c.status)' },
};

export class CommitmentStatsService {
  constructor(private readonly db: DataSource) {}

  /**
   * Counts and per-currency amount totals of the commitments matching the filter,
   * per combination of the dimensions: one SQL statement whatever the number of groups.
   */
  async groups(
    filter: CommitmentFilter | null | undefined,
    groupBy: readonly CommitmentStatsDimension[],
    validOn?: string | null,
  ): Promise<CommitmentStatsGroup[]> {
    const params = new SqlParams();
    const time = { validOn };
    const from = commitmentSource(time, params);
    const { where } = commitmentConditions(filter, time, params);
    const unique = [...new Set(groupBy)];
    // Per country, each country's own obligation counts: its status and the amount it pledged, never another party's.
    const perParty = unique.includes(CommitmentStatsDimension.COUNTRY);
    const dimensions = unique.map((dimension) => (perParty && BY_OBLIGATION[dimension]) || DIMENSIONS[dimension]);
    const rows = await groupedTotals(this.db, {
      // A LEFT JOIN, so a commitment without parties still lands in the group of no country, with its own amount.
      from: perParty ? `${from} LEFT JOIN (${countedObligations(time, params)}) ob ON ob.commitment_id = c.id` : from,
      where,
      params,
      dimensions,
      amount: perParty ? 'CASE WHEN ob.id IS NULL THEN c.amount ELSE ob.amount END' : 'c.amount',
      currency: perParty ? 'CASE WHEN ob.id IS NULL THEN c.currency ELSE ob.currency END' : 'c.currency',
    });
    return rows.map(({ count, totals, ...values }) => ({ key: values as CommitmentStatsKey, count, amounts: totals }));
  }
}
