import { createHash } from 'node:crypto';
import { eventHash, eventTextAround, GENESIS_HASH, type HashedEvent } from '../../src/modules/audit/audit-hash';
import { canonicalJson } from '../../src/shared/canonical-json';

const event: HashedEvent = {
  sequence: 1_234_567,
  id: '0b5c4f57-3a51-4b1e-9a57-8d2b1f6d0c11',
  occurredAt: '2026-01-12T10:00:00.123Z',
  subjectType: 'COMMITMENT',
  subjectId: '7b1f4c2e-1c7d-4c1e-8f0a-2b9a3c4d5e6f',
  action: 'STATUS_CHANGED',
  actorSub: 'partner "de"\\',
  actorRole: 'PARTNER',
  actorCountry: 'DE',
  countryCodes: ['DE', 'JP'],
  fromStatus: 'ANNOUNCED',
  toStatus: 'IN_PROGRESS',
  version: 2,
  note: 'line one\nline two \u0001 é 😀 "occurredAt":"x","sequence":1',
  evidenceUrl: null,
  effectiveOn: '2026-01-12',
  changes: { occurredAt: 'nested', sequence: 9, ä: [1.5, 0, 1e21], Z: { '': null } },
  state: { sequence: 'of the subject', version: 2 },
};

describe('eventTextAround', () => {
  it("is the event's canonical JSON around its time and sequence, even where nested members share their names", () => {
    const { sequence, occurredAt, ...pending } = event;
    const { before, between, after } = eventTextAround(pending);
    expect(`${before}${JSON.stringify(occurredAt)}${between}${sequence}${after}`).toBe(canonicalJson(event));
  });

  it('hashes, filled in after the previous hash and a newline, to eventHash', () => {
    const { sequence, occurredAt, ...pending } = event;
    const { before, between, after } = eventTextAround(pending);
    const text = `${GENESIS_HASH}\n${before}"${occurredAt}"${between}${sequence}${after}`;
    expect(createHash('sha256').update(text).digest('hex')).toBe(eventHash(GENESIS_HASH, event));
  });
});
