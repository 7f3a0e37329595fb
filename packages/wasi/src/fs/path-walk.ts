/**
 * WASI path resolution over a `FileSystem`, relative to a directory descriptor and confined to it: absolute paths,
 * `..` above the starting directory and absolute symlink targets fail with `notcapable`; intermediate symlinks are
 * always followed, the last one only when asked; more than `MAX_SYMLINK_EXPANSIONS` fail with `loop`.
 * @module
 */
import { Filetype, MAX_NAME_BYTES, MAX_PATH_BYTES, MAX_SYMLINK_EXPANSIONS } from '../constants.js';
import { WasiError } from '../errors.js';
import type { FileSystem } from './file-system.js';

/** Where a path leads. */
export interface Walked {
  /** The directory holding the last component. For a last component `.` or `..`, the directory it names. */
  readonly parent: number;
  /** The last component (`.` and `..` included, for callers to refuse). */
  readonly name: string;
  /** The node the path names, or null when the last component does not exist. */
  readonly node: number | null;
  /** The path ended with `/`: it must name a directory. */
  readonly trailingSlash: boolean;
}

const encoder = new TextEncoder();

/**
 * Splits a relative path into components (empty ones dropped).
 * @throws WasiError `noent` (empty), `notcapable` (absolute), `inval` (NUL), `nametoolong`
 */
export function splitPath(path: string): string[] {
  if (path.length === 0) throw new WasiError('noent');
  if (path.includes('\0')) throw new WasiError('inval');
  if (path.startsWith('/')) throw new WasiError('notcapable');
  if (encoder.encode(path).length > MAX_PATH_BYTES) throw new WasiError('nametoolong');
  const parts = path.split('/').filter((c) => c.length > 0);
  for (const c of parts) if (encoder.encode(c).length > MAX_NAME_BYTES) throw new WasiError('nametoolong');
  return parts;
}

/**
 * Resolves `path` from directory `base`.
 * @param fs the file system `base` belongs to
 * @param base the starting directory's node
 * @param path the guest's path (relative)
 * @param followLast follow a symlink in the last component
 * @throws WasiError for a missing intermediate directory (`noent`), a non-directory one (`notdir`), an escape
 * (`notcapable`) or a symlink loop (`loop`)
 */
export function walkPath(fs: FileSystem, base: number, path: string, followLast: boolean): Walked {
  let parts = splitPath(path);
  const trailingSlash = path.endsWith('/');
  if (parts.length === 0) parts = ['.'];
  const stack = [base];
  let expansions = 0;
  while (parts.length > 0) {
    const c = parts.shift()!;
    const last = parts.length === 0;
    const cur = stack[stack.length - 1]!;
    if (c === '.' || c === '..') {
      if (c === '..') {
        if (stack.length === 1) throw new WasiError('notcapable');
        stack.pop();
      }
      if (last) {
        const dir = stack[stack.length - 1]!;
        return { parent: dir, name: c, node: dir, trailingSlash };
      }
      continue;
    }
    const node = fs.lookup(cur, c);
    if (node === null) {
      if (last) return { parent: cur, name: c, node: null, trailingSlash };
      throw new WasiError('noent');
    }
    const type = fs.filetype(node);
    if (type === Filetype.symbolic_link && (!last || followLast || trailingSlash)) {
      if (++expansions > MAX_SYMLINK_EXPANSIONS) throw new WasiError('loop');
      const target = fs.readlink(node);
      if (target.length === 0) throw new WasiError('noent');
      if (target.startsWith('/')) throw new WasiError('notcapable');
      const more = splitPath(target);
      if (more.length === 0) more.push('.');
      parts = [...more, ...parts];
      continue;
    }
    if (last) return { parent: cur, name: c, node, trailingSlash };
    if (type !== Filetype.directory) throw new WasiError('notdir');
    stack.push(node);
  }
  throw new Error('internal error: path walk ended without a last component');
}

/** True for the names `.` and `..`, which no create, remove or rename may take. */
export function isDotName(name: string): boolean {
  return name === '.' || name === '..';
}
