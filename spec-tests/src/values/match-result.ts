/**
 * Matching actual results against expected patterns, bit-exactly: floats compare by bit pattern (so `-0`
 * differs from `0` and a NaN matches only its exact payload unless the pattern is `nan:canonical` or
 * `nan:arithmetic`), integers compare modulo their width.
 * @module
 */
import type { NanKind, RefPatternType, ResultPattern } from './result-pattern.js';
import { LANE_SHAPES, laneBitsAt } from './v128.js';
import type { WasmValue } from './wasm-value.js';

const F32_SIGNLESS = 0x7fffffff;
const F32_CANONICAL = 0x7fc00000;
const F64_SIGNLESS = 0x7fffffffffffffffn;
const F64_CANONICAL = 0x7ff8000000000000n;

/**
 * Whether an `f32` bit pattern is a NaN of the given kind.
 * @param bits - the f32 bits (any sign interpretation)
 * @param nan - `canonical`: only the quiet bit set in the payload; `arithmetic`: the quiet bit set
 * @returns true on a match (either sign)
 */
export function isF32Nan(bits: number, nan: NanKind): boolean {
  return nan === 'canonical' ? (bits & F32_SIGNLESS) === F32_CANONICAL : (bits & F32_CANONICAL) === F32_CANONICAL;
}

/**
 * Whether an `f64` bit pattern is a NaN of the given kind.
 * @param bits - the f64 bits (any sign interpretation)
 * @param nan - `canonical` or `arithmetic`
 * @returns true on a match (either sign)
 */
export function isF64Nan(bits: bigint, nan: NanKind): boolean {
  const b = BigInt.asUintN(64, bits);
  return nan === 'canonical' ? (b & F64_SIGNLESS) === F64_CANONICAL : (b & F64_CANONICAL) === F64_CANONICAL;
}

/**
 * Whether two values are the same, bit for bit.
 * @param a - a value
 * @param b - another value
 * @returns true when types and bits (or references) are equal
 */
export function sameValue(a: WasmValue, b: WasmValue): boolean {
  switch (a.type) {
    case 'i32':
      return b.type === 'i32' && (a.value | 0) === (b.value | 0);
    case 'i64':
      return b.type === 'i64' && BigInt.asIntN(64, a.value) === BigInt.asIntN(64, b.value);
    case 'f32':
      return b.type === 'f32' && a.bits >>> 0 === b.bits >>> 0;
    case 'f64':
      return b.type === 'f64' && BigInt.asUintN(64, a.bits) === BigInt.asUintN(64, b.bits);
    case 'v128':
      return b.type === 'v128' && BigInt.asUintN(128, a.bits) === BigInt.asUintN(128, b.bits);
    case 'funcref':
      return b.type === 'funcref' && a.value === b.value;
    case 'externref':
      return b.type === 'externref' && Object.is(a.value, b.value);
    case 'exnref':
      return b.type === 'exnref' && a.value === b.value;
  }
}

/** The value type the engine gives a reference of the hierarchy: the `any` hierarchy's is `externref`. */
function hostType(t: RefPatternType): WasmValue['type'] {
  return t === 'anyref' ? 'externref' : t;
}

/**
 * Whether one result matches one expected pattern.
 * @param actual - the value the engine returned
 * @param pattern - the expectation
 * @returns true on a match
 */
export function matchResult(actual: WasmValue, pattern: ResultPattern): boolean {
  switch (pattern.kind) {
    case 'exact':
      return sameValue(actual, pattern.value);
    case 'nan':
      if (pattern.type === 'f32') return actual.type === 'f32' && isF32Nan(actual.bits, pattern.nan);
      return actual.type === 'f64' && isF64Nan(actual.bits, pattern.nan);
    case 'lanes': {
      if (actual.type !== 'v128') return false;
      const { laneBits } = LANE_SHAPES[pattern.shape];
      return pattern.lanes.every((lane, i) => {
        const bits = laneBitsAt(actual.bits, i, laneBits);
        if (typeof lane === 'bigint') return bits === BigInt.asUintN(laneBits, lane);
        return laneBits === 32 ? isF32Nan(Number(bits), lane) : isF64Nan(bits, lane);
      });
    }
    case 'null': {
      const isRef = actual.type === 'funcref' || actual.type === 'externref' || actual.type === 'exnref';
      return isRef && (pattern.type === 'any' || actual.type === hostType(pattern.type)) && actual.value === null;
    }
    case 'non-null':
      return actual.type === hostType(pattern.type) && 'value' in actual && actual.value !== null;
    case 'either':
      return pattern.options.some((p) => matchResult(actual, p));
    case 'gc': {
      if (actual.type !== 'externref' || actual.value === null || actual.value === undefined) return false;
      const v = actual.value as { gcKind?: unknown };
      const kind = typeof v === 'object' ? v.gcKind : undefined;
      if (pattern.ref === 'any') return true;
      if (pattern.ref === 'eq') return kind === 'struct' || kind === 'array' || kind === 'i31';
      return kind === pattern.ref;
    }
  }
}

/**
 * Whether a result list matches a pattern list (same length, each matching).
 * @param actual - the values returned
 * @param expected - the patterns
 * @returns true on a match
 */
export function matchResults(actual: readonly WasmValue[], expected: readonly ResultPattern[]): boolean {
  return actual.length === expected.length && expected.every((p, i) => matchResult(actual[i]!, p));
}
