import { assertTransition } from '../../src/shared/workflow';
import { asOfSource } from '../../src/modules/audit/as-of';
import { AuditAction } from '../../src/modules/audit/audit-event.entity';
import { AuditTrailService } from '../../src/modules/audit/audit-trail.service';
import { AuditService } from '../../src/modules/audit/audit.service';
import { registeredSubjects, registerSubject } from '../../src/modules/audit/subject-registry';
import { Caller, Role } from '../../src/modules/auth/caller';
import { LoaderRegistry } from '../../src/shared/loader-registry';
import { SqlParams } from '../../src/shared/pagination';
import { authHeader, dataOf, startTestApi, TestApi } from '../helpers/test-api';
import { WIDGET_SUBJECT, WIDGET_TABLES, WidgetStatus } from '../helpers/widget.subject';

/**
 * Adding a kind of tracked record is its descriptor plus its registration: a made-up
 * "widget" gets a history, an audit trail, a past state and a chain that verifies,
 * with nothing in the audit module told about it.
 */

let api: TestApi;
const AUDITOR: Caller = { sub: 'tracked-record-auditor', role: Role.AUDITOR, country: null };
const WRITER: Caller = { sub: 'tracked-record-writer', role: Role.ADMIN, country: null };

beforeAll(async () => {
  api = await startTestApi();
  // What the new type's migration would do: its tables, and its subject type admitted by the trail's CHECK.
  await api.db.query(WIDGET_TABLES);
  registerSubject(WIDGET_SUBJECT);
  registerSubject(WIDGET_SUBJECT);
  const types = registeredSubjects().map((subject) => `'${subject.subjectType}'`);
  const [check] = await api.db.query(
    `SELECT conname FROM pg_constraint WHERE conrelid = 'audit_events'::regclass AND pg_get_constraintdef(oid) LIKE '%subject_type%'`,
  );
  await api.db.query(
    `ALTER TABLE audit_events DROP CONSTRAINT ${check.conname}, ADD CONSTRAINT ${check.conname} CHECK (subject_type IN (${types.join(', ')}))`,
  );
});

afterAll(async () => {
  await api?.close();
});

/** Creates a widget with its parts and records the creation, in one transaction as the services do. */
async function createWidget(audit: AuditService, name: string, parts: string[]): Promise<string> {
  return api.db.transaction(async (manager) => {
    const [row] = await manager.query(`INSERT INTO widgets (name, status) VALUES ($1, 'DRAFT') RETURNING id`, [name]);
    for (const part of parts) await manager.query('INSERT INTO widget_parts (widget_id, part) VALUES ($1, $2)', [row.id, part]);
    await audit.record(manager, {
      subjectType: WIDGET_SUBJECT.subjectType,
      subjectId: row.id,
      action: AuditAction.CREATED,
      actor: WRITER,
      countryCodes: [],
      version: 1,
      toStatus: 'DRAFT',
      changes: { name, parts },
    });
    return row.id as string;
  });
}

/** Moves a widget along its workflow, from the descriptor, and records the change. */
async function buildWidget(audit: AuditService, id: string, name: string, evidenceUrl: string) {
  assertTransition(WIDGET_SUBJECT.workflow!, 'DRAFT', { status: 'BUILT' as WidgetStatus, evidenceUrl });
  return api.db.transaction(async (manager) => {
    await manager.query(`UPDATE widgets SET status = 'BUILT', name = $2, version = 2 WHERE id = $1`, [id, name]);
    return audit.record(manager, {
      subjectType: WIDGET_SUBJECT.subjectType,
      subjectId: id,
      action: AuditAction.STATUS_CHANGED,
      actor: WRITER,
      countryCodes: [],
      version: 2,
      fromStatus: 'DRAFT',
      toStatus: 'BUILT',
      evidenceUrl,
      changes: { name: { old: 'Sprocket', new: name } },
    });
  });
}

describe('a tracked record added by a descriptor alone', () => {
  it('records its creation and changes, shows them in its audit trail with its state, rebuilds its past, and the chain still verifies', async () => {
    const audit = new AuditService(api.db);
    const id = await createWidget(audit, 'Sprocket', ['gear', 'axle']);
    const [{ between }] = await api.db.query(`SELECT clock_timestamp() AS between`);
    const change = await buildWidget(audit, id, 'Sprocket II', 'https://example.org/built');
    expect(change).toMatchObject({ fromStatus: 'DRAFT', toStatus: 'BUILT', version: 2 });

    const trail = new AuditTrailService(api.db);
    const loaders = new LoaderRegistry();
    const page = await trail.trailOf(AUDITOR, loaders, id, { first: 10 });
    const events = page.edges.map((edge) => edge.node);
    expect(events.map((event) => [event.subjectType, event.action, event.fromStatus, event.toStatus, event.version])).toEqual([
      ['WIDGET', AuditAction.CREATED, null, 'DRAFT', 1],
      ['WIDGET', AuditAction.STATUS_CHANGED, 'DRAFT', 'BUILT', 2],
    ]);
    const [created, built] = await Promise.all(events.map((event) => trail.payloadOf(loaders, event.sequence)));
    expect(created.state).toMatchObject({ id, name: 'Sprocket', status: 'DRAFT', parts: ['axle', 'gear'] });
    expect(built).toMatchObject({
      changes: { name: { old: 'Sprocket', new: 'Sprocket II' } },
      state: { name: 'Sprocket II', status: 'BUILT' },
    });

    // Its as-of source rebuilds the row as it stood before the change.
    const params = new SqlParams();
    const [past] = await api.db.query(
      `SELECT w.name, w.status FROM ${asOfSource(WIDGET_SUBJECT, new Date(between), params)} WHERE w.id = ${params.add(id)}`,
      params.values,
    );
    expect(past).toEqual({ name: 'Sprocket', status: 'DRAFT' });

    const headers = await authHeader({ sub: AUDITOR.sub, role: Role.AUDITOR });
    const verification = dataOf(await api.graphql('{ verifyAuditTrail { ok checkedEvents } }', {}, headers)).verifyAuditTrail;
    expect(verification.ok).toBe(true);
    expect(verification.checkedEvents).toBeGreaterThanOrEqual(2);
  });

  it('refuses events about a type nobody registered, before anything is written', async () => {
    const audit = new AuditService(api.db);
    const [before] = await api.db.query('SELECT count(*)::int AS n FROM audit_events');
    await expect(
      api.db.transaction((manager) =>
        audit.record(manager, {
          subjectType: 'GADGET',
          subjectId: '00000000-0000-0000-0000-000000000000',
          action: AuditAction.CREATED,
          actor: WRITER,
          countryCodes: [],
          version: 1,
        }),
      ),
    ).rejects.toThrow(/no tracked record type GADGET is registered/);
    const [after] = await api.db.query('SELECT count(*)::int AS n FROM audit_events');
    expect(after.n).toBe(before.n);
  });
});
