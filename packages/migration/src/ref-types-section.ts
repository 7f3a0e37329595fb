/**
 * Section 14, exact reference types (typed function references, GC): the types of globals, tables and element
 * segments that do not fit the one-byte codes of sections 5–7 (`StoreState.refTypes`, the interpreter's
 * `store-ref-types.ts`). Present exactly when the captured store has such a type. It comes after the host section
 * (and the exceptions section) and before the memories. See "14 — reference types" in `docs/snapshot-format.md`.
 *
 * ```
 * globals:u32  count, then count × (addr:u32 type:i32)     by ascending address
 * tables:u32   count, then count × (addr:u32 type:i32)
 * elems:u32    count, then count × (addr:u32 type:i32)
 * types:u32    count, then count × (module:u32 typeIdx:u32)  the concrete types, in first-use order
 * ```
 * @module
 */
import type { StoreState } from '@edgedancer/interpreter';
import type { ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';
import { fail } from './errors.js';
import { readInt32s } from './int32-bytes.js';
import { EXNREF, EXTERNREF, FUNCREF } from './value-types.js';

/** The exact reference types of a captured store. */
export type RefTypesState = NonNullable<StoreState['refTypes']>;

/** The three lists of `[address, type]` pairs, in the order they are written and checked. */
export const REF_TYPE_LISTS = ['globals', 'tables', 'elems'] as const;

/** First value type code of a concrete reference type: `0x200 + 2 × slot + nullable`. */
const CONCRETE = 0x200;
/** Bit of a non-null abstract reference type (`0x100 | heap code`). */
const NON_NULL = 0x100;

/** The one-byte code each abstract heap type is stored as (its hierarchy's top; the GC hierarchy as externref). */
const ABSTRACT_TOP: ReadonlyMap<number, number> = new Map([
  [0x69, EXNREF], // exn
  [0x74, EXNREF], // noexn
  [0x70, FUNCREF], // func
  [0x73, FUNCREF], // nofunc
  [0x6f, EXTERNREF], // extern
  [0x72, EXTERNREF], // noextern
  [0x6e, EXTERNREF], // any
  [0x6d, EXTERNREF], // eq
  [0x6c, EXTERNREF], // i31
  [0x6b, EXTERNREF], // struct
  [0x6a, EXTERNREF], // array
  [0x71, EXTERNREF], // none
]);

/** Whether a store's exact types are absent or list nothing (then no section is written). */
export function isEmptyRefTypes(r: RefTypesState | undefined): boolean {
  return r === undefined || (r.globals.length === 0 && r.tables.length === 0 && r.elems.length === 0);
}

/** Writes section 14's payload. */
export function writeRefTypes(w: ByteWriter, r: RefTypesState): void {
  for (const list of REF_TYPE_LISTS) {
    w.u32(r[list].length / 2);
    w.rawInt32s(r[list]);
  }
  w.u32(r.types.length / 2);
  w.rawInt32s(r.types);
}

/** Reads section 14's payload (structure only; `checkRefTypes` checks it against the store). */
export function readRefTypes(r: ByteReader): RefTypesState {
  const lists: Int32Array[] = [];
  for (let k = 0; k < 4; k++) {
    const n = r.count(8);
    lists.push(readInt32s(r.bytes, r.take(n * 8), n * 2));
  }
  const state = { globals: lists[0]!, tables: lists[1]!, elems: lists[2]!, types: lists[3]! };
  if (isEmptyRefTypes(state)) fail('non-canonical', 'a reference types section that lists no type', r.pos);
  return state;
}

/** What the exact types are checked against: the one-byte type code of each global, table and segment. */
export interface RefTypesContext {
  readonly moduleCount: number;
  readonly codes: { readonly [K in (typeof REF_TYPE_LISTS)[number]]: readonly number[] };
}

/** The context of {@link checkRefTypes} from a store's sections 5–7. */
export function refTypesContext(
  s: Pick<StoreState, 'moduleCount' | 'tables' | 'globalTypes' | 'elems'>,
): RefTypesContext {
  const globals: number[] = [];
  for (let i = 0; i < s.globalTypes.length; i += 2) globals.push(s.globalTypes[i]!);
  return {
    moduleCount: s.moduleCount,
    codes: { globals, tables: s.tables.map((t) => t.type.elemType), elems: s.elems.map((e) => e.type) },
  };
}

/**
 * Checks exact types against the store, in list order: each address in range and above the previous one
 * (`bad-index`, `non-canonical`), each type a reference type whose hierarchy is the item's one-byte code and
 * not that code itself (`bad-type`, `non-canonical`), each concrete type an entry of `types`, entries first used
 * in order, every entry used, no pair twice, every module in range (`bad-index`, `non-canonical`).
 * @throws {SnapshotError} on the first fault
 */
export function checkRefTypes(r: RefTypesState, s: RefTypesContext): void {
  for (const k of [...REF_TYPE_LISTS, 'types'] as const) {
    if (!(r[k] instanceof Int32Array)) fail('bad-type', `refTypes.${k} is not an Int32Array`);
    if (r[k].length % 2 !== 0) fail('bad-length', `refTypes.${k} is not pairs`);
  }
  const slots = r.types.length / 2;
  let nextSlot = 0;
  for (const list of REF_TYPE_LISTS) {
    const pairs = r[list];
    const codes = s.codes[list];
    let prev = -1;
    for (let i = 0; i < pairs.length; i += 2) {
      const at = `refTypes.${list}[${i / 2}]`;
      const addr = pairs[i]!;
      const t = pairs[i + 1]!;
      if (addr < 0 || addr >= codes.length) fail('bad-index', `${at}: address ${addr} is out of range`);
      if (addr <= prev) fail('non-canonical', `${at}: addresses not ascending`);
      prev = addr;
      const code = codes[addr]!;
      if (t >= CONCRETE) {
        const slot = (t - CONCRETE) >> 1;
        if (slot >= slots) fail('bad-index', `${at}: type ${slot} is not in refTypes.types`);
        if (slot > nextSlot) fail('non-canonical', `${at}: types not in first-use order`);
        if (slot === nextSlot) nextSlot++;
        if (code !== FUNCREF && code !== EXTERNREF) fail('bad-type', `${at}: a concrete type stored as ${code}`);
      } else {
        const top = ABSTRACT_TOP.get(t & ~NON_NULL);
        if (t < 0 || (t & ~(NON_NULL | 0xff)) !== 0 || top === undefined)
          fail('bad-type', `${at}: not a reference type`);
        if (top !== code) fail('bad-type', `${at}: its hierarchy is not the stored type ${code}`);
        if (t === code) fail('non-canonical', `${at}: a type that fits its one-byte code`);
      }
    }
  }
  if (nextSlot !== slots) fail('non-canonical', 'refTypes.types has entries no type uses');
  checkTypePairs(r.types, s.moduleCount, 'refTypes.types');
}

/**
 * Checks a list of `[module, typeIdx]` pairs: modules in range (`bad-index`), no pair twice (`non-canonical`).
 * Whether a type index exists in its module needs the module; the interpreter's restore checks it.
 */
export function checkTypePairs(types: Int32Array, moduleCount: number, what: string): void {
  const seen = new Set<number>();
  for (let i = 0; i < types.length; i += 2) {
    const m = types[i]!;
    const idx = types[i + 1]!;
    if (m < 0 || m >= moduleCount) fail('bad-index', `${what}[${i / 2}]: module ${m} is out of range`);
    if (idx < 0) fail('bad-index', `${what}[${i / 2}]: type index out of range`);
    const key = m * 2 ** 31 + idx;
    if (seen.has(key)) fail('non-canonical', `${what}[${i / 2}]: a type listed twice`);
    seen.add(key);
  }
}
