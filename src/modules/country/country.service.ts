import type { DataSource } from 'typeorm';
import { BadUserInputError } from '../../shared/errors';
import { LoaderRegistry } from '../../shared/loader-registry';
import { entityColumns, ListQuery, loadPage } from '../../shared/list-query';
import { Connection, ConnectionArgs, SqlParams } from '../../shared/pagination';
import { orderingFor, SortDirection, SortKey } from '../../shared/sorting';
import { MembershipStatus } from '../alliance/alliance-membership.entity';
import { Country } from './country.entity';
import { countryByCode, countryById } from './country.loaders';
import { CountryFilter, CountryOrder, CountryOrderField } from './country.types';

// "code" is the cursor key the list has always had, so cursors issued before sorting existed stay valid.
const SORT_KEYS: Record<CountryOrderField, SortKey> = {
  CODE: { name: 'code', column: 'k.code', sqlType: 'text' },
  NAME: { name: 'name', column: 'k.name', sqlType: 'text' },
};

export class CountryService {
  constructor(private readonly db: DataSource) {}

  /** The filtered, ordered list (alias `k`): the one `page` reads, and the planner compiles. */
  listQuery(filter: CountryFilter | null | undefined, orderBy: CountryOrder | null | undefined): ListQuery {
    const params = new SqlParams();
    const where: string[] = [];
    const codes = (list: string[]) => params.add(list.map((code) => code.trim().toUpperCase()));
    if (filter?.codes?.length) where.push(`k.code = ANY(${codes(filter.codes)})`);
    if (filter?.kinds?.length) where.push(`k.kind = ANY(${params.add(filter.kinds)})`);
    if (filter?.allianceCodes?.length) {
      where.push(`EXISTS (SELECT 1 FROM alliance_memberships fm JOIN alliances fa ON fa.id = fm.alliance_id
        WHERE fm.country_id = k.id AND fm.status = '${MembershipStatus.MEMBER}' AND fa.code = ANY(${codes(filter.allianceCodes)}))`);
    }
    const { field, direction } = orderBy ?? { field: CountryOrderField.CODE, direction: SortDirection.ASC };
    const ordering = orderingFor(SORT_KEYS[field], direction ?? SortDirection.ASC, 'k.id');
    return { columns: entityColumns(this.db, Country, 'k'), from: 'countries k', where, params, ordering };
  }

  /** The countries matching the filter, by ISO code unless another order is asked for. */
  async page(
    filter: CountryFilter | null | undefined,
    orderBy: CountryOrder | null | undefined,
    args: ConnectionArgs,
  ): Promise<Connection<Country>> {
    return loadPage<Country>(this.db, this.listQuery(filter, orderBy), args);
  }

  /** One country by ISO code; null when no such country is tracked. */
  async findByCode(code: string): Promise<Country | null> {
    const normalized = code.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(normalized)) {
      throw new BadUserInputError(`"${code}" is not an ISO 3166-1 alpha-2 country code`, { argument: 'code' });
    }
    const [country] = await this.db.query(`SELECT ${entityColumns(this.db, Country, 'k')} FROM countries k WHERE k.code = $1`, [
      normalized,
    ]);
    return country ?? null;
  }

  load(loaders: LoaderRegistry, id: string): Promise<Country | undefined> {
    return loaders.use(countryById, this.db).load(id);
  }

  /** A country by its ISO code as recorded (upper case), batched across the request; undefined when it is not tracked. */
  loadByCode(loaders: LoaderRegistry, code: string): Promise<Country | undefined> {
    return loaders.use(countryByCode, this.db).load(code);
  }
}
