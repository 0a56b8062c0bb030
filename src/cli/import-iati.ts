import 'reflect-metadata';
import fs from 'node:fs';
import { loadConfig } from '../config';
import { openDatabase } from '../database/database';
import { Role } from '../modules/auth/caller';
import { IatiFileRefusedError } from '../modules/iati/iati-file';
import { createIatiImportService } from '../modules/iati/iati-import.factory';
import { logger } from '../shared/logger';

/** Whoever runs the CLI has the database in hand: the import is an ADMIN's, named so in the audit trail. */
const CLI_ACTOR = Object.freeze({ sub: 'cli:import-iati', role: Role.ADMIN, country: null });

/**
 * `npm run import:iati -- file.xml [more.xml …]`: loads IATI 2.03 activity files into the
 * configured database, each in one transaction. Prints what each did as JSON; a refused file
 * prints each problem as `file:line: reason` and the command exits 1 (nothing of that file is written).
 */
async function importFiles(files: string[]): Promise<number> {
  if (files.length === 0) {
    process.stderr.write('usage: npm run import:iati -- file.xml [more.xml …]\n');
    return 2;
  }
  const config = loadConfig();
  logger.level = 'error';
  const database = await openDatabase(config);
  let failed = false;
  try {
    const imports = createIatiImportService(database.dataSource);
    for (const file of files) {
      try {
        const summary = await imports.importFile(CLI_ACTOR, fs.readFileSync(file));
        process.stdout.write(`${JSON.stringify({ file, ...summary })}\n`);
      } catch (error) {
        if (!(error instanceof IatiFileRefusedError)) throw error;
        failed = true;
        for (const problem of error.problems) process.stderr.write(`${file}:${problem.line}: ${problem.reason}\n`);
        process.stderr.write(`${file}: refused, nothing written\n`);
      }
    }
  } finally {
    await database.close();
  }
  return failed ? 1 : 0;
}

importFiles(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`import:iati failed: ${error.message}\n`);
    process.exit(2);
  },
);
