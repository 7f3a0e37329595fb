/**
 * Parsers of the small sections, one function a section, mirroring `sections-write.ts`. They check structure
 * only (lengths, flags, tags, UTF-8, canonical forms); cross-references are checked later on the whole.
 * Every count is bounded by the bytes left before anything is allocated. The store's word lists go into a
 * `WordArena` (views of one scratch buffer); the build packs them.
 * @module
 */
import type { ExecutionState, HostFuncState, Limits, RefType, StoreState, ValType } from '@edgedancer/interpreter';
import type { ByteReader } from './byte-reader.js';
import { DIGEST_SIZE } from './constants.js';
import { fail } from './errors.js';
import { readExtern } from './extern-values.js';
import { checkAgentIdSize, checkHostSection, compareNames } from './header-check.js';
import { readInt32s, readInt32sInto } from './int32-bytes.js';
import { ADDRESS_64, readU64Number } from './limits64.js';
import type { DeltaBase, HostSection, SnapshotKind } from './snapshot-types.js';
import { FUNC_WORDS, GLOBAL_TYPE_BYTES, HOST_FUNC } from './store-check.js';
import type { WordArena } from './store-words.js';
import { utf8Decode } from './utf8.js';
import { globalWords, SUSPEND_REASONS } from './value-types.js';

/**
 * Reads a table's limits: min, a flag (0 no maximum, 1 maximum; plus `ADDRESS_64` for table64, whose maximum
 * is a u64), max.
 */
function readTableLimits(r: ByteReader): { limits: Limits; address64: boolean } {
  const min = r.u32();
  const at = r.pos;
  const flag = r.u8();
  if ((flag & ~(ADDRESS_64 | 1)) !== 0) fail('bad-value', 'table limits flag is not 0, 1, 4 or 5', at);
  const address64 = (flag & ADDRESS_64) !== 0;
  const max = (flag & 1) === 0 ? null : address64 ? readU64Number(r) : r.u32();
  return { limits: { min, max }, address64 };
}

/** Section 0. */
export function readDeltaBase(r: ByteReader): DeltaBase {
  const digest = r.view8(DIGEST_SIZE).slice();
  return { digest, migrationCounter: r.u64() };
}

/** Section 1. */
export function readAgent(r: ByteReader): { agentId: string; migrationCounter: bigint; kind: SnapshotKind } {
  const at = r.pos;
  const idBytes = r.lengthPrefixed();
  checkAgentIdSize(idBytes.length, at);
  const agentId = utf8Decode(idBytes, at + 4);
  const migrationCounter = r.u64();
  const kindAt = r.pos;
  const kind = r.u8();
  if (kind > 1) fail('bad-type', 'unknown snapshot kind', kindAt);
  return { agentId, migrationCounter, kind: kind === 1 ? 'strong' : 'weak' };
}

/** Section 2. */
export function readModules(r: ByteReader): Uint8Array[] {
  const n = r.count(DIGEST_SIZE);
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) out.push(r.view8(DIGEST_SIZE).slice());
  return out;
}

/**
 * Section 3: functions as `StoreState.funcs` words, and host functions listed once each in address order
 * (the canonical `hostFuncs`).
 */
export function readFuncs(r: ByteReader, arena: WordArena): { funcs: Int32Array; hostFuncs: HostFuncState[] } {
  const n = r.count(9);
  const funcs = arena.take(n * FUNC_WORDS);
  const hostFuncs: HostFuncState[] = [];
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const kind = r.u8();
    if (kind === 0) {
      // An instance address is below 2^31 (counts are bounded by the input): a larger u32 is kept out of
      // range (never wrapped to HOST_FUNC) so that the consistency check reports it as before.
      const instance = r.u32();
      funcs[i * FUNC_WORDS] = instance > 0x7fff_ffff ? 0x7fff_ffff : instance;
      funcs[i * FUNC_WORDS + 1] = r.u32();
    } else if (kind === 1) {
      const name = r.string();
      const params = Array.from(r.lengthPrefixed()) as ValType[];
      const results = Array.from(r.lengthPrefixed()) as ValType[];
      funcs[i * FUNC_WORDS] = HOST_FUNC;
      funcs[i * FUNC_WORDS + 1] = hostFuncs.length;
      hostFuncs.push({ name, type: { params, results } });
    } else {
      fail('bad-type', 'unknown function kind', at);
    }
  }
  return { funcs, hostFuncs };
}

