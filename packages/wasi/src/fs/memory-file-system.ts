/**
 * A file system kept in memory: directories, regular files, symlinks and hard links, with POSIX semantics for
 * the operations WASI needs (an unlinked file stays readable while a descriptor holds it). All of it exports to
 * canonical bytes (`memory-file-system-state.ts`), so it travels in a snapshot. Host-side helpers (`writeFile`,
 * `readFile`, `mkdir`, `tree`) prepare and inspect it outside the guest.
 * @module
 */
import { Filetype } from '../constants.js';
import { WasiError } from '../errors.js';
import type { DirEntry, FileStat, FileSystem } from './file-system.js';
import { decodeMemoryFileSystem, encodeMemoryFileSystem } from './memory-file-system-state.js';
import { compareNames } from './names.js';

/** A node of the in-memory tree. */
export type MemNode = MemFile | MemDirectory | MemSymlink;

interface MemNodeBase {
  readonly id: number;
  /** Directory entries naming it (a directory: 1 while in the tree, 0 once removed). */
  nlink: number;
  /** Descriptors holding it. */
  open: number;
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
}

/** A regular file: `data` holds `size` bytes (and spare capacity). */
export interface MemFile extends MemNodeBase {
  readonly type: typeof Filetype.regular_file;
  data: Uint8Array;
  size: number;
}

/** A directory. */
export interface MemDirectory extends MemNodeBase {
  readonly type: typeof Filetype.directory;
  readonly entries: Map<string, number>;
  /** The directory holding it (the root: itself). */
  parent: number;
}

/** A symbolic link. */
export interface MemSymlink extends MemNodeBase {
  readonly type: typeof Filetype.symbolic_link;
  readonly target: string;
}

/** Options of a `MemoryFileSystem`. */
export interface MemoryFileSystemOptions {
  /** The clock for timestamps until a WASI host mounts it (ns since the epoch). Default: the host's wall clock. */
  readonly now?: () => bigint;
  /** Largest file size in bytes (`fbig` beyond). Default 1 GiB. */
  readonly maxFileSize?: number;
  /**
   * Most bytes all files may hold together (`nospc` beyond: a write that would need more room, or a size set
   * above it). Default: no limit besides the host's memory.
   */
  readonly maxTotalSize?: number;
}

/** A host-side view of one node, as `tree()` lists it. */
export type TreeEntry =
  | { readonly type: 'file'; readonly data: Uint8Array }
  | { readonly type: 'directory' }
  | { readonly type: 'symlink'; readonly target: string };

/** The default largest file: 1 GiB. */
export const DEFAULT_MAX_FILE_SIZE = 1 << 30;

const EMPTY = new Uint8Array(0);

/** An in-memory file system. Node ids are its inode numbers. */
export class MemoryFileSystem implements FileSystem {
  readonly kind = 'memory';
  /** Every live node by id. */
  readonly nodes = new Map<number, MemNode>();
  /** The root directory's id. */
  rootId: number;
  /** The id the next created node gets. */
  nextId: number;
  /** Largest file size in bytes. */
  readonly maxFileSize: number;
  /** Most bytes all files hold together (`Infinity`: no limit). */
  readonly maxTotalSize: number;
  private clock: () => bigint;

  /** An empty file system: a root directory only. */
  constructor(options: MemoryFileSystemOptions = {}) {
    this.clock = options.now ?? (() => BigInt(Date.now()) * 1_000_000n);
    this.maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    if (!Number.isSafeInteger(this.maxFileSize) || this.maxFileSize < 0)
      throw new RangeError('maxFileSize must be a non-negative integer');
    this.maxTotalSize = options.maxTotalSize ?? Infinity;
    if (this.maxTotalSize !== Infinity && (!Number.isSafeInteger(this.maxTotalSize) || this.maxTotalSize < 0)) {
      throw new RangeError('maxTotalSize must be a non-negative integer');
    }
    this.rootId = 1;
    this.nextId = 2;
    const t = this.clock();
    this.nodes.set(1, {
      id: 1,
      type: Filetype.directory,
      entries: new Map(),
      parent: 1,
      nlink: 1,
      open: 0,
      atim: t,
      mtim: t,
      ctim: t,
    });
  }

  /** Uses `now` for timestamps from here on (a WASI host passes its clock when it mounts this). */
  useClock(now: () => bigint): void {
    this.clock = now;
  }

  private node(id: number): MemNode {
    const n = this.nodes.get(id);
    if (n === undefined) throw new WasiError('badf');
    return n;
  }

  private dir(id: number): MemDirectory {
    const n = this.node(id);
    if (n.type !== Filetype.directory) throw new WasiError('notdir');
    return n;
  }

