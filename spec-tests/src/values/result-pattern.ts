/**
 * Expected results of `assert_return`: exact values (bit-exact floats, explicit NaN payloads included),
 * `nan:canonical` / `nan:arithmetic`, per-lane v128 patterns, null and non-null references, and `either`.
 * @module
 */
import { isAtom, type SExpr } from '../sexpr/sexpr.js';
import { parseConst, parseLane, refTypeOf } from './const-value.js';
import { LiteralError } from './int-literal.js';
import { isLaneShape, LANE_SHAPES, type LaneShape } from './v128.js';
import type { ValTypeName, WasmValue } from './wasm-value.js';

/** The reference hierarchy a reference pattern names. */
export type RefPatternType = 'funcref' | 'externref' | 'exnref' | 'anyref';

/** The heap types of the `any` hierarchy (GC) a result pattern may name. */
const ANY_HEAP_TYPES = new Set(['any', 'eq', 'i31', 'struct', 'array', 'none', 'anyref', 'eqref', 'i31ref', 'nullref']);

/** Non-null patterns without an operand: `(ref.func)`, `(ref.i31)`, … and the hierarchy each names. */
const NON_NULL_PATTERNS: Readonly<Record<string, RefPatternType>> = {
  'ref.func': 'funcref',
  'ref.extern': 'externref',
  'ref.host': 'externref',
  'ref.exn': 'exnref',
  'ref.any': 'anyref',
  'ref.eq': 'anyref',
  'ref.i31': 'anyref',
  'ref.struct': 'anyref',
  'ref.array': 'anyref',
};

/** The hierarchy of the heap type of a `ref.null` pattern. */
function nullPatternType(heapType: string | undefined): RefPatternType | 'any' {
  if (heapType === undefined) return 'any';
  return ANY_HEAP_TYPES.has(heapType) ? 'anyref' : refTypeOf(heapType);
}

/** Which NaNs a NaN pattern accepts. */
export type NanKind = 'canonical' | 'arithmetic';

/** One lane of a v128 pattern: exact bits or a NaN pattern. */
export type LanePattern = bigint | NanKind;

/** What an `assert_return` expects of one result. */
export type ResultPattern =
  | { readonly kind: 'exact'; readonly value: WasmValue }
  | { readonly kind: 'nan'; readonly type: 'f32' | 'f64'; readonly nan: NanKind }
  | { readonly kind: 'lanes'; readonly shape: LaneShape; readonly lanes: readonly LanePattern[] }
  /**
   * A null reference of the hierarchy, or of any reference type for `(ref.null)`. `anyref` is the `any`
   * hierarchy (`any eq i31 struct array none`), whose values the engine hands out as `externref` host values.
   */
  | { readonly kind: 'null'; readonly type: RefPatternType | 'any' }
  /** A non-null reference of the hierarchy (`(ref.func)`, `(ref.extern)`, `(ref.i31)`, …). */
  | { readonly kind: 'non-null'; readonly type: RefPatternType }
  | { readonly kind: 'either'; readonly options: readonly ResultPattern[] }
  /** A non-null GC reference (an opaque host object with a `gcKind`), or for `any` also a host value. */
  | { readonly kind: 'gc'; readonly ref: GcPatternKind };

/** What the GC result forms `(ref.struct)`, `(ref.array)`, `(ref.i31)`, `(ref.eq)`, `(ref.any)` accept. */
export type GcPatternKind = 'struct' | 'array' | 'i31' | 'eq' | 'any';

const GC_FORMS: Record<string, GcPatternKind> = {
  'ref.struct': 'struct',
  'ref.array': 'array',
  'ref.i31': 'i31',
  'ref.eq': 'eq',
  'ref.any': 'any',
};

/**
 * Parses one expected result.
 * @param node - the result's s-expression
 * @returns the pattern
 * @throws LiteralError when the node is not a result form the runner knows
 * @example parseResultPattern(readSExprs('(f32.const nan:canonical)')[0]) // { kind: 'nan', type: 'f32', … }
 */
export function parseResultPattern(node: SExpr): ResultPattern {
  if (node.kind !== 'list' || !isAtom(node.items[0])) throw new LiteralError('expected a result');
  const op = node.items[0].text;
  const arg = node.items[1];
  const argText = isAtom(arg) ? arg.text : undefined;
  if ((op === 'f32.const' || op === 'f64.const') && (argText === 'nan:canonical' || argText === 'nan:arithmetic')) {
    return { kind: 'nan', type: op === 'f32.const' ? 'f32' : 'f64', nan: argText.slice(4) as NanKind };
  }
  if (op === 'v128.const') return parseLanesPattern(node.items.slice(1));
  if (op === 'ref.null') return { kind: 'null', type: nullPatternType(argText) };
  const gc = GC_FORMS[op];
  if (gc !== undefined && arg === undefined) return { kind: 'gc', ref: gc };
  const nonNull = NON_NULL_PATTERNS[op];
  // `(ref.extern N)`/`(ref.host N)` are exact host values; with no operand, or another hierarchy, any non-null.
  if (nonNull !== undefined && (arg === undefined || (op !== 'ref.extern' && op !== 'ref.host'))) {
    return { kind: 'non-null', type: nonNull };
  }
  if (op === 'either') return { kind: 'either', options: node.items.slice(1).map(parseResultPattern) };
  return { kind: 'exact', value: parseConst(node) };
}

function parseLanesPattern(args: readonly SExpr[]): ResultPattern {
  const texts = args.map((a) => {
    if (!isAtom(a)) throw new LiteralError('expected a lane literal');
    return a.text;
  });
  const shape = texts[0];
  if (shape === undefined || !isLaneShape(shape)) throw new LiteralError('v128.const needs a lane shape');
  const lits = texts.slice(1);
  if (lits.length !== LANE_SHAPES[shape].lanes)
    throw new LiteralError(`${shape} needs ${LANE_SHAPES[shape].lanes} lanes`);
  const lanes = lits.map((l): LanePattern => {
    if (l === 'nan:canonical' || l === 'nan:arithmetic') return l.slice(4) as NanKind;
    return parseLane(shape, l);
  });
  return { kind: 'lanes', shape, lanes };
}

/**
 * The value type a result matching `pattern` has (for `either`, that of its first option).
 * @param pattern - an expected result
 * @returns the type name
 */
export function patternType(pattern: ResultPattern): ValTypeName {
  switch (pattern.kind) {
    case 'exact':
      return pattern.value.type;
    case 'nan':
      return pattern.type;
    case 'lanes':
      return 'v128';
    case 'null':
    case 'non-null':
      return pattern.type === 'any' || pattern.type === 'anyref' ? 'externref' : pattern.type;
    case 'gc':
      return 'externref';
    case 'either':
      return pattern.options[0] === undefined ? 'i32' : patternType(pattern.options[0]);
  }
}
