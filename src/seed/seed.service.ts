import type { DataSource, EntityManager } from 'typeorm';
import { AuditAction, SubjectType } from '../modules/audit/audit-event.entity';
import { AuditService } from '../modules/audit/audit.service';
import { SEED_ACTOR } from '../modules/auth/caller';
import { registerTrackedRecords } from '../tracked-records';
import { logger } from '../shared/logger';
import {
  ALLIANCES,
  COMMITMENTS,
  COUNTRIES,
  MEETINGS,
  MINERALS,
  REFINING_SHARE_ESTIMATES,
  SourceKey,
  SOURCES,
} from './published-sources.data';

const SEED_NAME = 'published-sources-2026-01';
// Two processes starting on an empty database must not both seed it.
const SEED_LOCK = 7_301_002;

type Ids = Map<string, string>;

async function insertReturningId(manager: EntityManager, sql: string, params: unknown[]): Promise<string> {
  const [row] = await manager.query(`${sql} RETURNING id`, params);
  return row.id;
}

async function cite(
  manager: EntityManager,
  table: string,
  column: string,
  subjectId: string,
  sources: readonly SourceKey[],
  sourceIds: Ids,
) {
  for (const source of sources) {
    await manager.query(`INSERT INTO ${table} (${column}, source_id) VALUES ($1, $2)`, [subjectId, sourceIds.get(source)]);
  }
}

/** One seed run: its transaction, the audit writer, and the ids of what it inserted so far. */
interface SeedRun {
  manager: EntityManager;
  record(
    subjectType: SubjectType,
    subjectId: string,
    countryCodes: string[],
    toStatus: string | null,
    changes: Record<string, unknown>,
    effectiveOn?: string | null,
  ): Promise<unknown>;
  sourceIds: Ids;
  countryIds: Ids;
  mineralIds: Ids;
  meetingIds: Ids;
}

async function insertReferenceData({ manager, sourceIds, countryIds, mineralIds }: SeedRun): Promise<void> {
  for (const [key, s] of Object.entries(SOURCES)) {
    sourceIds.set(
      key,
      await insertReturningId(manager, 'INSERT INTO sources (title, publisher, url, published_on, excerpt) VALUES ($1, $2, $3, $4, $5)', [
        s.title,
        s.publisher,
        s.url,
        s.publishedOn,
        s.excerpt,
      ]),
    );
  }
  for (const c of COUNTRIES) {
    countryIds.set(
      c.code,
      await insertReturningId(manager, 'INSERT INTO countries (code, name, kind) VALUES ($1, $2, $3)', [c.code, c.name, c.kind]),
    );
  }
  for (const m of MINERALS) {
    mineralIds.set(m.code, await insertReturningId(manager, 'INSERT INTO minerals (code, name) VALUES ($1, $2)', [m.code, m.name]));
  }
}

async function insertRefiningShares({ manager, sourceIds, countryIds, mineralIds }: SeedRun): Promise<void> {
  for (const e of REFINING_SHARE_ESTIMATES) {
    const id = await insertReturningId(
      manager,
      'INSERT INTO refining_share_estimates (refiner_country_id, source_id, min_percent, max_percent, average_percent, statement) VALUES ($1, $2, $3, $4, $5, $6)',
      [countryIds.get(e.refiner), sourceIds.get(e.source), e.minPercent, e.maxPercent, e.averagePercent, e.statement],
    );
    for (const mineral of e.minerals) {
      await manager.query('INSERT INTO refining_share_estimate_minerals (estimate_id, mineral_id) VALUES ($1, $2)', [
        id,
        mineralIds.get(mineral),
      ]);
    }
  }
}

async function insertAlliances({ manager, record, sourceIds, countryIds }: SeedRun): Promise<void> {
  for (const a of ALLIANCES) {
    const allianceId = await insertReturningId(manager, 'INSERT INTO alliances (code, name, description) VALUES ($1, $2, $3)', [
      a.code,
      a.name,
      a.description,
    ]);
    await cite(manager, 'alliance_sources', 'alliance_id', allianceId, a.sources, sourceIds);
    await record(SubjectType.ALLIANCE, allianceId, [], null, { code: a.code, name: a.name });
    for (const m of a.memberships) {
      const membershipId = await insertReturningId(
        manager,
        'INSERT INTO alliance_memberships (alliance_id, country_id, status, since, note) VALUES ($1, $2, $3, $4, $5)',
        [allianceId, countryIds.get(m.country), m.status, m.since, m.note],
      );
      await cite(manager, 'membership_sources', 'membership_id', membershipId, a.sources, sourceIds);
      await record(SubjectType.MEMBERSHIP, membershipId, [m.country], m.status, {
        alliance: a.code,
        country: m.country,
        status: m.status,
        since: m.since,
      });
    }
  }
}

