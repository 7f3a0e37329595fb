/**
 * Bounds-checked access to an agent's linear memory from the host: ABI calls and request/response copies.
 * An out-of-bounds range traps as a wasm access would; host writes are marked dirty for delta snapshots.
 * @module
 */
import { RuntimeError, type Store, TrapCode } from '@edgedancer/interpreter';

/**
 * A view of `len` bytes at `ptr` of memory `memAddr`.
 * @throws {RuntimeError} `out of bounds memory access` when the range is not inside the memory (or there is none)
 */
export function memoryRange(store: Store, memAddr: number | null, ptr: number, len: number): Uint8Array {
  const mem = memAddr === null ? undefined : store.mems[memAddr];
  const size = mem === undefined ? 0 : mem.buffer.byteLength;
  if (mem === undefined || ptr < 0 || len < 0 || ptr + len > size) throw new RuntimeError(TrapCode.MemoryOutOfBounds);
  return new Uint8Array(mem.buffer, ptr, len);
}

/**
 * Copies `bytes` into memory `memAddr` at `ptr` and marks the written chunks dirty.
 * @throws {RuntimeError} `out of bounds memory access` when the range is not inside the memory
 */
export function writeMemory(store: Store, memAddr: number | null, ptr: number, bytes: Uint8Array): void {
  memoryRange(store, memAddr, ptr, bytes.length).set(bytes);
  store.mems[memAddr!]!.markDirty(ptr, ptr + bytes.length);
}

/** Per memory address, the chunks written since the flags were last cleared. */
export function dirtyChunksOf(store: Store): number[][] {
  return store.mems.map((m) => m.dirtyChunks());
}

/** Forgets every memory's dirty flags (a snapshot was taken). */
export function clearDirty(store: Store): void {
  for (const m of store.mems) m.clearDirty();
}