  private file(id: number): MemFile {
    const n = this.node(id);
    if (n.type === Filetype.directory) throw new WasiError('isdir');
    if (n.type !== Filetype.regular_file) throw new WasiError('inval');
    return n;
  }

  /** A directory that may receive a new entry `name`. */
  private dirForNew(id: number, name: string): MemDirectory {
    const d = this.dir(id);
    if (d.nlink === 0) throw new WasiError('noent');
    if (d.entries.has(name)) throw new WasiError('exist');
    return d;
  }

  private touch(n: MemNode): void {
    const t = this.clock();
    n.mtim = t;
    n.ctim = t;
  }

  private add(d: MemDirectory, name: string, n: MemNode): void {
    this.nodes.set(n.id, n);
    d.entries.set(name, n.id);
    this.touch(d);
  }

  private dropLink(n: MemNode): void {
    n.nlink--;
    n.ctim = this.clock();
    if (n.type === Filetype.directory && n.nlink === 0) n.parent = n.id;
    if (n.nlink === 0 && n.open === 0) this.nodes.delete(n.id);
  }

  root(): number {
    return this.rootId;
  }

  lookup(dir: number, name: string): number | null {
    return this.dir(dir).entries.get(name) ?? null;
  }

  filetype(node: number): Filetype {
    return this.node(node).type;
  }

  stat(node: number): FileStat {
    const n = this.node(node);
    let nlink = n.nlink;
    let size = 0;
    if (n.type === Filetype.directory) {
      if (nlink > 0) {
        nlink = 2;
        for (const id of n.entries.values()) if (this.nodes.get(id)?.type === Filetype.directory) nlink++;
      }
      size = n.entries.size;
    } else if (n.type === Filetype.regular_file) {
      size = n.size;
    } else {
      size = new TextEncoder().encode(n.target).length;
    }
    return {
      dev: 0n,
      ino: BigInt(n.id),
      filetype: n.type,
      nlink: BigInt(nlink),
      size: BigInt(size),
      atim: n.atim,
      mtim: n.mtim,
      ctim: n.ctim,
    };
  }

  readlink(node: number): string {
    const n = this.node(node);
    if (n.type !== Filetype.symbolic_link) throw new WasiError('inval');
    return n.target;
  }

  readdir(dir: number): DirEntry[] {
    const d = this.dir(dir);
    const out: DirEntry[] = [
      { name: '.', ino: BigInt(d.id), filetype: Filetype.directory },
      { name: '..', ino: BigInt(d.parent), filetype: Filetype.directory },
    ];
    const names = [...d.entries.keys()].sort(compareNames);
    for (const name of names) {
      const id = d.entries.get(name)!;
      out.push({ name, ino: BigInt(id), filetype: this.node(id).type });
    }
    return out;
  }

  read(node: number, position: number, into: Uint8Array): number {
    const f = this.file(node);
    if (position >= f.size) return 0;
    const n = Math.min(into.length, f.size - position);
    into.set(f.data.subarray(position, position + n));
    return n;
  }

  write(node: number, position: number, data: Uint8Array): number {
    const f = this.file(node);
    const end = position + data.length;
    if (end > this.maxFileSize) throw new WasiError('fbig');
    this.reserve(f, end);
    f.data.set(data, position);
    if (end > f.size) f.size = end;
    if (data.length > 0) this.touch(f);
    return data.length;
  }

  /** Makes room for `size` bytes; bytes between the old size and `size` read as zero. */
  private reserve(f: MemFile, size: number): void {
    if (size <= f.data.length) {
      if (size > f.size) f.data.fill(0, f.size, size);
      return;
    }
    let capacity = Math.min(this.maxFileSize, Math.max(size, f.data.length * 2, 64));
    if (this.maxTotalSize !== Infinity) {
      const room = this.maxTotalSize - (this.allocatedBytes() - f.data.length);
      if (size > room) throw new WasiError('nospc');
      capacity = Math.min(capacity, room);
    }
    let next: Uint8Array;
    try {
      next = new Uint8Array(capacity);
    } catch {
      throw new WasiError('nospc'); // the host could not allocate the file's new size
    }
    next.set(f.data.subarray(0, f.size));
    f.data = next;
  }

  /** Bytes the files' buffers hold now (with spare capacity; files still held after unlinking count). */
  private allocatedBytes(): number {
    let total = 0;
    for (const n of this.nodes.values()) if (n.type === Filetype.regular_file) total += n.data.length;
    return total;
  }

