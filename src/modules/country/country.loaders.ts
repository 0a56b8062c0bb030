import { defineLoader } from '../../shared/loader-registry';
import { entityColumns, rowsByIds } from '../../shared/list-query';
import { Country } from './country.entity';

export const countryById = defineLoader<string, Country | undefined>('countryById', (db) => (ids) => rowsByIds<Country>(db, Country, ids));

/** By ISO code as recorded (upper case). */
export const countryByCode = defineLoader<string, Country | undefined>('countryByCode', (db) => async (codes) => {
  const rows: Country[] = await db.query(`SELECT ${entityColumns(db, Country, 'k')} FROM countries k WHERE k.code = ANY($1::varchar[])`, [
    codes,
  ]);
  const byCode = new Map(rows.map((row) => [row.code, row]));
  return codes.map((c) => byCode.get(c));
});
