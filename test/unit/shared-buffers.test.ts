import { sharedBuffersMiB } from '../../src/database/embedded-postgres';

const GIB = 1024 ** 3;

describe('the embedded server’s shared buffers', () => {
  it('are a quarter of the machine’s memory, from Postgres’s own 128 MB up to 1 GB', () => {
    expect(sharedBuffersMiB(2 * GIB)).toBe(512);
    expect(sharedBuffersMiB(0.25 * GIB)).toBe(128);
    expect(sharedBuffersMiB(24 * GIB)).toBe(1024);
  });
});
