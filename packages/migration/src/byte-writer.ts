/**
 * A growable little-endian writer for the small sections, with section framing (id, u32 size, payload).
 * @module
 */

import { MAX_SNAPSHOT_SIZE } from './constants.js';
import { fail } from './errors.js';
import { writeInt32s } from './int32-bytes.js';

/** Appends fixed-width little-endian fields to a buffer that doubles when full. */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  /** Bytes written so far. */
  length = 0;
  private sectionStart = -1;

  /** @param capacity initial capacity in bytes */
  constructor(capacity = 1024) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
  }

  /** Claims `n` bytes (growing the buffer) and returns where they start. Call it before reading `buf`/`view`. */
  private reserve(n: number): number {
    const at = this.length;
    const need = at + n;
    if (need > this.buf.length) {
      if (need > MAX_SNAPSHOT_SIZE) fail('too-large', 'snapshot exceeds 2^32-1 bytes');
      const grown = new Uint8Array(Math.max(need, this.buf.length * 2));
      grown.set(this.buf.subarray(0, at));
      this.buf = grown;
      this.view = new DataView(grown.buffer);
    }
    this.length = need;
    return at;
  }

  u8(v: number): void {
    const at = this.reserve(1);
    this.buf[at] = v;
  }
  u32(v: number): void {
    const at = this.reserve(4);
    this.view.setUint32(at, v, true);
  }
  i32(v: number): void {
    const at = this.reserve(4);
    this.view.setInt32(at, v, true);
  }
  u64(v: bigint): void {
    const at = this.reserve(8);
    this.view.setBigUint64(at, v, true);
  }
  f64(v: number): void {
    const at = this.reserve(8);
    this.view.setFloat64(at, v, true);
  }
  /** Raw bytes, no length. */
  raw(bytes: Uint8Array): void {
    const at = this.reserve(bytes.length);
    this.buf.set(bytes, at);
  }
  /** u32 byte count, then the bytes. */
  bytes(bytes: Uint8Array): void {
    this.u32(bytes.length);
    this.raw(bytes);
  }
  /** Words, no count. */
  rawInt32s(words: Int32Array): void {
    const at = this.reserve(words.length * 4);
    writeInt32s(this.buf, at, words);
  }
  /** u32 word count, then the words. */
  int32s(words: Int32Array): void {
    this.u32(words.length);
    this.rawInt32s(words);
  }
  /** Starts a section: writes its id and a size placeholder. Sections do not nest. */
  beginSection(id: number): void {
    this.u8(id);
    this.sectionStart = this.reserve(4);
  }
  /** Ends the current section: patches its size. */
  endSection(): void {
    const start = this.sectionStart;
    this.view.setUint32(start, this.length - start - 4, true);
    this.sectionStart = -1;
  }
  /** The bytes written, as a view of the internal buffer. */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}
