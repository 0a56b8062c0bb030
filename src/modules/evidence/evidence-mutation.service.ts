import type { EntityManager } from 'typeorm';
import { AppError, BadUserInputError, ErrorCode, NotFoundError } from '../../shared/errors';
import { decodeRecordId, fromGlobalId, toGlobalId } from '../../shared/global-id';
import { changeOf, MutationInput } from '../../shared/relay-mutation';
import { insertRow, lockRow, updateVersioned } from '../../shared/versioned-row';
import { AuditAction } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { registeredSubjects, SubjectDescriptor } from '../audit/subject-registry';
import { Caller, Role } from '../auth/caller';
import { Action, authorize } from '../auth/policy';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { EVIDENCE_TARGETS } from './evidence-targets';
import { EvidenceDocument, HashBasis } from './evidence.entity';
import {
  AttachEvidenceInput,
  AttachEvidencePayload,
  EvidenceFields,
  EvidenceUpload,
  RegisterEvidenceInput,
  RegisterEvidencePayload,
  SupersedeEvidenceInput,
  SupersedeEvidencePayload,
} from './evidence.inputs';
import { EVIDENCE_SUBJECT } from './evidence.subject';

const TYPE = EVIDENCE_SUBJECT.typeName;

const countriesOf = (evidence: EvidenceDocument): string[] => (evidence.submitterCountry ? [evidence.submitterCountry] : []);

/** The columns every piece of evidence has, from its validated fields. */
function describedBy(fields: EvidenceFields, caller: Caller) {
  return {
    title: fields.title,
    document_category: fields.documentCategory,
    language: fields.language.toLowerCase(),
    published_on: fields.publishedOn,
    submitter_country: caller.role === Role.PARTNER ? caller.country : null,
  };
}

/** The record a global ID names, if evidence may be attached to its kind; its countries scope a PARTNER. */
async function attachTarget(manager: EntityManager, globalId: string) {
  const { typeName, id } = decodeRecordId(globalId, 'input.subjectId');
  const targets = registeredSubjects().filter((subject) => EVIDENCE_TARGETS.includes(subject.subjectType));
  const descriptor: SubjectDescriptor | undefined = targets.find((subject) => subject.typeName === typeName);
  if (!descriptor)
    throw new BadUserInputError(
      `input.subjectId names a ${typeName}; evidence attaches to: ${targets.map((subject) => subject.typeName).join(', ')}`,
      { argument: 'input.subjectId' },
    );
  const [{ state }] = await manager.query(`SELECT (${descriptor.stateSql}) AS state`, [id]);
  if (!state) throw new NotFoundError(typeName, globalId);
  // A record linked to countries scopes by them; an obligation by its one country.
  const links: { code: string }[] = descriptor.countryLinks ? state[descriptor.countryLinks] : [];
  const countryCodes = typeof state.code === 'string' && !descriptor.countryLinks ? [state.code] : links.map((link) => link.code);
  return { descriptor, id, countryCodes };
}

