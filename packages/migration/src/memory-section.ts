/**
 * The memories section (always last): per memory its limits, page count, the runs of chunks that travel, and
 * those chunks' bytes. In a full snapshot the chunks left out are zero; in a delta they equal the base's.
 * Writing and building copy whole runs with `.set`; nothing loops over bytes in JavaScript.
 * @module
 */
import type { MemType } from '@edgedancer/interpreter';
import type { ByteReader } from './byte-reader.js';
import { CHUNK_SIZE, CHUNKS_PER_PAGE, MAX_PAGES, PAGE_SIZE } from './constants.js';
import { fail } from './errors.js';
import { ADDRESS_64, readU64Number, u64Words } from './limits64.js';
import { asBuffer, type ChunkRuns, isZeroRange, runChunks } from './memory-scan.js';

/** A memory's limits flag for a shared memory (threads), which always has a maximum: as in the wasm binary. */
const MEM_SHARED = 3;

/**
 * Reads a memory's limits: min, a flag (0 no maximum, 1 maximum, 3 shared with a maximum; plus `ADDRESS_64`
 * for memory64, whose maximum is a u64), max.
 */
function readMemLimits(r: ByteReader): MemType {
  const min = r.u32();
  const at = r.pos;
  const flag = r.u8();
  const base = flag & ~ADDRESS_64;
  if (flag > 7 || (base !== 0 && base !== 1 && base !== MEM_SHARED)) {
    fail('bad-value', 'memory limits flag is not 0, 1, 3, 4, 5 or 7', at);
  }
  const wide = (flag & ADDRESS_64) !== 0;
  const max = base === 0 ? null : wide ? readU64Number(r) : r.u32();
  const limits = { min, max };
  if (base === MEM_SHARED) return wide ? { limits, shared: true, address64: true } : { limits, shared: true };
  return wide ? { limits, address64: true } : { limits };
}

/** What the encoder writes for one memory. */
export interface MemoryPlan {
  readonly type: MemType;
  readonly bytes: Uint8Array;
  readonly runs: ChunkRuns;
}

/** One memory as parsed: runs and a view of their bytes in the input. */
export interface ParsedMemory {
  readonly type: MemType;
  readonly pages: number;
  /** Flat `[start, count, …]` pairs. */
  readonly runs: Uint32Array;
  /** The runs' chunks back to back, a view of the input. */
  readonly data: Uint8Array;
  /** Offset of `data` in the input, for errors. */
  readonly dataOffset: number;
}

function headerSize(plan: MemoryPlan): number {
  const maxBytes = plan.type.address64 === true ? 8 : 4;
  return (
    4 +
    1 +
    (plan.type.limits.max === null || plan.type.limits.max === undefined ? 0 : maxBytes) +
    4 +
    4 +
    plan.runs.length * 4
  );
}

/** Payload size of the memories section. */
export function memorySectionSize(plans: readonly MemoryPlan[]): number {
  let size = 4;
  for (const p of plans) size += headerSize(p) + runChunks(p.runs) * CHUNK_SIZE;
  return size;
}

/**
 * Writes the memories section payload into `out` at `offset`.
 * @returns the offset after it
 */
export function writeMemorySection(out: Uint8Array, offset: number, plans: readonly MemoryPlan[]): number {
  let at = offset;
  new DataView(out.buffer, out.byteOffset, out.byteLength).setUint32(at, plans.length, true);
  at += 4;
  for (const p of plans) {
    const head = memoryHeaderBytes(p);
    out.set(head, at);
    at += head.length;
    for (let i = 0; i < p.runs.length; i += 2) {
      const start = p.runs[i]! * CHUNK_SIZE;
      const end = start + p.runs[i + 1]! * CHUNK_SIZE;
      out.set(p.bytes.subarray(start, end), at);
      at += end - start;
    }
  }
  return at;
}

/**
 * The memories section payload as pieces in order: the small headers (fresh bytes) and each run's chunks as a
 * view of its memory (not copied). Joined, they are what {@link writeMemorySection} writes.
 * @returns the pieces
 */
export function memorySectionPieces(plans: readonly MemoryPlan[]): Uint8Array[] {
  const count = new Uint8Array(4);
  new DataView(count.buffer).setUint32(0, plans.length, true);
  const out: Uint8Array[] = [count];
  for (const p of plans) {
    out.push(memoryHeaderBytes(p));
    for (let i = 0; i < p.runs.length; i += 2)
      out.push(p.bytes.subarray(p.runs[i]! * CHUNK_SIZE, (p.runs[i]! + p.runs[i + 1]!) * CHUNK_SIZE));
  }
  return out;
}

