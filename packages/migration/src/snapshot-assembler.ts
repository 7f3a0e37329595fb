/**
 * Decodes a full snapshot as its bytes arrive, placing the memories' chunks straight into the memories: the
 * small sections and the memory headers are kept (they are small), each memory is allocated once its header
 * arrived, and the chunks that follow are copied to their addresses. Nothing of the snapshot's size is
 * buffered besides the memories themselves. When every byte arrived, the rest is validated by the decoder's
 * own steps (on the small sections with the memory headers' runs left out) and the chunks' content is checked
 * as `decodeSnapshot` checks it, so the same input is refused with the same error codes.
 * @module
 */
import { ByteReader } from './byte-reader.js';
import { CHUNK_SIZE, HEADER_SIZE, PAGE_SIZE, SECTION_HEADER_SIZE, SectionId, SNAPSHOT_MAGIC } from './constants.js';
import { fail } from './errors.js';
import { ADDRESS_64 } from './limits64.js';
import { asBuffer, isZeroRange } from './memory-scan.js';
import { type MemoryHeader, readMemoryHeader } from './memory-section.js';
import { buildSnapshot } from './snapshot-build.js';
import { DEFAULT_MAX_MEMORY_BYTES, parseSnapshot } from './snapshot-parse.js';
import type { DecodeExpectations, Snapshot } from './snapshot-types.js';

/** Bound on the bytes kept besides the memories: the small sections (64 MiB, as a round's other state). */
const MAX_KEPT = 64 * 1024 * 1024;

/** One memory being filled. */
interface Filling {
  readonly header: MemoryHeader;
  /** Its limits and page count, as they arrived (the decoder's steps see them without runs). */
  readonly raw: Uint8Array;
  readonly bytes: Uint8Array;
}

/** A full snapshot decoded as it streams in (see the module's description). */
export class SnapshotAssembler {
  /** The header and small sections, then the current memory header while it arrives. */
  #kept = new Uint8Array(64 * 1024);
  #k = 0;
  /** Bytes of the snapshot consumed so far. */
  #at = 0;
  /** Start of the next section header in the kept bytes (before the memories section). */
  #sectionAt = HEADER_SIZE;
  /** Length of the header and small sections (-1 until the memories section's header arrived). */
  #small = -1;
  /** End of the memories section in the snapshot. */
  #memEnd = -1;
  #memCount = -1;
  readonly #mems: Filling[] = [];
  /** The memory whose chunks are arriving: run index (×2) and bytes placed of that run. */
  #run = 0;
  #inRun = 0;
  #memBytes = 0;
  #error: unknown = null;

  /**
   * @param size - the snapshot's length in bytes (as the stream named it)
   * @param expect - what the receiver requires (module hashes, agent id, memory bound)
   */
  constructor(
    readonly size: number,
    readonly expect: DecodeExpectations = {},
  ) {}

