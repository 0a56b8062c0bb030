import { COMMITMENT_SUBJECT } from '../../modules/commitment/commitment.subject';
import { type CommitmentParent, commitmentOrdering, commitmentSource } from '../../modules/commitment/commitment.sql';
import type { ListQuery } from '../../shared/list-query';
import { SqlParams } from '../../shared/pagination';
import { Commitment } from '../../modules/commitment/commitment.entity';
import { CommitmentParty } from '../../modules/commitment/commitment-party.entity';
import { linkOrder } from '../../modules/linked-record/linked-record.loaders';
import { base64url } from '../json-sql';
import { defineObject } from '../object-json';
import { connectionJson } from '../connection';
import { moneySql } from './money';
import { nodeId, relatedList, relatedObject } from './fields';
import { statusHistoryJson } from './status-change';

/** Commitments now, unfiltered, in the default order (as the services list them); nested under `parent` when given. */
export function commitmentList(parent?: CommitmentParent): ListQuery {
  const params = new SqlParams();
  const from = commitmentSource(null, params, parent);
  return { columns: '', from, where: [], params, ordering: commitmentOrdering(null, undefined) };
}

defineObject('Commitment', {
  entity: Commitment,
  fields: {
    id: nodeId(COMMITMENT_SUBJECT.typeName),
    amount: (field, ctx, row) => moneySql(ctx, field, `${row}.amount`, `${row}.currency`),
    meeting: (field, ctx, row) => relatedObject(ctx, field, 'm', (m) => `meetings ${m} WHERE ${m}.id = ${row}.meeting_id`),
    parties: (field, ctx, row) => {
      const [l, k] = [ctx.alias('l'), ctx.alias('k')];
      const from = `commitment_parties ${l} JOIN countries ${k} ON ${k}.id = ${l}.country_id WHERE ${l}.commitment_id = ${row}.id`;
      return relatedList(ctx, field, l, from, linkOrder(l, k));
    },
    minerals: (field, ctx, row) => {
      const [lm, m] = [ctx.alias('lm'), ctx.alias('m')];
      const from = `commitment_minerals ${lm} JOIN minerals ${m} ON ${m}.id = ${lm}.mineral_id WHERE ${lm}.commitment_id = ${row}.id`;
      return relatedList(ctx, field, m, from, `${m}.code`);
    },
    projects: (field, ctx, row) =>
      connectionJson(ctx, field, {
        query: ctx.services.projects.listQueryByCommitment(),
        row: 'p',
        parent: { expression: 'parent.commitment_id', id: `${row}.id` },
      }),
    statusHistory: (field, ctx, row) => statusHistoryJson(ctx, field, `${row}.id`),
  },
});

defineObject('CommitmentParty', {
  entity: CommitmentParty,
  fields: {
    id: (_field, _ctx, row) => base64url(`'CommitmentParty:' || ${row}.commitment_id::text || ':' || ${row}.country_id::text`),
    country: (field, ctx, row) => relatedObject(ctx, field, 'k', (k) => `countries ${k} WHERE ${k}.id = ${row}.country_id`),
  },
});
