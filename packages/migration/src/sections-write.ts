/**
 * Writers of the small sections (everything but memories), one function a section, in section order. Each
 * writes its payload only; the caller frames it. Inputs have passed the checks already.
 * @module
 */
import type { ExecutionState, HostFuncState, Limits, StoreState } from '@edgedancer/interpreter';
import type { ByteWriter } from './byte-writer.js';
import { writeExtern } from './extern-values.js';
import { ADDRESS_64, u64Words } from './limits64.js';
import type { DeltaBase, HostSection, Snapshot } from './snapshot-types.js';
import { FUNC_WORDS, GLOBAL_TYPE_BYTES, HOST_FUNC } from './store-check.js';
import { utf8Encode } from './utf8.js';
import { globalWords, SUSPEND_REASONS } from './value-types.js';

/** Writes limits: min, a has-max flag, max if present. */
export function writeLimits(w: ByteWriter, limits: Limits): void {
  w.u32(limits.min);
  if (limits.max === null || limits.max === undefined) {
    w.u8(0);
  } else {
    w.u8(1);
    w.u32(limits.max);
  }
}

/** Writes a table64's limits: min, the flag with `ADDRESS_64`, max as a u64 if present. */
function writeLimits64(w: ByteWriter, limits: Limits): void {
  w.u32(limits.min);
  if (limits.max === null || limits.max === undefined) {
    w.u8(ADDRESS_64);
  } else {
    w.u8(ADDRESS_64 | 1);
    const [lo, hi] = u64Words(limits.max);
    w.u32(lo);
    w.u32(hi);
  }
}

/** Section 0: base digest and base counter. */
export function writeDeltaBase(w: ByteWriter, base: DeltaBase): void {
  w.raw(base.digest);
  w.u64(base.migrationCounter);
}

/** Section 1: agent id, counter, kind. */
export function writeAgent(w: ByteWriter, agentId: Uint8Array, s: Snapshot): void {
  w.bytes(agentId);
  w.u64(s.migrationCounter);
  w.u8(s.kind === 'strong' ? 1 : 0);
}

/** Section 2: module hashes. */
export function writeModules(w: ByteWriter, hashes: readonly Uint8Array[]): void {
  w.u32(hashes.length);
  for (const h of hashes) w.raw(h);
}

/**
 * Section 3: function instances, by address. A host function (`[HOST_FUNC, i]`) is written with the name and
 * type of `hostFuncs[i]`; the list is canonical (checked), so decoding gives the same `hostFuncs` back.
 */
export function writeFuncs(w: ByteWriter, funcs: Int32Array, hostFuncs: readonly HostFuncState[]): void {
  const n = funcs.length / FUNC_WORDS;
  w.u32(n);
  for (let addr = 0; addr < n; addr++) {
    const instance = funcs[addr * FUNC_WORDS]!;
    const index = funcs[addr * FUNC_WORDS + 1]!;
    if (instance !== HOST_FUNC) {
      w.u8(0);
      w.u32(instance);
      w.u32(index);
    } else {
      const f = hostFuncs[index]!;
      w.u8(1);
      w.bytes(utf8Encode(f.name, `funcs[${addr}].name`));
      w.bytes(Uint8Array.from(f.type.params));
      w.bytes(Uint8Array.from(f.type.results));
    }
  }
}

/** Section 4: instances and their address tables. */
export function writeInstances(w: ByteWriter, instances: StoreState['instances']): void {
  w.u32(instances.length);
  for (const inst of instances) {
    w.u32(inst.module);
    w.int32s(inst.funcs);
    w.int32s(inst.tables);
    w.int32s(inst.mems);
    w.int32s(inst.globals);
    w.int32s(inst.elems);
    w.int32s(inst.datas);
  }
}

/** Section 5: tables. */
export function writeTables(w: ByteWriter, tables: StoreState['tables']): void {
  w.u32(tables.length);
  for (const t of tables) {
    w.u8(t.type.elemType);
    if (t.type.address64 === true) writeLimits64(w, t.type.limits);
    else writeLimits(w, t.type.limits);
    w.int32s(t.elements);
  }
}

/** Section 6: globals (type code and mutability from `types`, two bytes each), each with only the words its type uses. */
export function writeGlobals(w: ByteWriter, types: Uint8Array, values: Int32Array): void {
  const n = types.length / GLOBAL_TYPE_BYTES;
  w.u32(n);
  for (let i = 0; i < n; i++) {
    const valType = types[i * GLOBAL_TYPE_BYTES]!;
    w.u8(valType);
    w.u8(types[i * GLOBAL_TYPE_BYTES + 1]!);
    const words = globalWords(valType);
    for (let k = 0; k < words; k++) w.i32(values[i * 4 + k]!);
  }
}

/** Section 7: element segments. */
export function writeElems(w: ByteWriter, elems: StoreState['elems']): void {
  w.u32(elems.length);
  for (const e of elems) {
    w.u8(e.type);
    w.int32s(e.refs);
  }
}

/** Section 8: dropped flags of data segments. */
export function writeDatas(w: ByteWriter, dropped: Uint8Array): void {
  w.bytes(dropped);
}

/** Section 9: host values of externrefs. */
export function writeExterns(w: ByteWriter, externs: readonly unknown[]): void {
  w.u32(externs.length);
  externs.forEach((v, i) => writeExtern(w, v, i));
}

/** Section 10: the suspended execution. */
export function writeExecution(w: ByteWriter, e: ExecutionState): void {
  w.u32(e.entryFuncAddr);
  w.u8(SUSPEND_REASONS.indexOf(e.reason));
  if (e.pendingCall === null) {
    w.u8(0);
  } else {
    w.u8(1);
    w.u32(e.pendingCall);
  }
  w.u32(e.frames.length / 3);
  w.rawInt32s(e.frames);
  w.u32(e.stack.length / 2);
  w.rawInt32s(e.stack);
}

/** Section 11: host sections, already sorted by name. */
export function writeHost(w: ByteWriter, sections: readonly HostSection[]): void {
  w.u32(sections.length);
  for (const s of sections) {
    w.bytes(utf8Encode(s.name, 'host section name'));
    w.u32(s.version);
    w.bytes(s.bytes);
  }
}
