/**
 * How a `HostDirectory` reaches a path below its root without ever following a symlink or leaving the root:
 * the root is held open as a directory descriptor from the mount on, and every path is walked from it one
 * component at a time, each intermediate directory opened with `O_DIRECTORY | O_NOFOLLOW` relative to the one
 * before. `node:fs` has no `openat`, so on Linux the walk goes through `/proc/self/fd/N/name`, which the kernel
 * resolves from the directory descriptor `N` itself, like `openat(N, name)`: a directory renamed, replaced by a
 * symlink, or moved away between two steps cannot redirect the walk. The last component is used with no-follow
 * semantics by every caller (`lstat`, `O_NOFOLLOW`, `unlink`, `rename`, `mkdir`, `symlink`, `readlink`, `link`).
 *
 * Where `/proc/self/fd` is not available (other systems), the walk checks each component with `lstat` and joins
 * paths below the root's real path: a symlink swapped in between the check and the use is the residual race
 * there (see the package README).
 * @module
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Opens a directory without following a symlink in its last component. */
const DIRECTORY_NOFOLLOW = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/** Whether `/proc/self/fd/N` resolves to the descriptor's own directory here (probed once per process). */
let procFdWorks: boolean | undefined;

function probeProcFd(fd: number): boolean {
  if (procFdWorks === undefined) {
    try {
      const viaProc = statSync(`/proc/self/fd/${fd}`, { bigint: true });
      const direct = fstatSync(fd, { bigint: true });
      procFdWorks = viaProc.ino === direct.ino && viaProc.dev === direct.dev;
    } catch {
      procFdWorks = false;
    }
  }
  return procFdWorks;
}

/** A directory reached by a walk: a path that names it for as long as the reference is open. */
export interface DirectoryRef {
  /** A host path naming the directory (`/proc/self/fd/N` on Linux). */
  readonly path: string;
  /** Releases the descriptor the walk opened (none for the root). */
  close(): void;
}

const rootRelease = (): void => {};

/** Closes root descriptors of walkers nobody closed before they were collected. */
const finalizer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
});

/** A root directory held open, and walks from it. */
export class HostDirectoryWalker {
  /** The root's absolute real path (for the fallback walk and for messages). */
  readonly realRoot: string;
  private rootFd: number;
  private readonly viaProc: boolean;

  /**
   * Opens the root.
   * @param hostPath an absolute path to a directory (symlinks in it are the operator's choice and followed once)
   * @throws Error from `node:fs` when it cannot be opened as a directory
   */
  constructor(hostPath: string) {
    this.realRoot = realpathSync(hostPath);
    this.rootFd = openSync(this.realRoot, constants.O_RDONLY | constants.O_DIRECTORY);
    if (!statSync(this.realRoot).isDirectory()) {
      closeSync(this.rootFd);
      throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    }
    this.viaProc = probeProcFd(this.rootFd);
    finalizer.register(this, this.rootFd, this);
  }

  /** Whether walks are anchored on descriptors (`/proc/self/fd`) rather than checked path by path. */
  get anchored(): boolean {
    return this.viaProc;
  }

  /** The root's descriptor (stat it with `fstat`). */
  get fd(): number {
    if (this.rootFd < 0) throw Object.assign(new Error('closed'), { code: 'EBADF' });
    return this.rootFd;
  }

  /**
   * Reaches the directory `relDir` (components joined by `/`, `''` for the root; never `.`, `..` or empty
   * components: the WASI layer resolves those).
   * @throws Error from `node:fs`: `ELOOP`/`ENOTDIR` when a component is a symlink or no directory
   */
  directory(relDir: string): DirectoryRef {
    const rootFd = this.fd;
    if (relDir === '') return { path: this.viaProc ? `/proc/self/fd/${rootFd}` : this.realRoot, close: rootRelease };
    const parts = relDir.split('/');
    if (!this.viaProc) {
      let path = this.realRoot;
      for (const c of parts) {
        path = join(path, c);
        const st = lstatSync(path);
        if (st.isSymbolicLink()) throw Object.assign(new Error('symlink in path'), { code: 'ELOOP' });
        if (!st.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
      }
      return { path, close: rootRelease };
    }
    let fd = rootFd;
    try {
      for (const c of parts) {
        const next = openSync(`/proc/self/fd/${fd}/${c}`, DIRECTORY_NOFOLLOW);
        if (fd !== rootFd) closeSync(fd);
        fd = next;
      }
    } catch (e) {
      if (fd !== rootFd) closeSync(fd);
      throw e;
    }
    const held = fd;
    return { path: `/proc/self/fd/${held}`, close: () => closeSync(held) };
  }

  /**
   * Runs `op` with a host path naming the entry `relPath` (its last component not resolved: callers use
   * no-follow operations on it), or the root itself for `''`.
   */
  at<T>(relPath: string, op: (hostPath: string) => T): T {
    const slash = relPath.lastIndexOf('/');
    const dir = this.directory(relPath === '' ? '' : slash < 0 ? '' : relPath.slice(0, slash));
    try {
      return op(relPath === '' ? dir.path : `${dir.path}/${relPath.slice(slash + 1)}`);
    } finally {
      dir.close();
    }
  }

  /** Like `at`, for two entries at once (`rename`, `link`). */
  atBoth<T>(a: string, b: string, op: (hostA: string, hostB: string) => T): T {
    return this.at(a, (pa) => this.at(b, (pb) => op(pa, pb)));
  }

  /** Closes the root descriptor; the walker is unusable afterwards. */
  close(): void {
    if (this.rootFd < 0) return;
    finalizer.unregister(this);
    closeSync(this.rootFd);
    this.rootFd = -1;
  }
}
