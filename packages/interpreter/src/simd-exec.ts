/**
 * Execution of SIMD instructions: called by the dispatch loop for the internal `Simd` opcode with the
 * registers in the execution (`ex.pc` at the sub-opcode word, `ex.sp` the stack height). One `switch` over
 * the sub-opcode picks the lane function; the operands' positions follow from the stack height, and the
 * height afterwards from the instruction's shape ({@link SIMD_SLOT_DELTA}).
 *
 * Stack positions used below, as word indices: `w1`, `w2`, `w3`, `w4` are the words of the slots 1, 2, 3, 4
 * below the top. A v128 on top starts at `w2`, the one beneath it at `w4`; a scalar on top is at `w1`.
 * @module
 */
import type { Execution } from './execution.js';
import type { MemInst } from './runtime.js';
import { SIMD_SLOT_DELTA, SimdOp } from './simd-opcodes.js';
import { bindStack, stack } from './simd-views.js';
import {
  i16x8Abs, i16x8Add, i16x8AddSatS, i16x8AddSatU, i16x8AvgrU, i16x8MaxS, i16x8MaxU, i16x8MinS, i16x8MinU, i16x8Mul,
  i16x8Neg, i16x8Q15mulrSatS, i16x8Shl, i16x8ShrS, i16x8ShrU, i16x8Sub, i16x8SubSatS, i16x8SubSatU, i32x4Abs,
  i32x4Add, i32x4DotI16x8S, i32x4MaxS, i32x4MaxU, i32x4MinS, i32x4MinU, i32x4Mul, i32x4Neg, i32x4Shl, i32x4ShrS,
  i32x4ShrU, i32x4Sub, i64x2Abs, i64x2Add, i64x2Mul, i64x2Neg, i64x2Shl, i64x2ShrS, i64x2ShrU, i64x2Sub, i8x16Abs,
  i8x16Add, i8x16AddSatS, i8x16AddSatU, i8x16AvgrU, i8x16MaxS, i8x16MaxU, i8x16MinS, i8x16MinU, i8x16Neg, i8x16Popcnt,
  i8x16Shl, i8x16ShrS, i8x16ShrU, i8x16Sub, i8x16SubSatS, i8x16SubSatU,
} from './simd-int.js';
import {
  f32x4Eq, f32x4Ge, f32x4Gt, f32x4Le, f32x4Lt, f32x4Ne, f64x2Eq, f64x2Ge, f64x2Gt, f64x2Le, f64x2Lt, f64x2Ne, i16x8Eq,
  i16x8GeS, i16x8GeU, i16x8GtS, i16x8GtU, i16x8LeS, i16x8LeU, i16x8LtS, i16x8LtU, i16x8Ne, i32x4Eq, i32x4GeS,
  i32x4GeU, i32x4GtS, i32x4GtU, i32x4LeS, i32x4LeU, i32x4LtS, i32x4LtU, i32x4Ne, i64x2Eq, i64x2GeS, i64x2GtS,
  i64x2LeS, i64x2LtS, i64x2Ne, i8x16Eq, i8x16GeS, i8x16GeU, i8x16GtS, i8x16GtU, i8x16LeS, i8x16LeU, i8x16LtS,
  i8x16LtU, i8x16Ne,
} from './simd-compare.js';
import {
  i16x8ExtaddPairwiseI8x16S, i16x8ExtaddPairwiseI8x16U, i16x8ExtendI8x16S, i16x8ExtendI8x16U, i16x8ExtmulI8x16S,
  i16x8ExtmulI8x16U, i16x8NarrowI32x4S, i16x8NarrowI32x4U, i32x4ExtaddPairwiseI16x8S, i32x4ExtaddPairwiseI16x8U,
  i32x4ExtendI16x8S, i32x4ExtendI16x8U, i32x4ExtmulI16x8S, i32x4ExtmulI16x8U, i64x2ExtendI32x4S, i64x2ExtendI32x4U,
  i64x2ExtmulI32x4S, i64x2ExtmulI32x4U, i8x16NarrowI16x8S, i8x16NarrowI16x8U,
} from './simd-widen.js';
import {
  f32x4Abs, f32x4Add, f32x4Ceil, f32x4ConvertI32x4S, f32x4ConvertI32x4U, f32x4DemoteF64x2Zero, f32x4Div, f32x4Floor,
  f32x4Max, f32x4Min, f32x4Mul, f32x4Nearest, f32x4Neg, f32x4Pmax, f32x4Pmin, f32x4Sqrt, f32x4Sub, f32x4Trunc,
  f64x2Abs, f64x2Add, f64x2Ceil, f64x2ConvertLowI32x4S, f64x2ConvertLowI32x4U, f64x2Div, f64x2Floor, f64x2Max,
  f64x2Min, f64x2Mul, f64x2Nearest, f64x2Neg, f64x2Pmax, f64x2Pmin, f64x2PromoteLowF32x4, f64x2Sqrt, f64x2Sub,
  f64x2Trunc, i32x4TruncSatF32x4S, i32x4TruncSatF32x4U, i32x4TruncSatF64x2SZero, i32x4TruncSatF64x2UZero,
} from './simd-float.js';
import {
  extractLane32, extractLane64, i16x8AllTrue, i16x8Bitmask, i16x8ExtractLane, i16x8ReplaceLane, i32x4AllTrue,
  i32x4Bitmask, i64x2AllTrue, i64x2Bitmask, i8x16AllTrue, i8x16Bitmask, i8x16ExtractLane, i8x16ReplaceLane,
  i8x16Shuffle, i8x16Swizzle, replaceLane32, replaceLane64, splat64, splatWord, v128And, v128Andnot, v128AnyTrue,
  v128Bitselect, v128Not, v128Or, v128Xor,
} from './simd-lanes.js';
import {
  v128Load, v128Load16x4, v128Load32x2, v128Load64Splat, v128Load8x8, v128LoadLane, v128LoadSplat, v128LoadZero,
  v128Store, v128StoreLane,
} from './simd-memory.js';

