/**
 * The calling instance's linear memory as WASI functions see it: bounds-checked reads and writes (a bad pointer
 * is `fault`, never a host exception), and every write marked dirty so delta snapshots see it.
 * @module
 */
import type { HostContext, Store } from '@edgedancer/interpreter';
import { WasiError } from './errors.js';

/** The part of the interpreter's `MemInst` this file uses; its views are replaced when memory grows. */
interface MemoryInstance {
  readonly u8: Uint8Array;
  readonly dv: DataView;
  markDirty(start: number, end: number): void;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** One host call's view of guest memory. Make a new one per call: growth replaces the buffers. */
export class GuestMemory {
  private readonly mem: MemoryInstance | null;

  /** @param ctx the host call's context (its store and the calling instance's memory address) */
  constructor(ctx: HostContext) {
    const store = ctx.store as Store;
    this.mem = ctx.memAddr === null ? null : ((store.mems[ctx.memAddr] as MemoryInstance | undefined) ?? null);
  }

  private check(ptr: number, len: number): MemoryInstance {
    const m = this.mem;
    if (m === null || ptr < 0 || len < 0 || ptr + len > m.u8.length) throw new WasiError('fault');
    return m;
  }

  /** Fails with `fault` unless `[ptr, ptr + len)` is inside memory. */
  assertRange(ptr: number, len: number): void {
    this.check(ptr, len);
  }
  /** Reads a u32. */
  u32(ptr: number): number {
    return this.check(ptr, 4).dv.getUint32(ptr, true);
  }
  /** Reads a u16. */
  u16(ptr: number): number {
    return this.check(ptr, 2).dv.getUint16(ptr, true);
  }
  /** Reads a u8. */
  u8(ptr: number): number {
    return this.check(ptr, 1).u8[ptr]!;
  }
  /** Reads a u64. */
  u64(ptr: number): bigint {
    return this.check(ptr, 8).dv.getBigUint64(ptr, true);
  }
  /** Writes a u8. */
  setU8(ptr: number, v: number): void {
    const m = this.check(ptr, 1);
    m.u8[ptr] = v;
    m.markDirty(ptr, ptr + 1);
  }
  /** Writes a u16. */
  setU16(ptr: number, v: number): void {
    const m = this.check(ptr, 2);
    m.dv.setUint16(ptr, v, true);
    m.markDirty(ptr, ptr + 2);
  }
  /** Writes a u32. */
  setU32(ptr: number, v: number): void {
    const m = this.check(ptr, 4);
    m.dv.setUint32(ptr, v, true);
    m.markDirty(ptr, ptr + 4);
  }
  /** Writes a u64. */
  setU64(ptr: number, v: bigint): void {
    const m = this.check(ptr, 8);
    m.dv.setBigUint64(ptr, BigInt.asUintN(64, v), true);
    m.markDirty(ptr, ptr + 8);
  }
  /** Zeroes `len` bytes (padding of records). */
  zero(ptr: number, len: number): void {
    const m = this.check(ptr, len);
    m.u8.fill(0, ptr, ptr + len);
    m.markDirty(ptr, ptr + len);
  }
  /** Copies bytes into memory. */
  write(ptr: number, bytes: Uint8Array): void {
    const m = this.check(ptr, bytes.length);
    m.u8.set(bytes, ptr);
    m.markDirty(ptr, ptr + bytes.length);
  }
  /** A copy of `len` bytes. */
  read(ptr: number, len: number): Uint8Array {
    return this.check(ptr, len).u8.slice(ptr, ptr + len);
  }
  /** A live view of `len` bytes, for the host to fill; the caller marks what it wrote with `dirty`. */
  view(ptr: number, len: number): Uint8Array {
    return this.check(ptr, len).u8.subarray(ptr, ptr + len);
  }
  /** Marks bytes written through `view`. */
  dirty(ptr: number, len: number): void {
    this.check(ptr, len).markDirty(ptr, ptr + len);
  }
  /** Reads a UTF-8 string; invalid UTF-8 is `ilseq`. */
  string(ptr: number, len: number): string {
    const bytes = this.check(ptr, len).u8.subarray(ptr, ptr + len);
    try {
      return decoder.decode(bytes);
    } catch {
      throw new WasiError('ilseq');
    }
  }
  /** Reads `count` iovecs (`buf: u32, buf_len: u32`) as `[ptr, len]` pairs, each checked. */
  iovecs(ptr: number, count: number): [number, number][] {
    this.check(ptr, count * 8);
    const out: [number, number][] = [];
    for (let i = 0; i < count; i++) {
      const buf = this.u32(ptr + i * 8);
      const len = this.u32(ptr + i * 8 + 4);
      this.check(buf, len);
      out.push([buf, len]);
    }
    return out;
  }
}
