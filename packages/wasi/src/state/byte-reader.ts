/**
 * The reading side of the host-state encoding: every read is bounds-checked and fails with a
 * `WasiStateError` (`truncated`, `bad-value`), never with a `RangeError` from a `DataView`.
 * @module
 */
import { WasiStateError } from '../errors.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Reads fixed-width little-endian fields from bytes, checking every length. */
export class ByteReader {
  private readonly u8a: Uint8Array;
  private readonly dv: DataView;
  private pos = 0;

  /** @param bytes the encoding to read (not copied) */
  constructor(bytes: Uint8Array) {
    this.u8a = bytes;
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private take(n: number, what: string): number {
    const at = this.pos;
    if (n > this.u8a.length - at) throw new WasiStateError('truncated', `${what} at byte ${at}`);
    this.pos = at + n;
    return at;
  }

  /** Reads one byte. */
  u8(what: string): number {
    return this.u8a[this.take(1, what)]!;
  }
  /** Reads a u16. */
  u16(what: string): number {
    return this.dv.getUint16(this.take(2, what), true);
  }
  /** Reads a u32. */
  u32(what: string): number {
    return this.dv.getUint32(this.take(4, what), true);
  }
  /** Reads a u64. */
  u64(what: string): bigint {
    return this.dv.getBigUint64(this.take(8, what), true);
  }
  /** Reads a byte flag that must be 0 or 1. */
  bool(what: string): boolean {
    const v = this.u8(what);
    if (v > 1) throw new WasiStateError('bad-value', `${what} is ${v}, not 0 or 1`);
    return v === 1;
  }
  /** Reads a u32 length and that many bytes (a copy). */
  bytes(what: string): Uint8Array {
    const n = this.u32(`${what} length`);
    const at = this.take(n, what);
    return this.u8a.slice(at, at + n);
  }
  /** Reads length-prefixed UTF-8. */
  string(what: string): string {
    const b = this.bytes(what);
    try {
      return decoder.decode(b);
    } catch (e) {
      throw new WasiStateError('bad-value', `${what} is not UTF-8 (${(e as Error).name})`);
    }
  }
  /** A u32 count whose entries each take at least `minBytes`: rejects counts the input cannot hold. */
  count(what: string, minBytes: number): number {
    const n = this.u32(what);
    if (n * minBytes > this.u8a.length - this.pos)
      throw new WasiStateError('truncated', `${what} ${n} exceeds the input`);
    return n;
  }
  /** Fails unless every byte was read. */
  end(): void {
    if (this.pos !== this.u8a.length) {
      throw new WasiStateError('trailing-bytes', `${this.u8a.length - this.pos} bytes after the state`);
    }
  }
}
