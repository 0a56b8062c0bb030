import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printSdl } from '../schema';

/** `npm run schema`: regenerates the committed schema/schema.graphql from the code. */
printSdl().then((sdl) => {
  writeFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), sdl);
});
