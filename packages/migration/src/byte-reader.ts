/**
 * A bounded little-endian reader: every read checks the bytes exist within `[pos, end)` first and fails with
 * a `SnapshotError` (`bad-length` inside a section, `truncated` for the container) rather than a RangeError.
 * @module
 */
import { fail, type SnapshotErrorCode } from './errors.js';
import type { WordArena } from './store-words.js';
import { utf8Decode } from './utf8.js';

/** Reads fixed-width little-endian fields from `bytes[pos, end)`. */
export class ByteReader {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  pos: number;
  readonly end: number;
  private readonly overrun: SnapshotErrorCode;

  /**
   * @param bytes the whole input
   * @param start first byte to read
   * @param end one past the last byte that may be read
   * @param overrun code of the error when a read passes `end`
   */
  constructor(bytes: Uint8Array, start: number, end: number, overrun: SnapshotErrorCode = 'bad-length') {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
    this.end = end;
    this.overrun = overrun;
  }

  /** Bytes left. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** Claims `n` bytes and returns where they start. */
  take(n: number): number {
    if (n > this.end - this.pos) fail(this.overrun, 'field runs past the end of its section', this.pos);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  u8(): number {
    return this.bytes[this.take(1)]!;
  }
  u32(): number {
    return this.view.getUint32(this.take(4), true);
  }
  i32(): number {
    return this.view.getInt32(this.take(4), true);
  }
  u64(): bigint {
    return this.view.getBigUint64(this.take(8), true);
  }
  f64Bits(): bigint {
    return this.u64();
  }
  /** A byte that must be 0 or 1. */
  bool(): boolean {
    const at = this.pos;
    const b = this.u8();
    if (b > 1) fail('bad-value', 'flag is neither 0 nor 1', at);
    return b === 1;
  }
  /**
   * A u32 count of items of at least `minItemSize` bytes each, checked against the bytes left so that no
   * allocation or loop exceeds the input's size.
   */
  count(minItemSize: number): number {
    const at = this.pos;
    const n = this.u32();
    if (n * minItemSize > this.end - this.pos) fail('bad-length', 'count exceeds its section', at);
    return n;
  }
  /** A view of the next `n` bytes (no copy). */
  view8(n: number): Uint8Array {
    const at = this.take(n);
    return this.bytes.subarray(at, at + n);
  }
  /** u32 length and that many bytes, as a view. */
  lengthPrefixed(): Uint8Array {
    return this.view8(this.count(1));
  }
  /** u32 length and that many bytes of UTF-8. */
  string(): string {
    const at = this.pos + 4;
    return utf8Decode(this.lengthPrefixed(), at);
  }
  /** u32 word count and that many words, copied into the next words of `arena` (a view of it). */
  int32s(arena: WordArena): Int32Array {
    const n = this.count(4);
    return arena.read(this.bytes, this.take(n * 4), n);
  }
  /** Fails unless every byte was read. */
  expectEnd(): void {
    if (this.pos !== this.end) fail('bad-length', 'section has unread bytes', this.pos);
  }
}
