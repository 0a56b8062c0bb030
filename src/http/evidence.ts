import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import busboy from 'busboy';
import { validate } from 'class-validator';
import { GraphQLError } from 'graphql';
import { PUBLIC_CALLER } from '../modules/auth/caller';
import type { TokenVerifier } from '../modules/auth/token-verifier';
import { EvidenceUpload, UploadEvidenceFields } from '../modules/evidence/evidence.inputs';
import type { Services } from '../services';
import { AppError, BadUserInputError, ErrorCode, HTTP_STATUS, isErrorCode, NotFoundError } from '../shared/errors';
import { toGlobalId } from '../shared/global-id';
import { checkText } from '../shared/input-limits';
import { DateScalar } from '../shared/scalars';

const FIELDS = ['title', 'documentCategory', 'language', 'publishedOn', 'url'] as const;
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;
const MAX_FIELD_BYTES = 4000;
const MAX_FILE_NAME = 255;
/** Room for the form's fields and part headers besides the file: a declared length beyond it is refused unread. */
const FORM_OVERHEAD_BYTES = 64 * 1024;
const FORM = `POST /evidence takes multipart/form-data: one part "file" and the fields ${FIELDS.join(', ')} (url optional)`;

/** A refusal as JSON with its code's status, as the GraphQL API words it; anything else is not the caller's doing. */
function refuse(response: Response, error: unknown): void {
  const code = error instanceof GraphQLError ? error.extensions.code : undefined;
  if (!isErrorCode(code) || code === ErrorCode.INTERNAL_SERVER_ERROR) throw error;
  const { http: _http, ...extensions } = (error as GraphQLError).extensions;
  response.status(HTTP_STATUS[code]).json({ errors: [{ message: (error as GraphQLError).message, extensions }] });
}

const tooLarge = (maxBytes: number) =>
  new AppError(ErrorCode.UPLOAD_TOO_LARGE, `The file is larger than ${maxBytes} bytes (EVIDENCE_MAX_BYTES)`, { maxBytes });

interface ReadForm {
  fields: Record<string, string>;
  file?: Omit<EvidenceUpload, 'fields'>;
}

/**
 * Reads the form to its end, hashing the file as it arrives. A file over `maxBytes` is
 * dropped as soon as it passes the limit (its remaining bytes are read and discarded, so
 * the client gets the answer instead of a reset connection); a body that declares a length
 * no form within the limit could have is refused before it is read.
 */
function readForm(request: Request, maxBytes: number): Promise<ReadForm> {
  return new Promise((resolve, reject) => {
    if (Number(request.header('content-length')) > maxBytes + FORM_OVERHEAD_BYTES) {
      reject(tooLarge(maxBytes));
      return;
    }
    let parser: busboy.Busboy;
    try {
      // busboy marks a file truncated once it reaches the limit, even if it ends there: one byte of room tells the two apart.
      parser = busboy({ headers: request.headers, limits: { fileSize: maxBytes + 1, files: 1, fields: 10, fieldSize: MAX_FIELD_BYTES } });
    } catch {
      reject(new AppError(ErrorCode.BAD_REQUEST, FORM));
      return;
    }
    const form: ReadForm = { fields: {} };
    let failure: Error | undefined;
    const fail = (error: Error) => {
      failure ??= error;
    };
    parser.on('field', (name, value, info) => {
      if (!(FIELDS as readonly string[]).includes(name))
        return fail(new BadUserInputError(`Unknown field "${name}": ${FORM}`, { argument: name }));
      if (info.valueTruncated) return fail(new BadUserInputError(`${name} must be at most ${MAX_FIELD_BYTES} bytes`, { argument: name }));
      form.fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file') {
        stream.resume();
        return fail(new BadUserInputError(`Unknown file part "${name}": ${FORM}`, { argument: name }));
      }
      const hash = createHash('sha256');
      let chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        chunks.push(chunk);
      });
      stream.on('limit', () => {
        chunks = [];
        fail(tooLarge(maxBytes));
      });
      stream.on('close', () => {
        if (stream.truncated) return;
        form.file = {
          content: Buffer.concat(chunks),
          sha256: hash.digest('hex'),
          mediaType: info.mimeType,
          fileName: info.filename ? info.filename.slice(0, MAX_FILE_NAME) : null,
        };
      });
    });
    parser.on('filesLimit', () => fail(new BadUserInputError(`Send one file: ${FORM}`, { argument: 'file' })));
    parser.on('fieldsLimit', () => fail(new BadUserInputError(FORM)));
    parser.on('error', () => {
      // The rest of the body is read and dropped, so the client gets the answer.
      request.unpipe(parser);
      request.resume();
      reject(new AppError(ErrorCode.BAD_REQUEST, `The form could not be read: ${FORM}`));
    });
    parser.on('close', () => (failure ? reject(failure) : resolve(form)));
    request.pipe(parser);
  });
}

