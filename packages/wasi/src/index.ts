/**
 * `@edgedancer/wasi`: WASI preview 1 (`wasi_snapshot_preview1`) for the Edgedancer interpreter, with host state
 * (file systems, descriptors, clocks, random source) that exports to canonical bytes and travels in a snapshot.
 * This file only re-exports the public API; the real-directory backend is `@edgedancer/wasi/host-directory`.
 * @module
 */

export { WASI_CALLS } from './calls/call-table.js';
export type { WasiCall, WasiValType } from './calls/call-types.js';
export { DEFAULT_CLOCK_STEP, DEFAULT_REALTIME_START, type DeterministicClockOptions } from './clock.js';
export {
  Advice,
  ClockId,
  Errno,
  type ErrnoName,
  EventType,
  errnoName,
  FdFlags,
  Filetype,
  FstFlags,
  LookupFlags,
  OFlags,
  Preopentype,
  RIGHTS_ALL,
  RIGHTS_DIRECTORY,
  RIGHTS_DIRECTORY_INHERITING,
  RIGHTS_REGULAR_FILE,
  RIGHTS_STDIO,
  Rights,
  WASI_MODULE,
  Whence,
} from './constants.js';
export { DEFAULT_MAX_OPEN_FILES } from './descriptors.js';
export { WasiError, WasiExit, WasiStateError, type WasiStateErrorCode } from './errors.js';
export type { DirEntry, FileStat, FileSystem, FileSystemDecoder } from './fs/file-system.js';
export {
  DEFAULT_MAX_FILE_SIZE,
  MemoryFileSystem,
  type MemoryFileSystemOptions,
  type TreeEntry,
} from './fs/memory-file-system.js';
export { MEMORY_FS_STATE_VERSION } from './fs/memory-file-system-state.js';
export { WASI_STATE_MAGIC, WASI_STATE_VERSION } from './state/state-codec.js';
export type { InputReader, OutputSink, StdinOption } from './stdio.js';
export {
  runWasiCommand,
  WasiCommand,
  type WasiCommandOptions,
  type WasiCommandState,
  type WasiRunResult,
} from './wasi-command.js';
export {
  type DeterministicOptions,
  WASI_HOST_NAME_PREFIX,
  WasiHost,
  type WasiHostSection,
  type WasiOptions,
} from './wasi-host.js';
