/**
 * The path functions besides `path_open`: `path_create_directory`, `path_remove_directory`, `path_unlink_file`,
 * `path_rename`, `path_filestat_get`, `path_filestat_set_times`, `path_link`, `path_symlink`, `path_readlink`.
 * Each resolves its paths from a directory descriptor holding the right the spec names, without following a
 * symlink in the last component unless its lookup flags say so.
 * @module
 */
import { Filetype, LookupFlags, Rights } from '../constants.js';
import type { Descriptor } from '../descriptors.js';
import { WasiError } from '../errors.js';
import type { FileSystem } from '../fs/file-system.js';
import { isDotName, type Walked, walkPath } from '../fs/path-walk.js';
import type { GuestMemory } from '../guest-memory.js';
import type { WasiState } from '../wasi-state.js';
import { call, u32, u64, type WasiCall } from './call-types.js';
import { requestedTimes, writeFilestat } from './records.js';

const encoder = new TextEncoder();

/** A directory descriptor with `rights`, its file system, and `path` (at `ptr`, `len`) resolved from it. */
function resolve(
  s: WasiState,
  m: GuestMemory,
  fd: number,
  rights: bigint,
  ptr: number,
  len: number,
  follow: boolean,
): { d: Descriptor; fs: FileSystem; w: Walked } {
  const d = s.fds.directory(fd, rights);
  const path = m.string(ptr, len);
  const fs = s.fsOf(d);
  return { d, fs, w: walkPath(fs, d.node, path, follow) };
}

/** The node a walk found, which must exist (and be a directory when the path ended with `/`). */
function existing(fs: FileSystem, w: Walked): number {
  if (w.node === null) throw new WasiError('noent');
  if (w.trailingSlash && fs.filetype(w.node) !== Filetype.directory) throw new WasiError('notdir');
  return w.node;
}

/** The path functions. */
export const PATH_OPS_CALLS: readonly WasiCall[] = [
  call('path_create_directory', ['i32', 'i32', 'i32'], (s, m, a) => {
    const { fs, w } = resolve(s, m, u32(a, 0), Rights.path_create_directory, u32(a, 1), u32(a, 2), false);
    if (isDotName(w.name) || w.node !== null) throw new WasiError('exist');
    fs.createDirectory(w.parent, w.name);
    return 0;
  }),
  call('path_remove_directory', ['i32', 'i32', 'i32'], (s, m, a) => {
    const { fs, w } = resolve(s, m, u32(a, 0), Rights.path_remove_directory, u32(a, 1), u32(a, 2), false);
    if (w.name === '.') throw new WasiError('inval');
    if (w.name === '..') throw new WasiError('notempty');
    if (w.node === null) throw new WasiError('noent');
    if (fs.filetype(w.node) !== Filetype.directory) throw new WasiError('notdir');
    fs.removeDirectory(w.parent, w.name);
    return 0;
  }),
  call('path_unlink_file', ['i32', 'i32', 'i32'], (s, m, a) => {
    const { fs, w } = resolve(s, m, u32(a, 0), Rights.path_unlink_file, u32(a, 1), u32(a, 2), false);
    if (isDotName(w.name)) throw new WasiError('isdir');
    if (w.node === null) throw new WasiError('noent');
    if (fs.filetype(w.node) === Filetype.directory) throw new WasiError('isdir');
    if (w.trailingSlash) throw new WasiError('notdir');
    fs.unlinkFile(w.parent, w.name);
    return 0;
  }),
  call('path_rename', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], (s, m, a) => {
    const from = resolve(s, m, u32(a, 0), Rights.path_rename_source, u32(a, 1), u32(a, 2), false);
    const to = resolve(s, m, u32(a, 3), Rights.path_rename_target, u32(a, 4), u32(a, 5), false);
    if (isDotName(from.w.name) || isDotName(to.w.name)) throw new WasiError('inval');
    if (from.w.node === null) throw new WasiError('noent');
    if (from.d.fsIndex !== to.d.fsIndex) throw new WasiError('xdev');
    const isDir = from.fs.filetype(from.w.node) === Filetype.directory;
    if (!isDir && (from.w.trailingSlash || to.w.trailingSlash)) throw new WasiError('notdir');
    from.fs.rename(from.w.parent, from.w.name, to.w.parent, to.w.name);
    return 0;
  }),
  call('path_filestat_get', ['i32', 'i32', 'i32', 'i32', 'i32'], (s, m, a) => {
    const follow = (u32(a, 1) & LookupFlags.symlink_follow) !== 0;
    const { fs, w } = resolve(s, m, u32(a, 0), Rights.path_filestat_get, u32(a, 2), u32(a, 3), follow);
    const st = fs.stat(existing(fs, w));
    writeFilestat(m, u32(a, 4), st);
    return 0;
  }),
  call('path_filestat_set_times', ['i32', 'i32', 'i32', 'i32', 'i64', 'i64', 'i32'], (s, m, a) => {
    const follow = (u32(a, 1) & LookupFlags.symlink_follow) !== 0;
    const { fs, w } = resolve(s, m, u32(a, 0), Rights.path_filestat_set_times, u32(a, 2), u32(a, 3), follow);
    const t = requestedTimes(s, u64(a, 4), u64(a, 5), u32(a, 6));
    fs.setTimes(existing(fs, w), t.atim, t.mtim);
    return 0;
  }),
  call('path_link', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], (s, m, a) => {
    const follow = (u32(a, 1) & LookupFlags.symlink_follow) !== 0;
    const from = resolve(s, m, u32(a, 0), Rights.path_link_source, u32(a, 2), u32(a, 3), follow);
    const to = resolve(s, m, u32(a, 4), Rights.path_link_target, u32(a, 5), u32(a, 6), false);
    const node = existing(from.fs, from.w);
    if (from.fs.filetype(node) === Filetype.directory) throw new WasiError('perm');
    if (isDotName(to.w.name) || to.w.node !== null) throw new WasiError('exist');
    if (from.d.fsIndex !== to.d.fsIndex) throw new WasiError('xdev');
    to.fs.link(node, to.w.parent, to.w.name);
    return 0;
  }),
  call('path_symlink', ['i32', 'i32', 'i32', 'i32', 'i32'], (s, m, a) => {
    const target = m.string(u32(a, 0), u32(a, 1));
    if (target.includes('\0')) throw new WasiError('inval');
    if (target.length === 0) throw new WasiError('noent');
    const { fs, w } = resolve(s, m, u32(a, 2), Rights.path_symlink, u32(a, 3), u32(a, 4), false);
    if (isDotName(w.name) || w.node !== null) throw new WasiError('exist');
    if (w.trailingSlash) throw new WasiError('noent');
    fs.symlink(w.parent, w.name, target);
    return 0;
  }),
  call('path_readlink', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], (s, m, a) => {
    const { fs, w } = resolve(s, m, u32(a, 0), Rights.path_readlink, u32(a, 1), u32(a, 2), false);
    if (w.node === null) throw new WasiError('noent');
    const target = encoder.encode(fs.readlink(w.node));
    const buf = u32(a, 3);
    const bufLen = u32(a, 4);
    const usedPtr = u32(a, 5);
    m.assertRange(usedPtr, 4);
    const n = Math.min(bufLen, target.length);
    m.write(buf, target.subarray(0, n));
    m.setU32(usedPtr, n);
    return 0;
  }),
];
