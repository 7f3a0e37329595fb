/**
 * The spec's records in guest memory (`filestat`) and checks the descriptor functions share (timestamps,
 * regular files).
 * @module
 */
import { Filetype, FstFlags, SIZE } from '../constants.js';
import type { Descriptor } from '../descriptors.js';
import { WasiError } from '../errors.js';
import type { FileStat } from '../fs/file-system.js';
import type { GuestMemory } from '../guest-memory.js';
import type { WasiState } from '../wasi-state.js';

/** Writes a `filestat` (64 bytes, padding zeroed). */
export function writeFilestat(m: GuestMemory, ptr: number, st: FileStat): void {
  m.assertRange(ptr, SIZE.filestat);
  m.zero(ptr, SIZE.filestat);
  m.setU64(ptr, st.dev);
  m.setU64(ptr + 8, st.ino);
  m.setU8(ptr + 16, st.filetype);
  m.setU64(ptr + 24, st.nlink);
  m.setU64(ptr + 32, st.size);
  m.setU64(ptr + 40, st.atim);
  m.setU64(ptr + 48, st.mtim);
  m.setU64(ptr + 56, st.ctim);
}

/** The status of what a descriptor refers to (a standard stream: an empty character device). */
export function statOf(s: WasiState, d: Descriptor): FileStat {
  if (d.stream !== -1) {
    return { dev: 0n, ino: 0n, filetype: Filetype.character_device, nlink: 1n, size: 0n, atim: 0n, mtim: 0n, ctim: 0n };
  }
  return s.fsOf(d).stat(d.node);
}

/**
 * The times `*_set_times` asks for: a value, the current time, or unchanged (null).
 * @throws WasiError `inval` for unknown flags or a value together with "now"
 */
export function requestedTimes(
  s: WasiState,
  atim: bigint,
  mtim: bigint,
  flags: number,
): { atim: bigint | null; mtim: bigint | null } {
  if ((flags & ~0xf) !== 0) throw new WasiError('inval');
  if ((flags & FstFlags.atim) !== 0 && (flags & FstFlags.atim_now) !== 0) throw new WasiError('inval');
  if ((flags & FstFlags.mtim) !== 0 && (flags & FstFlags.mtim_now) !== 0) throw new WasiError('inval');
  const now = (flags & (FstFlags.atim_now | FstFlags.mtim_now)) !== 0 ? s.clock.now() : 0n;
  return {
    atim: (flags & FstFlags.atim) !== 0 ? atim : (flags & FstFlags.atim_now) !== 0 ? now : null,
    mtim: (flags & FstFlags.mtim) !== 0 ? mtim : (flags & FstFlags.mtim_now) !== 0 ? now : null,
  };
}

/**
 * Fails unless a descriptor is a regular file.
 * @throws WasiError `isdir` for a directory, `inval` for anything else
 */
export function regularFile(d: Descriptor): void {
  if (d.filetype === Filetype.directory) throw new WasiError('isdir');
  if (d.filetype !== Filetype.regular_file) throw new WasiError('inval');
}
