import { randomUUID } from 'node:crypto';
import { AuditAction } from '../../src/modules/audit/audit-event.entity';
import { eventHash, type HashedEvent } from '../../src/modules/audit/audit-hash';
import { type AuditEventInput, AuditService } from '../../src/modules/audit/audit.service';
import { AuditVerifier } from '../../src/modules/audit/audit-verifier';
import { ChainWriter } from '../../src/modules/audit/chain-writer';
import { streamEvents } from '../../src/modules/audit/audit-stream';
import { Role } from '../../src/modules/auth/caller';
import { useTestApi } from '../helpers/test-api';

/**
 * Postgres chains the events (chainedEventsInsert): it fills in each event's sequence and time
 * and hashes its canonical text, made in Node around them. What it hashes must be exactly what the
 * verifier, in Node, recomputes from the stored row, for any text a caller may send.
 */

const api = useTestApi();

const awkward = [
  'quotes " and \\ backslashes',
  'a newline\nand a tab\t, a control \u0001 and \u001f',
  'é, 中文, 😀 and the line separator \u2028',
  '"occurredAt":"2020-01-01T00:00:00.000Z","sequence":1',
];

const input = (note: string, index: number): AuditEventInput => ({
  subjectType: 'COMMITMENT',
  subjectId: randomUUID(),
  action: AuditAction.STATUS_CHANGED,
  actor: { sub: `chain-test ${note.slice(0, 10)}`, role: Role.ADMIN, country: null },
  countryCodes: ['JP', 'DE', 'JP'],
  version: index + 1,
  fromStatus: 'ANNOUNCED',
  toStatus: 'IN_PROGRESS',
  note,
  effectiveOn: '2026-01-12',
  changes: { note: { old: null, new: note }, ä: [1.5, 0, 1e21, -0], nested: { sequence: index, occurredAt: note } },
});

async function storedSince(sequence: number) {
  const events = [];
  for await (const event of streamEvents(api.db, { fromSequence: sequence + 1 })) events.push(event);
  return events;
}

const head = async () => Number((await api.db.query('SELECT coalesce(max(sequence), 0) AS head FROM audit_events'))[0].head);

it.each([
  ['in a write group, as one message with the append lock', true],
  ['outside the chain writer (the seed, a script)', false],
])('chains what the verifier recomputes, %s', async (_, inGroup) => {
  const audit = new AuditService(api.db);
  const before = await head();
  const inputs = awkward.map(input);
  const records = inGroup
    ? await new ChainWriter(api.db, 8).run((manager) => audit.recordAll(manager, inputs))
    : await api.db.transaction((manager) => audit.recordAll(manager, inputs));
  const stored = await storedSince(before);
  expect(stored.map((event) => event.sequence)).toEqual(inputs.map((_, index) => before + index + 1));
  expect(records.map((record) => record.sequence)).toEqual(stored.map((event) => event.sequence));
  expect(stored.map((event) => event.note)).toEqual(awkward);
  expect(stored.map((event) => event.countryCodes)).toEqual(inputs.map(() => ['DE', 'JP']));
  for (const event of stored) {
    const { prevHash, hash, ...hashed } = event;
    expect(eventHash(prevHash, hashed as HashedEvent)).toBe(hash);
  }
  expect(stored.slice(1).map((event) => event.prevHash)).toEqual(stored.slice(0, -1).map((event) => event.hash));
  expect(records.map((record) => record.recordedAt.toISOString())).toEqual(stored.map((event) => event.occurredAt));
  expect(await new AuditVerifier(api.db).verify()).toMatchObject({ ok: true });
});
