import { InitialSchema1767225600000 } from './1767225600000-InitialSchema';
import { AuditEvents1767225600001 } from './1767225600001-AuditEvents';
import { IdempotencyKeys1767225600002 } from './1767225600002-IdempotencyKeys';
import { FullTextSearch1767225600003 } from './1767225600003-FullTextSearch';
import { IdempotencyKeysPerIdentity1767225600004 } from './1767225600004-IdempotencyKeysPerIdentity';
import { Obligations1767225600005 } from './1767225600005-Obligations';
import { PartyConsent1767225600006 } from './1767225600006-PartyConsent';
import { Provenance1767225600007 } from './1767225600007-Provenance';
import { AuditEventLines1767225600008 } from './1767225600008-AuditEventLines';
import { EvidenceDocuments1767225600009 } from './1767225600009-EvidenceDocuments';
import { AuditorReviews1767225600010 } from './1767225600010-AuditorReviews';
import { ObligationEvidence1767225600011 } from './1767225600011-ObligationEvidence';
import { FundingAndResults1767225600012 } from './1767225600012-FundingAndResults';
import { ConsentStatistics1767225600013 } from './1767225600013-ConsentStatistics';

/** Every migration in order; listed explicitly so the server, the CLI and the tests load the same set. */
export const MIGRATIONS = [
  InitialSchema1767225600000,
  AuditEvents1767225600001,
  IdempotencyKeys1767225600002,
  FullTextSearch1767225600003,
  IdempotencyKeysPerIdentity1767225600004,
  Obligations1767225600005,
  PartyConsent1767225600006,
  Provenance1767225600007,
  AuditEventLines1767225600008,
  EvidenceDocuments1767225600009,
  AuditorReviews1767225600010,
  ObligationEvidence1767225600011,
  FundingAndResults1767225600012,
  ConsentStatistics1767225600013,
];
