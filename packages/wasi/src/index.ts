/**
 * `@edgedancer/wasi`: WASI preview 1 (`wasi_snapshot_preview1`) for the Edgedancer interpreter, with host state
 * (file systems, descriptors, clocks, random source) that exports to canonical bytes and travels in a snapshot.
 * This file only re-exports the public API; the real-directory backend is `@edgedancer/wasi/host-directory`.
 * @module
 */
export { WasiHost, WASI_HOST_NAME_PREFIX, type WasiOptions, type DeterministicOptions, type WasiHostSection } from './wasi-host.js';
export {
  WasiCommand, runWasiCommand, type WasiRunResult, type WasiCommandState, type WasiCommandOptions,
} from './wasi-command.js';
export { WasiError, WasiExit, WasiStateError, type WasiStateErrorCode } from './errors.js';
export {
  MemoryFileSystem, DEFAULT_MAX_FILE_SIZE, type MemoryFileSystemOptions, type TreeEntry,
} from './fs/memory-file-system.js';
export { MEMORY_FS_STATE_VERSION } from './fs/memory-file-system-state.js';
export type { FileSystem, FileStat, DirEntry, FileSystemDecoder } from './fs/file-system.js';
export type { OutputSink, InputReader, StdinOption } from './stdio.js';
export { WASI_STATE_VERSION, WASI_STATE_MAGIC } from './state/state-codec.js';
export { DEFAULT_REALTIME_START, DEFAULT_CLOCK_STEP, type DeterministicClockOptions } from './clock.js';
export { DEFAULT_MAX_OPEN_FILES } from './descriptors.js';
export { WASI_CALLS } from './calls/call-table.js';
export type { WasiCall, WasiValType } from './calls/call-types.js';
export {
  WASI_MODULE, Errno, errnoName, Filetype, Rights, FdFlags, OFlags, LookupFlags, FstFlags, Whence, ClockId, Advice,
  EventType, Preopentype, RIGHTS_ALL, RIGHTS_REGULAR_FILE, RIGHTS_DIRECTORY, RIGHTS_DIRECTORY_INHERITING, RIGHTS_STDIO,
  type ErrnoName,
} from './constants.js';
