/**
 * Constants in script actions — `(i32.const 1)`, `(f32.const nan:0x200000)`, `(v128.const i32x4 …)`,
 * `(ref.null func)`, `(ref.extern 1)` — turned into bit-exact values. `ref.extern N` becomes an `externref`
 * holding the number N, a host value that survives a structured clone.
 * @module
 */
import { isAtom, type SExpr } from '../sexpr/sexpr.js';
import { F32_FORMAT, F64_FORMAT, parseF32Bits, parseF64Bits, parseFloatBits } from './float-literal.js';
import { LiteralError, parseIntLiteral } from './int-literal.js';
import { isLaneShape, LANE_SHAPES, type LaneShape, packLanes } from './v128.js';
import type { WasmValue } from './wasm-value.js';

/**
 * Parses one argument constant.
 * @param node - the constant's s-expression
 * @returns the value it denotes
 * @throws LiteralError when the node is not a constant the runner knows
 * @example parseConst(readSExprs('(i64.const -1)')[0]) // { type: 'i64', value: -1n }
 */
export function parseConst(node: SExpr): WasmValue {
  if (node.kind !== 'list' || !isAtom(node.items[0])) throw new LiteralError('expected a constant');
  const op = node.items[0].text;
  const args = node.items.slice(1).map((a) => atomText(a));
  const one = (): string => {
    if (args.length !== 1) throw new LiteralError(`${op} takes one operand`);
    return args[0]!;
  };
  switch (op) {
    case 'i32.const':
      return { type: 'i32', value: Number(parseIntLiteral(one(), 32)) };
    case 'i64.const':
      return { type: 'i64', value: parseIntLiteral(one(), 64) };
    case 'f32.const':
      return { type: 'f32', bits: parseF32Bits(one()) };
    case 'f64.const':
      return { type: 'f64', bits: parseF64Bits(one()) };
    case 'v128.const':
      return { type: 'v128', bits: parseV128(args) };
    case 'ref.null':
      return { type: refTypeOf(one()), value: null } as WasmValue;
    case 'ref.extern':
    case 'ref.host':
      return { type: 'externref', value: Number(parseIntLiteral(one(), 32)) >>> 0 };
    default:
      throw new LiteralError(`unknown constant ${op}`);
  }
}

/**
 * Maps a heap type keyword of `ref.null` to the reference value type.
 * @param heapType - `func`, `extern`, `funcref`, `externref` or the bottom types `nofunc`, `noextern`
 * @returns the value type name
 * @throws LiteralError for any other heap type
 */
export function refTypeOf(heapType: string): 'funcref' | 'externref' | 'exnref' {
  if (heapType === 'func' || heapType === 'funcref' || heapType === 'nofunc') return 'funcref';
  if (heapType === 'extern' || heapType === 'externref' || heapType === 'noextern') return 'externref';
  if (heapType === 'exn' || heapType === 'exnref' || heapType === 'noexn') return 'exnref';
  // The GC hierarchy (any): the host sees it as externref (opaque GC references, or host values).
  if (
    [
      'any',
      'anyref',
      'eq',
      'eqref',
      'i31',
      'i31ref',
      'struct',
      'structref',
      'array',
      'arrayref',
      'none',
      'nullref',
    ].includes(heapType)
  ) {
    return 'externref';
  }
  throw new LiteralError(`unsupported reference type ${heapType}`);
}

/**
 * Parses the lanes of a `v128.const` (shape keyword first).
 * @param args - the operands as atoms' text
 * @returns the 128-bit value
 * @throws LiteralError on a bad shape, lane count or lane literal
 */
export function parseV128(args: readonly string[]): bigint {
  const shape = args[0];
  if (shape === undefined || !isLaneShape(shape)) throw new LiteralError('v128.const needs a lane shape');
  const { laneBits, lanes } = LANE_SHAPES[shape];
  const lits = args.slice(1);
  if (lits.length !== lanes) throw new LiteralError(`${shape} needs ${lanes} lanes`);
  return packLanes(
    lits.map((l) => parseLane(shape, l)),
    laneBits,
  );
}

/**
 * Parses one lane literal of a v128 shape.
 * @param shape - the lane shape
 * @param text - the lane literal
 * @returns the lane bits
 * @throws LiteralError on a bad literal
 */
export function parseLane(shape: LaneShape, text: string): bigint {
  if (shape === 'f32x4') return parseFloatBits(text, F32_FORMAT);
  if (shape === 'f64x2') return parseFloatBits(text, F64_FORMAT);
  return parseIntLiteral(text, LANE_SHAPES[shape].laneBits);
}

function atomText(node: SExpr): string {
  if (!isAtom(node)) throw new LiteralError('expected a literal');
  return node.text;
}
