/**
 * Bit-exact values at the interpreter's boundary: constructors, and moving values between `WasmValue`s and
 * 64-bit stack slots (two little-endian 32-bit words each; v128 takes two slots).
 * @module
 */
import { type GcHandleTable, GcRef } from './gc/gc-ref.js';
import { HeapCode, isNullable, isRefType, refTop } from './heap-types.js';
import type { ValTypeName, WasmValue } from './state-types.js';
import { ValType } from './types.js';

export { GcRef };

const f32buf = new Float32Array(1);
const f32bits = new Uint32Array(f32buf.buffer);
const f64buf = new Float64Array(1);
const f64bits = new BigUint64Array(f64buf.buffer);

/** An i32 value (the number is wrapped to a signed 32-bit integer). */
export function i32(n: number): WasmValue {
  return { type: 'i32', value: n | 0 };
}
/** An i64 value (wrapped to signed 64 bits). */
export function i64(n: bigint): WasmValue {
  return { type: 'i64', value: BigInt.asIntN(64, n) };
}
/** An f32 value from a JS number (rounded to single precision). */
export function f32(x: number): WasmValue {
  f32buf[0] = x;
  return { type: 'f32', bits: f32bits[0]! };
}
/** An f64 value from a JS number. */
export function f64(x: number): WasmValue {
  f64buf[0] = x;
  return { type: 'f64', bits: f64bits[0]! };
}
/** An f32 value from its bit pattern. */
export function f32Bits(bits: number): WasmValue {
  return { type: 'f32', bits: bits >>> 0 };
}
/** An f64 value from its bit pattern. */
export function f64Bits(bits: bigint): WasmValue {
  return { type: 'f64', bits: BigInt.asUintN(64, bits) };
}
/** A v128 value from its 128-bit pattern (lane 0 in the low bits). */
export function v128(bits: bigint): WasmValue {
  return { type: 'v128', bits: BigInt.asUintN(128, bits) };
}
/** A funcref: a function address in its store, or null. */
export function funcref(addr: number | null): WasmValue {
  return { type: 'funcref', value: addr };
}
/** An externref holding a host value (null is the null reference). */
export function externref(value: unknown): WasmValue {
  return { type: 'externref', value };
}

/** The JS number of an f32 value's bits. */
export function f32FromBits(bits: number): number {
  f32bits[0] = bits;
  return f32buf[0]!;
}
/** The JS number of an f64 value's bits. */
export function f64FromBits(bits: bigint): number {
  f64bits[0] = bits;
  return f64buf[0]!;
}

/** The text-format name of a value type code. */
export function valTypeName(t: number): ValTypeName {
  switch (hostTypeCode(t)) {
    case ValType.I32:
      return 'i32';
    case ValType.I64:
      return 'i64';
    case ValType.F32:
      return 'f32';
    case ValType.F64:
      return 'f64';
    case ValType.V128:
      return 'v128';
    case ValType.FuncRef:
      return 'funcref';
    case ValType.ExternRef:
      return 'externref';
    case ValType.ExnRef:
      return 'exnref';
    default:
      throw new RangeError(`not a value type: ${t}`);
  }
}

/** The value type code of a text-format name. */
export function valTypeCode(name: ValTypeName): number {
  switch (name) {
    case 'i32':
      return ValType.I32;
    case 'i64':
      return ValType.I64;
    case 'f32':
      return ValType.F32;
    case 'f64':
      return ValType.F64;
    case 'v128':
      return ValType.V128;
    case 'funcref':
      return ValType.FuncRef;
    case 'externref':
      return ValType.ExternRef;
    case 'exnref':
      return ValType.ExnRef;
  }
}

/** The default (zero or null) value of a type. */
export function defaultValue(t: number): WasmValue {
  switch (hostTypeCode(t)) {
    case ValType.I32:
      return { type: 'i32', value: 0 };
    case ValType.I64:
      return { type: 'i64', value: 0n };
    case ValType.F32:
      return { type: 'f32', bits: 0 };
    case ValType.F64:
      return { type: 'f64', bits: 0n };
    case ValType.V128:
      return { type: 'v128', bits: 0n };
    case ValType.FuncRef:
      return { type: 'funcref', value: null };
    case ValType.ExnRef:
      return { type: 'exnref', value: null };
    default:
      return { type: 'externref', value: null };
  }
}

/** Interns host values for `externref`: a reference is `index + 1` into `values`, 0 is null. */
export interface ExternTable {
  readonly externs: unknown[];
  readonly externIndex: Map<unknown, number>;
  /** GC references handed to the host (absent: the table has no GC heap). */
  readonly gcHandles?: GcHandleTable;
  /** The host object of a GC reference word (a handle in `gcHandles`). */
  gcRefOf?(word: number): GcRef;
  /** Free indices of `externs`, reused first (see `FreeSlots`). */
  readonly freeSlots?: { readonly externs: number[] };
}

