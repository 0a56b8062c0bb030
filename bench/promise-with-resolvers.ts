/**
 * Promise.withResolvers arrived in Node 22; PostGraphile 5 (grafast) calls it.
 * On Node 20 the PostGraphile server process loads this first, with
 * `node --import`; where the method exists it does nothing.
 */
const P = Promise as unknown as { withResolvers?: unknown };
if (typeof P.withResolvers !== 'function') {
  P.withResolvers = function withResolvers<T>(this: PromiseConstructor) {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new this<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
