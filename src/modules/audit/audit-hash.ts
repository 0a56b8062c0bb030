import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json';

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
