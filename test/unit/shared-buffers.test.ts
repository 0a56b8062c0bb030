import os from 'node:os';
import { availableMemoryBytes, sharedBuffersMiB } from '../../src/database/embedded-postgres';

const GIB = 1024 ** 3;

describe('the embedded server’s shared buffers', () => {
  it('are a quarter of the machine’s memory, from Postgres’s own 128 MB up to 1 GB', () => {
    expect(sharedBuffersMiB(2 * GIB)).toBe(512);
    expect(sharedBuffersMiB(0.25 * GIB)).toBe(128);
    expect(sharedBuffersMiB(24 * GIB)).toBe(1024);
  });
});

describe('the memory available', () => {
  it('is the machine’s, or a container’s limit below it', () => {
    const limit = process.constrainedMemory?.() ?? 0;
    expect(availableMemoryBytes()).toBe(limit > 0 && limit < os.totalmem() ? limit : os.totalmem());
    expect(availableMemoryBytes()).toBeLessThanOrEqual(os.totalmem());
  });
});
