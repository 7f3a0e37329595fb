/**
 * A real directory of the host as a WASI file system (`edgedancer run --dir HOST::GUEST`), through `node:fs`.
 * This is the package's only file that imports `node:` modules; it is published as
 * `@edgedancer/wasi/host-directory` so the main entry stays portable.
 *
 * The WASI layer resolves paths one component at a time (`path-walk.ts`), so this backend only ever sees
 * names below its root, and it never follows a symlink itself: the root is held open from the mount on and every
 * operation walks from it with `O_NOFOLLOW` at each step (`host-directory-walk.ts`), the last component used with
 * no-follow calls (`lstat`, `O_NOFOLLOW`, `lutimes`, `readlink`). Neither `..`, links, a second mount of the same
 * or a nested directory, nor a directory swapped for a symlink between two calls leads outside. Node ids map to
 * paths relative to the root; open files keep a host descriptor, so an unlinked file stays readable while the
 * guest holds it.
 *
 * What migrates: the exported state names the host path and the paths of the nodes descriptors hold, not file
 * contents. A restored host must see the same directory (the same machine, or storage both share).
 * @module
 */
import {
  type BigIntStats,
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  futimesSync,
  linkSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
  renameSync,
  rmdirSync,
  symlinkSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { resolve } from 'node:path';
import { type ErrnoName, Filetype } from './constants.js';
import { WasiError, WasiStateError } from './errors.js';
import type { DirEntry, FileStat, FileSystem } from './fs/file-system.js';
import { compareNames } from './fs/names.js';
import { HostDirectoryWalker } from './host-directory-walk.js';
import { ByteReader } from './state/byte-reader.js';
import { ByteWriter } from './state/byte-writer.js';

/** Open flags for a file below the root: never through a symlink, never blocking on a FIFO. */
const FILE_READ_WRITE = constants.O_RDWR | constants.O_NOFOLLOW | constants.O_NONBLOCK;
const FILE_READ = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
const FILE_CREATE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** The version of a host directory's exported state. */
export const HOST_DIRECTORY_STATE_VERSION = 1;

/** Known node ids beyond which ids no descriptor holds are forgotten. */
const PRUNE_THRESHOLD = 1024;

/** POSIX error names of `node:fs` failures and their WASI errno names. */
const ERRNO_OF_CODE: Readonly<Record<string, ErrnoName>> = {
  E2BIG: '2big',
  EACCES: 'acces',
  EAGAIN: 'again',
  EBADF: 'badf',
  EBUSY: 'busy',
  EEXIST: 'exist',
  EFAULT: 'fault',
  EFBIG: 'fbig',
  EINTR: 'intr',
  EINVAL: 'inval',
  EIO: 'io',
  EISDIR: 'isdir',
  ELOOP: 'loop',
  EMFILE: 'mfile',
  EMLINK: 'mlink',
  ENAMETOOLONG: 'nametoolong',
  ENFILE: 'nfile',
  ENOENT: 'noent',
  ENOMEM: 'nomem',
  ENOSPC: 'nospc',
  ENOSYS: 'nosys',
  ENOTDIR: 'notdir',
  ENOTEMPTY: 'notempty',
  ENOTSUP: 'notsup',
  EOPNOTSUPP: 'notsup',
  EOVERFLOW: 'overflow',
  EPERM: 'perm',
  EROFS: 'rofs',
  ESPIPE: 'spipe',
  ETXTBSY: 'txtbsy',
  EXDEV: 'xdev',
  EDQUOT: 'dquot',
  ESTALE: 'stale',
};

/** Runs a host file operation, turning `node:fs` failures into `WasiError`s. */
function guard<T>(op: () => T): T {
  try {
    return op();
  } catch (e) {
    if (e instanceof WasiError) throw e;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') throw new WasiError(ERRNO_OF_CODE[code] ?? 'io');
    throw e;
  }
}

function filetypeOf(st: {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): Filetype {
  if (st.isFile()) return Filetype.regular_file;
  if (st.isDirectory()) return Filetype.directory;
  if (st.isSymbolicLink()) return Filetype.symbolic_link;
  if (st.isCharacterDevice()) return Filetype.character_device;
  if (st.isBlockDevice()) return Filetype.block_device;
  if (st.isSocket()) return Filetype.socket_stream;
  return Filetype.unknown;
}

function fileStatOf(st: BigIntStats): FileStat {
  return {
    dev: st.dev,
    ino: st.ino,
    filetype: filetypeOf(st),
    nlink: st.nlink,
    size: st.size,
    atim: st.atimeNs,
    mtim: st.mtimeNs,
    ctim: st.ctimeNs,
  };
}

/** A node: its path below the root (null once unlinked), its open host descriptor and how many hold it. */
interface HostNode {
  path: string | null;
  fd: number | null;
  writable: boolean;
  refs: number;
}

/** A host directory mounted as a WASI file system. */
export class HostDirectory implements FileSystem {
  readonly kind = 'host-directory';
  /** The absolute host path of the root, symlinks resolved when it was mounted. */
  readonly hostPath: string;
  private readonly walker: HostDirectoryWalker;
  private readonly nodes = new Map<number, HostNode>();
  private readonly byPath = new Map<string, number>();
  private nextId = 2;

  /**
   * @param hostPath the directory to mount (resolved to an absolute path)
   * @throws TypeError when it is not a directory
   * @example new WasiHost({ preopens: { '/data': new HostDirectory('./data') } })
   */
  constructor(hostPath: string) {
    try {
      this.walker = new HostDirectoryWalker(resolve(hostPath));
    } catch {
      throw new TypeError(`'${hostPath}' is not a directory`);
    }
    this.hostPath = this.walker.realRoot;
    this.nodes.set(1, { path: '', fd: null, writable: false, refs: 0 });
    this.byPath.set('', 1);
  }

  private node(id: number): HostNode {
    const n = this.nodes.get(id);
    if (n === undefined) throw new WasiError('badf');
    return n;
  }

  /** The path below the root of a linked node. */
  private rel(id: number): string {
    const p = this.node(id).path;
    if (p === null) throw new WasiError('noent');
    return p;
  }

  /** Runs `op` on a host path naming a linked node (its last component not followed). */
  private at<T>(id: number, op: (hostPath: string) => T): T {
    return this.walker.at(this.rel(id), op);
  }

  /**
   * Closes the host descriptors this mount holds (the root's and open files'); the mount is unusable afterwards.
   * A mount nobody closes has its root descriptor closed when it is garbage-collected.
   */
  close(): void {
    for (const n of this.nodes.values()) {
      if (n.fd !== null) closeSync(n.fd);
      n.fd = null;
    }
    this.walker.close();
  }

  private child(dir: number, name: string): string {
    const p = this.node(dir).path;
    if (p === null) throw new WasiError('noent');
    return p === '' ? name : `${p}/${name}`;
  }

  private idFor(path: string): number {
    let id = this.byPath.get(path);
    if (id === undefined) {
      id = this.nextId++;
      this.nodes.set(id, { path, fd: null, writable: false, refs: 0 });
      this.byPath.set(path, id);
    }
    return id;
  }

  private hostStat(id: number): BigIntStats {
    const n = this.node(id);
    if (n.fd !== null) return fstatSync(n.fd, { bigint: true });
    if (id === 1) return fstatSync(this.walker.fd, { bigint: true });
    return this.at(id, (p) => lstatSync(p, { bigint: true }));
  }

  /** A host descriptor for a regular file node (kept while retained, else the caller closes it). */
  private handle(id: number, write: boolean): { fd: number; temporary: boolean } {
    const n = this.node(id);
    if (n.fd !== null && (n.writable || !write)) return { fd: n.fd, temporary: false };
    let writable = true;
    const fd = this.at(id, (path) => {
      try {
        return openSync(path, FILE_READ_WRITE);
      } catch (e) {
        if (write || (e as { code?: string }).code !== 'EACCES') throw e;
        writable = false;
        return openSync(path, FILE_READ);
      }
    });
    if (n.refs === 0) return { fd, temporary: true };
    if (n.fd !== null) closeSync(n.fd);
    n.fd = fd;
    n.writable = writable;
    return { fd, temporary: false };
  }

  private withHandle<T>(id: number, write: boolean, op: (fd: number) => T): T {
    return guard(() => {
      const h = this.handle(id, write);
      try {
        return op(h.fd);
      } finally {
        if (h.temporary) closeSync(h.fd);
      }
    });
  }

  /** Marks the node at `path` (if known) unlinked. */
  private forget(path: string): void {
    const id = this.byPath.get(path);
    if (id === undefined) return;
    this.byPath.delete(path);
    const n = this.nodes.get(id)!;
    n.path = null;
    if (n.refs === 0 && id !== 1) this.nodes.delete(id);
  }

  root(): number {
    return 1;
  }

  lookup(dir: number, name: string): number | null {
    return guard(() => {
      if (this.filetype(dir) !== Filetype.directory) throw new WasiError('notdir');
      const path = this.child(dir, name);
      const st = this.walker.at(path, (p) => lstatSync(p, { throwIfNoEntry: false }));
      if (st === undefined) {
        this.forget(path);
        return null;
      }
      return this.idFor(path);
    });
  }

  filetype(node: number): Filetype {
    return guard(() => filetypeOf(this.hostStat(node)));
  }

  stat(node: number): FileStat {
    return guard(() => fileStatOf(this.hostStat(node)));
  }

  readlink(node: number): string {
    return guard(() => this.at(node, (p) => readlinkSync(p, 'utf8')));
  }

  readdir(dir: number): DirEntry[] {
    return guard(() => {
      const self = this.hostStat(dir);
      if (!self.isDirectory()) throw new WasiError('notdir');
      const ref = this.walker.directory(this.rel(dir));
      try {
        const parentIno = dir === 1 ? self.ino : lstatSync(`${ref.path}/..`, { bigint: true }).ino;
        const out: DirEntry[] = [
          { name: '.', ino: self.ino, filetype: Filetype.directory },
          { name: '..', ino: parentIno, filetype: Filetype.directory },
        ];
        for (const name of readdirSync(ref.path).sort(compareNames)) {
          const st = lstatSync(`${ref.path}/${name}`, { bigint: true, throwIfNoEntry: false });
          if (st !== undefined) out.push({ name, ino: st.ino, filetype: filetypeOf(st) });
        }
        return out;
      } finally {
        ref.close();
      }
    });
  }

  read(node: number, position: number, into: Uint8Array): number {
    return this.withHandle(node, false, (fd) => readSync(fd, into, 0, into.length, position));
  }

  write(node: number, position: number, data: Uint8Array): number {
    return this.withHandle(node, true, (fd) => writeSync(fd, data, 0, data.length, position));
  }

  setSize(node: number, size: number): void {
    this.withHandle(node, true, (fd) => ftruncateSync(fd, size));
  }

  setTimes(node: number, atim: bigint | null, mtim: bigint | null): void {
    guard(() => {
      const st = this.hostStat(node);
      const a = Number(atim ?? st.atimeNs) / 1e9;
      const m = Number(mtim ?? st.mtimeNs) / 1e9;
      const n = this.node(node);
      if (n.fd !== null) futimesSync(n.fd, a, m);
      else this.at(node, (p) => lutimesSync(p, a, m));
    });
  }

  createDirectory(dir: number, name: string): number {
    return guard(() => {
      const path = this.child(dir, name);
      this.walker.at(path, (p) => mkdirSync(p));
      return this.idFor(path);
    });
  }

  createFile(dir: number, name: string): number {
    return guard(() => {
      const path = this.child(dir, name);
      this.walker.at(path, (p) => closeSync(openSync(p, FILE_CREATE, 0o666)));
      return this.idFor(path);
    });
  }

  symlink(dir: number, name: string, target: string): void {
    guard(() => this.walker.at(this.child(dir, name), (p) => symlinkSync(target, p)));
  }

  link(node: number, dir: number, name: string): void {
    guard(() => this.walker.atBoth(this.rel(node), this.child(dir, name), (from, to) => linkSync(from, to)));
  }

  unlinkFile(dir: number, name: string): void {
    guard(() => {
      const path = this.child(dir, name);
      this.walker.at(path, (p) => unlinkSync(p));
      this.forget(path);
    });
  }

  removeDirectory(dir: number, name: string): void {
    guard(() => {
      const path = this.child(dir, name);
      this.walker.at(path, (p) => rmdirSync(p));
      this.forget(path);
    });
  }

  rename(dir: number, name: string, newDir: number, newName: string): void {
    guard(() => {
      const from = this.child(dir, name);
      const to = this.child(newDir, newName);
      if (from === to) return;
      this.walker.atBoth(from, to, (a, b) => renameSync(a, b));
      const target = this.byPath.get(to);
      if (target !== undefined && target !== this.byPath.get(from)) this.forget(to);
      // Every known node at or below the old path moves with it.
      for (const [path, id] of [...this.byPath]) {
        if (path !== from && !path.startsWith(`${from}/`)) continue;
        const moved = to + path.slice(from.length);
        this.byPath.delete(path);
        this.byPath.set(moved, id);
        this.nodes.get(id)!.path = moved;
      }
    });
  }

  sync(node: number): void {
    guard(() => {
      const n = this.node(node);
      if (n.fd !== null) fsyncSync(n.fd);
    });
  }

  retain(node: number): void {
    const n = this.node(node);
    // A held regular file gets its host descriptor now, so it stays usable if its last name goes.
    if (n.refs === 0 && n.fd === null && this.filetype(node) === Filetype.regular_file) {
      n.refs = 1;
      try {
        guard(() => this.handle(node, false));
      } catch (e) {
        n.refs = 0;
        throw e;
      }
    } else {
      n.refs++;
    }
    this.prune(node);
  }

  release(node: number): void {
    const n = this.node(node);
    n.refs--;
    if (n.refs > 0) return;
    if (n.fd !== null) {
      guard(() => closeSync(n.fd!));
      n.fd = null;
    }
    if (n.path === null && node !== 1) this.nodes.delete(node);
    this.prune(node);
  }

  /**
   * Forgets ids no descriptor holds once there are many. Only called from `retain` and `release`, which no WASI
   * function calls between two lookups whose ids it still uses.
   */
  private prune(keep: number): void {
    if (this.nodes.size <= PRUNE_THRESHOLD) return;
    for (const [id, n] of [...this.nodes]) {
      if (id === 1 || id === keep || n.refs > 0) continue;
      this.nodes.delete(id);
      if (n.path !== null) this.byPath.delete(n.path);
    }
  }

  /**
   * `version:u32 hostPath:string nextId:u32 n:u32 (id:u32 hasPath:u8 [path:string])*n`: the root and the nodes
   * descriptors hold, in id order (ids nobody holds are not needed after a restore).
   */
  exportState(): Uint8Array {
    const w = new ByteWriter();
    w.u32(HOST_DIRECTORY_STATE_VERSION).string(this.hostPath).u32(this.nextId);
    const ids = [...this.nodes.keys()].filter((id) => id === 1 || this.nodes.get(id)!.refs > 0).sort((a, b) => a - b);
    w.u32(ids.length);
    for (const id of ids) {
      const p = this.nodes.get(id)!.path;
      w.u32(id);
      if (p === null) w.u8(0);
      else w.u8(1).string(p);
    }
    return w.finish();
  }

  /**
   * Rebuilds a host directory from `exportState` bytes. Unlinked files that were held cannot be reopened: their
   * descriptors then fail with `noent`.
   * @param bytes the exported state
   * @param hostPath mount this directory instead of the recorded one (the same data at another place)
   * @throws WasiStateError for malformed bytes, or when a symlink is now on the path (give the real path);
   * TypeError when the directory does not exist
   */
  static fromState(bytes: Uint8Array, hostPath?: string): HostDirectory {
    const r = new ByteReader(bytes);
    const version = r.u32('host directory version');
    if (version !== HOST_DIRECTORY_STATE_VERSION)
      throw new WasiStateError('bad-version', `host directory version ${version}`);
    const recorded = r.string('host path');
    const nextId = r.u32('next id');
    const entries: [number, string | null][] = [];
    let prev = 0;
    for (let i = r.count('node count', 5); i > 0; i--) {
      const id = r.u32('node id');
      if (id <= prev || id >= nextId) throw new WasiStateError('non-canonical', `node ${id} out of order`);
      prev = id;
      const path = r.bool('has path') ? r.string('path') : null;
      if (
        path !== null &&
        (path.startsWith('/') || path.split('/').some((c) => c === '..' || c === '.' || (c === '' && path !== '')))
      ) {
        throw new WasiStateError('bad-value', 'node path leaves the directory');
      }
      entries.push([id, path]);
    }
    r.end();
    if (entries[0]?.[0] !== 1 || entries[0][1] !== '') throw new WasiStateError('bad-value', 'no root node');
    const path = resolve(hostPath ?? recorded);
    const dir = new HostDirectory(path);
    if (dir.hostPath !== path) {
      // A symlink now on the path (the guest may have planted one through another mount) would mount elsewhere.
      dir.close();
      throw new WasiStateError('bad-value', 'the host directory path now leads through a symlink');
    }
    dir.nextId = nextId;
    for (const [id, path] of entries.slice(1)) {
      dir.nodes.set(id, { path, fd: null, writable: false, refs: 0 });
      if (path !== null) dir.byPath.set(path, id);
    }
    return dir;
  }
}

/**
 * A `FileSystemDecoder` for `WasiOptions.decodeFileSystem` that restores host directories.
 * @param mapPath maps a recorded host path to the one to mount here (default: the same)
 */
export function hostDirectoryDecoder(
  mapPath: (recorded: string) => string = (p) => p,
): (kind: string, bytes: Uint8Array) => FileSystem {
  return (kind, bytes) => {
    if (kind !== 'host-directory')
      throw new WasiStateError('unsupported-backend', `no decoder for file system kind '${kind}'`);
    const probe = new ByteReader(bytes);
    probe.u32('host directory version');
    return HostDirectory.fromState(bytes, mapPath(probe.string('host path')));
  };
}
