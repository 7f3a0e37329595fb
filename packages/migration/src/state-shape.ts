/**
 * The encoder's first look at a caller's snapshot: the JavaScript types of its fields (typed arrays where
 * typed arrays are expected), so that the checks and writers that follow never meet a surprise.
 * @module
 */
import type { ExecutionState, StoreState } from '@edgedancer/interpreter';
import { fail } from './errors.js';
import { FUNC_WORDS, GLOBAL_TYPE_BYTES, type StoreShape } from './store-check.js';

function int32s(v: unknown, what: string): void {
  if (!(v instanceof Int32Array)) fail('bad-type', `${what} is not an Int32Array`);
}

function bytes(v: unknown, what: string): void {
  if (!(v instanceof Uint8Array)) fail('bad-type', `${what} is not a Uint8Array`);
}

function list(v: unknown, what: string): void {
  if (!Array.isArray(v)) fail('bad-type', `${what} is not an array`);
}

/**
 * Checks the field types of a captured store and returns the shape the consistency checks take.
 * @throws {SnapshotError} `bad-type`, `bad-length` (`funcs` or `globalTypes` not a whole number of entries),
 * `bad-value` (`moduleCount`), or `unsupported-version` if `version` is not 1
 */
export function storeShapeOf(store: StoreState): StoreShape {
  if (typeof store !== 'object' || store === null) fail('bad-type', 'store is not an object');
  if (store.version !== 1) fail('unsupported-version', 'store state version is not 1');
  for (const k of ['instances', 'hostFuncs', 'tables', 'mems', 'elems', 'externs'] as const)
    list(store[k], `store.${k}`);
  store.instances.forEach((inst, i) => {
    for (const k of ['funcs', 'tables', 'mems', 'globals', 'elems', 'datas'] as const)
      int32s(inst[k], `instances[${i}].${k}`);
  });
  int32s(store.funcs, 'store.funcs');
  if (store.funcs.length % FUNC_WORDS !== 0) fail('bad-length', 'store.funcs is not two words a function');
  store.hostFuncs.forEach((f, i) => {
    if (typeof f !== 'object' || f === null) fail('bad-type', `hostFuncs[${i}] is not an object`);
    if (typeof f.name !== 'string') fail('bad-type', `hostFuncs[${i}].name is not a string`);
    list(f.type?.params, `hostFuncs[${i}].type.params`);
    list(f.type?.results, `hostFuncs[${i}].type.results`);
  });
  store.tables.forEach((t, i) => int32s(t.elements, `tables[${i}].elements`));
  store.mems.forEach((m, i) => bytes(m.bytes, `mems[${i}].bytes`));
  bytes(store.globalTypes, 'store.globalTypes');
  if (store.globalTypes.length % GLOBAL_TYPE_BYTES !== 0)
    fail('bad-length', 'store.globalTypes is not two bytes a global');
  int32s(store.globalValues, 'store.globalValues');
  store.elems.forEach((e, i) => int32s(e.refs, `elems[${i}].refs`));
  bytes(store.datasDropped, 'store.datasDropped');
  if (!Number.isInteger(store.moduleCount) || store.moduleCount < 0)
    fail('bad-value', 'store.moduleCount is not a count');
  return {
    moduleCount: store.moduleCount,
    instances: store.instances,
    funcs: store.funcs,
    hostFuncs: store.hostFuncs,
    tables: store.tables,
    mems: store.mems.map((m) => ({ type: m.type, byteLength: m.bytes.length })),
    globalTypes: store.globalTypes,
    globalValues: store.globalValues,
    elems: store.elems,
    datasDropped: store.datasDropped,
    externCount: store.externs.length,
    exnCount: store.exceptions?.exnTags.length ?? 0,
    heapWords: store.gcHeap?.words instanceof Int32Array ? store.gcHeap.words.length : 0,
  };
}

/**
 * Checks the field types of a captured execution.
 * @throws {SnapshotError} `bad-type`, or `unsupported-version` if `version` is not 1
 */
export function checkExecutionTypes(e: ExecutionState): void {
  if (typeof e !== 'object' || e === null) fail('bad-type', 'execution is not an object');
  if (e.version !== 1) fail('unsupported-version', 'execution state version is not 1');
  int32s(e.stack, 'execution.stack');
  int32s(e.frames, 'execution.frames');
}
