/**
 * The descriptor table: what each file descriptor number refers to (a standard stream or a node of a mounted
 * file system), with its position, flags and rights. Lookups check rights the way the spec describes:
 * a descriptor lacking a right fails with `notcapable`.
 * @module
 */
import { Filetype } from './constants.js';
import { WasiError } from './errors.js';

/** Standard stream numbers (a descriptor's `stream`; -1 for file system nodes). */
export const Stream = { stdin: 0, stdout: 1, stderr: 2, none: -1 } as const;

/** One open descriptor. */
export interface Descriptor {
  /** 0, 1, 2 for a standard stream; -1 for a node. Kept when the descriptor is renumbered. */
  stream: number;
  /** Index of the mounted file system (nodes only; -1 for streams). */
  fsIndex: number;
  /** The node in that file system (-1 for streams). */
  node: number;
  filetype: Filetype;
  fdflags: number;
  rightsBase: bigint;
  rightsInheriting: bigint;
  /** The file position (regular files; 0 otherwise). */
  offset: number;
  /** The guest path of a preopened directory, or null. */
  preopen: string | null;
}

/** Default most open descriptors (`mfile` beyond). */
export const DEFAULT_MAX_OPEN_FILES = 1024;

/** File descriptor numbers to descriptors. */
export class DescriptorTable {
  /** The open descriptors by number. */
  readonly fds = new Map<number, Descriptor>();
  /** Most descriptors open at once. */
  readonly maxOpen: number;

  /** @param maxOpen most descriptors open at once */
  constructor(maxOpen = DEFAULT_MAX_OPEN_FILES) {
    this.maxOpen = maxOpen;
  }

  /**
   * The descriptor `fd` names.
   * @throws WasiError `badf` when none
   */
  get(fd: number): Descriptor {
    const d = this.fds.get(fd);
    if (d === undefined) throw new WasiError('badf');
    return d;
  }

  /**
   * The descriptor `fd` names, which must have every right in `rights`.
   * @throws WasiError `badf` when none, `notcapable` when a right is missing
   */
  withRights(fd: number, rights: bigint): Descriptor {
    const d = this.get(fd);
    if ((d.rightsBase & rights) !== rights) throw new WasiError('notcapable');
    return d;
  }

  /**
   * A directory descriptor with the given rights.
   * @throws WasiError `badf`, `notdir`, `notcapable`
   */
  directory(fd: number, rights: bigint): Descriptor {
    const d = this.get(fd);
    if (d.filetype !== Filetype.directory) throw new WasiError('notdir');
    if ((d.rightsBase & rights) !== rights) throw new WasiError('notcapable');
    return d;
  }

  /**
   * Adds a descriptor at the lowest free number.
   * @throws WasiError `mfile` when the table is full
   */
  insert(d: Descriptor): number {
    if (this.fds.size >= this.maxOpen) throw new WasiError('mfile');
    let fd = 0;
    while (this.fds.has(fd)) fd++;
    this.fds.set(fd, d);
    return fd;
  }

  /** Adds a descriptor at a given number (restore, standard streams). */
  set(fd: number, d: Descriptor): void {
    this.fds.set(fd, d);
  }

  /**
   * Removes `fd` and returns what it referred to.
   * @throws WasiError `badf` when none
   */
  remove(fd: number): Descriptor {
    const d = this.get(fd);
    this.fds.delete(fd);
    return d;
  }

  /** Descriptor numbers in ascending order. */
  numbers(): number[] {
    return [...this.fds.keys()].sort((a, b) => a - b);
  }
}
