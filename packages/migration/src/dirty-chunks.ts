/**
 * Conversion from a dirty-page list (whatever page size a write tracker uses) to snapshot chunk indexes.
 * @module
 */
import { CHUNK_SIZE } from './constants.js';

/**
 * The chunks covered by dirty pages of `pageSize` bytes (a multiple or a divisor of `CHUNK_SIZE`).
 * @param pages dirty page indexes
 * @param pageSize the tracker's page size in bytes (for example 65536 for wasm pages)
 * @returns chunk indexes, sorted, without duplicates
 * @throws {RangeError} if `pageSize` is neither a multiple nor a divisor of `CHUNK_SIZE`
 * @example
 * encodeDelta(base, now, { dirtyChunks: [chunksOfDirtyPages(tracker.pages(0), 65536)] });
 */
export function chunksOfDirtyPages(pages: Iterable<number>, pageSize: number): Uint32Array {
  if (!Number.isInteger(pageSize) || pageSize <= 0 || (pageSize % CHUNK_SIZE !== 0 && CHUNK_SIZE % pageSize !== 0)) {
    throw new RangeError(`page size ${pageSize} is neither a multiple nor a divisor of ${CHUNK_SIZE}`);
  }
  const chunks = new Set<number>();
  for (const p of pages) {
    const first = Math.floor((p * pageSize) / CHUNK_SIZE);
    const last = Math.floor(((p + 1) * pageSize - 1) / CHUNK_SIZE);
    for (let c = first; c <= last; c++) chunks.add(c);
  }
  return Uint32Array.from(chunks).sort();
}
