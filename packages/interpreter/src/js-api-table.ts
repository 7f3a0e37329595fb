/**
 * `Table`: a table of references in the default store as the WebAssembly JS API shows it. Elements are
 * Exported Functions or null (`anyfunc` tables) or any JS value (`externref` tables).
 * @module
 */

import { type AddressType, fromAddressValue, toAddress64, toAddressValue } from './js-api-address.js';
import { defaultStore } from './js-api-realm.js';
import { liveWrapper, registerWrapper } from './js-api-reclaim.js';
import { jsDefaultValue, toJsValue, toWasmValue } from './js-api-values.js';
import { required, toDictionary, toEnum } from './js-api-webidl.js';
import { MAX_TABLE_SIZE, type TableInst } from './runtime.js';
import type { WasmValue } from './state-types.js';
import { type RefType, ValType } from './types.js';
import { decodeRef, encodeRef } from './values.js';

/** Element types as the JS API spells them; `funcref` is accepted as a synonym of `anyfunc`. */
export type TableKind = 'anyfunc' | 'funcref' | 'externref';

/** What `new Table(descriptor)` takes. */
export interface TableDescriptor {
  readonly element: TableKind;
  /** Initial length in elements (a BigInt for `address: 'i64'`). */
  readonly initial: number | bigint;
  /** Maximum length; growth beyond it fails. */
  readonly maximum?: number | bigint;
  /** Table64: `'i64'` for a table indexed by `i64` (lengths and indexes are then BigInts); default `'i32'`. */
  readonly address?: AddressType;
}

const TABLE_KINDS: readonly TableKind[] = ['anyfunc', 'externref', 'funcref'];

/** Builds a Table object for an existing address; module-private, so user code cannot forge one. */
class FromAddress {
  constructor(readonly addr: number) {}
}

let addrOf: (v: unknown) => number | undefined;

/** A WebAssembly table in the default store. */
export class Table {
  readonly #addr: number;

  /**
   * Allocates a table in the default store, every element set to `value`.
   * @param descriptor `{ element: 'anyfunc' | 'externref', initial, maximum? }`
   * @param value the initial elements (default: null for `anyfunc`, undefined for `externref`)
   * @throws TypeError when the descriptor is malformed or `value` is not an Exported Function or null for `anyfunc`
   * @throws RangeError when `initial > maximum` or `initial` exceeds the implementation limit (10,000,000)
   * @example const table = new Table({ element: 'anyfunc', initial: 2 });
   */
  constructor(descriptor: TableDescriptor, value?: unknown) {
    this.#addr = descriptor instanceof FromAddress ? descriptor.addr : allocate(descriptor, value);
    registerWrapper('tables', this.#addr, this);
  }

  /** The number of elements (a BigInt for a table64 table). */
  get length(): number | bigint {
    const inst = this.#inst();
    return fromAddressValue(inst.length, inst.type.address64 === true);
  }

  /**
   * Reads an element.
   * @param index the element's index
   * @returns an Exported Function, null, or (externref tables) the stored JS value
   * @throws TypeError when `index` is not an unsigned 32-bit integer
   * @throws RangeError when `index >= length`
   */
  get(index: number | bigint): unknown {
    const inst = this.#inst();
    const i = toAddressValue(index, inst.type.address64 === true, 'Table.get: index');
    checkIndex(inst, i, 'Table.get');
    return toJsValue(decodeRef(inst.type.elemType, inst.elements[i]!, defaultStore()));
  }

  /**
   * Writes an element.
   * @param index the element's index
   * @param value the new element (default: null for `anyfunc`, undefined for `externref`)
   * @throws TypeError when `index` is not an unsigned 32-bit integer or `value` does not convert
   * @throws RangeError when `index >= length`
   */
  set(index: number | bigint, value?: unknown): void {
    const inst = this.#inst();
    const i = toAddressValue(index, inst.type.address64 === true, 'Table.set: index');
    const ref = elementValue(inst.type.elemType, value);
    checkIndex(inst, i, 'Table.set');
    inst.elements[i] = encodeRef(ref, defaultStore());
  }

  /**
   * Appends `delta` elements set to `value`.
   * @param delta how many elements to add
   * @param value the new elements (default: null for `anyfunc`, undefined for `externref`)
   * @returns the previous length
   * @throws TypeError when `delta` is not an unsigned 32-bit integer or `value` does not convert
   * @throws RangeError when the table would exceed its maximum or the implementation limit
   */
  grow(delta: number | bigint, value?: unknown): number | bigint {
    const inst = this.#inst();
    const wide = inst.type.address64 === true;
    const n = toAddressValue(delta, wide, 'Table.grow: delta');
    const ref = encodeRef(elementValue(inst.type.elemType, value), defaultStore());
    const old = inst.grow(n, ref);
    if (old < 0) throw new RangeError(`Table.grow: cannot grow a table of ${inst.length} elements by ${n}`);
    return fromAddressValue(old, wide);
  }

  #inst(): TableInst {
    return defaultStore().tables[this.#addr]!;
  }

  static {
    addrOf = (v) => (typeof v === 'object' && v !== null && #addr in v ? v.#addr : undefined);
  }
}
Object.defineProperty(Table.prototype, Symbol.toStringTag, { value: 'WebAssembly.Table', configurable: true });

function allocate(descriptor: unknown, value: unknown): number {
  const member = toDictionary(descriptor, 'Table: descriptor');
  // Dictionary members in lexicographic order, as Web IDL reads them.
  const wide = toAddress64(member('address'), 'Table: descriptor.address');
  const kind = toEnum(
    required(member('element'), 'Table: descriptor.element'),
    TABLE_KINDS,
    'Table: descriptor.element',
  );
  const first = required(member('initial'), 'Table: descriptor.initial');
  const initial = toAddressValue(first, wide, 'Table: descriptor.initial');
  const max = member('maximum');
  const maximum = max === undefined ? null : toAddressValue(max, wide, 'Table: descriptor.maximum');
  if (maximum !== null && maximum < initial)
    throw new RangeError(`Table: maximum ${maximum} is below initial ${initial}`);
  if (initial > MAX_TABLE_SIZE) {
    throw new RangeError(`Table: initial ${initial} is above the limit of ${MAX_TABLE_SIZE} elements`);
  }
  const elemType: RefType = kind === 'externref' ? ValType.ExternRef : ValType.FuncRef;
  const limits = { min: initial, max: maximum };
  const type = wide ? { elemType, limits, address64: true } : { elemType, limits };
  return defaultStore().table(type, elementValue(elemType, value)).addr;
}

/** An element value from JS; `undefined` means the argument was not given. */
function elementValue(elemType: RefType, value: unknown): WasmValue {
  return value === undefined ? jsDefaultValue(elemType) : toWasmValue(value, elemType);
}

function checkIndex(inst: TableInst, i: number, what: string): void {
  if (i >= inst.length)
    throw new RangeError(`${what}: index ${i} is out of bounds for a table of length ${inst.length}`);
}

/**
 * The Table object of a table address in the default store (the same object every time).
 * @param tableAddr a table address in the default store
 */
export function tableObject(tableAddr: number): Table {
  return liveWrapper<Table>('tables', tableAddr) ?? new Table(new FromAddress(tableAddr) as unknown as TableDescriptor);
}

/**
 * The table address behind a Table object.
 * @param v any value
 * @returns the address, or undefined when `v` is not a Table object
 */
export function tableAddrOf(v: unknown): number | undefined {
  return addrOf(v);
}
