import fs from 'node:fs';
import path from 'node:path';
import { memoryPages, validateXML, XMLFileInfo } from 'xmllint-wasm';
import { IATI_STANDARD_DIR } from './iati.codelists';
import { IatiProblem } from './iati.model';
import { MAX_PROBLEMS } from './xml-reading';

const FILE_NAME = 'activities.xml';

let schemaFiles: { schema: XMLFileInfo; preload: XMLFileInfo[] } | undefined;

/** The activity schema and the two files it includes and imports, read once. */
function schema(): { schema: XMLFileInfo; preload: XMLFileInfo[] } {
  const file = (fileName: string): XMLFileInfo => ({ fileName, contents: fs.readFileSync(path.join(IATI_STANDARD_DIR, fileName), 'utf8') });
  schemaFiles ??= { schema: file('iati-activities-schema.xsd'), preload: [file('iati-common.xsd'), file('xml.xsd')] };
  return schemaFiles;
}

/** libxml2's prefix says which stage failed; the reason after it is what a publisher needs. */
const reasonOf = (message: string): string =>
  message.replace(/^(Schemas validity error|parser error|namespace error|validity error)\s*:\s*/, '').trim();

/**
 * Validates an activity file against the IATI 2.03 activity schema with libxml2 (xmllint,
 * compiled to WebAssembly: no native build, no network; the schema's files are all local).
 * Returns each error with its line; an empty list means the file is valid. The streaming
 * reader keeps libxml2's memory flat in the file's size.
 */
export async function schemaProblems(xml: Buffer): Promise<IatiProblem[]> {
  const { schema: activitySchema, preload } = schema();
  const options = {
    xml: { fileName: FILE_NAME, contents: new Uint8Array(xml.buffer, xml.byteOffset, xml.byteLength) },
    schema: activitySchema,
    preload,
    maxMemoryPages: 512 * memoryPages.MiB,
  };
  // xmllint's streaming mode ends a file that is not well-formed with an exit code the wrapper
  // throws on; read whole, the same file gives its parser errors with their lines.
  const result = await validateXML({ ...options, stream: true }).catch(() => validateXML(options));
  if (result.valid) return [];
  // libxml2 follows a parser error with the offending line and a caret: those carry no location.
  const problems = result.errors
    .filter((error) => error.loc)
    .map((error) => ({ line: error.loc!.lineNumber, reason: reasonOf(error.message) }));
  if (problems.length === 0)
    problems.push({ line: 0, reason: result.rawOutput.trim().slice(0, 500) || 'the file is not valid IATI 2.03 XML' });
  return problems.slice(0, MAX_PROBLEMS);
}
