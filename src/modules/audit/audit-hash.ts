import { createHash } from 'node:crypto';
import { canonicalJson, Verbatim } from '../../shared/canonical-json';

/** prevHash of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** Everything an event says, as hashed: the row minus its own prevHash and hash. */
export interface HashedEvent {
  sequence: number;
  id: string;
  occurredAt: string;
  subjectType: string;
  subjectId: string;
  action: string;
  actorSub: string;
  actorRole: string;
  actorCountry: string | null;
  countryCodes: string[];
  fromStatus: string | null;
  toStatus: string | null;
  version: number;
  note: string | null;
  evidenceUrl: string | null;
  effectiveOn: string | null;
  changes: unknown;
  state: unknown;
}

/** hash = hex SHA-256 of prevHash, a newline, and the canonical JSON of the event. */
export function eventHash(prevHash: string, event: HashedEvent): string {
  return createHash('sha256')
    .update(`${prevHash}\n${canonicalJson(event)}`)
    .digest('hex');
}

/** An event before the append lock: everything but its sequence and its time. */
export type PendingEvent = Omit<HashedEvent, 'sequence' | 'occurredAt'>;

// Raw NUL never appears in canonical JSON (JSON.stringify escapes it), so it splits the text exactly.
const HOLE = '\u0000';

/**
 * The canonical JSON of an event around its time and its sequence, which the append fills in
 * under the lock: the text is `before` + the time as a JSON string + `between` + the sequence + `after`.
 */
export function eventTextAround(event: PendingEvent): { before: string; between: string; after: string } {
  const [before, between, after] = canonicalJson({ ...event, occurredAt: new Verbatim(HOLE), sequence: new Verbatim(HOLE) }).split(HOLE);
  return { before, between, after };
}
