import type { DataSource, EntityManager } from 'typeorm';
import { AuditAction, SubjectType } from '../modules/audit/audit-event.entity';
import { AuditService } from '../modules/audit/audit.service';
import { SEED_ACTOR } from '../modules/auth/caller';
import { registerTrackedRecords } from '../tracked-records';
import { logger } from '../shared/logger';
import { COMMITMENTS } from './commitments.data';
import { MEETINGS } from './meetings.data';
import { ALLIANCES, COUNTRIES, DEVELOPMENTS, MINERALS, REFINING_SHARE_ESTIMATES, SOURCES } from './published-sources.data';
import { cite, type Ids, recordProvenance } from './seed-citations';
import { STATEMENTS } from './statements.data';

const SEED_NAME = 'published-sources-2026-01';
// Two processes starting on an empty database must not both seed it.
const SEED_LOCK = 7_301_002;

async function insertReturningId(manager: EntityManager, sql: string, params: unknown[]): Promise<string> {
  const [row] = await manager.query(`${sql} RETURNING id`, params);
  return row.id;
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
  commitmentIds: Ids;
  allianceIds: Ids;
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
    const id = await insertReturningId(manager, 'INSERT INTO minerals (code, name) VALUES ($1, $2)', [m.code, m.name]);
    mineralIds.set(m.code, id);
    await cite(manager, { table: 'mineral_sources', column: 'mineral_id' }, id, m.sources, sourceIds);
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

async function insertDevelopments({ manager, sourceIds, countryIds, mineralIds }: SeedRun): Promise<void> {
  for (const d of DEVELOPMENTS) {
    const id = await insertReturningId(
      manager,
      'INSERT INTO developments (kind, country_id, description, downstream_products, dependent_sectors) VALUES ($1, $2, $3, $4, $5)',
      [d.kind, countryIds.get(d.country), d.description, d.downstreamProducts, d.dependentSectors],
    );
    for (const mineral of d.minerals)
      await manager.query('INSERT INTO development_minerals (development_id, mineral_id) VALUES ($1, $2)', [id, mineralIds.get(mineral)]);
    await cite(manager, { table: 'development_sources', column: 'development_id' }, id, d.sources, sourceIds);
  }
}

async function insertAlliances({ manager, record, sourceIds, countryIds, allianceIds }: SeedRun): Promise<void> {
  for (const a of ALLIANCES) {
    const allianceId = await insertReturningId(manager, 'INSERT INTO alliances (code, name, description) VALUES ($1, $2, $3)', [
      a.code,
      a.name,
      a.description,
    ]);
    allianceIds.set(a.code, allianceId);
    await cite(manager, { table: 'alliance_sources', column: 'alliance_id' }, allianceId, a.sources, sourceIds);
    await record(SubjectType.ALLIANCE, allianceId, [], null, { code: a.code, name: a.name });
    for (const m of a.memberships) {
      const membershipId = await insertReturningId(
        manager,
        'INSERT INTO alliance_memberships (alliance_id, country_id, status, since, note) VALUES ($1, $2, $3, $4, $5)',
        [allianceId, countryIds.get(m.country), m.status, m.startsOn, m.note],
      );
      await cite(manager, { table: 'membership_sources', column: 'membership_id' }, membershipId, a.sources, sourceIds);
      const values = { status: m.status, startsOn: m.startsOn };
      await recordProvenance(manager, { type: SubjectType.MEMBERSHIP, id: membershipId, values }, m.provenance, sourceIds);
      await record(SubjectType.MEMBERSHIP, membershipId, [m.country], m.status, {
        alliance: a.code,
        country: m.country,
        status: m.status,
        since: m.startsOn,
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
    const values = { startsOn: m.startsOn, endsOn: m.endsOn, city: m.city, kind: m.kind, hostCountry: m.host };
    await recordProvenance(manager, { type: SubjectType.MEETING, id: meetingId, values }, m.provenance, sourceIds);
    for (const p of m.participants) {
      await manager.query(
        'INSERT INTO meeting_participants (meeting_id, country_id, delegate_name, delegate_title, role, arrived_on) VALUES ($1, $2, $3, $4, $5, $6)',
        [meetingId, countryIds.get(p.country), p.delegateName, p.delegateTitle, p.role, p.arrivedOn],
      );
      const fields = { role: p.role, delegateName: p.delegateName, delegateTitle: p.delegateTitle, arrivedOn: p.arrivedOn };
      const subject = { type: SubjectType.MEETING, id: meetingId, values: fields };
      await recordProvenance(manager, subject, p.provenance, sourceIds, `participants.${p.country}.`);
    }
    for (const [position, topic] of m.topics.entries()) {
      const topicId = await insertReturningId(manager, 'INSERT INTO meeting_topics (meeting_id, position, name) VALUES ($1, $2, $3)', [
        meetingId,
        position,
        topic.name,
      ]);
      await cite(manager, { table: 'meeting_topic_sources', column: 'topic_id' }, topicId, topic.sources, sourceIds);
    }
    await cite(manager, { table: 'meeting_sources', column: 'meeting_id' }, meetingId, m.sources, sourceIds);
    await record(
      SubjectType.MEETING,
      meetingId,
      m.participants.map((p) => p.country),
      null,
      { title: m.title, startsOn: m.startsOn },
    );
  }
}

async function insertCommitments(run: SeedRun): Promise<void> {
  const { manager, record, sourceIds, countryIds, mineralIds, meetingIds, commitmentIds } = run;
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
    commitmentIds.set(c.key, commitmentId);
    const values = { status: c.status, instrument: c.instrument, announcedOn: c.announcedOn, targetOn: c.targetOn };
    await recordProvenance(manager, { type: SubjectType.COMMITMENT, id: commitmentId, values }, c.provenance, sourceIds);
    for (const p of c.parties) {
      await manager.query('INSERT INTO commitment_parties (commitment_id, country_id, role) VALUES ($1, $2, $3)', [
        commitmentId,
        countryIds.get(p.country),
        p.role,
      ]);
      const subject = { type: SubjectType.COMMITMENT, id: commitmentId, values: { role: p.role } };
      await recordProvenance(manager, subject, p.provenance, sourceIds, `parties.${p.country}.`);
    }
    for (const mineral of c.minerals) {
      await manager.query('INSERT INTO commitment_minerals (commitment_id, mineral_id) VALUES ($1, $2)', [
        commitmentId,
        mineralIds.get(mineral),
      ]);
    }
    await cite(manager, { table: 'commitment_sources', column: 'commitment_id' }, commitmentId, c.sources, sourceIds);
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

async function insertStatements(run: SeedRun): Promise<void> {
  const { manager, record, sourceIds, countryIds, meetingIds, commitmentIds, allianceIds } = run;
  for (const s of STATEMENTS) {
    const statementId = await insertReturningId(
      manager,
      `INSERT INTO statements (speaker_name, speaker_title, speaker_country_id, kind, text, channel, said_on, said_on_precision, source_id, excerpt, meeting_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        s.speakerName,
        s.speakerTitle,
        countryIds.get(s.speakerCountry),
        s.kind,
        s.text,
        s.channel,
        s.saidOn?.value ?? null,
        s.saidOn?.precision ?? null,
        sourceIds.get(s.source.source),
        s.source.excerpt,
        s.meeting ? meetingIds.get(s.meeting) : null,
      ],
    );
    for (const key of s.commitments)
      await manager.query('INSERT INTO statement_commitments (statement_id, commitment_id) VALUES ($1, $2)', [
        statementId,
        commitmentIds.get(key),
      ]);
    for (const code of s.alliances)
      await manager.query('INSERT INTO statement_alliances (statement_id, alliance_id) VALUES ($1, $2)', [
        statementId,
        allianceIds.get(code),
      ]);
    const values = { speakerName: s.speakerName, speakerTitle: s.speakerTitle, channel: s.channel, saidOn: s.saidOn?.value ?? null };
    await recordProvenance(manager, { type: SubjectType.STATEMENT, id: statementId, values }, s.provenance, sourceIds);
    await record(SubjectType.STATEMENT, statementId, [s.speakerCountry], null, { speakerName: s.speakerName, text: s.text });
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
      commitmentIds: new Map(),
      allianceIds: new Map(),
    };
    // In this order: each step refers to what the steps before it inserted.
    const steps = [
      insertReferenceData,
      insertRefiningShares,
      insertDevelopments,
      insertAlliances,
      insertMeetings,
      insertCommitments,
      insertStatements,
    ];
    for (const step of steps) await step(run);
    await manager.query('INSERT INTO seed_runs (name) VALUES ($1)', [SEED_NAME]);
    logger.info({ seed: SEED_NAME }, 'seeded data from the published sources');
    return true;
  });
}
