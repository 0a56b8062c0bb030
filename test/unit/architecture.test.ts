import { importsOf, sourceFiles } from '../helpers/source-files';

/** Layering rules the folder tree promises (README, Architecture), checked on the imports themselves. */
describe('architecture', () => {
  it('keeps Express out of the domain modules: HTTP adapters live in src/http', () => {
    const knowExpress = sourceFiles('src/modules').flatMap(({ file, text }) =>
      importsOf(text).filter((spec) => /^express(\/|$)|^@as-integrations\/express/.test(spec)).map((spec) => ({ file, spec })),
    );
    expect(knowExpress).toEqual([]);
  });
});
