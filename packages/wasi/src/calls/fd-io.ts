/**
 * Reading, writing and positioning: `fd_read`, `fd_write`, `fd_pread`, `fd_pwrite`, `fd_seek`, `fd_tell`.
 * Standard streams read from the stdin source and write to the sinks; nodes read and write through their file
 * system at the descriptor's position (or at the file's end with the `append` flag).
 * @module
 */
import { FdFlags, Rights, Whence } from '../constants.js';
import type { Descriptor } from '../descriptors.js';
import { WasiError } from '../errors.js';
import type { GuestMemory } from '../guest-memory.js';
import type { WasiState } from '../wasi-state.js';
import { call, u32, u64, type WasiCall } from './call-types.js';
import { regularFile } from './records.js';

/** The most bytes one call moves (a short read or write beyond, as POSIX allows). */
const MAX_IO = 64 * 1024 * 1024;

/** Reads into the iovecs from `position` (or the stream); returns the bytes read. */
function readInto(s: WasiState, m: GuestMemory, d: Descriptor, iovs: [number, number][], position: number): number {
  let total = 0;
  for (const [ptr, len] of iovs) {
    if (len === 0) continue;
    let n: number;
    if (d.stream === 0) {
      const chunk = s.stdin.read(len);
      m.write(ptr, chunk);
      n = chunk.length;
    } else {
      regularFile(d);
      n = position + total > Number.MAX_SAFE_INTEGER ? 0 : s.fsOf(d).read(d.node, position + total, m.view(ptr, len));
      m.dirty(ptr, n);
    }
    total += n;
    if (n < len || total >= MAX_IO) break;
  }
  return total;
}

/** Gathers the iovecs' bytes, capped so the count fits a u32. */
function gather(m: GuestMemory, iovs: [number, number][]): Uint8Array {
  let size = 0;
  for (const [, len] of iovs) size += len;
  const out = new Uint8Array(Math.min(size, MAX_IO));
  let at = 0;
  for (const [ptr, len] of iovs) {
    const n = Math.min(len, out.length - at);
    out.set(m.view(ptr, n), at);
    at += n;
  }
  return out;
}

/** Writes bytes to a stream or a file at `position`; returns the count. */
function writeFrom(s: WasiState, d: Descriptor, data: Uint8Array, position: number): number {
  if (d.stream === 1 || d.stream === 2) {
    if (data.length > 0) (d.stream === 1 ? s.stdout : s.stderr)(data);
    return data.length;
  }
  if (d.stream === 0) throw new WasiError('badf');
  regularFile(d);
  if (position + data.length > Number.MAX_SAFE_INTEGER) throw new WasiError('fbig');
  return s.fsOf(d).write(d.node, position, data);
}

/** A u64 file offset as a number, or `fbig`/`inval`. */
function toPosition(offset: bigint): number {
  if (offset > BigInt(Number.MAX_SAFE_INTEGER)) throw new WasiError('fbig');
  return Number(offset);
}

/** The read, write and seek functions. */
export const FD_IO_CALLS: readonly WasiCall[] = [
  call('fd_read', ['i32', 'i32', 'i32', 'i32'], (s, m, a) => {
    const d = s.fds.withRights(u32(a, 0), Rights.fd_read);
    const iovs = m.iovecs(u32(a, 1), u32(a, 2));
    m.assertRange(u32(a, 3), 4);
    const n = readInto(s, m, d, iovs, d.offset);
    if (d.stream === -1) d.offset += n;
    m.setU32(u32(a, 3), n);
    return 0;
  }),
  call('fd_pread', ['i32', 'i32', 'i32', 'i64', 'i32'], (s, m, a) => {
    const d = s.fds.withRights(u32(a, 0), Rights.fd_read | Rights.fd_seek);
    const iovs = m.iovecs(u32(a, 1), u32(a, 2));
    m.assertRange(u32(a, 4), 4);
    const offset = u64(a, 3);
    regularFile(d);
    const n = offset > BigInt(Number.MAX_SAFE_INTEGER) ? 0 : readInto(s, m, d, iovs, Number(offset));
    m.setU32(u32(a, 4), n);
    return 0;
  }),
  call('fd_write', ['i32', 'i32', 'i32', 'i32'], (s, m, a) => {
    const d = s.fds.withRights(u32(a, 0), Rights.fd_write);
    const data = gather(m, m.iovecs(u32(a, 1), u32(a, 2)));
    m.assertRange(u32(a, 3), 4);
    let n: number;
    if (d.stream === -1) {
      regularFile(d);
      if ((d.fdflags & FdFlags.append) !== 0) d.offset = Number(s.fsOf(d).stat(d.node).size);
      n = writeFrom(s, d, data, d.offset);
      d.offset += n;
    } else {
      n = writeFrom(s, d, data, 0);
    }
    m.setU32(u32(a, 3), n);
    return 0;
  }),
  call('fd_pwrite', ['i32', 'i32', 'i32', 'i64', 'i32'], (s, m, a) => {
    const d = s.fds.withRights(u32(a, 0), Rights.fd_write | Rights.fd_seek);
    const data = gather(m, m.iovecs(u32(a, 1), u32(a, 2)));
    m.assertRange(u32(a, 4), 4);
    regularFile(d);
    const n = writeFrom(s, d, data, toPosition(u64(a, 3)));
    m.setU32(u32(a, 4), n);
    return 0;
  }),
  call('fd_seek', ['i32', 'i64', 'i32', 'i32'], (s, m, a) => {
    const delta = BigInt.asIntN(64, u64(a, 1));
    const whence = u32(a, 2);
    const tellOnly = delta === 0n && whence === Whence.cur;
    const d = s.fds.withRights(u32(a, 0), tellOnly ? Rights.fd_tell : Rights.fd_seek);
    m.assertRange(u32(a, 3), 8);
    if (d.stream !== -1) throw new WasiError('spipe');
    regularFile(d);
    let base: bigint;
    if (whence === Whence.set) base = 0n;
    else if (whence === Whence.cur) base = BigInt(d.offset);
    else if (whence === Whence.end) base = s.fsOf(d).stat(d.node).size;
    else throw new WasiError('inval');
    const next = base + delta;
    if (next < 0n) throw new WasiError('inval');
    if (next > BigInt(Number.MAX_SAFE_INTEGER)) throw new WasiError('overflow');
    d.offset = Number(next);
    m.setU64(u32(a, 3), next);
    return 0;
  }),
  call('fd_tell', ['i32', 'i32'], (s, m, a) => {
    const d = s.fds.withRights(u32(a, 0), Rights.fd_tell);
    if (d.stream !== -1) throw new WasiError('spipe');
    m.setU64(u32(a, 1), BigInt(d.offset));
    return 0;
  }),
];
