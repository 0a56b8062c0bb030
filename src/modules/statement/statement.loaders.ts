import { defineLoader, groupByKey, LoaderDefinition } from '../../shared/loader-registry';
import { entityColumns, rowsByIds } from '../../shared/list-query';
import { Alliance } from '../alliance/alliance.entity';
import { Commitment } from '../commitment/commitment.entity';
import { Statement } from './statement.entity';

export const statementById = defineLoader<string, Statement | undefined>(
  'statementById',
  (db) => (ids) => rowsByIds<Statement>(db, Statement, ids),
);

const ORDER = `coalesce(s.said_on, 'infinity'::date), s.id`;

/** Statements by the meeting they concern. */
export const statementsByMeetingId = defineLoader<string, Statement[]>('statementsByMeetingId', (db) => async (ids) => {
  const rows: (Statement & { parentId: string })[] = await db.query(
    `SELECT ${entityColumns(db, Statement, 's')}, s.meeting_id AS "parentId" FROM statements s
     WHERE s.meeting_id = ANY($1::uuid[]) ORDER BY ${ORDER}`,
    [ids],
  );
  return groupByKey(rows, 'parentId', ids);
});

function statementsByLink(name: string, table: string, column: string): LoaderDefinition<string, Statement[]> {
  return defineLoader<string, Statement[]>(name, (db) => async (ids) => {
    const rows: (Statement & { parentId: string })[] = await db.query(
      `SELECT ${entityColumns(db, Statement, 's')}, link.${column} AS "parentId"
       FROM ${table} link JOIN statements s ON s.id = link.statement_id
       WHERE link.${column} = ANY($1::uuid[]) ORDER BY ${ORDER}`,
      [ids],
    );
    return groupByKey(rows, 'parentId', ids);
  });
}

/** Statements by a commitment they concern. */
export const statementsByCommitmentId = statementsByLink('statementsByCommitmentId', 'statement_commitments', 'commitment_id');
/** Statements by an alliance they concern. */
export const statementsByAllianceId = statementsByLink('statementsByAllianceId', 'statement_alliances', 'alliance_id');

/** The commitments each statement concerns. */
export const commitmentsByStatementId = defineLoader<string, Commitment[]>('commitmentsByStatementId', (db) => async (ids) => {
  const rows: (Commitment & { statementId: string })[] = await db.query(
    `SELECT ${entityColumns(db, Commitment, 'c')}, link.statement_id AS "statementId"
     FROM statement_commitments link JOIN commitments c ON c.id = link.commitment_id
     WHERE link.statement_id = ANY($1::uuid[]) ORDER BY c.title, c.id`,
    [ids],
  );
  return groupByKey(rows, 'statementId', ids);
});

/** The alliances each statement concerns. */
export const alliancesByStatementId = defineLoader<string, Alliance[]>('alliancesByStatementId', (db) => async (ids) => {
  const rows: (Alliance & { statementId: string })[] = await db.query(
    `SELECT ${entityColumns(db, Alliance, 'a')}, link.statement_id AS "statementId"
     FROM statement_alliances link JOIN alliances a ON a.id = link.alliance_id
     WHERE link.statement_id = ANY($1::uuid[]) ORDER BY a.code`,
    [ids],
  );
  return groupByKey(rows, 'statementId', ids);
});