/**
 * Executes the SIMD instruction at `ex.pc` (the word after the internal `Simd` opcode: its sub-opcode, then
 * its immediates), updating `ex.sp` and `ex.pc`.
 * @param ex - the execution, with its registers written back
 * @param code - the running function's internal code
 * @param mem - the instance's memory (the validator admits memory instructions only when there is one)
 * @throws RuntimeError `MemoryOutOfBounds` from a load or store
 */
export function executeSimd(ex: Execution, code: Int32Array, mem: MemInst | null): void {
  bindStack(ex.s32);
  const s = stack.i32;
  const sp = ex.sp;
  let pc = ex.pc;
  const sub = code[pc++]!;
  const w1 = (sp - 1) << 1;
  const w2 = (sp - 2) << 1;
  const w3 = (sp - 3) << 1;
  const w4 = (sp - 4) << 1;
  switch (sub) {
      case SimdOp.V128Load:
        v128Load(mem!, w1, code[pc++]!);
        break;
      case SimdOp.V128Load8x8S:
        v128Load8x8(mem!, w1, code[pc++]!, true);
        break;
      case SimdOp.V128Load8x8U:
        v128Load8x8(mem!, w1, code[pc++]!, false);
        break;
      case SimdOp.V128Load16x4S:
        v128Load16x4(mem!, w1, code[pc++]!, true);
        break;
      case SimdOp.V128Load16x4U:
        v128Load16x4(mem!, w1, code[pc++]!, false);
        break;
      case SimdOp.V128Load32x2S:
        v128Load32x2(mem!, w1, code[pc++]!, true);
        break;
      case SimdOp.V128Load32x2U:
        v128Load32x2(mem!, w1, code[pc++]!, false);
        break;
      case SimdOp.V128Load8Splat:
        v128LoadSplat(mem!, w1, code[pc++]!, 0);
        break;
      case SimdOp.V128Load16Splat:
        v128LoadSplat(mem!, w1, code[pc++]!, 1);
        break;
      case SimdOp.V128Load32Splat:
        v128LoadSplat(mem!, w1, code[pc++]!, 2);
        break;
      case SimdOp.V128Load64Splat:
        v128Load64Splat(mem!, w1, code[pc++]!);
        break;
      case SimdOp.V128Load32Zero:
        v128LoadZero(mem!, w1, code[pc++]!, 1);
        break;
      case SimdOp.V128Load64Zero:
        v128LoadZero(mem!, w1, code[pc++]!, 2);
        break;
      case SimdOp.V128Store:
        v128Store(mem!, w3, code[pc++]!);
        break;
      case SimdOp.V128Load8Lane:
        v128LoadLane(mem!, w3, code[pc]!, 0, code[pc + 1]!);
        pc += 2;
        break;
      case SimdOp.V128Store8Lane:
        v128StoreLane(mem!, w3, code[pc]!, 0, code[pc + 1]!);
        pc += 2;
        break;
      case SimdOp.V128Load16Lane:
        v128LoadLane(mem!, w3, code[pc]!, 1, code[pc + 1]!);
        pc += 2;
        break;
      case SimdOp.V128Store16Lane:
        v128StoreLane(mem!, w3, code[pc]!, 1, code[pc + 1]!);
        pc += 2;
        break;
      case SimdOp.V128Load32Lane:
        v128LoadLane(mem!, w3, code[pc]!, 2, code[pc + 1]!);
        pc += 2;
        break;
      case SimdOp.V128Store32Lane:
        v128StoreLane(mem!, w3, code[pc]!, 2, code[pc + 1]!);
        pc += 2;
        break;
      case SimdOp.V128Load64Lane:
        v128LoadLane(mem!, w3, code[pc]!, 3, code[pc + 1]!);
        pc += 2;
        break;
      case SimdOp.V128Store64Lane:
        v128StoreLane(mem!, w3, code[pc]!, 3, code[pc + 1]!);
        pc += 2;
        break;
      case SimdOp.V128Const:
        v128Const(sp << 1, code, pc);
        pc += 4;
        break;
      case SimdOp.I8x16Shuffle:
        i8x16Shuffle(w4, w2, code, pc);
        pc += 16;
        break;
      case SimdOp.I8x16Swizzle:
        i8x16Swizzle(w4, w2);
        break;
      case SimdOp.I8x16Splat:
        splatWord(w1, Math.imul(s[w1]! & 0xff, 0x01010101));
        break;
      case SimdOp.I16x8Splat:
        splatWord(w1, (s[w1]! & 0xffff) * 0x10001);
        break;
      case SimdOp.I32x4Splat:
        splatWord(w1, s[w1]!);
        break;
      case SimdOp.F32x4Splat:
        splatWord(w1, s[w1]!);
        break;
      case SimdOp.I64x2Splat:
        splat64(w1);
        break;
      case SimdOp.F64x2Splat:
        splat64(w1);
        break;
      case SimdOp.I8x16ExtractLaneS:
        i8x16ExtractLane(w2, code[pc++]!, true);
        break;
      case SimdOp.I8x16ExtractLaneU:
        i8x16ExtractLane(w2, code[pc++]!, false);
        break;
      case SimdOp.I16x8ExtractLaneS:
        i16x8ExtractLane(w2, code[pc++]!, true);
        break;
      case SimdOp.I16x8ExtractLaneU:
        i16x8ExtractLane(w2, code[pc++]!, false);
        break;
      case SimdOp.I32x4ExtractLane:
        extractLane32(w2, code[pc++]!);
        break;
      case SimdOp.F32x4ExtractLane:
        extractLane32(w2, code[pc++]!);
        break;
      case SimdOp.I64x2ExtractLane:
        extractLane64(w2, code[pc++]!);
        break;
      case SimdOp.F64x2ExtractLane:
        extractLane64(w2, code[pc++]!);
        break;
      case SimdOp.I8x16ReplaceLane:
        i8x16ReplaceLane(w3, code[pc++]!, w1);
        break;
      case SimdOp.I16x8ReplaceLane:
        i16x8ReplaceLane(w3, code[pc++]!, w1);
        break;
      case SimdOp.I32x4ReplaceLane:
        replaceLane32(w3, code[pc++]!, w1);
        break;
      case SimdOp.F32x4ReplaceLane:
        replaceLane32(w3, code[pc++]!, w1);
        break;
      case SimdOp.I64x2ReplaceLane:
        replaceLane64(w3, code[pc++]!, w1);
        break;
      case SimdOp.F64x2ReplaceLane:
        replaceLane64(w3, code[pc++]!, w1);
        break;
      case SimdOp.I8x16Eq:
        i8x16Eq(w4, w2);
        break;
      case SimdOp.I8x16Ne:
        i8x16Ne(w4, w2);
        break;
      case SimdOp.I8x16LtS:
        i8x16LtS(w4, w2);
        break;
      case SimdOp.I8x16LtU:
        i8x16LtU(w4, w2);
        break;
      case SimdOp.I8x16GtS:
        i8x16GtS(w4, w2);
        break;
      case SimdOp.I8x16GtU:
        i8x16GtU(w4, w2);
        break;
      case SimdOp.I8x16LeS:
        i8x16LeS(w4, w2);
        break;
      case SimdOp.I8x16LeU:
        i8x16LeU(w4, w2);
        break;
      case SimdOp.I8x16GeS:
        i8x16GeS(w4, w2);
        break;
      case SimdOp.I8x16GeU:
        i8x16GeU(w4, w2);
        break;
      case SimdOp.I16x8Eq:
        i16x8Eq(w4, w2);
        break;
      case SimdOp.I16x8Ne:
        i16x8Ne(w4, w2);
        break;
      case SimdOp.I16x8LtS:
        i16x8LtS(w4, w2);
        break;
      case SimdOp.I16x8LtU:
        i16x8LtU(w4, w2);
        break;
      case SimdOp.I16x8GtS:
        i16x8GtS(w4, w2);
        break;
      case SimdOp.I16x8GtU:
        i16x8GtU(w4, w2);
        break;
      case SimdOp.I16x8LeS:
        i16x8LeS(w4, w2);
        break;
      case SimdOp.I16x8LeU:
        i16x8LeU(w4, w2);
        break;
      case SimdOp.I16x8GeS:
        i16x8GeS(w4, w2);
        break;
      case SimdOp.I16x8GeU:
        i16x8GeU(w4, w2);
        break;
      case SimdOp.I32x4Eq:
        i32x4Eq(w4, w2);
        break;
      case SimdOp.I32x4Ne:
        i32x4Ne(w4, w2);
        break;
      case SimdOp.I32x4LtS:
        i32x4LtS(w4, w2);
        break;
      case SimdOp.I32x4LtU:
        i32x4LtU(w4, w2);
        break;
      case SimdOp.I32x4GtS:
        i32x4GtS(w4, w2);
        break;
      case SimdOp.I32x4GtU:
        i32x4GtU(w4, w2);
        break;
      case SimdOp.I32x4LeS:
        i32x4LeS(w4, w2);
        break;
      case SimdOp.I32x4LeU:
        i32x4LeU(w4, w2);
        break;
      case SimdOp.I32x4GeS:
        i32x4GeS(w4, w2);
        break;
      case SimdOp.I32x4GeU:
        i32x4GeU(w4, w2);
        break;
      case SimdOp.I64x2Eq:
        i64x2Eq(w4, w2);
        break;
      case SimdOp.I64x2Ne:
        i64x2Ne(w4, w2);
        break;
      case SimdOp.I64x2LtS:
        i64x2LtS(w4, w2);
        break;
      case SimdOp.I64x2GtS:
        i64x2GtS(w4, w2);
        break;
      case SimdOp.I64x2LeS:
        i64x2LeS(w4, w2);
        break;
      case SimdOp.I64x2GeS:
        i64x2GeS(w4, w2);
        break;
      case SimdOp.F32x4Eq:
        f32x4Eq(w4, w2);
        break;
      case SimdOp.F32x4Ne:
        f32x4Ne(w4, w2);
        break;
      case SimdOp.F32x4Lt:
        f32x4Lt(w4, w2);
        break;
      case SimdOp.F32x4Gt:
        f32x4Gt(w4, w2);
        break;
      case SimdOp.F32x4Le:
        f32x4Le(w4, w2);
        break;
      case SimdOp.F32x4Ge:
        f32x4Ge(w4, w2);
        break;
      case SimdOp.F64x2Eq:
        f64x2Eq(w4, w2);
        break;
      case SimdOp.F64x2Ne:
        f64x2Ne(w4, w2);
        break;
      case SimdOp.F64x2Lt:
        f64x2Lt(w4, w2);
        break;
      case SimdOp.F64x2Gt:
        f64x2Gt(w4, w2);
        break;
      case SimdOp.F64x2Le:
        f64x2Le(w4, w2);
        break;
      case SimdOp.F64x2Ge:
        f64x2Ge(w4, w2);
        break;
      case SimdOp.V128And:
        v128And(w4, w2);
        break;
      case SimdOp.V128Andnot:
        v128Andnot(w4, w2);
        break;
      case SimdOp.V128Or:
        v128Or(w4, w2);
        break;
      case SimdOp.V128Xor:
        v128Xor(w4, w2);
        break;
      case SimdOp.I8x16NarrowI16x8S:
        i8x16NarrowI16x8S(w4, w2);
        break;
      case SimdOp.I8x16NarrowI16x8U:
        i8x16NarrowI16x8U(w4, w2);
        break;
      case SimdOp.I8x16Add:
        i8x16Add(w4, w2);
        break;
      case SimdOp.I8x16AddSatS:
        i8x16AddSatS(w4, w2);
        break;
      case SimdOp.I8x16AddSatU:
        i8x16AddSatU(w4, w2);
        break;
      case SimdOp.I8x16Sub:
        i8x16Sub(w4, w2);
        break;
      case SimdOp.I8x16SubSatS:
        i8x16SubSatS(w4, w2);
        break;
      case SimdOp.I8x16SubSatU:
        i8x16SubSatU(w4, w2);
        break;
      case SimdOp.I8x16MinS:
        i8x16MinS(w4, w2);
        break;
      case SimdOp.I8x16MinU:
        i8x16MinU(w4, w2);
        break;
      case SimdOp.I8x16MaxS:
        i8x16MaxS(w4, w2);
        break;
      case SimdOp.I8x16MaxU:
        i8x16MaxU(w4, w2);
        break;
      case SimdOp.I8x16AvgrU:
        i8x16AvgrU(w4, w2);
        break;
      case SimdOp.I16x8Q15mulrSatS:
        i16x8Q15mulrSatS(w4, w2);
        break;
      case SimdOp.I16x8NarrowI32x4S:
        i16x8NarrowI32x4S(w4, w2);
        break;
      case SimdOp.I16x8NarrowI32x4U:
        i16x8NarrowI32x4U(w4, w2);
        break;
      case SimdOp.I16x8Add:
        i16x8Add(w4, w2);
        break;
      case SimdOp.I16x8AddSatS:
        i16x8AddSatS(w4, w2);
        break;
      case SimdOp.I16x8AddSatU:
        i16x8AddSatU(w4, w2);
        break;
      case SimdOp.I16x8Sub:
        i16x8Sub(w4, w2);
        break;
      case SimdOp.I16x8SubSatS:
        i16x8SubSatS(w4, w2);
        break;
      case SimdOp.I16x8SubSatU:
        i16x8SubSatU(w4, w2);
        break;
      case SimdOp.I16x8Mul:
        i16x8Mul(w4, w2);
        break;
      case SimdOp.I16x8MinS:
        i16x8MinS(w4, w2);
        break;
      case SimdOp.I16x8MinU:
        i16x8MinU(w4, w2);
        break;
      case SimdOp.I16x8MaxS:
        i16x8MaxS(w4, w2);
        break;
      case SimdOp.I16x8MaxU:
        i16x8MaxU(w4, w2);
        break;
      case SimdOp.I16x8AvgrU:
        i16x8AvgrU(w4, w2);
        break;
      case SimdOp.I32x4Add:
        i32x4Add(w4, w2);
        break;
      case SimdOp.I32x4Sub:
        i32x4Sub(w4, w2);
        break;
      case SimdOp.I32x4Mul:
        i32x4Mul(w4, w2);
        break;
      case SimdOp.I32x4MinS:
        i32x4MinS(w4, w2);
        break;
      case SimdOp.I32x4MinU:
        i32x4MinU(w4, w2);
        break;
      case SimdOp.I32x4MaxS:
        i32x4MaxS(w4, w2);
        break;
      case SimdOp.I32x4MaxU:
        i32x4MaxU(w4, w2);
        break;
      case SimdOp.I32x4DotI16x8S:
        i32x4DotI16x8S(w4, w2);
        break;
      case SimdOp.I64x2Add:
        i64x2Add(w4, w2);
        break;
      case SimdOp.I64x2Sub:
        i64x2Sub(w4, w2);
        break;
      case SimdOp.I64x2Mul:
        i64x2Mul(w4, w2);
        break;
      case SimdOp.F32x4Add:
        f32x4Add(w4, w2);
        break;
      case SimdOp.F32x4Sub:
        f32x4Sub(w4, w2);
        break;
      case SimdOp.F32x4Mul:
        f32x4Mul(w4, w2);
        break;
      case SimdOp.F32x4Div:
        f32x4Div(w4, w2);
        break;
      case SimdOp.F32x4Min:
        f32x4Min(w4, w2);
        break;
      case SimdOp.F32x4Max:
        f32x4Max(w4, w2);
        break;
      case SimdOp.F32x4Pmin:
        f32x4Pmin(w4, w2);
        break;
      case SimdOp.F32x4Pmax:
        f32x4Pmax(w4, w2);
        break;
      case SimdOp.F64x2Add:
        f64x2Add(w4, w2);
        break;
      case SimdOp.F64x2Sub:
        f64x2Sub(w4, w2);
        break;
      case SimdOp.F64x2Mul:
        f64x2Mul(w4, w2);
        break;
      case SimdOp.F64x2Div:
        f64x2Div(w4, w2);
        break;
      case SimdOp.F64x2Min:
        f64x2Min(w4, w2);
        break;
      case SimdOp.F64x2Max:
        f64x2Max(w4, w2);
        break;
      case SimdOp.F64x2Pmin:
        f64x2Pmin(w4, w2);
        break;
      case SimdOp.F64x2Pmax:
        f64x2Pmax(w4, w2);
        break;
      case SimdOp.I16x8ExtmulLowI8x16S:
        i16x8ExtmulI8x16S(w4, w2, 0);
        break;
      case SimdOp.I16x8ExtmulHighI8x16S:
        i16x8ExtmulI8x16S(w4, w2, 8);
        break;
      case SimdOp.I16x8ExtmulLowI8x16U:
        i16x8ExtmulI8x16U(w4, w2, 0);
        break;
      case SimdOp.I16x8ExtmulHighI8x16U:
        i16x8ExtmulI8x16U(w4, w2, 8);
        break;
      case SimdOp.I32x4ExtmulLowI16x8S:
        i32x4ExtmulI16x8S(w4, w2, 0);
        break;
      case SimdOp.I32x4ExtmulHighI16x8S:
        i32x4ExtmulI16x8S(w4, w2, 4);
        break;
      case SimdOp.I32x4ExtmulLowI16x8U:
        i32x4ExtmulI16x8U(w4, w2, 0);
        break;
      case SimdOp.I32x4ExtmulHighI16x8U:
        i32x4ExtmulI16x8U(w4, w2, 4);
        break;
      case SimdOp.I64x2ExtmulLowI32x4S:
        i64x2ExtmulI32x4S(w4, w2, 0);
        break;
      case SimdOp.I64x2ExtmulHighI32x4S:
        i64x2ExtmulI32x4S(w4, w2, 2);
        break;
      case SimdOp.I64x2ExtmulLowI32x4U:
        i64x2ExtmulI32x4U(w4, w2, 0);
        break;
      case SimdOp.I64x2ExtmulHighI32x4U:
        i64x2ExtmulI32x4U(w4, w2, 2);
        break;
      case SimdOp.I16x8ExtendLowI8x16S:
        i16x8ExtendI8x16S(w2, 0);
        break;
      case SimdOp.I16x8ExtendHighI8x16S:
        i16x8ExtendI8x16S(w2, 8);
        break;
      case SimdOp.I16x8ExtendLowI8x16U:
        i16x8ExtendI8x16U(w2, 0);
        break;
      case SimdOp.I16x8ExtendHighI8x16U:
        i16x8ExtendI8x16U(w2, 8);
        break;
      case SimdOp.I32x4ExtendLowI16x8S:
        i32x4ExtendI16x8S(w2, 0);
        break;
      case SimdOp.I32x4ExtendHighI16x8S:
        i32x4ExtendI16x8S(w2, 4);
        break;
      case SimdOp.I32x4ExtendLowI16x8U:
        i32x4ExtendI16x8U(w2, 0);
        break;
      case SimdOp.I32x4ExtendHighI16x8U:
        i32x4ExtendI16x8U(w2, 4);
        break;
      case SimdOp.I64x2ExtendLowI32x4S:
        i64x2ExtendI32x4S(w2, 0);
        break;
      case SimdOp.I64x2ExtendHighI32x4S:
        i64x2ExtendI32x4S(w2, 2);
        break;
      case SimdOp.I64x2ExtendLowI32x4U:
        i64x2ExtendI32x4U(w2, 0);
        break;
      case SimdOp.I64x2ExtendHighI32x4U:
        i64x2ExtendI32x4U(w2, 2);
        break;
      case SimdOp.V128Not:
        v128Not(w2);
        break;
      case SimdOp.F32x4DemoteF64x2Zero:
        f32x4DemoteF64x2Zero(w2);
        break;
      case SimdOp.F64x2PromoteLowF32x4:
        f64x2PromoteLowF32x4(w2);
        break;
      case SimdOp.I8x16Abs:
        i8x16Abs(w2);
        break;
      case SimdOp.I8x16Neg:
        i8x16Neg(w2);
        break;
      case SimdOp.I8x16Popcnt:
        i8x16Popcnt(w2);
        break;
      case SimdOp.F32x4Ceil:
        f32x4Ceil(w2);
        break;
      case SimdOp.F32x4Floor:
        f32x4Floor(w2);
        break;
      case SimdOp.F32x4Trunc:
        f32x4Trunc(w2);
        break;
      case SimdOp.F32x4Nearest:
        f32x4Nearest(w2);
        break;
      case SimdOp.F64x2Ceil:
        f64x2Ceil(w2);
        break;
      case SimdOp.F64x2Floor:
        f64x2Floor(w2);
        break;
      case SimdOp.F64x2Trunc:
        f64x2Trunc(w2);
        break;
      case SimdOp.F64x2Nearest:
        f64x2Nearest(w2);
        break;
      case SimdOp.I16x8ExtaddPairwiseI8x16S:
        i16x8ExtaddPairwiseI8x16S(w2);
        break;
      case SimdOp.I16x8ExtaddPairwiseI8x16U:
        i16x8ExtaddPairwiseI8x16U(w2);
        break;
      case SimdOp.I32x4ExtaddPairwiseI16x8S:
        i32x4ExtaddPairwiseI16x8S(w2);
        break;
      case SimdOp.I32x4ExtaddPairwiseI16x8U:
        i32x4ExtaddPairwiseI16x8U(w2);
        break;
      case SimdOp.I16x8Abs:
        i16x8Abs(w2);
        break;
      case SimdOp.I16x8Neg:
        i16x8Neg(w2);
        break;
      case SimdOp.I32x4Abs:
        i32x4Abs(w2);
        break;
      case SimdOp.I32x4Neg:
        i32x4Neg(w2);
        break;
      case SimdOp.I64x2Abs:
        i64x2Abs(w2);
        break;
      case SimdOp.I64x2Neg:
        i64x2Neg(w2);
        break;
      case SimdOp.F32x4Abs:
        f32x4Abs(w2);
        break;
      case SimdOp.F32x4Neg:
        f32x4Neg(w2);
        break;
      case SimdOp.F32x4Sqrt:
        f32x4Sqrt(w2);
        break;
      case SimdOp.F64x2Abs:
        f64x2Abs(w2);
        break;
      case SimdOp.F64x2Neg:
        f64x2Neg(w2);
        break;
      case SimdOp.F64x2Sqrt:
        f64x2Sqrt(w2);
        break;
      case SimdOp.I32x4TruncSatF32x4S:
        i32x4TruncSatF32x4S(w2);
        break;
      case SimdOp.I32x4TruncSatF32x4U:
        i32x4TruncSatF32x4U(w2);
        break;
      case SimdOp.F32x4ConvertI32x4S:
        f32x4ConvertI32x4S(w2);
        break;
      case SimdOp.F32x4ConvertI32x4U:
        f32x4ConvertI32x4U(w2);
        break;
      case SimdOp.I32x4TruncSatF64x2SZero:
        i32x4TruncSatF64x2SZero(w2);
        break;
      case SimdOp.I32x4TruncSatF64x2UZero:
        i32x4TruncSatF64x2UZero(w2);
        break;
      case SimdOp.F64x2ConvertLowI32x4S:
        f64x2ConvertLowI32x4S(w2);
        break;
      case SimdOp.F64x2ConvertLowI32x4U:
        f64x2ConvertLowI32x4U(w2);
        break;
      case SimdOp.V128Bitselect:
        v128Bitselect((sp - 6) << 1);
        break;
      case SimdOp.V128AnyTrue:
        s[w2] = v128AnyTrue(w2);
        s[w2 + 1] = 0;
        break;
      case SimdOp.I8x16AllTrue:
        s[w2] = i8x16AllTrue(w2);
        s[w2 + 1] = 0;
        break;
      case SimdOp.I8x16Bitmask:
        s[w2] = i8x16Bitmask(w2);
        s[w2 + 1] = 0;
        break;
      case SimdOp.I16x8AllTrue:
        s[w2] = i16x8AllTrue(w2);
        s[w2 + 1] = 0;
        break;
      case SimdOp.I16x8Bitmask:
        s[w2] = i16x8Bitmask(w2);
        s[w2 + 1] = 0;
        break;
      case SimdOp.I32x4AllTrue:
        s[w2] = i32x4AllTrue(w2);
        s[w2 + 1] = 0;
        break;
      case SimdOp.I32x4Bitmask:
        s[w2] = i32x4Bitmask(w2);
        s[w2 + 1] = 0;
        break;
      case SimdOp.I64x2AllTrue:
        s[w2] = i64x2AllTrue(w2);
        s[w2 + 1] = 0;
        break;
      case SimdOp.I64x2Bitmask:
        s[w2] = i64x2Bitmask(w2);
        s[w2 + 1] = 0;
        break;
      case SimdOp.I8x16Shl:
        i8x16Shl(w3, s[w1]!);
        break;
      case SimdOp.I8x16ShrS:
        i8x16ShrS(w3, s[w1]!);
        break;
      case SimdOp.I8x16ShrU:
        i8x16ShrU(w3, s[w1]!);
        break;
      case SimdOp.I16x8Shl:
        i16x8Shl(w3, s[w1]!);
        break;
      case SimdOp.I16x8ShrS:
        i16x8ShrS(w3, s[w1]!);
        break;
      case SimdOp.I16x8ShrU:
        i16x8ShrU(w3, s[w1]!);
        break;
      case SimdOp.I32x4Shl:
        i32x4Shl(w3, s[w1]!);
        break;
      case SimdOp.I32x4ShrS:
        i32x4ShrS(w3, s[w1]!);
        break;
      case SimdOp.I32x4ShrU:
        i32x4ShrU(w3, s[w1]!);
        break;
      case SimdOp.I64x2Shl:
        i64x2Shl(w3, s[w1]!);
        break;
      case SimdOp.I64x2ShrS:
        i64x2ShrS(w3, s[w1]!);
        break;
      case SimdOp.I64x2ShrU:
        i64x2ShrU(w3, s[w1]!);
        break;
      default:
        throw new Error(`internal error: SIMD sub-opcode ${sub} cannot execute`);
  }
  ex.sp = sp + SIMD_SLOT_DELTA[sub]!;
  ex.pc = pc;
}

/** `v128.const`: the four immediate words pushed at stack word `w`. */
function v128Const(w: number, code: Int32Array, at: number): void {
  const s = stack.i32;
  s[w] = code[at]!;
  s[w + 1] = code[at + 1]!;
  s[w + 2] = code[at + 2]!;
  s[w + 3] = code[at + 3]!;
}