async function insertMeetings({ manager, record, sourceIds, countryIds, meetingIds }: SeedRun): Promise<void> {
  for (const m of MEETINGS) {
    const meetingId = await insertReturningId(
      manager,
      'INSERT INTO meetings (title, kind, starts_on, ends_on, city, host_country_id, summary) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [m.title, m.kind, m.startsOn, m.endsOn, m.city, countryIds.get(m.host), m.summary],
    );
    meetingIds.set(m.key, meetingId);
    for (const p of m.participants) {
      await manager.query(
        'INSERT INTO meeting_participants (meeting_id, country_id, delegate_name, delegate_title, role) VALUES ($1, $2, $3, $4, $5)',
        [meetingId, countryIds.get(p.country), p.delegateName, p.delegateTitle, p.role],
      );
    }
    await cite(manager, 'meeting_sources', 'meeting_id', meetingId, m.sources, sourceIds);
    await record(
      SubjectType.MEETING,
      meetingId,
      m.participants.map((p) => p.country),
      null,
      { title: m.title, startsOn: m.startsOn },
    );
  }
}

async function insertCommitments({ manager, record, sourceIds, countryIds, mineralIds, meetingIds }: SeedRun): Promise<void> {
  for (const c of COMMITMENTS) {
    const commitmentId = await insertReturningId(
      manager,
      `INSERT INTO commitments (title, description, kind, instrument, status, value_chain_stages, meeting_id, announced_on, target_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        c.title,
        c.description,
        c.kind,
        c.instrument,
        c.status,
        c.valueChainStages,
        c.meeting ? meetingIds.get(c.meeting) : null,
        c.announcedOn,
        c.targetOn,
      ],
    );
    for (const p of c.parties) {
      await manager.query('INSERT INTO commitment_parties (commitment_id, country_id, role) VALUES ($1, $2, $3)', [
        commitmentId,
        countryIds.get(p.country),
        p.role,
      ]);
    }
    for (const mineral of c.minerals) {
      await manager.query('INSERT INTO commitment_minerals (commitment_id, mineral_id) VALUES ($1, $2)', [
        commitmentId,
        mineralIds.get(mineral),
      ]);
    }
    await cite(manager, 'commitment_sources', 'commitment_id', commitmentId, c.sources, sourceIds);
    // Seeded commitments take effect on their meeting's date from the sources (valid time), not on the day of installation.
    const effectiveOn = (c.meeting ? MEETINGS.find((m) => m.key === c.meeting)?.startsOn : null) ?? c.announcedOn ?? null;
    await record(
      SubjectType.COMMITMENT,
      commitmentId,
      c.parties.map((p) => p.country),
      c.status,
      { title: c.title, status: c.status },
      effectiveOn,
    );
    // Each party answers for its own share; the sources state no amounts, so none is pledged.
    for (const p of c.parties) {
      const obligationId = await insertReturningId(
        manager,
        'INSERT INTO obligations (commitment_id, country_id, status, effective_on) VALUES ($1, $2, $3, $4)',
        [commitmentId, countryIds.get(p.country), c.status, effectiveOn],
      );
      await record(SubjectType.OBLIGATION, obligationId, [p.country], c.status, { commitment: c.title, country: p.country }, effectiveOn);
    }
  }
}

/**
 * Loads what the published reports say, once: a second run finds its marker and
 * writes nothing. Seeded records enter the audit trail like any other change.
 */
export async function seedPublishedSources(db: DataSource, audit: AuditService): Promise<boolean> {
  registerTrackedRecords();
  return db.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
    const done = await manager.query('SELECT 1 FROM seed_runs WHERE name = $1', [SEED_NAME]);
    if (done.length > 0) return false;
    const run: SeedRun = {
      manager,
      record: (subjectType, subjectId, countryCodes, toStatus, changes, effectiveOn) =>
        audit.record(manager, {
          effectiveOn: effectiveOn ?? null,
          subjectType,
          subjectId,
          action: AuditAction.CREATED,
          actor: SEED_ACTOR,
          countryCodes,
          version: 1,
          toStatus,
          changes,
        }),
      sourceIds: new Map(),
      countryIds: new Map(),
      mineralIds: new Map(),
      meetingIds: new Map(),
    };
    // In this order: each step refers to what the steps before it inserted.
    for (const step of [insertReferenceData, insertRefiningShares, insertAlliances, insertMeetings, insertCommitments]) await step(run);
    await manager.query('INSERT INTO seed_runs (name) VALUES ($1)', [SEED_NAME]);
    logger.info({ seed: SEED_NAME }, 'seeded data from the published sources');
    return true;
  });
}
