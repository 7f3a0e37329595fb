/**
 * Helpers of the SIMD tests: v128 values from lanes and back, WAT modules run on a fresh store, and small
 * hand-made binary modules for validation cases the text format cannot even express.
 * @module
 */
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { Module, Store, v128, type WasmValue } from '../src/index.js';
import { buildModule, encodeU32 } from '../src/wasm-builder/index.js';

/** Lane shapes: element count per v128 and the typed array that reads them. */
type LaneArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array;
type LaneCtor = new (buffer: ArrayBuffer) => LaneArray;

/** 128 bits from the bytes of a 16-byte buffer (lane 0 in the low bits). */
function bitsOf(buffer: ArrayBuffer): bigint {
  const u = new Uint8Array(buffer);
  let b = 0n;
  for (let i = 15; i >= 0; i--) b = (b << 8n) | BigInt(u[i]!);
  return b;
}

function lanesOf<T extends LaneArray>(ctor: new (buffer: ArrayBuffer) => T, value: WasmValue): T {
  if (value.type !== 'v128') throw new TypeError(`expected a v128, got ${value.type}`);
  const buffer = new ArrayBuffer(16);
  const u = new Uint8Array(buffer);
  let b = value.bits;
  for (let i = 0; i < 16; i++) {
    u[i] = Number(b & 0xffn);
    b >>= 8n;
  }
  return new ctor(buffer);
}

function fromLanes(ctor: LaneCtor, lanes: readonly (number | bigint)[]): WasmValue {
  const buffer = new ArrayBuffer(16);
  const view = new ctor(buffer);
  lanes.forEach((x, i) => {
    (view as unknown as (number | bigint)[])[i] = x;
  });
  return v128(bitsOf(buffer));
}

/** A v128 of sixteen i8 lanes (signed or unsigned values). */
export const i8x16 = (...l: number[]): WasmValue =>
  fromLanes(
    Int8Array,
    l.map((x) => (x << 24) >> 24),
  );
/** A v128 of eight i16 lanes. */
export const i16x8 = (...l: number[]): WasmValue =>
  fromLanes(
    Int16Array,
    l.map((x) => (x << 16) >> 16),
  );
/** A v128 of four i32 lanes (bit patterns: values above 2^31 wrap). */
export const i32x4 = (...l: number[]): WasmValue =>
  fromLanes(
    Int32Array,
    l.map((x) => x | 0),
  );
/** A v128 of two i64 lanes. */
export const i64x2Of = (...l: bigint[]): WasmValue =>
  fromLanes(
    BigInt64Array,
    l.map((x) => BigInt.asIntN(64, x)),
  );
/** A v128 of four f32 lanes. */
export const f32x4 = (...l: number[]): WasmValue => fromLanes(Float32Array, l);
/** A v128 of two f64 lanes. */
export const f64x2 = (...l: number[]): WasmValue => fromLanes(Float64Array, l);

/** The signed i8 lanes of a v128 result. */
export const asI8 = (v: WasmValue): number[] => [...lanesOf(Int8Array, v)];
/** The unsigned i8 lanes. */
export const asU8 = (v: WasmValue): number[] => [...lanesOf(Uint8Array, v)];
/** The signed i16 lanes. */
export const asI16 = (v: WasmValue): number[] => [...lanesOf(Int16Array, v)];
/** The unsigned i16 lanes. */
export const asU16 = (v: WasmValue): number[] => [...lanesOf(Uint16Array, v)];
/** The signed i32 lanes. */
export const asI32 = (v: WasmValue): number[] => [...lanesOf(Int32Array, v)];
/** The i32 lanes as unsigned bit patterns (for float bits). */
export const asU32 = (v: WasmValue): number[] => [...lanesOf(Uint32Array, v)];
/** The signed i64 lanes. */
export const asI64 = (v: WasmValue): bigint[] => [...lanesOf(BigInt64Array, v)];
/** The f32 lanes as numbers. */
export const asF32 = (v: WasmValue): number[] => [...lanesOf(Float32Array, v)];
/** The f64 lanes as numbers. */
export const asF64 = (v: WasmValue): number[] => [...lanesOf(Float64Array, v)];

/** Exported functions of an instance, called with WasmValues; each returns its single result. */
export type Calls = Record<string, (...args: WasmValue[]) => WasmValue>;

/**
 * Assembles WAT text, instantiates it in a fresh store and returns its exported functions.
 * @param text - a module (imports are not supported)
 */
export async function instantiateWat(text: string): Promise<Calls> {
  const bytes = await parse(text);
  const store = new Store();
  const inst = store.instantiate(new Module(bytes), []);
  const calls: Calls = {};
  for (const { name, extern } of store.exportsOf(inst)) {
    if (extern.kind !== 'func') continue;
    calls[name] = (...args) => store.invoke(extern.addr, args)[0]!;
  }
  return calls;
}

/** Bytes of one SIMD instruction's opcode: `0xfd` and the LEB128 sub-opcode. */
export const simd = (sub: number): number[] => [0xfd, ...encodeU32(sub)];

/**
 * A binary module with one function of type `() → ()` whose body is `code` (without the final `end`), and
 * optionally one memory of one page.
 * @param code - instruction bytes
 * @param withMemory - add a memory
 */
export function moduleWithBody(code: readonly number[], withMemory = true): Uint8Array {
  return buildModule({
    funcs: [{ params: [], results: [], body: code }],
    memory: withMemory ? { min: 1, export: null } : undefined,
  });
}

/** `v128.const` of zero, as bytes. */
export const V128_ZERO: readonly number[] = [...simd(0x0c), ...new Array<number>(16).fill(0)];
