import type { DataSource } from 'typeorm';
import { BadUserInputError } from '../../shared/errors';
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

  /** One country by ISO code; null when no such country is tracked. */
  async findByCode(code: string): Promise<Country | null> {
    const normalized = code.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(normalized)) {
      throw new BadUserInputError(`"${code}" is not an ISO 3166-1 alpha-2 country code`, { argument: 'code' });
    }
    const [country] = await this.db.query(`SELECT ${entityColumns(this.db, Country, 'k')} FROM countries k WHERE k.code = $1`, [normalized]);
    return country ?? null;
  }

  load(loaders: LoaderRegistry, id: string): Promise<Country | undefined> {
    return loaders.get('countryById', undefined, (ids: readonly string[]) => rowsByIds<Country>(this.db, Country, ids)).load(id);
  }

  /** A country by its ISO code as recorded (upper case), batched across the request; undefined when it is not tracked. */
  loadByCode(loaders: LoaderRegistry, code: string): Promise<Country | undefined> {
    return loaders
      .get('countryByCode', undefined, async (codes: readonly string[]) => {
        const rows: Country[] = await this.db.query(`SELECT ${entityColumns(this.db, Country, 'k')} FROM countries k WHERE k.code = ANY($1::varchar[])`, [codes]);
        const byCode = new Map(rows.map((row) => [row.code, row]));
        return codes.map((c) => byCode.get(c));
      })
      .load(code);
  }
}
