import fs from 'node:fs';
import path from 'node:path';
import { printSdl } from '../../src/schema';

describe('schema/schema.graphql', () => {
  it('is exactly what the code generates (run `npm run schema` after changing the API)', async () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');
    expect(await printSdl()).toBe(committed);
  });

  it('documents the status workflows in the enum descriptions', async () => {
    const sdl = await printSdl();
    expect(sdl).toContain('PROPOSED → ANNOUNCED | WITHDRAWN');
    expect(sdl).toContain('DELIVERED → (final)');
    expect(sdl).toContain('PIPELINE → IMPLEMENTATION | CANCELLED');
  });
});
