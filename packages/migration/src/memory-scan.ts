/**
 * Finds which chunks of a memory must travel: the non-zero ones (full snapshots) or the ones that differ
 * from a base (deltas). Comparisons are native `memcmp`s through `Buffer#compare`, a page at a time first,
 * so an all-zero or unchanged page costs one call; nothing loops over bytes in JavaScript.
 * @module
 */
import { Buffer } from 'node:buffer';
import { CHUNK_SIZE, PAGE_SIZE } from './constants.js';

const ZERO = Buffer.alloc(PAGE_SIZE);

/** Chunk runs as flat pairs `[start, count, start, count, …]`, sorted, maximal (never adjacent). */
export type ChunkRuns = number[];

/** A `Buffer` view of the same bytes (no copy). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Whether `bytes[offset, offset + length)` is all zero; `length` ≤ `PAGE_SIZE`. */
export function isZeroRange(bytes: Buffer, offset: number, length: number): boolean {
  return bytes.compare(ZERO, 0, length, offset, offset + length) === 0;
}

/**
 * Whether chunk `index` of `cur` equals the same chunk of `base`, where `base` reads as zero past its end.
 * @param cur current memory (a whole number of chunks)
 * @param base base memory (a whole number of chunks)
 */
export function isChunkUnchanged(cur: Buffer, base: Buffer, index: number): boolean {
  const off = index * CHUNK_SIZE;
  if (off >= base.length) return isZeroRange(cur, off, CHUNK_SIZE);
  return cur.compare(base, off, off + CHUNK_SIZE, off, off + CHUNK_SIZE) === 0;
}

class RunBuilder {
  readonly runs: ChunkRuns = [];
  add(index: number): void {
    const n = this.runs.length;
    if (n > 0 && this.runs[n - 2]! + this.runs[n - 1]! === index) this.runs[n - 1]!++;
    else this.runs.push(index, 1);
  }
}

/**
 * The runs of non-zero chunks of a memory.
 * @param mem memory bytes, a whole number of pages
 */
export function nonZeroRuns(mem: Uint8Array): ChunkRuns {
  const buf = asBuffer(mem);
  const out = new RunBuilder();
  for (let page = 0; page < buf.length; page += PAGE_SIZE) {
    if (isZeroRange(buf, page, PAGE_SIZE)) continue;
    for (let off = page; off < page + PAGE_SIZE; off += CHUNK_SIZE) {
      if (!isZeroRange(buf, off, CHUNK_SIZE)) out.add(off / CHUNK_SIZE);
    }
  }
  return out.runs;
}

/**
 * The runs of chunks of `cur` that differ from `base` (read as zero past its end).
 * @param cur current memory bytes, a whole number of pages
 * @param base base memory bytes, a whole number of pages
 * @param dirty if given, the only chunks that may differ (any order, duplicates allowed)
 * @throws {RangeError} if a dirty chunk index is not an integer chunk index of `cur`
 */
export function changedRuns(cur: Uint8Array, base: Uint8Array, dirty?: ArrayLike<number>): ChunkRuns {
  const c = asBuffer(cur);
  const b = asBuffer(base);
  const out = new RunBuilder();
  if (dirty !== undefined) {
    const chunks = cur.length / CHUNK_SIZE;
    const sorted = Uint32Array.from(Array.prototype.slice.call(dirty) as number[], (i) => {
      if (!Number.isInteger(i) || i < 0 || i >= chunks)
        throw new RangeError(`dirty chunk ${i} is not in 0..${chunks - 1}`);
      return i;
    }).sort();
    for (let k = 0; k < sorted.length; k++) {
      const i = sorted[k]!;
      if (k > 0 && sorted[k - 1] === i) continue;
      if (!isChunkUnchanged(c, b, i)) out.add(i);
    }
    return out.runs;
  }
  for (let page = 0; page < c.length; page += PAGE_SIZE) {
    const same =
      page < b.length
        ? c.compare(b, page, page + PAGE_SIZE, page, page + PAGE_SIZE) === 0
        : isZeroRange(c, page, PAGE_SIZE);
    if (same) continue;
    for (let off = page; off < page + PAGE_SIZE; off += CHUNK_SIZE) {
      if (!isChunkUnchanged(c, b, off / CHUNK_SIZE)) out.add(off / CHUNK_SIZE);
    }
  }
  return out.runs;
}

/** Total chunks in a list of runs. */
export function runChunks(runs: ArrayLike<number>): number {
  let n = 0;
  for (let i = 1; i < runs.length; i += 2) n += runs[i]!;
  return n;
}
