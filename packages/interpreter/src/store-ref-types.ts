/**
 * Exact reference types across a capture (typed references). A store's global, table and element segment types
 * may be typed references (`(ref $t)`, `(ref func)`, …) whose type indices are canonical ids of this realm
 * (`heap-types.ts`): they mean nothing elsewhere and do not fit the state's one-byte type codes. The state keeps
 * the one-byte code of each type's hierarchy (`funcref`, `externref`, `exnref`; what the snapshot format stores)
 * and, in `refTypes`, the exact types with each concrete type named portably as a type index of a module of the
 * store. A restore without `refTypes` (a snapshot format that drops it) keeps the one-byte types: linking against
 * them is then stricter, never looser.
 * @module
 */

import { canonicalValType, heapOf, isNullable, isRefType, refType, typeIndexOf } from './heap-types.js';
import type { Module } from './module-class.js';
import type { RefTypesState } from './state-types.js';
import { hostTypeCode } from './values.js';

/** A concrete type in portable form: its entry in `RefTypesState.types` (module, type index). */
const CONCRETE = 0x200;

/** Builds the portable exact types of a store's globals, tables and segments (undefined when all are one byte). */
export class RefTypesCapture {
  private readonly globals: number[] = [];
  private readonly tables: number[] = [];
  private readonly elems: number[] = [];
  private readonly types: number[] = [];
  private readonly typeSlot = new Map<number, number>();
  private byId: Map<number, [number, number]> | null = null;

  constructor(private readonly modules: readonly Module[]) {}

  /**
   * The one-byte code to store for type `t` of item `addr` in `list`; records the exact type when they differ.
   * (Captures record globals and tables; `elems` entries of a state are still restored.)
   */
  erase(list: 'globals' | 'tables' | 'elems', addr: number, t: number): number {
    const code = hostTypeCode(t);
    if (code !== t) this[list].push(addr, this.portable(t));
    return code;
  }

  private portable(t: number): number {
    const ht = heapOf(t);
    if (!isRefType(t) || ht < 0x100) return t;
    const id = typeIndexOf(ht);
    let slot = this.typeSlot.get(id);
    if (slot === undefined) {
      if (this.byId === null) {
        this.byId = new Map();
        this.modules.forEach((m, ref) => {
          m.compiled.typeIds.forEach((cid, idx) => {
            if (!this.byId!.has(cid)) this.byId!.set(cid, [ref, idx]);
          });
        });
      }
      const where = this.byId.get(id);
      if (where === undefined) return hostTypeCode(t);
      slot = this.types.length / 2;
      this.types.push(where[0], where[1]);
      this.typeSlot.set(id, slot);
    }
    return refType(isNullable(t), 0x100 + slot);
  }

  /** The state's `refTypes`, or undefined when every type fitted one byte. */
  result(): RefTypesState | undefined {
    if (this.globals.length + this.tables.length + this.elems.length === 0) return undefined;
    return {
      globals: Int32Array.from(this.globals),
      tables: Int32Array.from(this.tables),
      elems: Int32Array.from(this.elems),
      types: Int32Array.from(this.types),
    };
  }
}

/**
 * The exact types of a restored store: for each list, a map from address to type (canonical in this realm).
 * @throws TypeError when the state names a module or type index that does not exist
 */
export function restoreRefTypes(
  state: RefTypesState | undefined,
  modules: readonly Module[],
): { globals: Map<number, number>; tables: Map<number, number>; elems: Map<number, number> } {
  const out = {
    globals: new Map<number, number>(),
    tables: new Map<number, number>(),
    elems: new Map<number, number>(),
  };
  if (state === undefined) return out;
  const ids: number[] = [];
  for (let i = 0; i + 1 < state.types.length; i += 2) {
    const id = modules[state.types[i]!]?.compiled.typeIds[state.types[i + 1]!];
    if (id === undefined) throw new TypeError('inconsistent store state: unknown type in refTypes');
    ids.push(id);
  }
  for (const list of ['globals', 'tables', 'elems'] as const) {
    const a = state[list];
    for (let i = 0; i + 1 < a.length; i += 2) {
      const t = a[i + 1]!;
      if (t >= CONCRETE && typeIndexOf(heapOf(t)) >= ids.length) {
        throw new TypeError('inconsistent store state: unknown type in refTypes');
      }
      out[list].set(a[i]!, canonicalValType(t, ids));
    }
  }
  return out;
}
