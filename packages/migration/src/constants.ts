/**
 * Fixed numbers of the snapshot format (see `docs/snapshot-format.md`): magics, the format version, the
 * memory chunk size and the section ids. Changing any of them is a format change and needs a version bump.
 * @module
 */

/** First four bytes of a full snapshot: `\0eds`. */
export const SNAPSHOT_MAGIC: readonly number[] = Object.freeze([0x00, 0x65, 0x64, 0x73]);

/** First four bytes of a delta snapshot: `\0edd`. */
export const DELTA_MAGIC: readonly number[] = Object.freeze([0x00, 0x65, 0x64, 0x64]);

/** The format version this codec writes and the only one it reads (u32 little-endian after the magic). */
export const FORMAT_VERSION = 1;

/** Size of the header: magic and version. */
export const HEADER_SIZE = 8;

/** Size of a section header: id (u8) and payload size (u32). */
export const SECTION_HEADER_SIZE = 5;

/** WebAssembly page size in bytes. */
export const PAGE_SIZE = 65536;

/** Largest memory size in pages (4 GiB). */
export const MAX_PAGES = 65536;

/** Granularity of zero elision and of deltas, in bytes. A page holds `PAGE_SIZE / CHUNK_SIZE` chunks. */
export const CHUNK_SIZE = 4096;

/** Chunks in one page. */
export const CHUNKS_PER_PAGE = PAGE_SIZE / CHUNK_SIZE;

/** Size of a SHA-256 digest in bytes (module hashes, base digests). */
export const DIGEST_SIZE = 32;

/** Largest agent id, in UTF-8 bytes. */
export const MAX_AGENT_ID_SIZE = 256;

/** Largest host section name, in bytes (names are ASCII). */
export const MAX_HOST_SECTION_NAME_SIZE = 64;

/** Largest migration counter (u64). */
export const MAX_COUNTER = (1n << 64n) - 1n;

/** Largest snapshot: section sizes are u32. */
export const MAX_SNAPSHOT_SIZE = 0xffff_ffff;

/**
 * The null reference in every `Int32Array` that holds references (tables, element segments, globals): the
 * interpreter stores a reference as its address (funcref) or extern index (externref) plus one.
 */
export const NULL_REF = 0;

/** Section ids, in the order they must appear. `DeltaBase` only in deltas, `Execution` only in strong snapshots. */
export const SectionId = {
  DeltaBase: 0,
  Agent: 1,
  Modules: 2,
  Funcs: 3,
  Instances: 4,
  Tables: 5,
  Globals: 6,
  Elems: 7,
  Datas: 8,
  Externs: 9,
  Execution: 10,
  Host: 11,
  Memories: 12,
  /** Tags and exceptions (exception handling): optional, after the host section and before the memories. */
  Exceptions: 13,
  /** Exact reference types (typed references): optional, after the exceptions and before the memories. */
  RefTypes: 14,
  /** The GC heap: optional, after the reference types and before the memories. */
  GcHeap: 15,
} as const;
export type SectionId = (typeof SectionId)[keyof typeof SectionId];

/** The last section id; nothing may follow its section. */
export const LAST_SECTION_ID = SectionId.Memories;

/** The largest section id. */
export const MAX_SECTION_ID = SectionId.GcHeap;

/**
 * Where a section id stands in the order sections must appear: ids ascending, but 13, 14 and 15 (in that order)
 * before the memories (12).
 */
export function sectionRank(id: number): number {
  return id > SectionId.Memories ? SectionId.Memories - 1 + (id - SectionId.Memories) / 4 : id;
}
