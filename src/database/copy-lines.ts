import { Transform, TransformCallback } from 'node:stream';

/** What every `COPY ... (FORMAT binary)` stream starts with (PostgreSQL docs, "Binary Format"). */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** The signature, the flags field and the length of the header extension. */
const HEADER_BYTES = SIGNATURE.length + 8;
const NEWLINE = 0x0a;

/** About one TCP send buffer: large enough that per-write costs vanish, small beside the 64 MB an export may grow. */
export const BLOCK_BYTES = 64 * 1024;

/** Where the decoder is: gathering a fixed-size part, copying a value, skipping the header extension, or past the trailer. */
type Part = 'header' | 'fieldCount' | 'length' | 'value' | 'extension' | 'end';

const FIXED_SIZES: Partial<Record<Part, number>> = { header: HEADER_BYTES, fieldCount: 2, length: 4 };

/**
 * Decodes the output of `COPY (SELECT <one non-null text column> ...) TO STDOUT (FORMAT binary)`
 * into each value followed by a newline, in blocks of `blockBytes`. In binary format
 * PostgreSQL writes each value as it is, after a 6-byte tuple header, without scanning it
 * for characters to escape or quote as the text and CSV formats do; here each value costs
 * one copy into the block being filled, and each block one write to the client. The pieces
 * COPY arrives in may split a header or a value anywhere.
 */
export class BinaryCopyLines extends Transform {
  private part: Part = 'header';
  private readonly gathered = Buffer.alloc(HEADER_BYTES);
  private have = 0;
  /** Bytes of the current value (or header extension) still to come. */
  private left = 0;
  private block: Buffer;
  private used = 0;

  /** `before` and `after` are written around the lines: a file's header and footer. */
  constructor(
    private readonly blockBytes = BLOCK_BYTES,
    private readonly frame: { before?: string; after?: string } = {},
  ) {
    super();
    this.block = Buffer.allocUnsafe(blockBytes);
    if (frame.before) this.putText(frame.before);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    done(this.decode(chunk));
  }

  override _flush(done: TransformCallback): void {
    if (this.part !== 'end') {
      done(new Error('COPY ended before its trailer: the export is incomplete'));
      return;
    }
    if (this.frame.after) this.putText(this.frame.after);
    done(null, this.used ? this.block.subarray(0, this.used) : undefined);
  }

  /** Takes in one piece of COPY's output; an Error when the stream is not what was asked for. */
  private decode(chunk: Buffer): Error | undefined {
    let at = 0;
    while (at < chunk.length && this.part !== 'end') {
      if (this.part === 'value' || this.part === 'extension') {
        const n = Math.min(this.left, chunk.length - at);
        if (this.part === 'value') this.copy(chunk, at, n);
        at += n;
        this.left -= n;
        if (this.left === 0) this.valueEnded();
        continue;
      }
      const size = FIXED_SIZES[this.part] as number;
      if (this.have === 0 && chunk.length - at >= size) {
        const failure = this.advance(chunk, at);
        if (failure) return failure;
        at += size;
        continue;
      }
      const n = Math.min(size - this.have, chunk.length - at);
      chunk.copy(this.gathered, this.have, at, at + n);
      at += n;
      this.have += n;
      if (this.have < size) continue;
      this.have = 0;
      const failure = this.advance(this.gathered, 0);
      if (failure) return failure;
    }
    return undefined;
  }

  /** Reads the fixed-size part at `from`; an Error when the stream is not what was asked for. */
  private advance(fields: Buffer, from: number): Error | undefined {
    if (this.part === 'header') {
      if (!fields.subarray(from, from + SIGNATURE.length).equals(SIGNATURE)) return new Error('COPY output is not in binary format');
      this.left = fields.readUInt32BE(from + SIGNATURE.length + 4);
      this.part = this.left ? 'extension' : 'fieldCount';
    } else if (this.part === 'fieldCount') {
      const count = fields.readInt16BE(from);
      if (count !== -1 && count !== 1) return new Error(`COPY rows have ${count} columns, not 1`);
      this.part = count === -1 ? 'end' : 'length';
    } else {
      this.left = fields.readInt32BE(from);
      if (this.left < 0) return new Error('COPY gave a NULL where a line was expected');
      this.part = 'value';
      if (this.left === 0) this.valueEnded();
    }
    return undefined;
  }

  private valueEnded(): void {
    if (this.part === 'value') this.put(NEWLINE);
    this.part = 'fieldCount';
  }

  private copy(source: Buffer, from: number, length: number): void {
    while (length > 0) {
      const n = Math.min(length, this.blockBytes - this.used);
      source.copy(this.block, this.used, from, from + n);
      this.used += n;
      from += n;
      length -= n;
      if (this.used === this.blockBytes) this.pushBlock();
    }
  }

  private putText(text: string): void {
    const bytes = Buffer.from(text);
    this.copy(bytes, 0, bytes.length);
  }

  private put(byte: number): void {
    this.block[this.used++] = byte;
    if (this.used === this.blockBytes) this.pushBlock();
  }

  private pushBlock(): void {
    this.push(this.block);
    this.block = Buffer.allocUnsafe(this.blockBytes);
    this.used = 0;
  }
}
