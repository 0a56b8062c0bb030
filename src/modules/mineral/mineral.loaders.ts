import { defineLoader, groupByKey } from '../../shared/loader-registry';
import { entityColumns, rowsByIds } from '../../shared/list-query';
import { Mineral } from './mineral.entity';
import { RefiningShareEstimate } from './refining-share-estimate.entity';

export const mineralById = defineLoader<string, Mineral | undefined>('mineralById', (db) => (ids) => rowsByIds<Mineral>(db, Mineral, ids));

export const refiningShareEstimateById = defineLoader<string, RefiningShareEstimate | undefined>(
  'refiningShareEstimateById',
  (db) => (ids) => rowsByIds<RefiningShareEstimate>(db, RefiningShareEstimate, ids),
);

/** Estimates of one refiner country's share (the argument, an ISO code) that cover each mineral. */
export const refiningSharesByMineralId = defineLoader<string, RefiningShareEstimate[], string>(
  'refiningSharesByMineralId',
  (db, refinerCode) => async (ids) => {
    const rows: (RefiningShareEstimate & { mineralId: string })[] = await db.query(
      `SELECT ${entityColumns(db, RefiningShareEstimate, 'r')}, rm.mineral_id AS "mineralId"
     FROM refining_share_estimate_minerals rm
     JOIN refining_share_estimates r ON r.id = rm.estimate_id
     JOIN countries k ON k.id = r.refiner_country_id
     WHERE rm.mineral_id = ANY($1::uuid[]) AND k.code = $2 ORDER BY r.statement`,
      [ids, refinerCode],
    );
    return groupByKey(rows, 'mineralId', ids);
  },
);

export const mineralsByEstimateId = defineLoader<string, Mineral[]>('mineralsByEstimateId', (db) => async (ids) => {
  const rows: (Mineral & { estimateId: string })[] = await db.query(
    `SELECT ${entityColumns(db, Mineral, 'm')}, rm.estimate_id AS "estimateId"
     FROM refining_share_estimate_minerals rm JOIN minerals m ON m.id = rm.mineral_id
     WHERE rm.estimate_id = ANY($1::uuid[]) ORDER BY m.code`,
    [ids],
  );
  return groupByKey(rows, 'estimateId', ids);
});