  setSize(node: number, size: number): void {
    const f = this.file(node);
    if (size > this.maxFileSize) throw new WasiError('fbig');
    if (size > f.size) this.reserve(f, size);
    else if (size < f.data.length / 2)
      f.data = f.data.slice(0, size); // give the room back
    else f.data.fill(0, size, f.size);
    f.size = size;
    this.touch(f);
  }

  setTimes(node: number, atim: bigint | null, mtim: bigint | null): void {
    const n = this.node(node);
    if (atim !== null) n.atim = atim;
    if (mtim !== null) n.mtim = mtim;
    n.ctim = this.clock();
  }

  createDirectory(dir: number, name: string): number {
    const d = this.dirForNew(dir, name);
    const t = this.clock();
    const id = this.nextId++;
    this.add(d, name, {
      id,
      type: Filetype.directory,
      entries: new Map(),
      parent: d.id,
      nlink: 1,
      open: 0,
      atim: t,
      mtim: t,
      ctim: t,
    });
    return id;
  }

  createFile(dir: number, name: string): number {
    const d = this.dirForNew(dir, name);
    const t = this.clock();
    const id = this.nextId++;
    this.add(d, name, {
      id,
      type: Filetype.regular_file,
      data: EMPTY,
      size: 0,
      nlink: 1,
      open: 0,
      atim: t,
      mtim: t,
      ctim: t,
    });
    return id;
  }

  symlink(dir: number, name: string, target: string): void {
    const d = this.dirForNew(dir, name);
    const t = this.clock();
    const id = this.nextId++;
    this.add(d, name, { id, type: Filetype.symbolic_link, target, nlink: 1, open: 0, atim: t, mtim: t, ctim: t });
  }

  link(node: number, dir: number, name: string): void {
    const n = this.node(node);
    if (n.type === Filetype.directory) throw new WasiError('perm');
    if (n.nlink === 0) throw new WasiError('noent');
    const d = this.dirForNew(dir, name);
    n.nlink++;
    n.ctim = this.clock();
    d.entries.set(name, n.id);
    this.touch(d);
  }

  unlinkFile(dir: number, name: string): void {
    const d = this.dir(dir);
    const id = d.entries.get(name);
    if (id === undefined) throw new WasiError('noent');
    const n = this.node(id);
    if (n.type === Filetype.directory) throw new WasiError('isdir');
    d.entries.delete(name);
    this.touch(d);
    this.dropLink(n);
  }

  removeDirectory(dir: number, name: string): void {
    const d = this.dir(dir);
    const id = d.entries.get(name);
    if (id === undefined) throw new WasiError('noent');
    const n = this.node(id);
    if (n.type !== Filetype.directory) throw new WasiError('notdir');
    if (n.entries.size > 0) throw new WasiError('notempty');
    d.entries.delete(name);
    this.touch(d);
    this.dropLink(n);
  }

  rename(dir: number, name: string, newDir: number, newName: string): void {
    const from = this.dir(dir);
    const to = this.dir(newDir);
    const id = from.entries.get(name);
    if (id === undefined) throw new WasiError('noent');
    if (to.nlink === 0) throw new WasiError('noent');
    const n = this.node(id);
    const existingId = to.entries.get(newName);
    const existing = existingId === undefined ? null : this.node(existingId);
    // Linux's order: a directory cannot move below itself (inval); a target that is an ancestor of the source
    // is a non-empty directory (notempty); renaming a node onto itself does nothing; then the type checks.
    if (n.type === Filetype.directory && this.isAncestor(n.id, to)) throw new WasiError('inval');
    if (existing !== null && existing.type === Filetype.directory && this.isAncestor(existing.id, from)) {
      throw new WasiError('notempty');
    }
    if (existingId === id) return;
    if (n.type === Filetype.directory) {
      if (existing !== null) {
        if (existing.type !== Filetype.directory) throw new WasiError('notdir');
        if (existing.entries.size > 0) throw new WasiError('notempty');
      }
    } else if (existing !== null && existing.type === Filetype.directory) {
      throw new WasiError('isdir');
    }
    if (existing !== null) {
      to.entries.delete(newName);
      this.dropLink(existing);
    }
    from.entries.delete(name);
    to.entries.set(newName, id);
    if (n.type === Filetype.directory) n.parent = to.id;
    this.touch(from);
    this.touch(to);
    n.ctim = this.clock();
  }

  /** True when directory `id` is `dir` or one of its ancestors. */
  private isAncestor(id: number, dir: MemDirectory): boolean {
    for (let a = dir; ; a = this.dir(a.parent)) {
      if (a.id === id) return true;
      if (a.parent === a.id) return false;
    }
  }

  sync(node: number): void {
    this.node(node);
  }

  retain(node: number): void {
    this.node(node).open++;
  }

