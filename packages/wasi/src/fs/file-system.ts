/**
 * The interface between WASI's path and descriptor calls and a file system: nodes named by integers, one
 * directory level at a time. Path resolution (`..`, symlinks, sandboxing) happens above it, in `path-walk.ts`,
 * so a backend never sees a path that could leave its root. Failures are `WasiError`s with the errno a POSIX
 * system would give.
 * @module
 */
import type { Filetype } from '../constants.js';

/** What `filestat` reports about a node (the WASI record minus nothing: `dev` is the backend's). */
export interface FileStat {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly filetype: Filetype;
  readonly nlink: bigint;
  readonly size: bigint;
  readonly atim: bigint;
  readonly mtim: bigint;
  readonly ctim: bigint;
}

/** One directory entry. */
export interface DirEntry {
  readonly name: string;
  readonly ino: bigint;
  readonly filetype: Filetype;
}

/**
 * A file system a WASI host can mount. Node ids are the backend's; every method that takes one may assume it came
 * from this backend (from `root`, `lookup` or a create call).
 */
export interface FileSystem {
  /** Names the backend in exported state (`memory`, `host-directory`, …): restore picks the decoder by it. */
  readonly kind: string;
  /** The root directory's node. */
  root(): number;
  /** The node `name` names in directory `dir`, or null; `notdir` when `dir` is not a directory. */
  lookup(dir: number, name: string): number | null;
  /** A node's status. */
  stat(node: number): FileStat;
  /** A node's file type (cheaper than `stat`). */
  filetype(node: number): Filetype;
  /** A symlink's target; `inval` for other nodes. */
  readlink(node: number): string;
  /** Entries of a directory, `.` and `..` first, then by name in byte order. */
  readdir(dir: number): DirEntry[];
  /** Reads into `into` from byte `position` of a regular file; returns the bytes read (0 at or past the end). */
  read(node: number, position: number, into: Uint8Array): number;
  /** Writes `data` at byte `position` of a regular file, extending it; returns the bytes written. */
  write(node: number, position: number, data: Uint8Array): number;
  /** Truncates or extends (with zeros) a regular file. */
  setSize(node: number, size: number): void;
  /** Sets access and/or modification times (ns; null leaves one unchanged). */
  setTimes(node: number, atim: bigint | null, mtim: bigint | null): void;
  /** Creates a directory; returns its node. `exist` when the name is taken. */
  createDirectory(dir: number, name: string): number;
  /** Creates an empty regular file; returns its node. `exist` when the name is taken. */
  createFile(dir: number, name: string): number;
  /** Creates a symlink holding `target`. */
  symlink(dir: number, name: string, target: string): void;
  /** Adds a hard link to a non-directory node. */
  link(node: number, dir: number, name: string): void;
  /** Removes a non-directory entry. */
  unlinkFile(dir: number, name: string): void;
  /** Removes an empty directory. */
  removeDirectory(dir: number, name: string): void;
  /** Moves an entry, replacing a compatible target as POSIX `rename` does. */
  rename(dir: number, name: string, newDir: number, newName: string): void;
  /** Makes sure written data is stored (a no-op in memory). */
  sync(node: number): void;
  /** A descriptor now refers to `node`: it stays usable after its last link goes. */
  retain(node: number): void;
  /** A descriptor referring to `node` was closed. */
  release(node: number): void;
  /** The backend's state as canonical bytes (its own version inside). */
  exportState(): Uint8Array;
}

/** Rebuilds a file system of a given kind from the bytes its `exportState` wrote. */
export type FileSystemDecoder = (kind: string, bytes: Uint8Array) => FileSystem;