/** Encodes a reference value as stored in slots and tables (`addr + 1`, 0 for null). */
export function encodeRef(v: WasmValue, ext: ExternTable): number {
  if (v.type === 'funcref' || v.type === 'exnref') return v.value === null ? 0 : v.value + 1;
  if (v.type === 'externref') {
    if (v.value === null) return 0;
    if (v.value instanceof GcRef && ext.gcHandles !== undefined) {
      const word = v.value.wordIn(ext.gcHandles);
      if (word !== undefined) return word;
    }
    let i = ext.externIndex.get(v.value);
    if (i === undefined) {
      i = ext.freeSlots?.externs.pop() ?? ext.externs.length;
      if (i >= MAX_PLAIN_REF) throw new RangeError('too many host references');
      ext.externs[i] = v.value;
      ext.externIndex.set(v.value, i);
    }
    return i + 1;
  }
  throw new TypeError(`not a reference value: ${v.type}`);
}

/** Decodes a stored reference of type `t`. */
export function decodeRef(t: number, ref: number, ext: ExternTable): WasmValue {
  t = hostTypeCode(t);
  if (t === ValType.FuncRef) return { type: 'funcref', value: ref === 0 ? null : ref - 1 };
  if (t === ValType.ExnRef) return { type: 'exnref', value: ref === 0 ? null : ref - 1 };
  if (ref === 0) return { type: 'externref', value: null };
  if ((ref < 0 || ref > MAX_PLAIN_REF) && ext.gcRefOf !== undefined)
    return { type: 'externref', value: ext.gcRefOf(ref) };
  return { type: 'externref', value: ext.externs[ref - 1] };
}

/** The largest reference word that is an index + 1 (larger or negative ones are GC references). */
const MAX_PLAIN_REF = 0x3fffffff;

/** Writes a value into words `w` (and following) of `s`. */
export function writeWords(s: Int32Array, w: number, v: WasmValue, ext: ExternTable): void {
  switch (v.type) {
    case 'i32':
      s[w] = v.value;
      s[w + 1] = 0;
      return;
    case 'i64':
      s[w] = Number(BigInt.asIntN(32, v.value));
      s[w + 1] = Number(BigInt.asIntN(32, v.value >> 32n));
      return;
    case 'f32':
      s[w] = v.bits | 0;
      s[w + 1] = 0;
      return;
    case 'f64':
      s[w] = Number(BigInt.asIntN(32, v.bits));
      s[w + 1] = Number(BigInt.asIntN(32, v.bits >> 32n));
      return;
    case 'v128':
      for (let i = 0; i < 4; i++) s[w + i] = Number(BigInt.asIntN(32, v.bits >> BigInt(32 * i)));
      return;
    default:
      s[w] = encodeRef(v, ext);
      s[w + 1] = 0;
  }
}

/** Reads a value of type `t` from words `w` (and following) of `s`. */
export function readWords(s: Int32Array, w: number, t: number, ext: ExternTable): WasmValue {
  switch (t) {
    case ValType.I32:
      return { type: 'i32', value: s[w]! };
    case ValType.I64:
      return { type: 'i64', value: (BigInt(s[w + 1]!) << 32n) | BigInt(s[w]! >>> 0) };
    case ValType.F32:
      return { type: 'f32', bits: s[w]! >>> 0 };
    case ValType.F64:
      return { type: 'f64', bits: (BigInt(s[w + 1]! >>> 0) << 32n) | BigInt(s[w]! >>> 0) };
    case ValType.V128: {
      let b = 0n;
      for (let i = 3; i >= 0; i--) b = (b << 32n) | BigInt(s[w + i]! >>> 0);
      return { type: 'v128', bits: b };
    }
    default:
      return decodeRef(t, s[w]!, ext);
  }
}

/** Whether a value has the given type code. */
export function hasType(v: WasmValue, t: number): boolean {
  if (valTypeCode(v.type) !== hostTypeCode(t)) return false;
  return !isRefType(t) || isNullable(t) || (v as { value: unknown }).value !== null;
}

/**
 * The type code the host sees for a value type: the type itself, or for a reference type the top of its hierarchy
 * (`funcref` for typed function references, `externref`, `exnref`; `externref` for the GC hierarchy, whose only
 * value before GC is null).
 */
export function hostTypeCode(t: number): number {
  if (!isRefType(t)) return t;
  const top = refTop(t);
  return top === HeapCode.Any ? ValType.ExternRef : top;
}
