import { defineLoader, groupByKey } from '../../shared/loader-registry';
import { entityColumns, rowsByIds } from '../../shared/list-query';
import { Mineral } from '../mineral/mineral.entity';
import { Development } from './development.entity';

export const developmentById = defineLoader<string, Development | undefined>(
  'developmentById',
  (db) => (ids) => rowsByIds<Development>(db, Development, ids),
);

/** The developments that concern each mineral. */
export const developmentsByMineralId = defineLoader<string, Development[]>('developmentsByMineralId', (db) => async (ids) => {
  const rows: (Development & { mineralId: string })[] = await db.query(
    `SELECT ${entityColumns(db, Development, 'd')}, dm.mineral_id AS "mineralId"
     FROM development_minerals dm JOIN developments d ON d.id = dm.development_id
     WHERE dm.mineral_id = ANY($1::uuid[]) ORDER BY d.kind, d.id`,
    [ids],
  );
  return groupByKey(rows, 'mineralId', ids);
});

/** The minerals each development concerns. */
export const mineralsByDevelopmentId = defineLoader<string, Mineral[]>('mineralsByDevelopmentId', (db) => async (ids) => {
  const rows: (Mineral & { developmentId: string })[] = await db.query(
    `SELECT ${entityColumns(db, Mineral, 'm')}, dm.development_id AS "developmentId"
     FROM development_minerals dm JOIN minerals m ON m.id = dm.mineral_id
     WHERE dm.development_id = ANY($1::uuid[]) ORDER BY m.code`,
    [ids],
  );
  return groupByKey(rows, 'developmentId', ids);
});
