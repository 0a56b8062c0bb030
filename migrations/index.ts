import { InitialSchema1767225600000 } from './1767225600000-InitialSchema';
import { AuditEvents1767225600001 } from './1767225600001-AuditEvents';
import { IdempotencyKeys1767225600002 } from './1767225600002-IdempotencyKeys';
import { FullTextSearch1767225600003 } from './1767225600003-FullTextSearch';
import { IdempotencyKeysPerIdentity1767225600004 } from './1767225600004-IdempotencyKeysPerIdentity';
import { AuditEventLines1767225600008 } from './1767225600008-AuditEventLines';

/** Every migration in order; listed explicitly so the server, the CLI and the tests load the same set. */
export const MIGRATIONS = [
  InitialSchema1767225600000,
  AuditEvents1767225600001,
  IdempotencyKeys1767225600002,
  FullTextSearch1767225600003,
  IdempotencyKeysPerIdentity1767225600004,
  AuditEventLines1767225600008,
];
