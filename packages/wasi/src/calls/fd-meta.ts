/**
 * Descriptor bookkeeping and metadata: `fd_close`, `fd_renumber`, `fd_fdstat_*`, `fd_filestat_*`, `fd_advise`,
 * `fd_allocate`, `fd_sync`, `fd_datasync`, `fd_prestat_get`, `fd_prestat_dir_name`.
 * @module
 */
import { Advice, FDFLAGS_ALL, Preopentype, Rights, SIZE } from '../constants.js';
import type { Descriptor } from '../descriptors.js';
import { WasiError } from '../errors.js';
import type { WasiState } from '../wasi-state.js';
import { call, u32, u64, type WasiCall } from './call-types.js';
import { regularFile, requestedTimes, statOf, writeFilestat } from './records.js';

const encoder = new TextEncoder();

function syncNode(s: WasiState, d: Descriptor): number {
  if (d.stream === -1) s.fsOf(d).sync(d.node);
  return 0;
}

/** The descriptor metadata functions. */
export const FD_META_CALLS: readonly WasiCall[] = [
  call('fd_close', ['i32'], (s, _m, a) => {
    s.close(u32(a, 0));
    return 0;
  }),
  call('fd_renumber', ['i32', 'i32'], (s, _m, a) => {
    const from = u32(a, 0);
    const to = u32(a, 1);
    const d = s.fds.get(from);
    s.fds.get(to);
    if (from === to) return 0;
    s.close(to);
    s.fds.remove(from);
    s.fds.set(to, d);
    return 0;
  }),
  call('fd_fdstat_get', ['i32', 'i32'], (s, m, a) => {
    const d = s.fds.get(u32(a, 0));
    const ptr = u32(a, 1);
    m.assertRange(ptr, SIZE.fdstat);
    m.zero(ptr, SIZE.fdstat);
    m.setU8(ptr, d.filetype);
    m.setU16(ptr + 2, d.fdflags);
    m.setU64(ptr + 8, d.rightsBase);
    m.setU64(ptr + 16, d.rightsInheriting);
    return 0;
  }),
  call('fd_fdstat_set_flags', ['i32', 'i32'], (s, _m, a) => {
    const d = s.fds.withRights(u32(a, 0), Rights.fd_fdstat_set_flags);
    const flags = u32(a, 1);
    if ((flags & ~FDFLAGS_ALL) !== 0) throw new WasiError('inval');
    d.fdflags = flags;
    return 0;
  }),
  call('fd_fdstat_set_rights', ['i32', 'i64', 'i64'], (s, _m, a) => {
    const d = s.fds.get(u32(a, 0));
    const base = u64(a, 1);
    const inheriting = u64(a, 2);
    // Rights can only be dropped.
    if ((base & ~d.rightsBase) !== 0n || (inheriting & ~d.rightsInheriting) !== 0n) throw new WasiError('notcapable');
    d.rightsBase = base;
    d.rightsInheriting = inheriting;
    return 0;
  }),
  call('fd_filestat_get', ['i32', 'i32'], (s, m, a) => {
    const d = s.fds.withRights(u32(a, 0), Rights.fd_filestat_get);
    writeFilestat(m, u32(a, 1), statOf(s, d));
    return 0;
  }),
  call('fd_filestat_set_size', ['i32', 'i64'], (s, _m, a) => {
    const d = s.fds.withRights(u32(a, 0), Rights.fd_filestat_set_size);
    regularFile(d);
    const size = u64(a, 1);
    if (size > BigInt(Number.MAX_SAFE_INTEGER)) throw new WasiError('fbig');
    s.fsOf(d).setSize(d.node, Number(size));
    return 0;
  }),
  call('fd_filestat_set_times', ['i32', 'i64', 'i64', 'i32'], (s, _m, a) => {
    const d = s.fds.withRights(u32(a, 0), Rights.fd_filestat_set_times);
    const t = requestedTimes(s, u64(a, 1), u64(a, 2), u32(a, 3));
    if (d.stream !== -1) return 0;
    s.fsOf(d).setTimes(d.node, t.atim, t.mtim);
    return 0;
  }),
  call('fd_advise', ['i32', 'i64', 'i64', 'i32'], (s, _m, a) => {
    s.fds.withRights(u32(a, 0), Rights.fd_advise);
    if (u32(a, 3) > Advice.noreuse) throw new WasiError('inval');
    // Advice is a hint: memory and the host's page cache decide for themselves.
    return 0;
  }),
  call('fd_allocate', ['i32', 'i64', 'i64'], (s, _m, a) => {
    const d = s.fds.withRights(u32(a, 0), Rights.fd_allocate);
    regularFile(d);
    const end = u64(a, 1) + u64(a, 2);
    if (end > BigInt(Number.MAX_SAFE_INTEGER)) throw new WasiError('fbig');
    const fs = s.fsOf(d);
    if (end > fs.stat(d.node).size) fs.setSize(d.node, Number(end));
    return 0;
  }),
  call('fd_sync', ['i32'], (s, _m, a) => syncNode(s, s.fds.withRights(u32(a, 0), Rights.fd_sync))),
  call('fd_datasync', ['i32'], (s, _m, a) => syncNode(s, s.fds.withRights(u32(a, 0), Rights.fd_datasync))),
  call('fd_prestat_get', ['i32', 'i32'], (s, m, a) => {
    const d = s.fds.get(u32(a, 0));
    if (d.preopen === null) throw new WasiError('badf');
    const ptr = u32(a, 1);
    m.assertRange(ptr, SIZE.prestat);
    m.zero(ptr, SIZE.prestat);
    m.setU8(ptr, Preopentype.dir);
    m.setU32(ptr + 4, encoder.encode(d.preopen).length);
    return 0;
  }),
  call('fd_prestat_dir_name', ['i32', 'i32', 'i32'], (s, m, a) => {
    const d = s.fds.get(u32(a, 0));
    if (d.preopen === null) throw new WasiError('badf');
    const name = encoder.encode(d.preopen);
    if (u32(a, 2) < name.length) throw new WasiError('nametoolong');
    m.write(u32(a, 1), name);
    return 0;
  }),
];
