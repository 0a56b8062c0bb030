import type { Request, RequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';
import { AssessmentKind } from '../modules/assessment/assessment.entity';
import type { ComplianceReport, SignedDocument } from '../modules/assessment/compliance-report.service';
import type { TokenVerifier } from '../modules/auth/token-verifier';
import type { Services } from '../services';
import { BadUserInputError, ConflictError, ErrorCode, HTTP_STATUS, isErrorCode } from '../shared/errors';
import { QueryParameters } from './query-parameters';

type Format = 'json' | 'csv';
const CONTENT_TYPES: Record<Format, string> = { json: 'application/json; charset=utf-8', csv: 'text/csv; charset=utf-8' };

/** A refusal as JSON with its code's status; anything else is not the caller's doing. */
function refuse(response: Response, error: unknown): void {
  const code = error instanceof GraphQLError ? error.extensions.code : undefined;
  if (!isErrorCode(code) || code === ErrorCode.INTERNAL_SERVER_ERROR) throw error;
  const { http: _http, ...extensions } = (error as GraphQLError).extensions;
  response.status(HTTP_STATUS[code]).json({ errors: [{ message: (error as GraphQLError).message, extensions }] });
}

interface ReportRequest {
  meeting: string;
  kind: AssessmentKind;
  format: Format;
  head?: number;
}

/** meeting (a Meeting global ID, required), kind (FINAL by default), format (json, or csv, also chosen by Accept: text/csv), head (.sig only). */
function reportRequest(request: Request, withHead: boolean): ReportRequest {
  const parameters = new QueryParameters(request.query, withHead ? ['meeting', 'kind', 'format', 'head'] : ['meeting', 'kind', 'format']);
  const meeting = parameters.single('meeting');
  if (!meeting) throw new BadUserInputError('meeting is required: the global ID of a Meeting (Meeting.id)', { argument: 'meeting' });
  const kind = parameters.single('kind') ?? AssessmentKind.FINAL;
  if (!Object.values(AssessmentKind).includes(kind as AssessmentKind))
    throw new BadUserInputError(`kind must be ${Object.values(AssessmentKind).join(' or ')}`, { argument: 'kind' });
  const asked = parameters.single('format') ?? (request.accepts(['application/json', 'text/csv']) === 'text/csv' ? 'csv' : 'json');
  if (asked !== 'json' && asked !== 'csv') throw new BadUserInputError('format must be json or csv', { argument: 'format' });
  const head = parameters.single('head');
  if (head !== undefined && !/^\d{1,15}$/.test(head))
    throw new BadUserInputError('head must be an audit sequence number', { argument: 'head' });
  return { meeting, kind: kind as AssessmentKind, format: asked, head: head === undefined ? undefined : Number(head) };
}

async function signedReport(services: Services, tokens: TokenVerifier, request: Request, withHead: boolean) {
  // Reading is public; a token that is sent must still be valid, as everywhere else.
  await tokens.callerFrom(request.headers.authorization);
  const asked = reportRequest(request, withHead);
  const report: ComplianceReport = await services.complianceReports.report(asked.meeting, asked.kind);
  if (asked.head !== undefined && asked.head !== report.auditHead.sequence)
    // The audit trail's head is the version a report is computed at.
    throw new ConflictError('Audit trail', 'head', asked.head, report.auditHead.sequence);
  const document: SignedDocument =
    asked.format === 'csv' ? services.complianceReports.csv(report) : services.complianceReports.json(report);
  return { asked, report, document };
}

/**
 * GET /export/compliance-report: the signed report of a meeting's commitments × members. The body is the
 * canonical JSON (or CSV); x-report-signature holds the base64 Ed25519 signature over exactly its bytes,
 * verifiable against GET /export/audit-signing-key.pem (README: "For auditors").
 */
export function complianceReportHandler(services: Services, tokens: TokenVerifier): RequestHandler {
  return async (request, response) => {
    try {
      const { asked, report, document } = await signedReport(services, tokens, request, false);
      response.setHeader('content-type', CONTENT_TYPES[asked.format]);
      response.setHeader('x-report-signature', document.signature.toString('base64'));
      response.setHeader('x-audit-head-sequence', String(report.auditHead.sequence));
      response.setHeader('x-audit-head-hash', report.auditHead.hash ?? '');
      response.setHeader('cache-control', 'no-store');
      response.send(Buffer.from(document.body, 'utf8'));
    } catch (error) {
      refuse(response, error);
    }
  };
}

/** GET /export/compliance-report.sig: the raw 64-byte signature of the same report, for `openssl pkeyutl -sigfile`; with head=, CONFLICT once the trail moved on. */
export function complianceReportSignatureHandler(services: Services, tokens: TokenVerifier): RequestHandler {
  return async (request, response) => {
    try {
      const { report, document } = await signedReport(services, tokens, request, true);
      response.setHeader('content-type', 'application/octet-stream');
      response.setHeader('x-audit-head-sequence', String(report.auditHead.sequence));
      response.setHeader('cache-control', 'no-store');
      response.send(document.signature);
    } catch (error) {
      refuse(response, error);
    }
  };
}

/** GET /export/audit-signing-key.pem: the public key of the audit checkpoint signer, which also signs reports. */
export function signingKeyHandler(services: Services): RequestHandler {
  return (_request, response) => {
    response.setHeader('content-type', 'application/x-pem-file');
    response.send(services.complianceReports.publicKeyPem);
  };
}
