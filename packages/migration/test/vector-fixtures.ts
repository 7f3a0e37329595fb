/**
 * The states behind the golden vectors in `test/vectors/v<version>/`: small hand-written snapshots that
 * together use every section, every value type, every host-value tag and both memory forms.
 * @module
 */
import type { StoreState } from '@edgedancer/interpreter';
import { PAGE_SIZE, type Snapshot } from '../src/index.js';

const hash = (seed: number): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => (seed + i) & 0xff);

const emptyStore: Omit<StoreState, 'instances' | 'funcs' | 'mems'> = {
  version: 1,
  moduleCount: 1,
  hostFuncs: [],
  tables: [],
  globalTypes: new Uint8Array(0),
  globalValues: new Int32Array(0),
  elems: [],
  datasDropped: new Uint8Array(0),
  externs: [],
};

const oneInstance = {
  module: 0,
  funcs: Int32Array.of(0),
  tables: Int32Array.of(),
  mems: Int32Array.of(0),
  globals: Int32Array.of(0),
  elems: Int32Array.of(),
  datas: Int32Array.of(),
};

/** A weak snapshot: one function, one all-zero page (elided), one i32 global. The document's vector. */
export const weakMinimal: Snapshot = {
  agentId: 'a',
  migrationCounter: 1n,
  kind: 'weak',
  moduleHashes: [hash(0)],
  store: {
    ...emptyStore,
    instances: [oneInstance],
    funcs: Int32Array.of(0, 0),
    mems: [{ type: { limits: { min: 1, max: null } }, bytes: new Uint8Array(PAGE_SIZE) }],
    globalTypes: Uint8Array.of(0x7f, 1),
    globalValues: Int32Array.of(42, 0, 0, 0),
  },
  execution: null,
  hostSections: [],
};

function memoryWithData(): Uint8Array {
  const bytes = new Uint8Array(2 * PAGE_SIZE);
  bytes.set([1, 2, 3, 4], 0x10);
  bytes.set([0xde, 0xad, 0xbe, 0xef], 0x1ffc);
  bytes[0x3000] = 0xff;
  bytes[2 * PAGE_SIZE - 1] = 0x80;
  return bytes;
}

/** A weak snapshot whose memory has three non-zero chunks in two runs (chunks 0–1 and 3) and a last byte. */
export const weakMemory: Snapshot = {
  ...weakMinimal,
  agentId: 'memory-agent',
  migrationCounter: 7n,
  store: { ...weakMinimal.store, mems: [{ type: { limits: { min: 1, max: 4 } }, bytes: memoryWithData() }] },
};

/** A strong snapshot using every section: host function, tables of both types, all value types, externs. */
export const strongFull: Snapshot = {
  agentId: 'ägent-😀',
  migrationCounter: 0x0123_4567_89ab_cdefn,
  kind: 'strong',
  moduleHashes: [hash(0x10), hash(0x80)],
  store: {
    version: 1,
    moduleCount: 2,
    instances: [
      {
        module: 1,
        funcs: Int32Array.of(0, 1, 2),
        tables: Int32Array.of(0, 1),
        mems: Int32Array.of(),
        globals: Int32Array.of(0, 1, 2, 3, 4, 5, 6),
        elems: Int32Array.of(0, 1),
        datas: Int32Array.of(0, 1),
      },
    ],
    funcs: Int32Array.of(
      -1,
      0, // host function 0
      0,
      1, // instance 0, function 1
      0,
      2, // instance 0, function 2
    ),
    hostFuncs: [{ name: 'edgedancer.migrate', type: { params: [0x7f, 0x7e], results: [0x7f] } }],
    tables: [
      { type: { elemType: 0x70, limits: { min: 2, max: 10 } }, elements: Int32Array.of(0, 2, 3) },
      { type: { elemType: 0x6f, limits: { min: 0, max: null } }, elements: Int32Array.of(1, 0) },
    ],
    mems: [],
    globalTypes: Uint8Array.of(0x7f, 0, 0x7e, 1, 0x7d, 1, 0x7c, 0, 0x7b, 1, 0x70, 1, 0x6f, 0),
    globalValues: Int32Array.of(
      -1,
      0,
      0,
      0,
      0x01020304,
      0x05060708,
      0,
      0,
      0x7fc00001,
      0,
      0,
      0,
      0,
      0x7ff80000,
      0,
      0,
      1,
      2,
      3,
      4,
      2,
      0,
      0,
      0,
      7,
      0,
      0,
      0,
    ),
    elems: [
      { type: 0x70, refs: Int32Array.of(2, 0) },
      { type: 0x6f, refs: Int32Array.of() },
    ],
    datasDropped: Uint8Array.of(1, 0),
    externs: [null, undefined, false, true, -0, NaN, 'héllo', -(2n ** 70n) + 1n],
  },
  execution: {
    version: 1,
    entryFuncAddr: 1,
    stack: Int32Array.of(1, 0, -2, -1, 3, 0),
    frames: Int32Array.of(1, 12, 0, 2, 5, 1),
    reason: 'host',
    pendingCall: 0,
  },
  hostSections: [
    { name: 'wasi', version: 1, bytes: Uint8Array.of(0xaa, 0xbb) },
    { name: 'platform', version: 2, bytes: new Uint8Array(0) },
  ],
};

/**
 * A strong snapshot with exception handling (section 13): two tags (the second the host tag), exceptions whose
 * payloads hold an `externref` and an `exnref`, an `exnref` global and a caught exception on the value stack.
 */
