import { createContext } from '../../src/context';
import { defineLoader, loaderKey, LoaderRegistry } from '../../src/shared/loader-registry';

const echo = (tag: string) => async (keys: readonly string[]) => keys.map((key) => `${tag}:${key}`);

describe('LoaderRegistry', () => {
  it('keeps loaders apart by key identity, even when two keys share a name', async () => {
    const registry = new LoaderRegistry();
    const first = loaderKey<string, string>('byId');
    const second = loaderKey<string, string>('byId');
    expect(await registry.get(first, undefined, echo('first')).load('a')).toBe('first:a');
    expect(await registry.get(second, undefined, echo('second')).load('a')).toBe('second:a');
    expect(registry.get(first, undefined, echo('other'))).toBe(registry.get(first, undefined, echo('again')));
  });

  it('gives one loader per distinct argument set', async () => {
    const registry = new LoaderRegistry();
    const byCode = defineLoader<string, string, string>('byCode', (_db, code) => echo(code));
    const db = {} as never;
    expect(await registry.use(byCode, db, 'FR').load('x')).toBe('FR:x');
    expect(await registry.use(byCode, db, 'DE').load('x')).toBe('DE:x');
    expect(registry.use(byCode, db, 'FR')).toBe(registry.use(byCode, db, 'FR'));
  });

  it("starts empty for every registry, so no request sees another's cache", async () => {
    const key = loaderKey<string, string>('byId');
    const one = new LoaderRegistry();
    const two = new LoaderRegistry();
    expect(one.get(key, undefined, echo('one'))).not.toBe(two.get(key, undefined, echo('two')));
  });
});

describe('a context', () => {
  it('starts every subscription event with fresh loaders', () => {
    const context = createContext({} as never);
    const before = context.loaders;
    expect(context.loaders).toBe(before);
    context.startEvent();
    expect(context.loaders).not.toBe(before);
  });
});