  /**
   * Takes the next bytes. A fault is kept and thrown by {@link finish} (what follows is ignored meanwhile).
   * @param bytes - the next bytes of the snapshot (not kept: copied where they belong)
   */
  push(bytes: Uint8Array): void {
    if (this.#error !== null) return;
    try {
      if (bytes.length > this.size - this.#at) fail('trailing-bytes', 'bytes after the snapshot', this.size);
      let off = 0;
      while (off < bytes.length) off += this.#take(bytes.subarray(off));
    } catch (e) {
      this.#error = e;
    }
  }

  /**
   * The snapshot, once every byte arrived: validated as `decodeSnapshot` validates it; its memories are the
   * ones filled here.
   * @returns the snapshot (owning its bytes)
   * @throws {SnapshotError} any decoding error
   */
  finish(): Snapshot {
    if (this.#error !== null) throw this.#error;
    // no memories section: the decoder says what is wrong with the bytes
    if (this.#small < 0) parseSnapshot(this.#kept.subarray(0, this.#k), SNAPSHOT_MAGIC, this.expect);
    if (this.#at !== this.size || this.#mems.length !== this.#memCount || this.#filling() !== null)
      fail('truncated', 'the snapshot ends early', this.#at);
    // the decoder's steps, on the small sections and the memory headers without their runs
    const heads = this.#mems.reduce((n, m) => n + m.raw.length + 4, 0);
    const probe = new Uint8Array(this.#small + SECTION_HEADER_SIZE + 4 + heads);
    probe.set(this.#kept.subarray(0, this.#small));
    const dv = new DataView(probe.buffer);
    let at = this.#small;
    probe[at] = SectionId.Memories;
    dv.setUint32(at + 1, 4 + heads, true);
    dv.setUint32(at + 5, this.#memCount, true);
    at += 9;
    for (const m of this.#mems) {
      probe.set(m.raw, at);
      at += m.raw.length + 4;
    }
    const parsed = parseSnapshot(probe, SNAPSHOT_MAGIC, this.expect);
    for (const m of this.#mems) checkNonZero(m);
    return buildSnapshot(
      parsed,
      this.#mems.map((m) => m.bytes),
      true,
    );
  }

  /** The memory whose chunks are arriving, if any. */
  #filling(): Filling | null {
    const m = this.#mems[this.#mems.length - 1];
    return m !== undefined && this.#run < m.header.runs.length ? m : null;
  }

  /** Consumes some of `b` (at least one byte); returns how many. */
  #take(b: Uint8Array): number {
    const m = this.#filling();
    if (m !== null) {
      // chunks of the memory being filled go straight to their place
      const runs = m.header.runs;
      const start = runs[this.#run]! * CHUNK_SIZE;
      const len = runs[this.#run + 1]! * CHUNK_SIZE;
      const n = Math.min(b.length, len - this.#inRun);
      m.bytes.set(b.subarray(0, n), start + this.#inRun);
      this.#inRun += n;
      this.#at += n;
      if (this.#inRun === len) {
        this.#run += 2;
        this.#inRun = 0;
      }
      return n;
    }
    // everything else is kept until a whole item (section, count, memory header) arrived, then parsed
    const n = Math.min(b.length, this.#needed());
    this.#keep(b.subarray(0, n));
    this.#at += n;
    this.#parse();
    return n;
  }

  /** Bytes still needed to complete the next item (at least 1). */
  #needed(): number {
    const k = this.#k;
    if (k < HEADER_SIZE) return HEADER_SIZE - k;
    if (this.#small < 0) {
      const at = this.#sectionAt;
      if (k - at < SECTION_HEADER_SIZE) return SECTION_HEADER_SIZE - (k - at);
      return Math.max(1, at + SECTION_HEADER_SIZE + this.#u32(at + 1) - k);
    }
    if (this.#memCount < 0) return 4 - (k - this.#small);
    return Math.max(1, this.#headerLength() - (k - this.#small));
  }

  #u32(at: number): number {
    return new DataView(this.#kept.buffer).getUint32(at, true);
  }

  /** The next memory header's length as far as the kept bytes tell (its fixed part, then with its runs). */
  #headerLength(): number {
    const have = this.#k - this.#small;
    if (have < 5) return 5;
    const flag = this.#kept[this.#small + 4]!;
    // the maximum: none, a u32, or a u64 for a 64-bit memory (see `readMemLimits`)
    const maxBytes = (flag & ~ADDRESS_64) === 0 ? 0 : (flag & ADDRESS_64) !== 0 ? 8 : 4;
    const fixed = 4 + 1 + maxBytes + 8;
    if (have < fixed) return fixed;
    const runs = this.#u32(this.#small + fixed - 4);
    // a run count the section cannot hold is refused by the header's parse, not waited for
    if (runs * 8 > this.#memEnd - (this.#at - have + fixed)) return fixed;
    return fixed + runs * 8;
  }

  #keep(b: Uint8Array): void {
    const need = this.#k + b.length;
    if (need > MAX_KEPT) fail('limit-exceeded', 'the state besides the memories is too large', this.#at);
    if (need > this.#kept.length) {
      const grown = new Uint8Array(Math.min(MAX_KEPT, Math.max(need, this.#kept.length * 2)));
      grown.set(this.#kept.subarray(0, this.#k));
      this.#kept = grown;
    }
    this.#kept.set(b, this.#k);
    this.#k = need;
  }

  /** Parses what the kept bytes complete: the header, sections, the memory count, a memory header. */
  #parse(): void {
    const kept = this.#kept;
    if (this.#k < HEADER_SIZE) return;
    if (this.#small < 0) {
      if (this.#k === HEADER_SIZE)
        for (let i = 0; i < SNAPSHOT_MAGIC.length; i++)
          if (kept[i] !== SNAPSHOT_MAGIC[i]) fail('bad-magic', 'not a snapshot', 0);
      const at = this.#sectionAt;
      if (this.#k - at < SECTION_HEADER_SIZE) return;
      const size = this.#u32(at + 1);
      const end = this.#at - (this.#k - at) + SECTION_HEADER_SIZE + size;
      if (end > this.size) fail('truncated', `input ends inside section ${kept[at]}`, at);
      if (kept[at] === SectionId.Memories) {
        if (end !== this.size) fail('trailing-bytes', 'bytes after the last section', end);
        // the memories section's header is written again at the end (with the runs left out)
        this.#small = at;
        this.#memEnd = end;
        this.#k = at;
        return;
      }
      if (this.#k === at + SECTION_HEADER_SIZE + size) this.#sectionAt = this.#k;
      return;
    }
    if (this.#memCount < 0) {
      if (this.#k - this.#small < 4) return;
      const n = this.#u32(this.#small);
      if (n * 13 > this.#memEnd - this.#at) fail('bad-length', 'count exceeds its section', this.#at - 4);
      this.#memCount = n;
      this.#k = this.#small;
      return;
    }
    if (this.#mems.length >= this.#memCount) fail('trailing-bytes', 'bytes after the last memory', this.#at);
    const len = this.#headerLength();
    if (this.#k - this.#small < len) return;
    const header = readMemoryHeader(new ByteReader(kept, this.#small, this.#small + len));
    const total = this.#memBytes + header.pages * PAGE_SIZE;
    const limit = this.expect.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES;
    if (total > limit) fail('limit-exceeded', `memories total ${total} bytes, more than the limit of ${limit}`);
    this.#memBytes = total;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(header.pages * PAGE_SIZE);
    } catch {
      return fail('limit-exceeded', 'memory allocation failed');
    }
    const raw = kept.slice(this.#small, this.#small + len - 4 - header.runs.length * 4);
    this.#mems.push({ header, raw, bytes });
    this.#k = this.#small;
    this.#run = 0;
    this.#inRun = 0;
  }
}

/** A full snapshot carries only non-zero chunks (as `decodeSnapshot` checks). */
function checkNonZero(m: Filling): void {
  const buf = asBuffer(m.bytes);
  const runs = m.header.runs;
  for (let i = 0; i < runs.length; i += 2)
    for (let c = runs[i]!; c < runs[i]! + runs[i + 1]!; c++)
      if (isZeroRange(buf, c * CHUNK_SIZE, CHUNK_SIZE)) fail('non-canonical', 'an all-zero chunk travels');
}
