/**
 * Text for values and patterns in failure messages, in the script's own notation with float bits shown:
 * `(f32.const 1.5 [0x3fc00000])`.
 * @module
 */
import type { LanePattern, ResultPattern } from './result-pattern.js';
import type { WasmValue } from './wasm-value.js';

const f32View = new Float32Array(1);
const u32View = new Uint32Array(f32View.buffer);
const f64View = new Float64Array(1);
const u64View = new BigUint64Array(f64View.buffer);

/**
 * The JS number an f32 bit pattern denotes (NaN payloads are not kept).
 * @param bits - f32 bits
 * @returns the number
 */
export function f32BitsToNumber(bits: number): number {
  u32View[0] = bits >>> 0;
  return f32View[0]!;
}

/**
 * The f32 bit pattern of a JS number, rounded to f32.
 * @param x - the number
 * @returns unsigned f32 bits
 */
export function numberToF32Bits(x: number): number {
  f32View[0] = x;
  return u32View[0]!;
}

/**
 * The JS number an f64 bit pattern denotes.
 * @param bits - f64 bits
 * @returns the number
 */
export function f64BitsToNumber(bits: bigint): number {
  u64View[0] = BigInt.asUintN(64, bits);
  return f64View[0]!;
}

/**
 * The f64 bit pattern of a JS number.
 * @param x - the number
 * @returns unsigned f64 bits
 */
export function numberToF64Bits(x: number): bigint {
  f64View[0] = x;
  return u64View[0]!;
}

function hex(bits: bigint | number, digits: number): string {
  return `0x${bits.toString(16).padStart(digits, '0')}`;
}

/**
 * Formats a value for a message.
 * @param v - the value
 * @returns e.g. `(i32.const -1)`, `(f64.const nan [0x7ff8000000000000])`, `(ref.null func)`
 */
export function formatValue(v: WasmValue): string {
  switch (v.type) {
    case 'i32':
      return `(i32.const ${v.value | 0})`;
    case 'i64':
      return `(i64.const ${BigInt.asIntN(64, v.value)})`;
    case 'f32':
      return `(f32.const ${f32BitsToNumber(v.bits)} [${hex(v.bits >>> 0, 8)}])`;
    case 'f64':
      return `(f64.const ${f64BitsToNumber(v.bits)} [${hex(BigInt.asUintN(64, v.bits), 16)}])`;
    case 'v128':
      return `(v128.const ${hex(BigInt.asUintN(128, v.bits), 32)})`;
    case 'funcref':
      return v.value === null ? '(ref.null func)' : `(ref.func ${v.value})`;
    case 'externref':
      if (v.value !== null && typeof v.value === 'object' && 'gcKind' in v.value)
        return `(ref.${String(v.value.gcKind)})`;
      return v.value === null ? '(ref.null extern)' : `(ref.extern ${String(v.value)})`;
    case 'exnref':
      return v.value === null ? '(ref.null exn)' : '(ref.exn)';
  }
}

function formatLane(lane: LanePattern): string {
  return typeof lane === 'bigint' ? hex(lane, 1) : `nan:${lane}`;
}

/**
 * Formats an expected result for a message.
 * @param p - the pattern
 * @returns its text
 */
export function formatPattern(p: ResultPattern): string {
  switch (p.kind) {
    case 'exact':
      return formatValue(p.value);
    case 'nan':
      return `(${p.type}.const nan:${p.nan})`;
    case 'lanes':
      return `(v128.const ${p.shape} ${p.lanes.map(formatLane).join(' ')})`;
    case 'null':
      return p.type === 'any' ? '(ref.null)' : `(ref.null ${p.type.slice(0, -3)})`;
    case 'non-null':
      return `(ref.${p.type.slice(0, -3)})`;
    case 'either':
      return `(either ${p.options.map(formatPattern).join(' ')})`;
    case 'gc':
      return `(ref.${p.ref})`;
  }
}
