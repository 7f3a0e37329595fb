/**
 * The file `edgedancer run --snapshot-on-interrupt FILE` writes and `edgedancer resume FILE` reads: the program's
 * module and a strong migration snapshot of it (store, suspended execution, and the `wasi` host section), so the
 * file alone continues the program on this or another machine.
 *
 * Layout, little-endian: `"EDRUNSNP"` (8 bytes), version u32 (1), module length u32, the module bytes, snapshot
 * length u32, the snapshot (`docs/snapshot-format.md`). The snapshot is bound to the module by its SHA-256; a
 * file is decoded in full (lengths first, then the snapshot codec's own validation, then the module's) before
 * anything runs. A file is untrusted input: every failure is a `SnapshotFileError` with a `code`.
 * @module
 */
import { closeSync, fstatSync, openSync, readSync, renameSync, writeFileSync } from 'node:fs';

/** The file's first eight bytes. */
export const SNAPSHOT_FILE_MAGIC = new TextEncoder().encode('EDRUNSNP');
/** The layout's version. */
export const SNAPSHOT_FILE_VERSION = 1;
/** The largest file `resume` reads (a 4 GiB memory cannot be a Node buffer anyway). */
export const MAX_SNAPSHOT_FILE_BYTES = 2 ** 31 - 1;
/** The agent id snapshots of `run` carry (the snapshot format requires one). */
export const RUN_AGENT_ID = 'edgedancer-run';

/** Why a snapshot file was refused. */
export type SnapshotFileErrorCode = 'bad-magic' | 'bad-version' | 'truncated' | 'trailing-bytes' | 'too-large';

/** A snapshot file that cannot be used; `code` says why. */
export class SnapshotFileError extends Error {
  override name = 'SnapshotFileError';
  constructor(
    readonly code: SnapshotFileErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What a snapshot file holds. */
export interface SnapshotFileContents {
  /** The program's module bytes. */
  readonly module: Uint8Array;
  /** The encoded migration snapshot. */
  readonly snapshot: Uint8Array;
}

/**
 * Encodes a snapshot file.
 * @param contents - the module and the encoded snapshot
 * @returns the file's bytes
 */
export function encodeSnapshotFile(contents: SnapshotFileContents): Uint8Array {
  const out = new Uint8Array(8 + 4 + 4 + contents.module.length + 4 + contents.snapshot.length);
  const dv = new DataView(out.buffer);
  out.set(SNAPSHOT_FILE_MAGIC, 0);
  dv.setUint32(8, SNAPSHOT_FILE_VERSION, true);
  dv.setUint32(12, contents.module.length, true);
  out.set(contents.module, 16);
  const at = 16 + contents.module.length;
  dv.setUint32(at, contents.snapshot.length, true);
  out.set(contents.snapshot, at + 4);
  return out;
}

/**
 * Splits a snapshot file into its parts (views of `bytes`), checking the header and every length.
 * @param bytes - the file's bytes
 * @returns the module and the snapshot encodings
 * @throws SnapshotFileError `bad-magic`, `bad-version`, `truncated`, `trailing-bytes`
 */
export function decodeSnapshotFile(bytes: Uint8Array): SnapshotFileContents {
  if (bytes.length < 8 || SNAPSHOT_FILE_MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new SnapshotFileError('bad-magic', 'not an edgedancer snapshot file');
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (at: number, n: number, what: string): void => {
    if (at + n > bytes.length) throw new SnapshotFileError('truncated', `snapshot file ends inside its ${what}`);
  };
  need(8, 8, 'header');
  const version = dv.getUint32(8, true);
  if (version !== SNAPSHOT_FILE_VERSION) {
    throw new SnapshotFileError(
      'bad-version',
      `snapshot file version ${version} (this edgedancer reads ${SNAPSHOT_FILE_VERSION})`,
    );
  }
  const moduleLength = dv.getUint32(12, true);
  need(16, moduleLength, 'module');
  const module = bytes.subarray(16, 16 + moduleLength);
  const at = 16 + moduleLength;
  need(at, 4, 'snapshot length');
  const snapshotLength = dv.getUint32(at, true);
  need(at + 4, snapshotLength, 'snapshot');
  if (at + 4 + snapshotLength !== bytes.length)
    throw new SnapshotFileError('trailing-bytes', 'snapshot file has bytes after its snapshot');
  return { module, snapshot: bytes.subarray(at + 4, at + 4 + snapshotLength) };
}

/**
 * Reads a snapshot file, refusing one larger than `MAX_SNAPSHOT_FILE_BYTES` before reading it.
 * @param path - the file
 * @returns its bytes
 * @throws SnapshotFileError `too-large`; Node's errors for a file that cannot be read
 */
export function readSnapshotFile(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_SNAPSHOT_FILE_BYTES)
      throw new SnapshotFileError(
        'too-large',
        `snapshot file of ${size} bytes is larger than ${MAX_SNAPSHOT_FILE_BYTES}`,
      );
    const out = new Uint8Array(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, out, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return out.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a file whole: to a temporary name beside it, then renamed over it, so an interrupted save never leaves
 * half a snapshot under the name.
 * @param path - the file
 * @param bytes - its contents
 */
export function writeFileAtomically(path: string, bytes: Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}