/** One memory's header: limits, page count, run count and runs. */
function memoryHeaderBytes(p: MemoryPlan): Uint8Array {
  const out = new Uint8Array(headerSize(p));
  const view = new DataView(out.buffer);
  let at = 0;
  const u32 = (v: number): void => {
    view.setUint32(at, v, true);
    at += 4;
  };
  const { min, max } = p.type.limits;
  const wide = p.type.address64 === true;
  u32(min);
  if (max === null || max === undefined) {
    out[at++] = wide ? ADDRESS_64 : 0;
  } else {
    out[at++] = (p.type.shared === true ? MEM_SHARED : 1) | (wide ? ADDRESS_64 : 0);
    if (wide) {
      const [lo, hi] = u64Words(max);
      u32(lo);
      u32(hi);
    } else u32(max);
  }
  u32(p.bytes.length / PAGE_SIZE);
  u32(p.runs.length / 2);
  for (const v of p.runs) u32(v);
  return out;
}

/**
 * Parses the memories section: structure, page counts, run order and bounds.
 * @throws {SnapshotError} `bad-length`, `bad-value` (pages beyond 65536, overlapping or unsorted runs),
 * `non-canonical` (empty or adjacent runs), `bad-index` (a run past the memory's end)
 */
export function readMemories(r: ByteReader): ParsedMemory[] {
  const n = r.count(13);
  const out: ParsedMemory[] = [];
  for (let m = 0; m < n; m++) {
    const { type, pages, runs, chunks } = readMemoryHeader(r);
    const dataOffset = r.pos;
    out.push({ type, pages, runs, data: r.view8(chunks * CHUNK_SIZE), dataOffset });
  }
  return out;
}

/** One memory's header as parsed: limits, pages, runs, and how many chunks its runs carry. */
export interface MemoryHeader {
  readonly type: MemType;
  readonly pages: number;
  /** Flat `[start, count, …]` pairs. */
  readonly runs: Uint32Array;
  readonly chunks: number;
}

/**
 * Parses one memory's header (its limits, page count and runs; its data follows).
 * @throws {SnapshotError} as {@link readMemories}
 */
export function readMemoryHeader(r: ByteReader): MemoryHeader {
  const type = readMemLimits(r);
  const pagesAt = r.pos;
  const pages = r.u32();
  if (pages > MAX_PAGES) fail('bad-value', `memory has more than ${MAX_PAGES} pages`, pagesAt);
  const chunks = pages * CHUNKS_PER_PAGE;
  const runCount = r.count(8);
  const runs = new Uint32Array(runCount * 2);
  let end = -1;
  let total = 0;
  for (let i = 0; i < runCount; i++) {
    const at = r.pos;
    const start = r.u32();
    const count = r.u32();
    if (count === 0) fail('non-canonical', 'empty chunk run', at);
    if (start < end) fail('bad-value', 'chunk runs overlap or are unsorted', at);
    if (start === end) fail('non-canonical', 'adjacent chunk runs', at);
    if (start + count > chunks) fail('bad-index', 'chunk run past the end of its memory', at);
    runs[i * 2] = start;
    runs[i * 2 + 1] = count;
    end = start + count;
    total += count;
  }
  return { type, pages, runs, chunks: total };
}

/**
 * Checks the chunks that travel are needed: non-zero in a full snapshot, different from the base in a delta.
 * @param base the base memory in a delta, `undefined` in a full snapshot (or for a memory new in the delta)
 * @throws {SnapshotError} `non-canonical`
 */
export function checkMemoryContent(mem: ParsedMemory, base: Uint8Array | undefined): void {
  const data = asBuffer(mem.data);
  const baseBuf = base === undefined ? undefined : asBuffer(base);
  let k = 0;
  for (let i = 0; i < mem.runs.length; i += 2) {
    for (let c = mem.runs[i]!; c < mem.runs[i]! + mem.runs[i + 1]!; c++, k++) {
      const off = k * CHUNK_SIZE;
      const unneeded =
        baseBuf === undefined || c * CHUNK_SIZE >= baseBuf.length
          ? isZeroRange(data, off, CHUNK_SIZE)
          : data.compare(baseBuf, c * CHUNK_SIZE, (c + 1) * CHUNK_SIZE, off, off + CHUNK_SIZE) === 0;
      if (unneeded)
        fail(
          'non-canonical',
          base === undefined ? 'an all-zero chunk travels' : 'an unchanged chunk travels',
          mem.dataOffset + off,
        );
    }
  }
}

/**
 * Builds a memory: zeros (or a copy of the base, cut or zero-extended to size) overlaid with the runs.
 * @param base the base memory in a delta
 * @param consumeBase overwrite `base` in place when it has the right size, instead of copying it
 */
export function buildMemory(mem: ParsedMemory, base: Uint8Array | undefined, consumeBase = false): Uint8Array {
  const size = mem.pages * PAGE_SIZE;
  const inPlace = consumeBase && base !== undefined && base.length === size;
  const bytes = inPlace ? base : new Uint8Array(size);
  if (base !== undefined && !inPlace) bytes.set(base.length > size ? base.subarray(0, size) : base);
  let k = 0;
  for (let i = 0; i < mem.runs.length; i += 2) {
    const len = mem.runs[i + 1]! * CHUNK_SIZE;
    bytes.set(mem.data.subarray(k, k + len), mem.runs[i]! * CHUNK_SIZE);
    k += len;
  }
  return bytes;
}