/** The upload's fields, validated as registerEvidence validates its input. */
async function uploadFrom(form: ReadForm): Promise<EvidenceUpload> {
  const { fields, file } = form;
  if (!file) throw new BadUserInputError(`The part "file" is missing: ${FORM}`, { argument: 'file' });
  for (const [name, value] of Object.entries(fields)) checkText(value, MAX_FIELD_BYTES, name);
  const upload = Object.assign(new UploadEvidenceFields(), fields);
  const problems = (await validate(upload, { forbidUnknownValues: false })).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) => ({ argument: error.property, message })),
  );
  if (problems.length)
    throw new BadUserInputError(`Invalid input: ${problems.map((p) => `${p.argument}: ${p.message}`).join('; ')}`, {
      argument: problems[0].argument,
      problems,
    });
  try {
    upload.publishedOn = DateScalar.parseValue(fields.publishedOn) as string;
  } catch {
    throw new BadUserInputError('publishedOn must be a date, YYYY-MM-DD', { argument: 'publishedOn' });
  }
  if (!MEDIA_TYPE.test(file.mediaType))
    throw new BadUserInputError('The file part needs a Content-Type such as application/pdf', { argument: 'file' });
  if (file.fileName) checkText(file.fileName, MAX_FILE_NAME, 'file');
  return { ...file, fields: upload };
}

/**
 * POST /evidence: stores an uploaded document (multipart/form-data) with the SHA-256 the
 * server computes as it reads it; answers 201 with the evidence's global ID and hash.
 * Nothing is written unless the whole file arrived within EVIDENCE_MAX_BYTES.
 */
export function evidenceUploadHandler(services: Services, tokens: TokenVerifier, maxBytes: number): RequestHandler {
  return async (request, response) => {
    try {
      const caller = (await tokens.callerFrom(request.headers.authorization)) ?? PUBLIC_CALLER;
      const upload = await uploadFrom(await readForm(request, maxBytes));
      const key = request.header('idempotency-key');
      if (key !== undefined && !/^[\x21-\x7e]{1,200}$/.test(key))
        throw new BadUserInputError('Idempotency-Key must be 1 to 200 printable ASCII characters', { argument: 'Idempotency-Key' });
      const evidence = await services.evidenceMutations.upload(caller, upload, key);
      const id = toGlobalId('Evidence', evidence.id);
      response
        .status(201)
        .location(`/evidence/${id}`)
        .json({ id, sha256: evidence.sha256, hashBasis: evidence.hashBasis, byteSize: evidence.byteSize, mediaType: evidence.mediaType });
    } catch (error) {
      refuse(response, error);
    }
  };
}

/** Whether an If-None-Match field names this ETag (weak comparison, RFC 9110 §13.1.2). */
function matches(ifNoneMatch: string | undefined, sha256: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === `"${sha256}"`;
  });
}

/**
 * GET /evidence/:id: the uploaded bytes, with their hash as a strong ETag and as Digest
 * (RFC 3230) and Repr-Digest (RFC 9530) fields. The bytes of an ID never change, so they may
 * be cached for good; they are always sent as a download that the browser may not run.
 */
export function evidenceDownloadHandler(services: Services, tokens: TokenVerifier): RequestHandler {
  return async (request, response) => {
    try {
      // Reading is public; a token that is sent must still be valid, as everywhere else.
      await tokens.callerFrom(request.headers.authorization);
      const id = String(request.params.id);
      const found = await services.evidence.content(id, 'id');
      if (found === undefined) throw new NotFoundError('Evidence', id);
      if (found === null)
        throw new NotFoundError(
          'Evidence',
          id,
          `Evidence "${id}" was registered by URL: this server holds no bytes of it (see Evidence.url)`,
        );
      const digest = Buffer.from(found.sha256, 'hex').toString('base64');
      response.setHeader('etag', `"${found.sha256}"`);
      response.setHeader('digest', `sha-256=${digest}`);
      response.setHeader('repr-digest', `sha-256=:${digest}:`);
      // attachment() guesses a type from the file name: the stored one is set after it.
      response.attachment(found.fileName ?? `evidence-${found.sha256.slice(0, 12)}`);
      response.setHeader('content-type', found.mediaType);
      response.setHeader('cache-control', 'public, max-age=31536000, immutable');
      response.setHeader('x-content-type-options', 'nosniff');
      response.setHeader('content-security-policy', "default-src 'none'; sandbox");
      // Judged here, not by Express: it ignores If-None-Match when the request says no-cache, as fetch() then does.
      if (matches(request.header('if-none-match'), found.sha256)) {
        response.status(304).end();
        return;
      }
      response.send(found.content);
    } catch (error) {
      refuse(response, error);
    }
  };
}
