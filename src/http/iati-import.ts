import express, { type RequestHandler } from 'express';
import { PUBLIC_CALLER } from '../modules/auth/caller';
import type { TokenVerifier } from '../modules/auth/token-verifier';
import type { Services } from '../services';
import { AppError, ErrorCode } from '../shared/errors';
import { refuse } from './export-response';

/** The largest activity file POST /import/iati reads (it is held in memory while validated). */
export const IATI_IMPORT_MAX_BYTES = 20 * 1024 * 1024;

/** The body, as bytes, whatever its content type (application/xml, text/xml); over the limit, 413 UPLOAD_TOO_LARGE. */
export const iatiImportBody: RequestHandler = (request, response, next) =>
  express.raw({ type: () => true, limit: IATI_IMPORT_MAX_BYTES })(request, response, (error?: unknown) => {
    if ((error as { type?: string } | undefined)?.type === 'entity.too.large') {
      refuse(
        response,
        new AppError(ErrorCode.UPLOAD_TOO_LARGE, `The file is larger than ${IATI_IMPORT_MAX_BYTES} bytes`, {
          maxBytes: IATI_IMPORT_MAX_BYTES,
        }),
      );
      return;
    }
    next(error);
  });

/**
 * POST /import/iati (ADMIN): the request body is an IATI 2.03 activity file. 200 with what the
 * import did; 422 INVALID_IATI_FILE with `extensions.problems` (line, reason, code) when the file
 * is refused, in which case nothing was written.
 */
export function iatiImportHandler(services: Services, tokens: TokenVerifier): RequestHandler {
  return async (request, response) => {
    try {
      const caller = (await tokens.callerFrom(request.headers.authorization)) ?? PUBLIC_CALLER;
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const summary = await services.iatiImport.importFile(caller, body);
      response.status(200).json({ data: summary });
    } catch (error) {
      refuse(response, error);
    }
  };
}
