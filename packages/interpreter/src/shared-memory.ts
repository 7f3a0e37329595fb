/**
 * Shared memories (threads proposal): a memory whose type says `shared` lives in a growable
 * `SharedArrayBuffer` (`maxByteLength` = its maximum), so several agents (workers, each with its own store) can
 * hold the same bytes. The buffer is never replaced or detached: growth grows it in place, and the memory's
 * typed-array views (made without a length) follow its length.
 *
 * Beside the bytes, every shared memory has a small *control block* (`Int32Array` over its own
 * `SharedArrayBuffer`) that travels with it to every agent: the number of agents that hold the memory (a
 * snapshot of a memory that another agent could write refuses, see `Store.capture`) and a lock that makes
 * growth by concurrent agents return the right old sizes.
 * @module
 */
import type { MemType } from './types.js';

/** Bytes in a WebAssembly page (as `runtime.ts`'s `PAGE_SIZE`, kept here to avoid an import cycle). */
const PAGE_SIZE = 65536;
/** The most pages a 32-bit memory can have. */
const MAX_PAGES = 65536;

/** Index of the holder count in a control block. */
const HOLDERS = 0;
/** Index of the growth lock in a control block (0 free, 1 taken). */
const GROW_LOCK = 1;

/** What identifies a shared memory across agents: its bytes and its control block (both shareable). */
export interface SharedMemoryHandle {
  readonly buffer: SharedArrayBuffer;
  readonly control: Int32Array;
}

/** Whether the host has `SharedArrayBuffer`s that can grow (Node ≥ 20, current browsers). */
export function canShareMemory(): boolean {
  return typeof SharedArrayBuffer === 'function' && 'grow' in SharedArrayBuffer.prototype;
}

/**
 * A new shared memory's buffer and control block, held by one agent.
 * @param minPages initial size
 * @param maxPages maximum size (a shared memory always has one)
 * @param contents bytes to start with (a restored snapshot), at most `minPages` pages
 * @throws RangeError when the host cannot allocate it or has no growable `SharedArrayBuffer`
 */
export function allocateShared(minPages: number, maxPages: number, contents?: Uint8Array): SharedMemoryHandle {
  if (!canShareMemory())
    throw new RangeError('shared memories need a growable SharedArrayBuffer, which this host lacks');
  const Sab = SharedArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => SharedArrayBuffer;
  const buffer = new Sab(minPages * PAGE_SIZE, { maxByteLength: maxPages * PAGE_SIZE });
  if (contents !== undefined) new Uint8Array(buffer).set(contents);
  const control = new Int32Array(new SharedArrayBuffer(8));
  control[HOLDERS] = 1;
  return { buffer, control };
}

/**
 * The memory type of a shared memory's handle (a structured clone from another agent, so checked): its current
 * size and the buffer's maximum.
 * @throws TypeError when `handle` is not a growable SharedArrayBuffer of whole pages and an 8-byte control block
 */
export function sharedMemoryType(handle: SharedMemoryHandle): MemType {
  const h = handle as Partial<SharedMemoryHandle> | null;
  const buffer = h?.buffer as (SharedArrayBuffer & { growable?: boolean; maxByteLength?: number }) | undefined;
  const control = h?.control;
  if (
    !(buffer instanceof SharedArrayBuffer) ||
    buffer.growable !== true ||
    !(control instanceof Int32Array) ||
    !(control.buffer instanceof SharedArrayBuffer) ||
    control.length !== 2
  ) {
    throw new TypeError('not a shared memory handle');
  }
  const max = (buffer.maxByteLength ?? 0) / PAGE_SIZE;
  const min = buffer.byteLength / PAGE_SIZE;
  if (!Number.isInteger(min) || !Number.isInteger(max) || max > MAX_PAGES || min > max) {
    throw new TypeError('not a shared memory handle: sizes are not whole pages within 65536');
  }
  return { limits: { min, max }, shared: true };
}

/** Counts one more agent holding the memory (an agent that adopted it from another). */
export function addHolder(control: Int32Array): void {
  Atomics.add(control, HOLDERS, 1);
}

/** Counts one agent fewer (an agent that has let the memory go). Never below 1. */
export function removeHolder(control: Int32Array): void {
  for (;;) {
    const n = Atomics.load(control, HOLDERS);
    if (n <= 1 || Atomics.compareExchange(control, HOLDERS, n, n - 1) === n) return;
  }
}

/** The number of agents that hold the memory. */
export function holderCount(control: Int32Array): number {
  return Atomics.load(control, HOLDERS);
}

/**
 * Grows a shared buffer by `delta` pages under the control block's lock, so that concurrent growth by several
 * agents gives each the size it grew from.
 * @returns the old size in pages, or -1 when the maximum would be exceeded or the host cannot grow it
 */
export function growShared(buffer: SharedArrayBuffer, control: Int32Array, delta: number, maxPages: number): number {
  while (Atomics.compareExchange(control, GROW_LOCK, 0, 1) !== 0) {
    try {
      Atomics.wait(control, GROW_LOCK, 1, 1);
    } catch {
      // A thread that may not block spins (growth holds the lock only for one `grow`).
    }
  }
  try {
    const old = buffer.byteLength / PAGE_SIZE;
    if (delta < 0 || old + delta > maxPages) return -1;
    if (delta === 0) return old;
    try {
      (buffer as unknown as { grow(n: number): void }).grow((old + delta) * PAGE_SIZE);
    } catch {
      return -1;
    }
    return old;
  } finally {
    Atomics.store(control, GROW_LOCK, 0);
    Atomics.notify(control, GROW_LOCK, 1);
  }
}
