import { sourceFiles } from '../helpers/source-files';

/**
 * The advisory locks the API takes (the append lock, the write groups' gate, the seed's) are
 * named by numeric keys in several files: two uses of one key would serialise, or block, each other.
 */
describe('advisory lock keys', () => {
  it('are declared once each, each with a key of its own', () => {
    const keys = sourceFiles('src').flatMap(({ file, text }) =>
      [...text.matchAll(/const\s+([A-Z_]+)\s*=\s*(\d[\d_]*);/g)]
        .filter((match) => /_LOCK$|_GATE$/.test(match[1]))
        .map((match) => ({ file, name: match[1], key: Number(match[2].replace(/_/g, '')) })),
    );
    expect(keys.map((k) => k.name).sort()).toEqual(['AUDIT_APPEND_LOCK', 'SEED_LOCK', 'WRITE_GROUP_GATE']);
    expect(new Set(keys.map((k) => k.key)).size).toBe(keys.length);
  });
});