export const strongExceptions: Snapshot = {
  agentId: 'eh',
  migrationCounter: 3n,
  kind: 'strong',
  moduleHashes: [hash(0x40)],
  store: {
    ...emptyStore,
    instances: [{ ...oneInstance, mems: Int32Array.of() }],
    funcs: Int32Array.of(0, 0),
    mems: [],
    globalTypes: Uint8Array.of(0x69, 1),
    globalValues: Int32Array.of(3, 0, 0, 0),
    externs: ['boom'],
    exceptions: {
      tags: [[0x7f, 0x69], [0x6f]],
      hostTag: 1,
      instanceTags: [Int32Array.of(0)],
      exnTags: Int32Array.of(0, 1, 0),
      exnWords: Int32Array.of(5, 0, 0, 0, 1, 0, 7, 0, 1, 0),
    },
  },
  execution: {
    version: 1,
    entryFuncAddr: 0,
    stack: Int32Array.of(3, 0, 7, 0),
    frames: Int32Array.of(0, 9, 0),
    reason: 'fuel',
    pendingCall: null,
  },
  hostSections: [],
};

/** `weakMemory` one counter later: a byte written, a page grown, a global changed. */
export const weakMemoryNext: Snapshot = (() => {
  const bytes = new Uint8Array(3 * PAGE_SIZE);
  bytes.set(weakMemory.store.mems[0]!.bytes);
  bytes[0x3000] = 0;
  bytes[0x5001] = 9;
  bytes[2 * PAGE_SIZE + 5] = 1;
  return {
    ...weakMemory,
    migrationCounter: 8n,
    store: {
      ...weakMemory.store,
      mems: [{ type: { limits: { min: 1, max: 4 } }, bytes }],
      globalValues: Int32Array.of(43, 0, 0, 0),
    },
  };
})();

/** `weakMemory` with its memory shared (threads): the limits flag 3, a maximum. */
export const weakSharedMemory: Snapshot = {
  ...weakMemory,
  agentId: 'shared-agent',
  store: {
    ...weakMemory.store,
    mems: [{ type: { limits: { min: 1, max: 4 }, shared: true }, bytes: memoryWithData() }],
  },
};

/**
 * `weakMemory` with a memory64 memory (limits flag 5: a u64 maximum of 2^40 pages) and a table64 table whose
 * maximum is the largest u64 (flag 5).
 */
export const weakMemory64: Snapshot = {
  ...weakMemory,
  agentId: 'memory64-agent',
  store: {
    ...weakMemory.store,
    tables: [
      { type: { elemType: 0x70, limits: { min: 1, max: 2 ** 64 }, address64: true }, elements: Int32Array.of(0, 0) },
    ],
    mems: [{ type: { limits: { min: 1, max: 2 ** 40 }, address64: true }, bytes: memoryWithData() }],
  },
};

/**
 * Typed function references (section 14): a table of `(ref null $f)` and a global of `(ref func)` holding
 * function 0, each stored as `funcref` with its exact type in section 14 (`$f` is type 2 of module 0).
 */
export const weakRefTypes: Snapshot = {
  ...weakMinimal,
  agentId: 'typed-refs',
  store: {
    ...weakMinimal.store,
    instances: [{ ...oneInstance, tables: Int32Array.of(0), globals: Int32Array.of(0, 1) }],
    tables: [{ type: { elemType: 0x70, limits: { min: 2, max: null } }, elements: Int32Array.of(1, 0) }],
    globalTypes: Uint8Array.of(0x7f, 1, 0x70, 0),
    globalValues: Int32Array.of(42, 0, 0, 0, 1, 0, 0, 0),
    refTypes: {
      globals: Int32Array.of(1, 0x170),
      tables: Int32Array.of(0, 0x201),
      elems: Int32Array.of(),
      types: Int32Array.of(0, 2),
    },
  },
};

/**
 * A small GC heap (section 15). Type 0 of module 0 is `(struct (field i32) (field (ref null 0)))` (three payload
 * words), type 1 `(array (mut anyref))` (two words an element). A mutable global of type `(ref null 1)`, stored as
 * `externref` with its exact type in section 14, holds an array of length 2 holding `i31` -7 and a struct (value
 * 10) whose next is a struct (value 20) whose next is the first: a cycle. In canonical order (breadth-first from
 * the global): the array at word 1, the structs at words 7 and 12; `types` in first use, the array's type first.
 */
export const weakGcHeap: Snapshot = {
  ...weakMinimal,
  agentId: 'gc-heap',
  store: {
    ...weakMinimal.store,
    globalTypes: Uint8Array.of(0x6f, 1),
    globalValues: Int32Array.of(0x4000_0001, 0, 0, 0),
    refTypes: {
      globals: Int32Array.of(0, 0x201),
      tables: Int32Array.of(),
      elems: Int32Array.of(),
      types: Int32Array.of(0, 1),
    },
    gcHeap: {
      types: Int32Array.of(0, 1, 0, 0),
      // biome-ignore format: one object a line
      words: Int32Array.of(
        0,
        0, 2, -7, 2, 7, 1,
        1, 0, 10, 12, 1,
        1, 0, 20, 7, 1,
      ),
    },
  },
};

/** Full-snapshot vectors by file name. */
export const SNAPSHOT_VECTORS: Readonly<Record<string, Snapshot>> = {
  'weak-minimal': weakMinimal,
  'weak-memory': weakMemory,
  'strong-full': strongFull,
  'weak-shared-memory': weakSharedMemory,
  'strong-exceptions': strongExceptions,
  'weak-memory64': weakMemory64,
  'weak-ref-types': weakRefTypes,
  'weak-gc-heap': weakGcHeap,
};

/** Delta vectors by file name: [base, current]. */
export const DELTA_VECTORS: Readonly<Record<string, readonly [Snapshot, Snapshot]>> = {
  'delta-weak-memory': [weakMemory, weakMemoryNext],
};