/** Section 4. */
export function readInstances(r: ByteReader, arena: WordArena): StoreState['instances'] {
  const n = r.count(28);
  const out: StoreState['instances'][number][] = [];
  for (let i = 0; i < n; i++) {
    const module = r.u32();
    out.push({
      module,
      funcs: r.int32s(arena),
      tables: r.int32s(arena),
      mems: r.int32s(arena),
      globals: r.int32s(arena),
      elems: r.int32s(arena),
      datas: r.int32s(arena),
    });
  }
  return out;
}

/** Section 5. */
export function readTables(r: ByteReader, arena: WordArena): StoreState['tables'] {
  const n = r.count(10);
  const out: StoreState['tables'][number][] = [];
  for (let i = 0; i < n; i++) {
    const elemType = r.u8() as RefType;
    const { limits, address64 } = readTableLimits(r);
    const type = address64 ? { elemType, limits, address64 } : { elemType, limits };
    out.push({ type, elements: r.int32s(arena) });
  }
  return out;
}

/** Section 6: `globalTypes` two bytes a global, `globalValues` four words a global (unused words zero). */
export function readGlobals(r: ByteReader, arena: WordArena): { globalTypes: Uint8Array; globalValues: Int32Array } {
  const n = r.count(6);
  const globalTypes = new Uint8Array(n * GLOBAL_TYPE_BYTES);
  const globalValues = arena.take(n * 4);
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const valType = r.u8() as ValType;
    const mutable = r.bool();
    const words = globalWords(valType);
    if (words === 0) fail('bad-type', 'unknown global value type', at);
    readInt32sInto(globalValues.subarray(i * 4, i * 4 + words), r.bytes, r.take(words * 4));
    globalTypes[i * GLOBAL_TYPE_BYTES] = valType;
    globalTypes[i * GLOBAL_TYPE_BYTES + 1] = mutable ? 1 : 0;
  }
  return { globalTypes, globalValues };
}

/** Section 7. */
export function readElems(r: ByteReader, arena: WordArena): StoreState['elems'] {
  const n = r.count(5);
  const out: StoreState['elems'][number][] = [];
  for (let i = 0; i < n; i++) {
    const type = r.u8() as RefType;
    out.push({ type, refs: r.int32s(arena) });
  }
  return out;
}

/** Section 8: a view of the input (copied when the store is packed). */
export function readDatas(r: ByteReader): Uint8Array {
  return r.lengthPrefixed();
}

/** Section 9. */
export function readExterns(r: ByteReader): unknown[] {
  const n = r.count(1);
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(readExtern(r));
  return out;
}

/** Section 10. */
export function readExecution(r: ByteReader): ExecutionState {
  const entryFuncAddr = r.u32();
  const reasonAt = r.pos;
  const reason = SUSPEND_REASONS[r.u8()];
  if (reason === undefined) fail('bad-type', 'unknown suspension reason', reasonAt);
  const pendingCall = r.bool() ? r.u32() : null;
  const frameCount = r.count(12);
  const frames = readInt32s(r.bytes, r.take(frameCount * 12), frameCount * 3);
  const slots = r.count(8);
  const stack = readInt32s(r.bytes, r.take(slots * 8), slots * 2);
  return { version: 1, entryFuncAddr, stack, frames, reason, pendingCall };
}

/** Section 11: sections as views of the input (copied when the snapshot is built). */
export function readHost(r: ByteReader): HostSection[] {
  const n = r.count(12);
  const out: HostSection[] = [];
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const name = r.string();
    const version = r.u32();
    const section = { name, version, bytes: r.lengthPrefixed() };
    checkHostSection(section, at);
    if (i > 0 && compareNames(out[i - 1]!.name, name) >= 0)
      fail('non-canonical', 'host sections are not sorted by name or repeat one', at);
    out.push(section);
  }
  return out;
}
