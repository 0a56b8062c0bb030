import type { DataSource } from 'typeorm';
import { eventHash, GENESIS_HASH } from './audit-hash';
import { AuditSigner, checkpointMessage as checkpointText } from './audit-signer';
import { streamEvents } from './audit-stream';
import { AuditCheckpoint, AuditVerification, CheckpointInput } from './audit-event.types';

export interface Head {
  headSequence: number;
  headHash: string;
}

/** Re-computes the hash chain and checks signed checkpoints against it. */
export class AuditVerifier {
  /** Without a signer the chain can still be verified, but checkpoints can be neither made nor checked. */
  constructor(
    private readonly db: DataSource,
    private readonly signer?: AuditSigner,
  ) {}

  async head(): Promise<Head> {
    const [row] = await this.db.query('SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1');
    return row ? { headSequence: row.sequence, headHash: row.hash } : { headSequence: 0, headHash: GENESIS_HASH };
  }

  /** A signed statement of the current head, to keep and present later. */
  async checkpoint(): Promise<AuditCheckpoint> {
    if (!this.signer) throw new Error('No AUDIT_SIGNING_KEY is configured: checkpoints cannot be signed');
    const head = await this.head();
    const signed = { ...head, createdAt: new Date().toISOString() };
    return { ...signed, signature: this.signer.sign(signed), publicKey: this.signer.publicKeyPem, message: checkpointText(signed) };
  }

  /**
   * Walks events fromSequence..toSequence (default: the whole trail): each must sit
   * at the next sequence, link to the previous hash and hash to what it stores.
   * With a checkpoint, the trail must also still contain it as a prefix.
   */
  async verify(
    range: { fromSequence?: number | null; toSequence?: number | null } = {},
    checkpoint?: CheckpointInput | null,
  ): Promise<AuditVerification> {
    const head = await this.head();
    const from = Math.max(1, range.fromSequence ?? 1);
    const to = Math.min(range.toSequence ?? head.headSequence, head.headSequence);
    // A range past the head holds nothing to check, which is not a break.
    let previous = from === 1 || from > to ? GENESIS_HASH : await this.storedHash(from - 1);
    let expected = from;
    let firstBroken: number | null = previous === undefined ? from - 1 : null;
    let checked = 0;
    if (firstBroken === null && from <= to) {
      for await (const event of streamEvents(this.db, { fromSequence: from, toSequence: to, batchSize: 5000 })) {
        checked += 1;
        const { prevHash, hash, ...hashed } = event;
        if (event.sequence !== expected || prevHash !== previous || eventHash(prevHash, hashed) !== hash) {
          firstBroken = Math.min(event.sequence, expected);
          break;
        }
        previous = hash;
        expected += 1;
      }
      if (firstBroken === null && expected <= to) firstBroken = expected;
    }
    const result: AuditVerification = {
      ok: firstBroken === null,
      checkedEvents: checked,
      firstBrokenSequence: firstBroken,
      ...head,
      checkpointSignatureValid: null,
      checkpointIsPrefix: null,
    };
    if (checkpoint) await this.checkCheckpoint(result, checkpoint);
    return result;
  }

  private async checkCheckpoint(result: AuditVerification, checkpoint: CheckpointInput): Promise<void> {
    // The signed text names the instant as toISOString writes it, however the client wrote it back.
    const head = { headSequence: checkpoint.headSequence, headHash: checkpoint.headHash, createdAt: checkpoint.createdAt.toISOString() };
    result.checkpointSignatureValid = this.signer?.verify(head, checkpoint.signature) ?? false;
    const stored = checkpoint.headSequence === 0 ? GENESIS_HASH : await this.storedHash(checkpoint.headSequence);
    result.checkpointIsPrefix = stored === checkpoint.headHash;
    if (!result.checkpointIsPrefix) {
      // Truncated below the checkpoint, or rewritten up to it: the kept head no longer stands.
      const brokenAt = stored === undefined ? result.headSequence + 1 : checkpoint.headSequence;
      result.firstBrokenSequence = Math.min(result.firstBrokenSequence ?? brokenAt, brokenAt);
    }
    result.ok = result.ok && result.checkpointSignatureValid && result.checkpointIsPrefix;
  }

  private async storedHash(sequence: number): Promise<string | undefined> {
    const [row] = await this.db.query('SELECT hash FROM audit_events WHERE sequence = $1', [sequence]);
    return row?.hash;
  }
}