  release(node: number): void {
    const n = this.node(node);
    n.open--;
    if (n.open === 0 && n.nlink === 0) this.nodes.delete(n.id);
  }

  /**
   * Fails unless every unlinked node is held by a descriptor (what a restore checks once descriptors are back).
   * @throws WasiError `badf` naming nothing secret, when an unlinked node is held by nobody
   */
  checkHeld(): void {
    for (const n of this.nodes.values()) if (n.nlink === 0 && n.open === 0) throw new WasiError('badf');
  }

  exportState(): Uint8Array {
    return encodeMemoryFileSystem(this.rootId, this.nextId, this.nodes);
  }

  /**
   * Rebuilds a file system from `exportState` bytes. Open counts start at zero: the WASI host retains the nodes
   * its descriptors hold, then calls `checkHeld`.
   * @throws WasiStateError when the bytes are malformed, inconsistent or not canonical
   */
  static fromState(bytes: Uint8Array, options: MemoryFileSystemOptions = {}): MemoryFileSystem {
    const fs = new MemoryFileSystem(options);
    const decoded = decodeMemoryFileSystem(bytes);
    fs.nodes.clear();
    for (const n of decoded.nodes) fs.nodes.set(n.id, n);
    fs.rootId = decoded.rootId;
    fs.nextId = decoded.nextId;
    return fs;
  }

  // Host-side helpers: paths are '/'-separated from the root, '.' and '..' are not interpreted.

  private hostParent(path: string, create: boolean): { dir: number; name: string } {
    const parts = path.split('/').filter((p) => p.length > 0);
    const name = parts.pop();
    if (name === undefined) throw new TypeError(`path '${path}' names the root`);
    let dir = this.rootId;
    for (const p of parts) {
      const next = this.lookup(dir, p);
      if (next === null) {
        if (!create) throw new TypeError(`no directory '${p}' in '${path}'`);
        dir = this.createDirectory(dir, p);
      } else {
        if (this.filetype(next) !== Filetype.directory) throw new TypeError(`'${p}' in '${path}' is not a directory`);
        dir = next;
      }
    }
    return { dir, name };
  }

  /**
   * Creates or replaces a file (and missing parent directories), host-side.
   * @example fs.writeFile('data/input.txt', 'hello\n')
   * @throws TypeError when a parent is not a directory
   */
  writeFile(path: string, data: Uint8Array | string): void {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    const { dir, name } = this.hostParent(path, true);
    const id = this.lookup(dir, name) ?? this.createFile(dir, name);
    this.setSize(id, 0);
    this.write(id, 0, bytes);
  }

  /**
   * Creates a directory and its missing parents, host-side.
   * @throws TypeError when a component exists and is not a directory
   */
  mkdir(path: string): void {
    const { dir, name } = this.hostParent(path, true);
    const id = this.lookup(dir, name);
    if (id === null) this.createDirectory(dir, name);
    else if (this.filetype(id) !== Filetype.directory) throw new TypeError(`'${path}' exists and is not a directory`);
  }

  /**
   * Creates a symlink, host-side.
   * @throws TypeError when the name is taken
   */
  addSymlink(path: string, target: string): void {
    const { dir, name } = this.hostParent(path, true);
    if (this.lookup(dir, name) !== null) throw new TypeError(`'${path}' exists`);
    this.symlink(dir, name, target);
  }

  /**
   * A copy of a file's contents, host-side.
   * @throws TypeError when the path is not a regular file
   */
  readFile(path: string): Uint8Array {
    const { dir, name } = this.hostParent(path, false);
    const id = this.lookup(dir, name);
    if (id === null) throw new TypeError(`no file '${path}'`);
    const n = this.node(id);
    if (n.type !== Filetype.regular_file) throw new TypeError(`'${path}' is not a regular file`);
    return n.data.slice(0, n.size);
  }

  /** Every node below the root by path ('/'-separated, no leading slash), in byte order of paths. */
  tree(): Map<string, TreeEntry> {
    const out = new Map<string, TreeEntry>();
    const visit = (dir: MemDirectory, prefix: string): void => {
      for (const name of [...dir.entries.keys()].sort(compareNames)) {
        const n = this.node(dir.entries.get(name)!);
        const path = prefix + name;
        if (n.type === Filetype.directory) {
          out.set(path, { type: 'directory' });
          visit(n, `${path}/`);
        } else if (n.type === Filetype.regular_file) {
          out.set(path, { type: 'file', data: n.data.slice(0, n.size) });
        } else {
          out.set(path, { type: 'symlink', target: n.target });
        }
      }
    };
    visit(this.dir(this.rootId), '');
    return out;
  }
}
