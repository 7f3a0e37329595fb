/**
 * `args_get`, `args_sizes_get`, `environ_get`, `environ_sizes_get`: NUL-terminated strings in a buffer and an
 * array of pointers to them.
 * @module
 */
import type { GuestMemory } from '../guest-memory.js';
import { call, u32, type WasiCall } from './call-types.js';

/** Writes the pointer array and the string buffer. */
function writeStrings(m: GuestMemory, list: readonly Uint8Array[], ptrs: number, buf: number): number {
  let total = 0;
  for (const s of list) total += s.length + 1;
  m.assertRange(ptrs, list.length * 4);
  m.assertRange(buf, total);
  let at = buf;
  list.forEach((s, i) => {
    m.setU32(ptrs + i * 4, at);
    m.write(at, s);
    m.setU8(at + s.length, 0);
    at += s.length + 1;
  });
  return 0;
}

/** Writes the count and the buffer size the strings need. */
function writeSizes(m: GuestMemory, list: readonly Uint8Array[], countPtr: number, sizePtr: number): number {
  let total = 0;
  for (const s of list) total += s.length + 1;
  m.assertRange(countPtr, 4);
  m.assertRange(sizePtr, 4);
  m.setU32(countPtr, list.length);
  m.setU32(sizePtr, total);
  return 0;
}

/** The argument and environment functions. */
export const ARGS_ENVIRON_CALLS: readonly WasiCall[] = [
  call('args_get', ['i32', 'i32'], (s, m, a) => writeStrings(m, s.args, u32(a, 0), u32(a, 1))),
  call('args_sizes_get', ['i32', 'i32'], (s, m, a) => writeSizes(m, s.args, u32(a, 0), u32(a, 1))),
  call('environ_get', ['i32', 'i32'], (s, m, a) => writeStrings(m, s.env, u32(a, 0), u32(a, 1))),
  call('environ_sizes_get', ['i32', 'i32'], (s, m, a) => writeSizes(m, s.env, u32(a, 0), u32(a, 1))),
];
