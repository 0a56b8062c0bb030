import { SingleBar, Presets } from 'cli-progress';
import { Client } from 'pg';
import { createDataSource } from '../src/database/data-source';
import { EVENT_COLUMN_OF, EVENT_MEMBERS, eventValues } from '../src/modules/audit/audit-event.sql';
import { copyRows } from './copy-rows';
import { chainedEvents, EventPlan, planEvents, statusName } from './synthetic-events';
import { countsFor, SYNTHETIC_SEED_NAME, SyntheticCounts, SyntheticWorld, generateWorld } from './synthetic-data';

export interface LoadOptions {
  url: string;
  scale: number;
  /** Draw a cli-progress bar (off in tests and when stdout is not a terminal). */
  progress?: boolean;
  log?: (line: string) => void;
}

export interface LoadResult {
  loaded: boolean;
  counts: SyntheticCounts;
  seconds: number;
}

type TargetState = 'empty' | 'synthetic';

/**
 * Refuses any database holding records that the synthetic loader did not write:
 * benchmarks may wipe their database, so they must never point at real data.
 */
export async function inspectTarget(client: Client): Promise<TargetState> {
  const tables: { name: string }[] = (
    await client.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`)
  ).rows;
  if (tables.length === 0) return 'empty';
  const names = new Set(tables.map((t) => t.name));
  if (!names.has('seed_runs') || !names.has('commitments')) {
    throw new Error(
      "Refusing: the target database has tables but is not this API's schema. Point DATABASE_URL at an empty or synthetic database.",
    );
  }
  const runs: string[] = (await client.query('SELECT name FROM seed_runs')).rows.map((r: { name: string }) => r.name);
  const foreign = runs.filter((name) => name !== SYNTHETIC_SEED_NAME);
  if (foreign.length > 0)
    throw new Error(`Refusing: the target database holds non-synthetic data (seed_runs: ${foreign.join(', ')}). Use a separate database.`);
  if (runs.length === 1) return 'synthetic';
  const { rows } = await client.query(
    `SELECT (SELECT count(*) FROM commitments) + (SELECT count(*) FROM countries) + (SELECT count(*) FROM audit_events) AS n`,
  );
  if (Number(rows[0].n) > 0)
    throw new Error('Refusing: the target database holds records but no synthetic marker. Use a separate database.');
  return 'empty';
}

async function matchesScale(client: Client, counts: SyntheticCounts): Promise<boolean> {
  const { rows } =
    await client.query(`SELECT (SELECT count(*) FROM countries) AS countries, (SELECT count(*) FROM commitments) AS commitments,
    (SELECT count(*) FROM projects) AS projects, (SELECT count(*) FROM audit_events) AS events`);
  const row = rows[0];
  return (
    Number(row.countries) === counts.countries &&
    Number(row.commitments) === counts.commitments &&
    Number(row.projects) === counts.projects &&
    // Benchmark writes (W4) append events, so a loaded trail may have grown since.
    Number(row.events) >= counts.events
  );
}

async function migrate(url: string): Promise<void> {
  const dataSource = createDataSource({ url, poolSize: 1 });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

function* entityTables(world: SyntheticWorld, plan: EventPlan): Generator<[string, string[], Iterable<unknown[]>]> {
  const { countries: k, minerals, meetings, commitments, projects, counts } = world;
  const at = (subject: number, which: 'firstSequence' | 'lastSequence') => plan.occurredAt(plan[which][subject]);
  const description = (subject: number) => (plan.finalVersion[subject] > 1 ? `Revision ${plan.finalVersion[subject]}` : '');
  const meetingSubject = (i: number) => counts.commitments + counts.projects + i;
  yield [
    'countries',
    ['id', 'code', 'name', 'kind', 'created_at'],
    k.map((c) => [c.id, c.code, c.name, c.kind, new Date(Date.UTC(2024, 0, 1)).toISOString()]),
  ];
  yield ['minerals', ['id', 'code', 'name'], minerals.map((m) => [m.id, m.code, m.name])];
  yield [
    'meetings',
    ['id', 'title', 'kind', 'starts_on', 'ends_on', 'city', 'host_country_id', 'summary', 'version', 'created_at', 'updated_at'],
    meetings.map((m, i) => [
      m.id,
      m.title,
      m.kind,
      m.startsOn,
      m.endsOn,
      m.city,
      k[m.hostIndex].id,
      description(meetingSubject(i)),
      plan.finalVersion[meetingSubject(i)],
      at(meetingSubject(i), 'firstSequence'),
      at(meetingSubject(i), 'lastSequence'),
    ]),
  ];
  yield [
    'meeting_participants',
    ['meeting_id', 'country_id', 'role'],
    meetings.flatMap((m) => m.participants.map((p) => [m.id, k[p.countryIndex].id, p.role])),
  ];
  yield [
    'commitments',
    [
      'id',
      'title',
      'description',
      'kind',
      'instrument',
      'status',
      'version',
      'value_chain_stages',
      'meeting_id',
      'amount',
      'currency',
      'announced_on',
      'target_on',
      'created_at',
      'updated_at',
    ],
    commitments.map((c, i) => [
      c.id,
      c.title,
      description(i),
      c.kind,
      c.instrument,
      statusName(plan.finalStatus[i]),
      plan.finalVersion[i],
      c.stages,
      c.meetingIndex === null ? null : meetings[c.meetingIndex].id,
      c.amount,
      c.currency,
      c.announcedOn,
      c.targetOn,
      at(i, 'firstSequence'),
      at(i, 'lastSequence'),
    ]),
  ];
  yield [
    'commitment_parties',
    ['commitment_id', 'country_id', 'role'],
    commitments.flatMap((c) => c.parties.map((p) => [c.id, k[p.countryIndex].id, p.role])),
  ];
  // Each party's obligation in the commitment's status; the amount is the lead's (the first party's) alone.
  yield [
    'obligations',
    ['commitment_id', 'country_id', 'status', 'amount', 'currency', 'effective_on'],
    commitments.flatMap((c, i) =>
      c.parties.map((p, index) => [
        c.id,
        k[p.countryIndex].id,
        statusName(plan.finalStatus[i]),
        index === 0 ? c.amount : null,
        index === 0 ? c.currency : null,
        c.announcedOn,
      ]),
    ),
  ];
  yield [
    'commitment_minerals',
    ['commitment_id', 'mineral_id'],
    commitments.flatMap((c) => c.mineralIndexes.map((m) => [c.id, minerals[m].id])),
  ];
  yield [
    'projects',
    [
      'id',
      'name',
      'description',
      'kind',
      'status',
      'version',
      'budget_amount',
      'budget_currency',
      'starts_on',
      'ends_on',
      'location',
      'created_at',
      'updated_at',
    ],
    projects.map((p, i) => {
      const s = counts.commitments + i;
      return [
        p.id,
        p.name,
        description(s),
        p.kind,
        statusName(plan.finalStatus[s]),
        plan.finalVersion[s],
        p.budgetAmount,
        p.budgetCurrency,
        p.startsOn,
        p.endsOn,
        p.location,
        at(s, 'firstSequence'),
        at(s, 'lastSequence'),
      ];
    }),
  ];
  yield [
    'project_participants',
    ['project_id', 'country_id', 'role'],
    projects.flatMap((p) => p.participants.map((x) => [p.id, k[x.countryIndex].id, x.role])),
  ];
  yield ['project_minerals', ['project_id', 'mineral_id'], projects.flatMap((p) => p.mineralIndexes.map((m) => [p.id, minerals[m].id]))];
  yield [
    'project_commitments',
    ['project_id', 'commitment_id'],
    projects.flatMap((p) => p.commitmentIndexes.map((c) => [p.id, commitments[c].id])),
  ];
}

function* eventRows(world: SyntheticWorld, plan: EventPlan): Generator<unknown[]> {
  for (const event of chainedEvents(world, plan)) yield eventValues(event);
}

/** Wipes a synthetic database (never any other: see inspectTarget) so it can be loaded at another scale. */
async function resetSchema(client: Client): Promise<void> {
  await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
}

/**
 * Fills the database at `url` with the deterministic synthetic data set of the
 * given scale, through the real schema (migrations first), in one transaction.
 * Does nothing when that scale is already loaded.
 */
export async function loadSyntheticDatabase(options: LoadOptions): Promise<LoadResult> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const counts = countsFor(options.scale);
  const client = new Client({ connectionString: options.url });
  await client.connect();
  try {
    const state = await inspectTarget(client);
    if (state === 'synthetic' && (await matchesScale(client, counts))) {
      // Loaded by an earlier version: it gets the migrations added since, as a deployed database would.
      await migrate(options.url);
      log(`synthetic data at scale ${options.scale} already loaded`);
      return { loaded: false, counts, seconds: 0 };
    }
    if (state === 'synthetic') await resetSchema(client);
    await migrate(options.url);
    log(`generating scale ${options.scale}: ${JSON.stringify(counts)}`);
    const world = generateWorld(options.scale);
    const plan = planEvents(world);
    const tables = [...entityTables(world, plan)];
    const bar = options.progress
      ? new SingleBar(
          { format: 'seed {bar} {percentage}% | {value}/{total} rows | {table} | ETA {eta}s', etaBuffer: 200 },
          Presets.shades_classic,
        )
      : undefined;
    const entityRows = tables.reduce((sum, [, , rows]) => sum + (rows as unknown[]).length, 0);
    bar?.start(entityRows + plan.total, 0, { table: '' });
    await client.query("BEGIN; SET LOCAL synchronous_commit = off; SET LOCAL TIME ZONE 'UTC'");
    await client.query('INSERT INTO seed_runs (name) VALUES ($1)', [SYNTHETIC_SEED_NAME]);
    for (const [table, columns, rows] of [
      ...tables,
      ['audit_events', EVENT_MEMBERS.map((member) => EVENT_COLUMN_OF[member]), eventRows(world, plan)] as const,
    ]) {
      bar?.update({ table });
      await copyRows(client, table, columns, rows as Iterable<unknown[]>, (n) => bar?.increment(n));
    }
    await client.query('COMMIT');
    bar?.stop();
    await client.query('ANALYZE');
    const seconds = (Date.now() - started) / 1000;
    log(`loaded ${entityRows + plan.total} rows in ${seconds.toFixed(1)} s`);
    return { loaded: true, counts, seconds };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
