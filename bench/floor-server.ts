import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { AuditAction, SubjectType } from '../src/modules/audit/audit-event.entity';
import { eventInsert } from '../src/modules/audit/audit-event.sql';
import { eventHash, GENESIS_HASH, HashedEvent } from '../src/modules/audit/audit-hash';
import { AUDIT_APPEND_LOCK } from '../src/modules/audit/append-lock';
import { Role } from '../src/modules/auth/caller';
import { COMMITMENT_SUBJECT } from '../src/modules/commitment/commitment.subject';
import { AUDIT_PAGE_SQL, CHANGE_STATUS_SQL, DASHBOARD_SQL, DETAIL_SQL, EXPORT_BATCH_SQL } from './floor-sql';

export interface FloorServer {
  url: string;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: string, statements: number): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-sql-statements': String(statements) });
  res.end(body);
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

/** W4 without a framework: lock, versioned update, chained audit event, commit (5 statements). */
async function changeStatus(client: PoolClient, input: Record<string, any>): Promise<string | null> {
  await client.query('BEGIN');
  try {
    // The API's append lock and INSERT: floor and API writes then keep one valid chain.
    await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);
    const updated = await client.query(CHANGE_STATUS_SQL, [input.id, input.status, input.expectedVersion]);
    if (updated.rowCount === 0) {
      await client.query('ROLLBACK');
      return null;
    }
    const [head] = (
      await client.query(
        `SELECT coalesce(h.sequence, 0)::int AS sequence, coalesce(h.hash, $2) AS hash,
         to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS now, (${COMMITMENT_SUBJECT.stateSql}) AS state
       FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1) h ON true`,
        [input.id, GENESIS_HASH],
      )
    ).rows;
    const row = updated.rows[0];
    const event: HashedEvent = {
      sequence: head.sequence + 1,
      id: randomUUID(),
      occurredAt: head.now,
      subjectType: SubjectType.COMMITMENT,
      subjectId: input.id,
      action: AuditAction.STATUS_CHANGED,
      actorSub: 'floor@bench',
      actorRole: Role.ADMIN,
      actorCountry: null,
      countryCodes: row.codes ?? [],
      fromStatus: input.fromStatus,
      toStatus: input.status,
      version: row.version,
      note: input.note ?? null,
      evidenceUrl: null,
      effectiveOn: null,
      changes: { status: { from: input.fromStatus, to: input.status } },
      state: head.state,
    };
    const { sql: insert, values } = eventInsert({ ...event, prevHash: head.hash, hash: eventHash(head.hash, event) });
    await client.query(insert, values);
    await client.query('COMMIT');
    return JSON.stringify({ commitment: { status: input.status, version: row.version } });
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

async function streamExport(pool: Pool, res: http.ServerResponse): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  let after = 0;
  for (;;) {
    const { rows } = await pool.query(EXPORT_BATCH_SQL, [after]);
    for (const row of rows) {
      if (!res.write(`${row.line}\n`)) await new Promise((resolve) => res.once('drain', resolve));
      if (res.destroyed) return;
    }
    if (rows.length < 2000) break;
    after = Number(rows[rows.length - 1].sequence);
  }
  res.end();
}

/** The routes: /w1 … /w5, one per workload. */
async function route(pool: Pool, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://floor');
  switch (url.pathname) {
    case '/w1':
      return send(res, 200, (await pool.query(DASHBOARD_SQL)).rows[0].body, 1);
    case '/w2': {
      const { rows } = await pool.query(DETAIL_SQL, [url.searchParams.get('id')]);
      return send(res, rows.length ? 200 : 404, rows[0]?.body ?? '{"commitment":null}', 1);
    }
    case '/w3':
      return send(res, 200, (await pool.query(AUDIT_PAGE_SQL, [Number(url.searchParams.get('after') ?? 0)])).rows[0].body, 1);
    case '/w4': {
      const client = await pool.connect();
      try {
        const body = await changeStatus(client, await readJson(req));
        return body ? send(res, 200, body, 6) : send(res, 409, '{"error":"CONFLICT"}', 4);
      } finally {
        client.release();
      }
    }
    case '/w5':
      return streamExport(pool, res);
    default:
      return send(res, 404, '{"error":"NOT_FOUND"}', 0);
  }
}

/** A minimal node:http + pg server answering each workload with hand-written SQL. */
export async function startFloorServer(options: { databaseUrl: string; port?: number; poolSize?: number }): Promise<FloorServer> {
  const pool = new Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, application_name: 'bench-floor' });
  const server = http.createServer((req, res) => {
    route(pool, req, res).catch((error: Error) => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: error.message }), 0);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}
