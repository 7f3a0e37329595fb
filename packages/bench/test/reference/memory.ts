/**
 * Reference implementations of sha256.c (through node:crypto) and
 * bulk-memory.wat (through typed-array fill/copyWithin).
 * @module
 */
import { createHash } from 'node:crypto';
import { i32String } from './int.js';

/** The message sha256.c hashes before round-specific changes. */
export function sha256BaseMessage(): Uint8Array {
  const message = new Uint8Array(1024);
  for (let i = 0; i < message.length; i++) message[i] = (i * 7 + 3) & 0xff;
  return message;
}

/** sha256.c's run(n). */
export function sha256Run(n: number): string {
  const message = sha256BaseMessage();
  let acc = 0;
  for (let r = 0; r < n; r++) {
    message[0] = r & 0xff;
    message[1] = (r >> 8) & 0xff;
    const digest = createHash('sha256')
      .update(message.subarray(0, 1024 - (r & 63)))
      .digest();
    const rotated = ((acc >>> 5) | (acc << 27)) >>> 0;
    acc = (rotated ^ digest.readUInt32BE(0) ^ digest.readUInt32BE(28)) >>> 0;
  }
  return i32String(acc);
}

/** bulk-memory.wat's run(n). */
export function bulkMemoryRun(n: number): string {
  const mem = new Uint8Array(4 * 65536);
  const view = new DataView(mem.buffer);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const fillAt = Math.imul(i, 97) & 0xffff;
    mem.fill(i & 0xff, fillAt, fillAt + 4096 + (i & 1023) * 16);
    const src = Math.imul(i, 61) & 0xffff;
    const dst = 65536 + (Math.imul(i, 131) & 0x7fff);
    mem.copyWithin(dst, src, src + 32768);
    mem.copyWithin(dst + 1, dst, dst + 8192);
    mem.copyWithin(src + 131072, src + 131075, src + 131075 + 16384);
    const word = view.getInt32(dst + 4097, true) ^ view.getInt32(src + 131072, true);
    acc = (Math.imul(acc, 31) + word) | 0;
  }
  return i32String(acc);
}
