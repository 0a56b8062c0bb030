import type { DataSource } from 'typeorm';
import { groupByKey, LoaderKey, LoaderRegistry } from '../../shared/loader-registry';
import { formatAmount } from '../../shared/money';
import { SqlParams } from '../../shared/pagination';
import { countedObligations, type ReadTime } from '../obligation/obligation.sql';
import { fundingByCommitmentId, fundingByCountryId, fundingByProjectId } from './funding.loaders';
import { fundingTotalsSql, pledgesSql, projectCommitmentLinks } from './funding.sql';
import type { FundingTotals, PledgedFundingTotals } from './funding.types';

interface TotalsRow {
  parent: string;
  currency: string;
  pledged: string;
  committed: string;
  disbursed: string;
  spent: string;
}

/** Every amount of a row written with its currency's minor units. */
const formatted = ({ parent, currency, ...amounts }: TotalsRow) => ({
  parent,
  currency,
  ...(Object.fromEntries(Object.entries(amounts).map(([name, amount]) => [name, formatAmount(amount, currency)])) as Omit<
    TotalsRow,
    'parent' | 'currency'
  >),
});

/**
 * The funding roll-ups: per currency, what projects committed, disbursed and spent (from their counted
 * transactions) and, for commitments and countries, what was pledged. One statement per kind of parent
 * and read time, whatever the number of parents in the request.
 */
export class FundingService {
  constructor(private readonly db: DataSource) {}

  /** A project's totals per currency, at the read time; batched over the request's projects. */
  ofProject(loaders: LoaderRegistry, projectId: string, time: ReadTime): Promise<FundingTotals[]> {
    return this.load(loaders, fundingByProjectId, projectId, time, (ids, params) => ({
      projects: `SELECT id AS parent, id AS project_id FROM projects WHERE id = ANY(${params.add(ids)}::uuid[])`,
      pledges: null,
    }));
  }

  /** A commitment's pledge and what the projects linked to it did with money, per currency; batched over the request's commitments. */
  ofCommitment(loaders: LoaderRegistry, commitmentId: string, time: ReadTime): Promise<PledgedFundingTotals[]> {
    return this.load(loaders, fundingByCommitmentId, commitmentId, time, (ids, params) => ({
      projects: `SELECT l.commitment_id AS parent, l.project_id FROM (${projectCommitmentLinks(time, params)}) l
        WHERE l.commitment_id = ANY(${params.add(ids)}::uuid[])`,
      pledges: pledgesSql(time, params, 'commitment_id', ids),
    }));
  }

  /**
   * A country's pledges (its own counted obligations) and what the projects of those commitments did with
   * money, each project once, per currency; batched over the request's countries.
   */
  ofCountry(loaders: LoaderRegistry, countryId: string, time: ReadTime): Promise<PledgedFundingTotals[]> {
    return this.load(loaders, fundingByCountryId, countryId, time, (ids, params) => ({
      projects: `SELECT DISTINCT ob.country_id AS parent, l.project_id
        FROM (${countedObligations(time, params)}) ob JOIN (${projectCommitmentLinks(time, params)}) l ON l.commitment_id = ob.commitment_id
        WHERE ob.country_id = ANY(${params.add(ids)}::uuid[])`,
      pledges: pledgesSql(time, params, 'country_id', ids),
    }));
  }

  private load<T extends FundingTotals>(
    loaders: LoaderRegistry,
    key: LoaderKey<string, T[]>,
    id: string,
    time: ReadTime,
    scope: (ids: readonly string[], params: SqlParams) => { projects: string; pledges: string | null },
  ): Promise<T[]> {
    const args = { asOf: time.asOf?.toISOString() ?? null, validOn: time.validOn ?? null };
    return loaders
      .get(key, args, async (ids) => {
        const params = new SqlParams();
        const { projects, pledges } = scope(ids, params);
        const rows: TotalsRow[] = await this.db.query(fundingTotalsSql(time, params, projects, pledges), params.values);
        return groupByKey(rows.map(formatted), 'parent', ids) as unknown as T[][];
      })
      .load(id);
  }
}