/** The rules for submitting evidence, attaching it to records and superseding it. Nothing is ever deleted. */
export class EvidenceMutationService {
  constructor(
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** Stores uploaded bytes with the hash the HTTP adapter computed from them (COMPUTED). */
  upload(caller: Caller, upload: EvidenceUpload, idempotencyKey: string | undefined): Promise<EvidenceDocument> {
    const { fields, content: _content, ...file } = upload;
    const request = { ...changeOf(fields), ...file, byteSize: upload.content.length } as MutationInput;
    return this.idempotency.run(caller, Action.SUBMIT_EVIDENCE, 'uploadEvidence', idempotencyKey, request, async (manager) => {
      const evidence = await insertRow<EvidenceDocument>(manager, EvidenceDocument, {
        ...describedBy(fields, caller),
        url: fields.url ?? null,
        sha256: upload.sha256,
        hash_basis: HashBasis.COMPUTED,
        media_type: upload.mediaType,
        byte_size: upload.content.length,
        file_name: upload.fileName,
      });
      await manager.query('INSERT INTO evidence_contents (evidence_id, content) VALUES ($1, $2)', [evidence.id, upload.content]);
      await this.record(manager, caller, evidence, AuditAction.CREATED, countriesOf(evidence), request as Record<string, unknown>);
      return evidence;
    });
  }

  /** Registers a document held at a URL with the hash its submitter declares (DECLARED). */
  register(caller: Caller, input: RegisterEvidenceInput): Promise<RegisterEvidencePayload> {
    return this.idempotency.run(caller, Action.SUBMIT_EVIDENCE, 'registerEvidence', input.idempotencyKey, input, async (manager) => {
      const evidence = await insertRow<EvidenceDocument>(manager, EvidenceDocument, {
        ...describedBy(input, caller),
        url: input.url,
        sha256: input.sha256.toLowerCase(),
        hash_basis: HashBasis.DECLARED,
      });
      await this.record(manager, caller, evidence, AuditAction.CREATED, countriesOf(evidence), changeOf(input));
      return { evidence };
    });
  }

  /** Marks evidence as no longer standing, for a reason, optionally naming what replaces it; once only. */
  supersede(caller: Caller, input: SupersedeEvidenceInput): Promise<SupersedeEvidencePayload> {
    return this.idempotency.run(caller, Action.SUPERSEDE_EVIDENCE, 'supersedeEvidence', input.idempotencyKey, input, async (manager) => {
      const row = await lockRow<EvidenceDocument>(manager, EvidenceDocument, TYPE, input.evidenceId, 'input.evidenceId');
      authorize(caller, Action.SUPERSEDE_EVIDENCE, { countryCodes: countriesOf(row) });
      if (row.supersededAt)
        throw new AppError(ErrorCode.INVALID_TRANSITION, `Evidence ${input.evidenceId} is superseded already: that is final`, {
          argument: 'input.evidenceId',
          allowedTargets: [],
        });
      const replacementId = input.supersededById ? await this.standingReplacement(manager, row, input.supersededById) : null;
      const evidence = await updateVersioned<EvidenceDocument>(manager, EvidenceDocument, TYPE, row, {
        superseded_by_id: replacementId,
        superseded_reason: input.reason,
        superseded_at: new Date(),
      });
      await this.record(manager, caller, evidence, AuditAction.UPDATED, countriesOf(row), {
        supersededBy: { old: null, new: input.supersededById ?? null },
        supersededReason: { old: null, new: input.reason },
      });
      return { evidence };
    });
  }

  /** Attaches evidence that stands to a record it backs; attaching it again changes nothing. */
  attach(caller: Caller, input: AttachEvidenceInput): Promise<AttachEvidencePayload> {
    return this.idempotency.run(caller, Action.ATTACH_EVIDENCE, 'attachEvidence', input.idempotencyKey, input, async (manager) => {
      const target = await attachTarget(manager, input.subjectId);
      authorize(caller, Action.ATTACH_EVIDENCE, { countryCodes: target.countryCodes });
      const row = await lockRow<EvidenceDocument>(manager, EvidenceDocument, TYPE, input.evidenceId, 'input.evidenceId');
      if (row.supersededAt)
        throw new BadUserInputError(`Evidence ${input.evidenceId} is superseded: attach what replaced it`, {
          argument: 'input.evidenceId',
        });
      const attached = await manager.query(
        `INSERT INTO evidence_attachments (evidence_id, subject_type, subject_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
        [row.id, target.descriptor.subjectType, target.id],
      );
      if (attached.length === 0) return { evidence: row, subjectId: input.subjectId };
      const evidence = await updateVersioned<EvidenceDocument>(manager, EvidenceDocument, TYPE, row, {});
      await this.record(manager, caller, evidence, AuditAction.LINKED, [...countriesOf(row), ...target.countryCodes], {
        attachedTo: { subjectType: target.descriptor.subjectType, subjectId: input.subjectId },
      });
      return { evidence, subjectId: input.subjectId };
    });
  }

  /** The row id of a replacement that exists, is not the evidence itself, and stands (so supersession never forms a cycle). */
  private async standingReplacement(manager: EntityManager, row: EvidenceDocument, globalId: string): Promise<string> {
    const id = fromGlobalId(TYPE, globalId, 'input.supersededById');
    if (id === row.id) throw new BadUserInputError('Evidence cannot supersede itself', { argument: 'input.supersededById' });
    const [replacement] = await manager.query('SELECT superseded_at FROM evidence_documents WHERE id = $1 FOR SHARE', [id]);
    if (!replacement) throw new NotFoundError(TYPE, globalId);
    if (replacement.superseded_at)
      throw new BadUserInputError(`Evidence ${toGlobalId(TYPE, id)} is superseded itself: name what stands instead`, {
        argument: 'input.supersededById',
      });
    return id;
  }

  private record(
    manager: EntityManager,
    caller: Caller,
    evidence: EvidenceDocument,
    action: AuditAction,
    countryCodes: string[],
    changes: Record<string, unknown>,
  ) {
    return this.audit.record(manager, {
      subjectType: EVIDENCE_SUBJECT.subjectType,
      subjectId: evidence.id,
      action,
      actor: caller,
      countryCodes,
      version: evidence.version,
      changes,
    });
  }
}
