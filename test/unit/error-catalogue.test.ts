import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode, HTTP_STATUS } from '../../src/shared/errors';
import { ROOT, sourceFiles } from '../helpers/source-files';

/**
 * One catalogue (src/shared/errors.ts): every code a client can receive is an ErrorCode,
 * has the HTTP status of a refusal, and is documented in the README.
 */
const CATALOGUE = new Set<string>(Object.values(ErrorCode));
// Country, mineral and alliance codes in the seed data are domain values, not error codes.
const SOURCES = sourceFiles('src').filter(({ file }) => !file.startsWith('src/seed/'));

/** `code: 'SOME_CODE'` properties written as string literals, with where they are. */
function literalCodeProperties(): { file: string; code: string }[] {
  return SOURCES.flatMap(({ file, text }) =>
    [...text.matchAll(/\bcode\s*:\s*['"`]([A-Z][A-Z0-9_]*)['"`]/g)].map((match) => ({ file, code: match[1] })),
  );
}

describe('error catalogue', () => {
  it('holds every code a src/ file writes as a string literal in a `code:` property', () => {
    const outside = literalCodeProperties().filter(({ code }) => !CATALOGUE.has(code));
    expect(outside).toEqual([]);
  });

  it('is the only place error codes are spelled out: elsewhere they are ErrorCode members', () => {
    const spelled = SOURCES.filter(({ file }) => file !== 'src/shared/errors.ts').flatMap(({ file, text }) =>
      [...text.matchAll(/['"`]([A-Z][A-Z0-9_]+)['"`]/g)]
        .filter((match) => CATALOGUE.has(match[1]))
        .map((match) => ({ file, code: match[1] })),
    );
    expect(spelled).toEqual([]);
  });

  it('raises NOT_FOUND and CONFLICT only through NotFoundError and ConflictError, never built by hand', () => {
    const byHand = SOURCES.filter(({ file }) => file !== 'src/shared/errors.ts').flatMap(({ file, text }) =>
      [...text.matchAll(/ErrorCode\.(NOT_FOUND|CONFLICT)\b/g)].map((match) => ({ file, code: match[1] })),
    );
    expect(byHand).toEqual([]);
  });

  it('gives every code the HTTP status of a response it refuses, and nothing else a status', () => {
    expect(Object.keys(HTTP_STATUS).sort()).toEqual([...CATALOGUE].sort());
    for (const code of CATALOGUE) {
      const status = HTTP_STATUS[code as ErrorCode];
      expect({ code, status, valid: Number.isInteger(status) && status >= 200 && status <= 599 }).toEqual({ code, status, valid: true });
    }
    expect(HTTP_STATUS[ErrorCode.INTERNAL_SERVER_ERROR]).toBe(500);
  });

  it('is documented in the README, code by code', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect([...CATALOGUE].filter((code) => !readme.includes(`\`${code}\``))).toEqual([]);
  });
});
