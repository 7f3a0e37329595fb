/**
 * The decoder's error codes, one crafted fault each, in every validation step: header, section table,
 * structure, expectations, cross-references, limits, canonical content.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SectionId } from '../src/constants.js';
import { decodeSnapshot, encodeSnapshot, SnapshotError, type SnapshotErrorCode } from '../src/index.js';
import { patchU8, patchU32, sectionRange } from './patch-bytes.js';
import { strongFull, weakGcHeap, weakMemory, weakMemory64, weakMinimal, weakRefTypes } from './vector-fixtures.js';

const strong = encodeSnapshot(strongFull);
const weak = encodeSnapshot(weakMinimal);
const mem = encodeSnapshot(weakMemory);
const mem64 = encodeSnapshot(weakMemory64);

function rejects(bytes: Uint8Array, code: SnapshotErrorCode, expect = {}): void {
  assert.throws(
    () => decodeSnapshot(bytes, expect),
    (e: unknown) => e instanceof SnapshotError && e.code === code,
    `expected ${code}`,
  );
}

const cat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

test('header', () => {
  rejects(new Uint8Array(0), 'truncated');
  rejects(Uint8Array.of(0, 0x65), 'truncated');
  rejects(Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0), 'bad-magic');
  rejects(Uint8Array.of(0x7b), 'bad-magic');
  const v2 = weak.slice();
  v2[4] = 2;
  rejects(v2, 'unsupported-version');
  assert.throws(() => decodeSnapshot([1, 2] as unknown as Uint8Array), TypeError);
});

test('section table', () => {
  rejects(weak.subarray(0, weak.length - 1), 'truncated');
  rejects(weak.subarray(0, 10), 'truncated');
  rejects(cat(weak, Uint8Array.of(0)), 'trailing-bytes');
  const [agentStart] = sectionRange(weak, SectionId.Agent);
  rejects(patchU8(weak, SectionId.Agent, -5, 1, 13), 'bad-section');
  rejects(patchU8(weak, SectionId.Agent, -5, 1, 0), 'bad-section');
  rejects(patchU8(weak, SectionId.Modules, -5, 2, 1), 'bad-section');
  const [, modulesEnd] = sectionRange(weak, SectionId.Modules);
  const [funcsStart, funcsEnd] = sectionRange(weak, SectionId.Funcs);
  rejects(cat(weak.subarray(0, modulesEnd), weak.subarray(funcsEnd)), 'bad-section');
  assert.equal(funcsStart, modulesEnd + 5);
  rejects(patchU32(weak, SectionId.Agent, -4, 14, 0xffff_fff0), 'truncated');
  void agentStart;
  const weakWithExec = patchU8(weak, SectionId.Agent, 13, 0, 1);
  rejects(weakWithExec, 'bad-section');
});

test('structure of sections', () => {
  rejects(patchU32(weak, SectionId.Agent, 0, 1, 20), 'bad-length');
  rejects(patchU32(weak, SectionId.Agent, 0, 1, 0), 'bad-value');
  rejects(patchU8(weak, SectionId.Agent, 13, 0, 2), 'bad-type');
  rejects(patchU8(weak, SectionId.Agent, 4, 0x61, 0xff), 'bad-utf8');
  rejects(patchU32(weak, SectionId.Modules, 0, 1, 2), 'bad-length');
  rejects(patchU32(weak, SectionId.Funcs, 0, 1, 0x1000_0000), 'bad-length');
  rejects(patchU8(weak, SectionId.Funcs, 4, 0, 2), 'bad-type');
  rejects(patchU8(strong, SectionId.Globals, 4, 0x7f, 0), 'bad-type');
  rejects(patchU8(strong, SectionId.Globals, 5, 0, 2), 'bad-value');
  rejects(patchU8(strong, SectionId.Externs, 4, 0, 9), 'bad-type');
  rejects(patchU8(strong, SectionId.Externs, 18, 0, 1), 'non-canonical');
  rejects(patchU8(strong, SectionId.Execution, 4, 2, 9), 'bad-type');
  rejects(patchU8(strong, SectionId.Host, 28, 0x77, 0x61), 'non-canonical');
  rejects(patchU8(strong, SectionId.Host, 28, 0x77, 0x57), 'bad-value');
  rejects(patchU32(mem, SectionId.Memories, 13, 2, 0x1_0001), 'bad-value');
  // Table limits flags: 0, 1, 4, 5 (table64); a memory64 maximum (u64 words at 9 and 13) is at most 2^48.
  rejects(patchU8(strong, SectionId.Tables, 9, 1, 2), 'bad-value');
  rejects(patchU8(strong, SectionId.Tables, 9, 1, 3), 'bad-value');
  rejects(patchU32(mem64, SectionId.Memories, 13, 256, 0x1_0001), 'bad-value');
});

test('expectations', () => {
  const hashes = weakMinimal.moduleHashes;
  assert.doesNotThrow(() => decodeSnapshot(weak, { moduleHashes: hashes, agentId: 'a' }));
  rejects(weak, 'module-mismatch', { moduleHashes: [new Uint8Array(32)] });
  rejects(weak, 'module-mismatch', { moduleHashes: [...hashes, ...hashes] });
  rejects(weak, 'agent-mismatch', { agentId: 'b' });
  rejects(mem, 'limit-exceeded', { maxMemoryBytes: 65536 });
});

test('cross-references of the store', () => {
  rejects(patchU32(strong, SectionId.Funcs, 43, 1, 2), 'bad-index');
  rejects(patchU32(strong, SectionId.Funcs, 39, 0, 1), 'bad-index');
  // Instance and function index words past 2^31 are out of range, never read as a host function's -1.
  for (const v of [0x7fff_ffff, 0x8000_0000, 0xffff_fffe, 0xffff_ffff]) {
    rejects(patchU32(strong, SectionId.Funcs, 39, 0, v), 'bad-index');
    rejects(patchU32(strong, SectionId.Funcs, 43, 1, v), 'bad-index');
  }
  rejects(patchU32(strong, SectionId.Instances, 4, 1, 2), 'bad-index');
  rejects(patchU32(strong, SectionId.Instances, 12, 0, 3), 'bad-index');
  rejects(patchU8(strong, SectionId.Tables, 4, 0x70, 0x7f), 'bad-type');
  rejects(patchU32(strong, SectionId.Tables, 5, 2, 4), 'bad-value');
  rejects(patchU32(strong, SectionId.Tables, 26, 3, 4), 'bad-index');
  rejects(patchU32(strong, SectionId.Globals, 56, 2, 4), 'bad-index');
  rejects(patchU8(strong, SectionId.Datas, 4, 1, 2), 'bad-value');
  rejects(patchU32(mem, SectionId.Memories, 9, 4, 1), 'bad-value');
  rejects(patchU32(mem, SectionId.Memories, 4, 1, 3), 'bad-value');
});

test('cross-references of the execution', () => {
  rejects(patchU32(strong, SectionId.Execution, 0, 1, 0), 'bad-type');
  rejects(patchU32(strong, SectionId.Execution, 0, 1, 9), 'bad-index');
  rejects(patchU32(strong, SectionId.Execution, 26, 2, 0), 'bad-type');
  rejects(patchU32(strong, SectionId.Execution, 26, 2, 3), 'bad-index');
  rejects(patchU32(strong, SectionId.Execution, 34, 1, 4), 'bad-value');
  rejects(patchU32(strong, SectionId.Execution, 22, 0, 2), 'bad-value');
  rejects(patchU32(strong, SectionId.Execution, 18, 12, -1), 'bad-value');
  rejects(patchU8(strong, SectionId.Execution, 4, 2, 0), 'bad-value');
  rejects(patchU32(strong, SectionId.Execution, 6, 0, 1), 'bad-type');
});

test('memory runs', () => {
  // weak-memory: limits (min 1, has max, max 4), pages 2, three runs [0, 2], [3, 1], [31, 1]
  const runs = 4 + 9 + 4 + 4;
  rejects(patchU32(mem, SectionId.Memories, runs + 4, 2, 0), 'non-canonical');
  rejects(patchU32(mem, SectionId.Memories, runs + 8, 3, 2), 'non-canonical');
  rejects(patchU32(mem, SectionId.Memories, runs + 8, 3, 1), 'bad-value');
  rejects(patchU32(mem, SectionId.Memories, runs + 8, 3, 32), 'bad-index');
  const zeroChunk = mem.slice();
  const dataAt = sectionRange(mem, SectionId.Memories)[0] + runs + 24 + 4096 * 2;
  zeroChunk[dataAt] = 0;
  rejects(zeroChunk, 'non-canonical');
});

test('errors carry the offset where decoding stopped', () => {
  try {
    decodeSnapshot(patchU8(weak, SectionId.Funcs, 4, 0, 2));
    assert.fail('no error');
  } catch (e) {
    assert.ok(e instanceof SnapshotError);
    assert.equal(e.offset, sectionRange(weak, SectionId.Funcs)[0] + 4);
    assert.match(e.message, /^bad-type: /);
  }
});

test('reference types and GC heap sections (14, 15)', () => {
  const gc = encodeSnapshot(weakGcHeap);
  const typed = encodeSnapshot(weakRefTypes);
  const [rtStart, rtEnd] = sectionRange(gc, SectionId.RefTypes);
  const [heapStart, heapEnd] = sectionRange(gc, SectionId.GcHeap);
  assert.equal(heapStart, rtEnd + 5);
  const swapped = cat(
    gc.subarray(0, rtStart - 5),
    gc.subarray(heapStart - 5, heapEnd),
    gc.subarray(rtStart - 5, rtEnd),
    gc.subarray(heapEnd),
  );
  rejects(swapped, 'bad-section');
  rejects(patchU8(gc, SectionId.GcHeap, -5, 15, 16), 'bad-section');
  rejects(patchU32(gc, SectionId.GcHeap, 20, 17, 0xffff), 'bad-length');
  rejects(patchU32(gc, SectionId.GcHeap, 0, 2, 1), 'bad-length');
  rejects(patchU32(gc, SectionId.GcHeap, 28, 0, 9), 'bad-index');
  rejects(patchU32(gc, SectionId.GcHeap, 4, 0, 3), 'bad-index');
  rejects(patchU32(gc, SectionId.GcHeap, 24, 0, 1), 'bad-value');
  rejects(patchU32(gc, SectionId.Globals, 6, 0x4000_0001, 0x4000_0011), 'bad-index');
  rejects(patchU32(typed, SectionId.RefTypes, 8, 0x170, 0x6e), 'bad-type');
  rejects(patchU32(typed, SectionId.RefTypes, 8, 0x170, 0x70), 'non-canonical');
  rejects(patchU32(typed, SectionId.RefTypes, 4, 1, 2), 'bad-index');
  rejects(patchU32(typed, SectionId.RefTypes, 32, 0, 5), 'bad-index');
  rejects(patchU32(typed, SectionId.RefTypes, 20, 0x201, 0x203), 'bad-index');
  rejects(patchU32(typed, SectionId.RefTypes, 0, 1, 0x1000_0000), 'bad-length');
});
