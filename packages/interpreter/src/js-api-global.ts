/**
 * `Global`: a global variable of the default store as the WebAssembly JS API shows it.
 * @module
 */
import { defaultStore } from './js-api-realm.js';
import { liveWrapper, registerWrapper } from './js-api-reclaim.js';
import { jsDefaultValue, toJsValue, toWasmValue } from './js-api-values.js';
import { required, toDictionary, toEnum } from './js-api-webidl.js';
import type { GlobalType } from './types.js';
import { ValType } from './types.js';

/** Value types as the JS API spells them; `funcref` is accepted as a synonym of `anyfunc`. */
export type ValueType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'externref' | 'anyfunc' | 'funcref';

/** What `new Global(descriptor)` takes. */
export interface GlobalDescriptor {
  readonly value: ValueType;
  /** Whether `.value` may be set (default false). */
  readonly mutable?: boolean;
}

const VALUE_TYPES: readonly ValueType[] = ['i32', 'i64', 'f32', 'f64', 'v128', 'externref', 'anyfunc', 'funcref'];

const TYPE_CODES: Record<ValueType, number> = {
  i32: ValType.I32,
  i64: ValType.I64,
  f32: ValType.F32,
  f64: ValType.F64,
  v128: ValType.V128,
  externref: ValType.ExternRef,
  anyfunc: ValType.FuncRef,
  funcref: ValType.FuncRef,
};

/**
 * The value type code of a JS API value type name.
 * @throws TypeError when the name is not a value type
 */
export function toValueType(value: unknown, what: string): number {
  return TYPE_CODES[toEnum(value, VALUE_TYPES, what)];
}

/** Builds a Global object for an existing address; module-private, so user code cannot forge one. */
class FromAddress {
  constructor(readonly addr: number) {}
}

let addrOf: (v: unknown) => number | undefined;

/** A WebAssembly global in the default store. */
export class Global {
  readonly #addr: number;

  /**
   * Allocates a global in the default store.
   * @param descriptor `{ value: 'i32' | 'i64' | 'f32' | 'f64' | 'externref' | 'anyfunc', mutable? }`
   * @param value the initial value (default: 0, 0n for i64, null for anyfunc, undefined for externref)
   * @throws TypeError when the descriptor is malformed, the type is v128, or `value` does not convert
   * @example
   * const counter = new Global({ value: 'i64', mutable: true }, 0n);
   * counter.value += 1n;
   */
  constructor(descriptor: GlobalDescriptor, value?: unknown) {
    this.#addr = descriptor instanceof FromAddress ? descriptor.addr : allocate(descriptor, value);
    registerWrapper('globals', this.#addr, this);
  }

  /**
   * The global's value, converted to JS (i64 as BigInt).
   * @throws TypeError on get for v128; on set when the global is immutable or the value does not convert
   */
  get value(): unknown {
    return this.#read();
  }

  set value(value: unknown) {
    const type = this.#type();
    if (type.valType === ValType.V128) throw new TypeError('Global: a v128 global cannot be set from JavaScript');
    if (!type.mutable) throw new TypeError('Global: cannot set the value of an immutable global');
    defaultStore().setGlobal(this.#addr, toWasmValue(value, type.valType));
  }

  /**
   * The global's value, converted to JS (i64 as BigInt).
   * @throws TypeError for v128
   */
  valueOf(): unknown {
    return this.#read();
  }

  #read(): unknown {
    if (this.#type().valType === ValType.V128)
      throw new TypeError('Global: a v128 global cannot be read from JavaScript');
    return toJsValue(defaultStore().getGlobal(this.#addr));
  }

  #type(): GlobalType {
    return defaultStore().globalTypes[this.#addr]!;
  }

  static {
    addrOf = (v) => (typeof v === 'object' && v !== null && #addr in v ? v.#addr : undefined);
  }
}
Object.defineProperty(Global.prototype, Symbol.toStringTag, { value: 'WebAssembly.Global', configurable: true });

function allocate(descriptor: unknown, value: unknown): number {
  const member = toDictionary(descriptor, 'Global: descriptor');
  const mutable = Boolean(member('mutable'));
  const valType = toValueType(required(member('value'), 'Global: descriptor.value'), 'Global: descriptor.value');
  if (valType === ValType.V128) throw new TypeError('Global: a v128 global cannot be created from JavaScript');
  const v = value === undefined ? jsDefaultValue(valType) : toWasmValue(value, valType);
  return defaultStore().global({ valType: valType as GlobalType['valType'], mutable }, v).addr;
}

/**
 * The Global object of a global address in the default store (the same object every time).
 * @param globalAddr a global address in the default store
 */
export function globalObject(globalAddr: number): Global {
  return (
    liveWrapper<Global>('globals', globalAddr) ?? new Global(new FromAddress(globalAddr) as unknown as GlobalDescriptor)
  );
}

/**
 * The global address behind a Global object.
 * @param v any value
 * @returns the address, or undefined when `v` is not a Global object
 */
export function globalAddrOf(v: unknown): number | undefined {
  return addrOf(v);
}
