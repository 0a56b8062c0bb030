import fs from 'node:fs';
import path from 'node:path';
import { importsOf, ROOT, sourceFiles } from '../helpers/source-files';

/** Layering rules the folder tree promises (README, Architecture), checked on the imports and configs themselves. */
const BENCH_ONLY_PACKAGES = ['autocannon', 'cli-progress', 'postgraphile'];
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));

describe('architecture', () => {
  it('keeps Express out of the domain modules: HTTP adapters live in src/http', () => {
    const knowExpress = sourceFiles('src/modules').flatMap(({ file, text }) =>
      importsOf(text)
        .filter((spec) => /^express(\/|$)|^@as-integrations\/express/.test(spec))
        .map((spec) => ({ file, spec })),
    );
    expect(knowExpress).toEqual([]);
  });

  it('keeps the audit module free of domain modules (auth and the Relay node interface are not domain): tracked records reach it through their descriptors', () => {
    const domainImports = sourceFiles('src/modules/audit').flatMap(({ file, text }) =>
      importsOf(text)
        .filter((spec) => /^\.\.\/(?!(auth|node)\/)[a-z-]+\//.test(spec))
        .map((spec) => ({ file, spec })),
    );
    expect(domainImports).toEqual([]);
  });
});

describe('the benchmark is not product code', () => {
  it('is compiled into dist/ by nothing: the build takes src and migrations only', () => {
    const build = readJson('tsconfig.build.json');
    expect(build.include).toEqual(['src', 'migrations']);
    expect(build.files).toBeUndefined();
    expect(fs.existsSync(path.join(ROOT, 'src', 'bench'))).toBe(false);
  });

  it('is imported by no file under src/, and neither are its load and progress tools', () => {
    const benchImports = sourceFiles('src').flatMap(({ file, text }) =>
      importsOf(text)
        .filter(
          (spec) => BENCH_ONLY_PACKAGES.some((name) => spec === name || spec.startsWith(`${name}/`)) || /(^|\/)bench(\/|$)/.test(spec),
        )
        .map((spec) => ({ file, spec })),
    );
    expect(benchImports).toEqual([]);
  });

  it('installs its tools as devDependencies only, so the production image (npm ci --omit=dev) has none', () => {
    const pkg = readJson('package.json');
    for (const name of BENCH_ONLY_PACKAGES) {
      expect({ name, dependency: name in pkg.dependencies, devDependency: name in pkg.devDependencies }).toEqual({
        name,
        dependency: false,
        devDependency: true,
      });
    }
  });

  it('is still type-checked by the root tsc --noEmit that npm test runs', () => {
    expect(readJson('tsconfig.json').include).toContain('bench');
    expect(readJson('package.json').scripts.test).toMatch(/(^|&& )tsc --noEmit && /);
  });
});
