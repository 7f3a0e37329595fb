/**
 * `path_open`: resolves a path from a directory descriptor, creates or truncates as the open flags ask, and
 * opens a descriptor whose rights are what was asked for, within what the directory passes on and what the
 * file type supports.
 * @module
 */
import {
  FDFLAGS_ALL,
  Filetype,
  LookupFlags,
  OFLAGS_ALL,
  OFlags,
  RIGHTS_DIRECTORY,
  RIGHTS_DIRECTORY_INHERITING,
  RIGHTS_REGULAR_FILE,
  Rights,
} from '../constants.js';
import { WasiError } from '../errors.js';
import { walkPath } from '../fs/path-walk.js';
import { call, u32, u64, type WasiCall } from './call-types.js';

/** The most rights a descriptor of a file type can have, and pass on. */
export function rightsFor(filetype: number): { base: bigint; inheriting: bigint } {
  if (filetype === Filetype.directory) return { base: RIGHTS_DIRECTORY, inheriting: RIGHTS_DIRECTORY_INHERITING };
  if (filetype === Filetype.regular_file) return { base: RIGHTS_REGULAR_FILE, inheriting: 0n };
  return { base: 0n, inheriting: 0n };
}

/** The open function. */
export const PATH_OPEN_CALLS: readonly WasiCall[] = [
  call('path_open', ['i32', 'i32', 'i32', 'i32', 'i32', 'i64', 'i64', 'i32', 'i32'], (s, m, a) => {
    const dirflags = u32(a, 1);
    const path = m.string(u32(a, 2), u32(a, 3));
    const oflags = u32(a, 4);
    const base = u64(a, 5);
    const inheriting = u64(a, 6);
    const fdflags = u32(a, 7);
    const fdPtr = u32(a, 8);
    m.assertRange(fdPtr, 4);
    if ((oflags & ~OFLAGS_ALL) !== 0 || (fdflags & ~FDFLAGS_ALL) !== 0) throw new WasiError('inval');
    let needed = Rights.path_open;
    if ((oflags & OFlags.creat) !== 0) needed |= Rights.path_create_file;
    if ((oflags & OFlags.trunc) !== 0) needed |= Rights.path_filestat_set_size;
    const dir = s.fds.directory(u32(a, 0), needed);
    if (((base | inheriting) & ~dir.rightsInheriting) !== 0n) throw new WasiError('notcapable');
    const fs = s.fsOf(dir);
    const w = walkPath(fs, dir.node, path, (dirflags & LookupFlags.symlink_follow) !== 0);
    let node = w.node;
    if (node === null) {
      if ((oflags & OFlags.creat) === 0) throw new WasiError('noent');
      if ((oflags & OFlags.directory) !== 0) throw new WasiError('inval');
      if (w.trailingSlash) throw new WasiError('isdir');
      node = fs.createFile(w.parent, w.name);
    } else {
      if ((oflags & OFlags.creat) !== 0 && (oflags & OFlags.excl) !== 0) throw new WasiError('exist');
      const type = fs.filetype(node);
      if (type === Filetype.symbolic_link) throw new WasiError((oflags & OFlags.directory) !== 0 ? 'notdir' : 'loop');
      if (type !== Filetype.directory && ((oflags & OFlags.directory) !== 0 || w.trailingSlash)) {
        throw new WasiError('notdir');
      }
      if (type === Filetype.directory && ((base & Rights.fd_write) !== 0n || (oflags & OFlags.trunc) !== 0)) {
        throw new WasiError('isdir');
      }
      if (type === Filetype.regular_file && (oflags & OFlags.trunc) !== 0) fs.setSize(node, 0);
    }
    const filetype = fs.filetype(node);
    const max = rightsFor(filetype);
    const fd = s.open({
      stream: -1,
      fsIndex: dir.fsIndex,
      node,
      filetype,
      fdflags,
      rightsBase: base & max.base,
      rightsInheriting: inheriting & max.inheriting,
      offset: 0,
      preopen: null,
    });
    m.setU32(fdPtr, fd);
    return 0;
  }),
];
