/**
 * A growable little-endian byte writer for the canonical encoding of host state: fixed-width integers,
 * length-prefixed byte strings and UTF-8 strings.
 * @module
 */

const encoder = new TextEncoder();

/** Appends fixed-width little-endian fields to a growing buffer. */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private dv = new DataView(this.buf.buffer);
  private len = 0;

  private reserve(n: number): number {
    const at = this.len;
    if (at + n > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < at + n) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(0, at));
      this.buf = next;
      this.dv = new DataView(next.buffer);
    }
    this.len = at + n;
    return at;
  }

  /** Writes one byte. */
  u8(v: number): this {
    const at = this.reserve(1);
    this.buf[at] = v;
    return this;
  }
  /** Writes a u16. */
  u16(v: number): this {
    const at = this.reserve(2); // before reading this.dv: reserving may replace it
    this.dv.setUint16(at, v, true);
    return this;
  }
  /** Writes a u32. */
  u32(v: number): this {
    const at = this.reserve(4); // before reading this.dv: reserving may replace it
    this.dv.setUint32(at, v, true);
    return this;
  }
  /** Writes a u64 (the bigint must be in range). */
  u64(v: bigint): this {
    const at = this.reserve(8); // before reading this.dv: reserving may replace it
    this.dv.setBigUint64(at, v, true);
    return this;
  }
  /** Writes raw bytes, no length. */
  raw(bytes: Uint8Array): this {
    const at = this.reserve(bytes.length);
    this.buf.set(bytes, at);
    return this;
  }
  /** Writes a u32 length, then the bytes. */
  bytes(bytes: Uint8Array): this {
    return this.u32(bytes.length).raw(bytes);
  }
  /** Writes a string as length-prefixed UTF-8. */
  string(s: string): this {
    return this.bytes(encoder.encode(s));
  }
  /** A copy of what was written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
