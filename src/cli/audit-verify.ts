import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openDatabase } from '../database/database';
import { AuditSigner } from '../modules/audit/audit-signer';
import { AuditVerifier } from '../modules/audit/audit-verifier';
import { logger } from '../shared/logger';

/**
 * `npm run audit:verify [-- --from N --to M]`: re-computes the hash chain in the
 * configured database; prints the result as JSON and exits 1 when it is broken.
 */
async function verifyAuditTrail(): Promise<number> {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
  const config = loadConfig();
  logger.level = 'error';
  const database = await openDatabase(config);
  try {
    // Re-computing the chain needs no key; only checkpoints do.
    const signer =
      config.auditSigningKey || config.local ? AuditSigner.fromConfig(config.auditSigningKey, config.local, config.dataDir) : undefined;
    const verifier = new AuditVerifier(database.dataSource, signer);
    const result = await verifier.verify({
      fromSequence: values.from ? Number(values.from) : null,
      toSequence: values.to ? Number(values.to) : null,
    });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (!result.ok) process.stderr.write(`audit trail broken at sequence ${result.firstBrokenSequence}\n`);
    return result.ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

verifyAuditTrail().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`audit:verify failed: ${error.message}\n`);
    process.exit(2);
  },
);
