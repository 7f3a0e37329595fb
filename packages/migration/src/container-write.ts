/**
 * Assembles a snapshot or delta: header, the small sections through a growable writer, then one exact-size
 * allocation into which the memories section is written directly.
 * @module
 */
import { ByteWriter } from './byte-writer.js';
import { FORMAT_VERSION, MAX_SNAPSHOT_SIZE, SECTION_HEADER_SIZE, SectionId } from './constants.js';
import { fail } from './errors.js';
import { isEmptyExceptions, writeExceptions } from './exceptions-section.js';
import { writeGcHeap } from './gc-heap-section.js';
import { type MemoryPlan, memorySectionPieces, memorySectionSize, writeMemorySection } from './memory-section.js';
import { isEmptyRefTypes, writeRefTypes } from './ref-types-section.js';
import * as write from './sections-write.js';
import type { PreparedSnapshot } from './snapshot-check.js';
import type { DeltaBase } from './snapshot-types.js';

function section(w: ByteWriter, id: number, body: () => void): void {
  w.beginSection(id);
  body();
  w.endSection();
}

/** Writes the header and every section but the memories (0–11, 13–15). */
function writeSmallSections(
  w: ByteWriter,
  magic: readonly number[],
  base: DeltaBase | null,
  p: PreparedSnapshot,
): void {
  const { snapshot: s } = p;
  const store = s.store;
  for (const b of magic) w.u8(b);
  w.u32(FORMAT_VERSION);
  if (base !== null) section(w, SectionId.DeltaBase, () => write.writeDeltaBase(w, base));
  section(w, SectionId.Agent, () => write.writeAgent(w, p.agentId, s));
  section(w, SectionId.Modules, () => write.writeModules(w, s.moduleHashes));
  section(w, SectionId.Funcs, () => write.writeFuncs(w, store.funcs, store.hostFuncs));
  section(w, SectionId.Instances, () => write.writeInstances(w, store.instances));
  section(w, SectionId.Tables, () => write.writeTables(w, store.tables));
  section(w, SectionId.Globals, () => write.writeGlobals(w, store.globalTypes, store.globalValues));
  section(w, SectionId.Elems, () => write.writeElems(w, store.elems));
  section(w, SectionId.Datas, () => write.writeDatas(w, store.datasDropped));
  section(w, SectionId.Externs, () => write.writeExterns(w, store.externs));
  const execution = s.execution;
  if (execution) section(w, SectionId.Execution, () => write.writeExecution(w, execution));
  section(w, SectionId.Host, () => write.writeHost(w, p.hostSections));
  const exceptions = store.exceptions;
  if (exceptions !== undefined && !isEmptyExceptions(exceptions)) {
    section(w, SectionId.Exceptions, () => writeExceptions(w, exceptions));
  }
  const refTypes = store.refTypes;
  if (refTypes !== undefined && !isEmptyRefTypes(refTypes)) {
    section(w, SectionId.RefTypes, () => writeRefTypes(w, refTypes));
  }
  const heap = store.gcHeap;
  if (heap !== undefined) section(w, SectionId.GcHeap, () => writeGcHeap(w, heap));
}

/**
 * Encodes a checked snapshot with memory plans.
 * @param magic the container's magic
 * @param base the delta's base, or `null` for a full snapshot
 * @param into a buffer to write into if it is large enough (the result is then a view of it)
 * @throws {SnapshotError} `too-large` past 2^32-1 bytes, `unsupported-extern`, `bad-utf8`
 */
export function writeContainer(
  magic: readonly number[],
  base: DeltaBase | null,
  p: PreparedSnapshot,
  plans: readonly MemoryPlan[],
  into?: Uint8Array,
): Uint8Array {
  const w = new ByteWriter(4096);
  writeSmallSections(w, magic, base, p);
  const memSize = memorySectionSize(plans);
  const total = w.length + SECTION_HEADER_SIZE + memSize;
  if (total > MAX_SNAPSHOT_SIZE) fail('too-large', 'snapshot exceeds 2^32-1 bytes');
  const out = into !== undefined && into.length >= total ? into.subarray(0, total) : new Uint8Array(total);
  out.set(w.finish());
  let at = w.length;
  out[at] = SectionId.Memories;
  new DataView(out.buffer, out.byteOffset, out.byteLength).setUint32(at + 1, memSize, true);
  at = writeMemorySection(out, at + SECTION_HEADER_SIZE, plans);
  if (at !== total) throw new Error(`internal: memories section wrote ${at} of ${total} bytes`);
  return out;
}

/**
 * Encodes a checked snapshot as pieces that, joined, are what {@link writeContainer} writes: the header and
 * small sections, then the memories section with each run's chunks a view of its memory (nothing copied), so
 * a stream can send a full snapshot without one buffer of its size.
 * @throws {SnapshotError} as {@link writeContainer}
 */
export function containerPieces(
  magic: readonly number[],
  base: DeltaBase | null,
  p: PreparedSnapshot,
  plans: readonly MemoryPlan[],
): Uint8Array[] {
  const w = new ByteWriter(4096);
  writeSmallSections(w, magic, base, p);
  const memSize = memorySectionSize(plans);
  if (w.length + SECTION_HEADER_SIZE + memSize > MAX_SNAPSHOT_SIZE) fail('too-large', 'snapshot exceeds 2^32-1 bytes');
  const head = new Uint8Array(SECTION_HEADER_SIZE);
  head[0] = SectionId.Memories;
  new DataView(head.buffer).setUint32(1, memSize, true);
  return [w.finish(), head, ...memorySectionPieces(plans)];
}
