/**
 * Validation and pre-decoding of the `0xfd`-prefixed (SIMD) instructions. Each instruction's shape (see
 * {@link SIMD_SHAPE}) decides its operand and result types and its immediates; the internal code is
 * `[Simd, sub, imm…]` with these immediates:
 *
 * - loads and stores: the static offset;
 * - lane loads and stores: the static offset, then the lane index;
 * - lane extraction and replacement: the lane index;
 * - `v128.const`: four little-endian words;
 * - `i8x16.shuffle`: sixteen lane indices, one per word.
 * @module
 */

import type { BinaryReader } from './binary-reader.js';
import { SIMD_ALIGN, SIMD_LANES, SIMD_SCALAR, SIMD_SHAPE, SimdShape, simdMnemonic } from './simd-opcodes.js';
import { RELAXED_FIRST, RELAXED_LAST, RELAXED_TARGET } from './simd-relaxed.js';
import { ValType } from './types.js';

/** What the function compiler lends the SIMD compiler for one instruction. */
export interface SimdCompileContext {
  readonly reader: BinaryReader;
  /** Whether the instruction is reachable (code is emitted only then). */
  readonly live: boolean;
  pop(expect: number): number;
  popAny(): number;
  push(t: number): void;
  fail(msg: string): never;
  /** Reads a memarg, checks the memory exists and the alignment; returns the offset('s low word). */
  readMemArg(naturalLog2: number): number;
  /** The address type (`i32`, or `i64` for memory64) of the memory of the last memarg read. */
  addressType(): number;
  /** Emits the internal `Simd` opcode followed by `sub`. */
  emitOp(sub: number): void;
  /** Emits one immediate word. */
  emit(v: number): void;
}

const V128 = ValType.V128;
const I32 = ValType.I32;

/**
 * Validates one SIMD instruction (its `0xfd` prefix and sub-opcode already read), reading its immediates,
 * and emits its internal code when it is reachable.
 * @param sub - the sub-opcode
 * @param ctx - the function compiler's operand stack, reader and code buffer
 * @throws CompileError for an unknown sub-opcode, a type mismatch, an alignment above the natural one, a
 *   missing memory or a lane index out of range (`invalid lane index`)
 */
export function compileSimd(sub: number, ctx: SimdCompileContext): void {
  if (sub >= RELAXED_FIRST && sub <= RELAXED_LAST) {
    // Relaxed SIMD: operands and result are v128; the fixed choice of simd-relaxed.ts is compiled.
    const [target, operands] = RELAXED_TARGET[sub - RELAXED_FIRST]!;
    for (let i = 0; i < operands; i++) ctx.pop(V128);
    ctx.push(V128);
    if (ctx.live) ctx.emitOp(target);
    return;
  }
  const shape = sub < 256 ? SIMD_SHAPE[sub]! : SimdShape.None;
  const r = ctx.reader;
  switch (shape) {
    case SimdShape.Load:
    case SimdShape.Store: {
      const offset = ctx.readMemArg(SIMD_ALIGN[sub]!);
      if (shape === SimdShape.Store) ctx.pop(V128);
      ctx.pop(ctx.addressType());
      if (shape === SimdShape.Load) ctx.push(V128);
      if (ctx.live) {
        ctx.emitOp(sub);
        ctx.emit(offset | 0);
      }
      return;
    }
    case SimdShape.LoadLane:
    case SimdShape.StoreLane: {
      const offset = ctx.readMemArg(SIMD_ALIGN[sub]!);
      const lane = readLane(ctx, sub);
      ctx.pop(V128);
      ctx.pop(ctx.addressType());
      if (shape === SimdShape.LoadLane) ctx.push(V128);
      if (ctx.live) {
        ctx.emitOp(sub);
        ctx.emit(offset | 0);
        ctx.emit(lane);
      }
      return;
    }
    case SimdShape.Const: {
      const w0 = readWord(r);
      const w1 = readWord(r);
      const w2 = readWord(r);
      const w3 = readWord(r);
      ctx.push(V128);
      if (ctx.live) {
        ctx.emitOp(sub);
        ctx.emit(w0);
        ctx.emit(w1);
        ctx.emit(w2);
        ctx.emit(w3);
      }
      return;
    }
    case SimdShape.Shuffle: {
      const start = r.pos;
      for (let i = 0; i < 16; i++) if (r.u8() >= 32) ctx.fail('invalid lane index');
      ctx.pop(V128);
      ctx.pop(V128);
      ctx.push(V128);
      if (ctx.live) {
        ctx.emitOp(sub);
        const bytes = r.buf;
        for (let i = 0; i < 16; i++) ctx.emit(bytes[start + i]!);
      }
      return;
    }
    case SimdShape.Unary:
    case SimdShape.Binary:
    case SimdShape.Ternary:
      ctx.pop(V128);
      if (shape !== SimdShape.Unary) ctx.pop(V128);
      if (shape === SimdShape.Ternary) ctx.pop(V128);
      ctx.push(V128);
      break;
    case SimdShape.Test:
      ctx.pop(V128);
      ctx.push(I32);
      break;
    case SimdShape.Shift:
      ctx.pop(I32);
      ctx.pop(V128);
      ctx.push(V128);
      break;
    case SimdShape.Splat:
      ctx.pop(SIMD_SCALAR[sub]!);
      ctx.push(V128);
      break;
    case SimdShape.Extract:
    case SimdShape.Replace: {
      const lane = readLane(ctx, sub);
      if (shape === SimdShape.Replace) ctx.pop(SIMD_SCALAR[sub]!);
      ctx.pop(V128);
      ctx.push(shape === SimdShape.Replace ? V128 : SIMD_SCALAR[sub]!);
      if (ctx.live) {
        ctx.emitOp(sub);
        ctx.emit(lane);
      }
      return;
    }
    default:
      ctx.fail(`illegal opcode ${simdMnemonic(sub)}`);
  }
  if (ctx.live) ctx.emitOp(sub);
}

/** Reads a lane index byte and checks it against the instruction's lane count. */
function readLane(ctx: SimdCompileContext, sub: number): number {
  const lane = ctx.reader.u8();
  if (lane >= SIMD_LANES[sub]!) ctx.fail('invalid lane index');
  return lane;
}

/** Reads four bytes as a little-endian int32. */
function readWord(r: BinaryReader): number {
  const b0 = r.u8();
  const b1 = r.u8();
  const b2 = r.u8();
  const b3 = r.u8();
  return b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
}
