import type { DataSource } from 'typeorm';
import { AppError, BadUserInputError, ErrorCode } from '../../shared/errors';
import { LoaderRegistry } from '../../shared/loader-registry';
import { entityColumns, ListQuery, loadPage, rowsByIds } from '../../shared/list-query';
import { Connection, ConnectionArgs, Ordering, SqlParams } from '../../shared/pagination';
import { Country } from './country.entity';

const BY_CODE: Ordering = { key: 'code', expression: 'k.code', sqlType: 'text', direction: 'ASC', idColumn: 'k.id' };

export class CountryService {
  constructor(private readonly db: DataSource) {}

  private listQuery(): ListQuery {
    return { columns: entityColumns(this.db, Country, 'k'), from: 'countries k', where: [], params: new SqlParams(), ordering: BY_CODE };
  }

  /** All countries, ordered by ISO code. */
  async page(args: ConnectionArgs): Promise<Connection<Country>> {
    return loadPage<Country>(this.db, this.listQuery(), args);
  }

  /** One country by ISO code; NOT_FOUND when no such country is tracked. */
  async findByCode(code: string): Promise<Country> {
    const normalized = code.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(normalized)) {
      throw new BadUserInputError(`"${code}" is not an ISO 3166-1 alpha-2 country code`, { argument: 'code' });
    }
    const [country] = await this.db.query(`SELECT ${entityColumns(this.db, Country, 'k')} FROM countries k WHERE k.code = $1`, [normalized]);
    if (!country) throw new AppError(ErrorCode.NOT_FOUND, `No country with code "${normalized}"`, { code: normalized });
    return country;
  }

  load(loaders: LoaderRegistry, id: string): Promise<Country | undefined> {
    return loaders.get('countryById', undefined, (ids: readonly string[]) => rowsByIds<Country>(this.db, Country, ids)).load(id);
  }
}
