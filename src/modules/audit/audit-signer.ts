import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { logger } from '../../shared/logger';

const LOCAL_KEY_FILE = 'audit-signing-key.pem';

export interface CheckpointHead {
  headSequence: number;
  headHash: string;
  createdAt: string;
}

/** The exact bytes a checkpoint signature covers (README: "Verifying the audit trail"). */
export function checkpointMessage(head: CheckpointHead): string {
  return `audit-checkpoint:v1\nheadSequence=${head.headSequence}\nheadHash=${head.headHash}\ncreatedAt=${head.createdAt}\n`;
}

/** Signs checkpoints with Ed25519, as Certificate Transparency logs sign their tree heads. */
export class AuditSigner {
  readonly publicKeyPem: string;
  private readonly publicKey: KeyObject;

  constructor(private readonly privateKey: KeyObject) {
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('AUDIT_SIGNING_KEY must be an Ed25519 private key (PEM, PKCS#8)');
    this.publicKey = createPublicKey(privateKey);
    this.publicKeyPem = this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /** The configured key; in local use only, one is generated once into the data dir. */
  static fromConfig(pem: string | undefined, local: boolean, dataDir: string): AuditSigner {
    if (pem) return new AuditSigner(createPrivateKey(pem.replace(/\\n/g, '\n')));
    if (!local)
      throw new Error('Set AUDIT_SIGNING_KEY (an Ed25519 private key in PEM): a signing key is generated only with the embedded database');
    const file = path.join(dataDir, LOCAL_KEY_FILE);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(dataDir, { recursive: true });
      const { privateKey } = generateKeyPairSync('ed25519');
      fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      logger.warn({ keyFile: file }, 'generated a local audit checkpoint signing key');
    }
    return new AuditSigner(createPrivateKey(fs.readFileSync(file)));
  }

  static generate(): AuditSigner {
    return new AuditSigner(generateKeyPairSync('ed25519').privateKey);
  }

  /** Base64 Ed25519 signature of the checkpoint message. */
  sign(head: CheckpointHead): string {
    return sign(null, Buffer.from(checkpointMessage(head)), this.privateKey).toString('base64');
  }

  verify(head: CheckpointHead, signature: string): boolean {
    try {
      return verify(null, Buffer.from(checkpointMessage(head)), this.publicKey, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  }

  /** A detached Ed25519 signature (64 bytes) over exactly these bytes, e.g. a signed report (README: "For auditors"). */
  signBytes(bytes: Buffer): Buffer {
    return sign(null, bytes, this.privateKey);
  }
}
