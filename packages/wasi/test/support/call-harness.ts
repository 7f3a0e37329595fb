/**
 * Calls WASI host functions directly, as the interpreter would: arguments as WasmValues of the function's
 * signature, guest memory in a store memory, results as errno values.
 * @module
 */
import { type HostContext, i32, i64, Store, type WasmValue } from '@edgedancer/interpreter';
import {
  OFlags,
  RIGHTS_DIRECTORY,
  RIGHTS_DIRECTORY_INHERITING,
  WASI_CALLS,
  WASI_HOST_NAME_PREFIX,
  WasiHost,
  type WasiOptions,
} from '@edgedancer/wasi';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A WASI host with one page of guest memory and a bump allocator in it. */
export class CallHarness {
  readonly store = new Store();
  readonly memAddr: number;
  readonly wasi: WasiHost;
  private heap = 1024;

  constructor(options: WasiOptions = {}) {
    this.memAddr = this.store.memory({ limits: { min: 1, max: null } }).addr;
    this.wasi = new WasiHost(options);
  }

  /** The memory's current bytes and view. */
  get u8(): Uint8Array {
    return this.store.mems[this.memAddr]!.u8;
  }
  get dv(): DataView {
    return this.store.mems[this.memAddr]!.dv;
  }

  /** Calls a WASI function; returns its errno (or undefined for `proc_exit`). */
  call(name: string, ...args: (number | bigint)[]): number {
    const c = WASI_CALLS.get(name);
    if (c === undefined) throw new Error(`no WASI function ${name}`);
    if (args.length !== c.params.length) throw new Error(`${name} takes ${c.params.length} arguments`);
    const values: WasmValue[] = c.params.map((t, i) =>
      t === 'i32' ? i32(Number(args[i]) | 0) : i64(BigInt.asIntN(64, BigInt(args[i]!))),
    );
    const ctx: HostContext = { store: this.store, memAddr: this.memAddr, instanceAddr: null };
    const out = this.wasi.hostFunction(WASI_HOST_NAME_PREFIX + name)!(values, ctx);
    if (!Array.isArray(out)) throw new Error('WASI functions never suspend');
    return out.length === 0 ? -1 : (out[0] as { value: number }).value;
  }

  /** Reserves `n` bytes (8-aligned) and returns their address. */
  alloc(n: number): number {
    const p = this.heap;
    this.heap += (n + 7) & ~7;
    return p;
  }

  /** Places a string; returns `[ptr, len]`. */
  str(s: string): [number, number] {
    const b = encoder.encode(s);
    const p = this.alloc(b.length);
    this.u8.set(b, p);
    return [p, b.length];
  }

  /** Places bytes; returns `[ptr, len]`. */
  bytes(b: Uint8Array | string): [number, number] {
    const data = typeof b === 'string' ? encoder.encode(b) : b;
    const p = this.alloc(data.length);
    this.u8.set(data, p);
    return [p, data.length];
  }

  /** Places one iovec over `[ptr, len]`; returns the iovec array's address. */
  iovec(ptr: number, len: number): number {
    const v = this.alloc(8);
    this.dv.setUint32(v, ptr, true);
    this.dv.setUint32(v + 4, len, true);
    return v;
  }

  u32(p: number): number {
    return this.dv.getUint32(p, true);
  }
  u64(p: number): bigint {
    return this.dv.getBigUint64(p, true);
  }
  text(p: number, n: number): string {
    return decoder.decode(this.u8.subarray(p, p + n));
  }

  /** Opens `path` from descriptor `dir`; returns `[errno, fd]`. */
  open(
    dir: number,
    path: string,
    oflags = 0,
    rights = RIGHTS_DIRECTORY_INHERITING,
    fdflags = 0,
    lookup = 1,
  ): [number, number] {
    const [p, n] = this.str(path);
    const out = this.alloc(4);
    const e = this.call('path_open', dir, lookup, p, n, oflags, rights, rights, fdflags, out);
    return [e, e === 0 ? this.u32(out) : -1];
  }

  /** Opens a directory (read-side directory rights, passing on all); returns `[errno, fd]`. */
  openDir(dir: number, path: string): [number, number] {
    const [p, n] = this.str(path);
    const out = this.alloc(4);
    const e = this.call(
      'path_open',
      dir,
      1,
      p,
      n,
      OFlags.directory,
      RIGHTS_DIRECTORY,
      RIGHTS_DIRECTORY_INHERITING,
      0,
      out,
    );
    return [e, e === 0 ? this.u32(out) : -1];
  }

  /** Writes text to a descriptor; returns `[errno, written]`. */
  write(fd: number, text: string): [number, number] {
    const [p, n] = this.bytes(text);
    const iov = this.iovec(p, n);
    const out = this.alloc(4);
    const e = this.call('fd_write', fd, iov, 1, out);
    return [e, e === 0 ? this.u32(out) : -1];
  }

  /** Reads up to `max` bytes; returns `[errno, text]`. */
  read(fd: number, max: number): [number, string] {
    const buf = this.alloc(max);
    const iov = this.iovec(buf, max);
    const out = this.alloc(4);
    const e = this.call('fd_read', fd, iov, 1, out);
    return [e, e === 0 ? this.text(buf, this.u32(out)) : ''];
  }
}
