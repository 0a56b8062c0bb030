import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { BinaryCopyLines } from '../../src/database/copy-lines';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** What `COPY (SELECT <text>) TO STDOUT (FORMAT binary)` sends for these values (PostgreSQL docs, "Binary Format"). */
function binaryCopy(values: (string | null)[], { extension = Buffer.alloc(0), columns = 1 } = {}): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(extension.length, 4);
  const tuples = values.map((value) => {
    const head = Buffer.alloc(6);
    head.writeInt16BE(columns, 0);
    head.writeInt32BE(value === null ? -1 : Buffer.byteLength(value), 2);
    return Buffer.concat([head, value === null ? Buffer.alloc(0) : Buffer.from(value)]);
  });
  return Buffer.concat([SIGNATURE, header, extension, ...tuples, Buffer.from([0xff, 0xff])]);
}

/** Decodes `bytes` fed in pieces cut at `cuts`, with blocks of `blockBytes`. */
async function decode(
  bytes: Buffer,
  cuts: number[] = [],
  blockBytes?: number,
  frame?: { before?: string; after?: string },
): Promise<{ text: string; blocks: number }> {
  const at = [0, ...[...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length];
  const pieces = at.slice(1).map((end, i) => bytes.subarray(at[i], end));
  const out: Buffer[] = [];
  const sink = new Writable({
    write(block: Buffer, _encoding, done) {
      out.push(block);
      done();
    },
  });
  await pipeline(Readable.from(pieces), new BinaryCopyLines(blockBytes, frame), sink);
  return { text: Buffer.concat(out).toString(), blocks: out.length };
}

describe('BinaryCopyLines: binary COPY of one text column → one line per value', () => {
  it('writes each value followed by a newline, non-ASCII and empty values included', async () => {
    const values = ['{"a":1}', '', '{"note":"Größe – 日本"}'];
    expect((await decode(binaryCopy(values))).text).toBe(values.map((v) => `${v}\n`).join(''));
  });

  it("writes a file's header before the lines and its footer after them, with no lines too and in blocks smaller than either", async () => {
    const frame = { before: '<?xml version="1.0"?>\n<list>\n', after: '</list>\n' };
    const values = ['<item>é</item>', '<item/>'];
    expect((await decode(binaryCopy(values), [3, 20], 5, frame)).text).toBe(`${frame.before}<item>é</item>\n<item/>\n${frame.after}`);
    expect((await decode(binaryCopy([]), [], 4, frame)).text).toBe(frame.before + frame.after);
  });

  it('gives the same bytes however COPY splits its output, and whatever the block size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { maxLength: 12 }),
        fc.array(fc.nat(600)),
        fc.integer({ min: 1, max: 64 }),
        fc.uint8Array({ maxLength: 5 }),
        async (values, cuts, blockBytes, extension) => {
          const { text } = await decode(binaryCopy(values, { extension: Buffer.from(extension) }), cuts, blockBytes);
          expect(text).toBe(values.map((v) => `${v}\n`).join(''));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sends full blocks of the given size, then the rest', async () => {
    const values = Array.from({ length: 100 }, (_, i) => `line ${i}`);
    const expected = values.map((v) => `${v}\n`).join('');
    const { text, blocks } = await decode(binaryCopy(values), [], 64);
    expect(text).toBe(expected);
    expect(blocks).toBe(Math.ceil(Buffer.byteLength(expected) / 64));
  });

  it.each([
    ['a NULL', binaryCopy(['x', null]), /NULL/],
    ['two columns', binaryCopy(['x'], { columns: 2 }), /2 columns/],
    ['text format', Buffer.from('{"a":1}\n{"a":2}\n{"a":3}\n'), /not in binary format/],
    ['no trailer (cut short)', binaryCopy(['x', 'y']).subarray(0, -2), /before its trailer/],
  ])('fails on %s instead of sending something else', async (_what, bytes, message) => {
    await expect(decode(bytes)).rejects.toThrow(message);
  });
});
