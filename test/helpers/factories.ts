import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditAction, SubjectType } from '../../src/modules/audit/audit-event.entity';
import { AuditService } from '../../src/modules/audit/audit.service';
import { notifyStatusChanges } from '../../src/modules/live/status-feed';
import { registerTrackedRecords } from '../../src/tracked-records';
import { Role } from '../../src/modules/auth/caller';
import { toGlobalId } from '../../src/shared/global-id';

const TEST_ACTOR = { sub: 'test-factory', role: Role.ADMIN, country: null };

/**
 * Test data written straight to the tables, for reads that need more rows than
 * the seed holds. Each call makes new rows, so tests never depend on each other.
 */
export class Factory {
  private codeCounter = 0;
  constructor(private readonly db: DataSource) {}

  /** A two-letter code from the user-assigned ranges (Q?, X?), never a real country's. */
  private nextCode(): string {
    const n = this.codeCounter++;
    if (n >= 52) throw new Error('Factory ran out of test country codes');
    return `${n < 26 ? 'Q' : 'X'}${String.fromCharCode(65 + (n % 26))}`;
  }

  async country(fields: { code?: string; name?: string } = {}): Promise<{ id: string; code: string; globalId: string }> {
    const code = fields.code ?? this.nextCode();
    const [row] = await this.db.query(`INSERT INTO countries (code, name, kind) VALUES ($1, $2, 'COUNTRY') RETURNING id`, [
      code,
      fields.name ?? `Testland ${code}`,
    ]);
    return { id: row.id, code, globalId: toGlobalId('Country', row.id) };
  }

  async mineral(code = `TEST_${randomUUID().slice(0, 8).toUpperCase()}`): Promise<{ id: string; code: string }> {
    const [row] = await this.db.query(`INSERT INTO minerals (code, name) VALUES ($1, $2) RETURNING id`, [code, code]);
    return { id: row.id, code };
  }

  async meeting(
    fields: { title?: string; kind?: string; startsOn?: string | null; hostCountryId?: string; participantIds?: string[] } = {},
  ) {
    const [row] = await this.db.query(
      `INSERT INTO meetings (title, kind, starts_on, ends_on, host_country_id) VALUES ($1, $2, $3, $3, $4) RETURNING id`,
      [fields.title ?? 'Test meeting', fields.kind ?? 'WORKING_GROUP', fields.startsOn ?? null, fields.hostCountryId ?? null],
    );
    for (const countryId of fields.participantIds ?? []) {
      await this.db.query(`INSERT INTO meeting_participants (meeting_id, country_id, role) VALUES ($1, $2, 'MEMBER')`, [row.id, countryId]);
    }
    return { id: row.id as string, globalId: toGlobalId('Meeting', row.id) };
  }

  async commitment(
    fields: {
      title?: string;
      kind?: string;
      status?: string;
      partyIds?: string[];
      mineralIds?: string[];
      meetingId?: string | null;
      amount?: string;
      currency?: string;
      statusHistory?: string[];
    } = {},
  ) {
    const status = fields.status ?? 'ANNOUNCED';
    const [row] = await this.db.query(
      `INSERT INTO commitments (title, kind, instrument, status, meeting_id, amount, currency)
       VALUES ($1, $2, 'STATEMENT', $3, $4, $5, $6) RETURNING id`,
      [
        fields.title ?? 'Test commitment',
        fields.kind ?? 'FUNDING',
        status,
        fields.meetingId ?? null,
        fields.amount ?? null,
        fields.currency ?? null,
      ],
    );
    for (const [index, countryId] of (fields.partyIds ?? []).entries()) {
      await this.db.query(`INSERT INTO commitment_parties (commitment_id, country_id, role) VALUES ($1, $2, $3)`, [
        row.id,
        countryId,
        index === 0 ? 'LEAD' : 'PARTY',
      ]);
    }
    for (const mineralId of fields.mineralIds ?? []) {
      await this.db.query(`INSERT INTO commitment_minerals (commitment_id, mineral_id) VALUES ($1, $2)`, [row.id, mineralId]);
    }
    await this.history(SubjectType.COMMITMENT, row.id, fields.statusHistory ?? [status]);
    // Each party's obligation goes the same way; the amount is the lead's (the first party's) alone.
    for (const [index, countryId] of (fields.partyIds ?? []).entries()) {
      const [obligation] = await this.db.query(
        `INSERT INTO obligations (commitment_id, country_id, status, amount, currency, version)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [
          row.id,
          countryId,
          status,
          index === 0 ? (fields.amount ?? null) : null,
          index === 0 ? (fields.currency ?? null) : null,
          (fields.statusHistory ?? [status]).length,
        ],
      );
      await this.history(SubjectType.OBLIGATION, obligation.id, fields.statusHistory ?? [status]);
    }
    return { id: row.id as string, globalId: toGlobalId('Commitment', row.id) };
  }

  async project(
    fields: {
      name?: string;
      status?: string;
      kind?: string;
      participantIds?: string[];
      commitmentIds?: string[];
      mineralIds?: string[];
      budget?: [string, string];
    } = {},
  ) {
    const status = fields.status ?? 'PIPELINE';
    const [row] = await this.db.query(
      `INSERT INTO projects (name, kind, status, budget_amount, budget_currency) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [fields.name ?? 'Test project', fields.kind ?? 'RECYCLING', status, fields.budget?.[0] ?? null, fields.budget?.[1] ?? null],
    );
    for (const [index, countryId] of (fields.participantIds ?? []).entries()) {
      // The first participant leads and reports.
      await this.db.query(`INSERT INTO project_participants (project_id, country_id, role, reporting) VALUES ($1, $2, $3, $4)`, [
        row.id,
        countryId,
        index === 0 ? 'LEAD' : 'PARTNER',
        index === 0,
      ]);
    }
    for (const commitmentId of fields.commitmentIds ?? []) {
      await this.db.query(`INSERT INTO project_commitments (project_id, commitment_id) VALUES ($1, $2)`, [row.id, commitmentId]);
    }
    for (const mineralId of fields.mineralIds ?? []) {
      await this.db.query(`INSERT INTO project_minerals (project_id, mineral_id) VALUES ($1, $2)`, [row.id, mineralId]);
    }
    await this.history(SubjectType.PROJECT, row.id, [status]);
    return { id: row.id as string, globalId: toGlobalId('Project', row.id) };
  }

  /** Appends status events through the audit service, as the application does. */
  private async history(subjectType: SubjectType, subjectId: string, statuses: string[]) {
    registerTrackedRecords();
    const audit = new AuditService(this.db, notifyStatusChanges);
    for (const [index, status] of statuses.entries()) {
      await this.db.transaction((manager) =>
        audit.record(manager, {
          subjectType,
          subjectId,
          action: index === 0 ? AuditAction.CREATED : AuditAction.STATUS_CHANGED,
          actor: TEST_ACTOR,
          countryCodes: [],
          version: index + 1,
          fromStatus: index === 0 ? null : statuses[index - 1],
          toStatus: status,
        }),
      );
    }
  }
}
