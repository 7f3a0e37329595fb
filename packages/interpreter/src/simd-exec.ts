/**
 * Execution of SIMD instructions: called by the dispatch loop for the internal `Simd` opcode with the
 * registers in the execution (`ex.pc` at the sub-opcode word, `ex.sp` the stack height). One `switch` over
 * the sub-opcode picks the lane function; the operands' positions follow from the stack height, and the
 * height afterwards from the instruction's shape ({@link SIMD_SLOT_DELTA}). The case labels are numeric
 * literals (the `SimdOp` value, named in a comment): only then does V8 compile the `switch` to a
 * jump table rather than a chain of comparisons, which cost ~50 ns for the late cases.
 *
 * Stack positions used below, as word indices: `w1`, `w2`, `w3`, `w4` are the words of the slots 1, 2, 3, 4
 * below the top. A v128 on top starts at `w2`, the one beneath it at `w4`; a scalar on top is at `w1`.
 * @module
 */
import type { Execution } from './execution.js';
import type { MemInst } from './runtime.js';
import {
  f32x4Eq, f32x4Ge, f32x4Gt, f32x4Le, f32x4Lt, f32x4Ne, f64x2Eq, f64x2Ge, f64x2Gt, f64x2Le, f64x2Lt, f64x2Ne, i8x16Eq, i8x16GeS, i8x16GeU, i8x16GtS, i8x16GtU, i8x16LeS, i8x16LeU, i8x16LtS,
  i8x16LtU, i8x16Ne,i16x8Eq,
  i16x8GeS, i16x8GeU, i16x8GtS, i16x8GtU, i16x8LeS, i16x8LeU, i16x8LtS, i16x8LtU, i16x8Ne, i32x4Eq, i32x4GeS,
  i32x4GeU, i32x4GtS, i32x4GtU, i32x4LeS, i32x4LeU, i32x4LtS, i32x4LtU, i32x4Ne, i64x2Eq, i64x2GeS, i64x2GtS,
  i64x2LeS, i64x2LtS, i64x2Ne, 
} from './simd-compare.js';
import {
  f32x4Abs, f32x4Add, f32x4Ceil, f32x4ConvertI32x4S, f32x4ConvertI32x4U, f32x4DemoteF64x2Zero, f32x4Div, f32x4Floor,
  f32x4Max, f32x4Min, f32x4Mul, f32x4Nearest, f32x4Neg, f32x4Pmax, f32x4Pmin, f32x4Sqrt, f32x4Sub, f32x4Trunc,
  f64x2Abs, f64x2Add, f64x2Ceil, f64x2ConvertLowI32x4S, f64x2ConvertLowI32x4U, f64x2Div, f64x2Floor, f64x2Max,
  f64x2Min, f64x2Mul, f64x2Nearest, f64x2Neg, f64x2Pmax, f64x2Pmin, f64x2PromoteLowF32x4, f64x2Sqrt, f64x2Sub,
  f64x2Trunc, i32x4TruncSatF32x4S, i32x4TruncSatF32x4U, i32x4TruncSatF64x2SZero, i32x4TruncSatF64x2UZero,
} from './simd-float.js';
import {i8x16Abs,
  i8x16Add, i8x16AddSatS, i8x16AddSatU, i8x16AvgrU, i8x16MaxS, i8x16MaxU, i8x16MinS, i8x16MinU, i8x16Neg, i8x16Popcnt,
  i8x16Shl, i8x16ShrS, i8x16ShrU, i8x16Sub, i8x16SubSatS, i8x16SubSatU,
  i16x8Abs, i16x8Add, i16x8AddSatS, i16x8AddSatU, i16x8AvgrU, i16x8MaxS, i16x8MaxU, i16x8MinS, i16x8MinU, i16x8Mul,
  i16x8Neg, i16x8Q15mulrSatS, i16x8Shl, i16x8ShrS, i16x8ShrU, i16x8Sub, i16x8SubSatS, i16x8SubSatU, i32x4Abs,
  i32x4Add, i32x4DotI16x8S, i32x4MaxS, i32x4MaxU, i32x4MinS, i32x4MinU, i32x4Mul, i32x4Neg, i32x4Shl, i32x4ShrS,
  i32x4ShrU, i32x4Sub, i64x2Abs, i64x2Add, i64x2Mul, i64x2Neg, i64x2Shl, i64x2ShrS, i64x2ShrU, i64x2Sub, 
} from './simd-int.js';
import {
  extractLane32, extractLane64, i8x16AllTrue, i8x16Bitmask, i8x16ExtractLane, i8x16ReplaceLane,
  i8x16Shuffle, i8x16Swizzle, i16x8AllTrue, i16x8Bitmask, i16x8ExtractLane, i16x8ReplaceLane, i32x4AllTrue,
  i32x4Bitmask, i64x2AllTrue, i64x2Bitmask, replaceLane32, replaceLane64, splat64, splatWord, v128And, v128Andnot, v128AnyTrue,
  v128Bitselect, v128Not, v128Or, v128Xor,
} from './simd-lanes.js';
import {
  v128Load, v128Load8x8, v128Load16x4, v128Load32x2, v128Load64Splat, v128LoadLane, v128LoadSplat, v128LoadZero,
  v128Store, v128StoreLane,
} from './simd-memory.js';
import { SIMD_SLOT_DELTA } from './simd-opcodes.js';
import { f32x4Madd, f64x2Madd, i16x8Dot, i32x4DotAdd } from './simd-relaxed.js';
import { bindStack, stack } from './simd-views.js';
import {i8x16NarrowI16x8S, i8x16NarrowI16x8U,
  i16x8ExtaddPairwiseI8x16S, i16x8ExtaddPairwiseI8x16U, i16x8ExtendI8x16S, i16x8ExtendI8x16U, i16x8ExtmulI8x16S,
  i16x8ExtmulI8x16U, i16x8NarrowI32x4S, i16x8NarrowI32x4U, i32x4ExtaddPairwiseI16x8S, i32x4ExtaddPairwiseI16x8U,
  i32x4ExtendI16x8S, i32x4ExtendI16x8U, i32x4ExtmulI16x8S, i32x4ExtmulI16x8U, i64x2ExtendI32x4S, i64x2ExtendI32x4U,
  i64x2ExtmulI32x4S, i64x2ExtmulI32x4U, 
} from './simd-widen.js';

/**
 * Executes the SIMD instruction at `ex.pc` (the word after the internal `Simd` opcode: its sub-opcode, then
 * its immediates), updating `ex.sp` and `ex.pc`.
 * @param ex - the execution, with its registers written back
 * @param code - the running function's internal code
 * @param mem - the instance's memory (the validator admits memory instructions only when there is one)
 * @throws RuntimeError `MemoryOutOfBounds` from a load or store
 */
export function executeSimd(ex: Execution, code: Int32Array, mem: MemInst | null): void {
  const s32 = ex.s32;
  if (stack.i32 !== s32) bindStack(s32);
  const s = s32;
  const sp = ex.sp;
  let pc = ex.pc;
  const sub = code[pc++]!;
  const w1 = (sp - 1) << 1;
  const w2 = (sp - 2) << 1;
  const w3 = (sp - 3) << 1;
  const w4 = (sp - 4) << 1;
  switch (sub) {
    case 0x00: /* SimdOp.V128Load */
      v128Load(mem!, w1, code[pc++]!);
      break;
    case 0x01: /* SimdOp.V128Load8x8S */
      v128Load8x8(mem!, w1, code[pc++]!, true);
      break;
    case 0x02: /* SimdOp.V128Load8x8U */
      v128Load8x8(mem!, w1, code[pc++]!, false);
      break;
    case 0x03: /* SimdOp.V128Load16x4S */
      v128Load16x4(mem!, w1, code[pc++]!, true);
      break;
    case 0x04: /* SimdOp.V128Load16x4U */
      v128Load16x4(mem!, w1, code[pc++]!, false);
      break;
    case 0x05: /* SimdOp.V128Load32x2S */
      v128Load32x2(mem!, w1, code[pc++]!, true);
      break;
    case 0x06: /* SimdOp.V128Load32x2U */
      v128Load32x2(mem!, w1, code[pc++]!, false);
      break;
    case 0x07: /* SimdOp.V128Load8Splat */
      v128LoadSplat(mem!, w1, code[pc++]!, 0);
      break;
    case 0x08: /* SimdOp.V128Load16Splat */
      v128LoadSplat(mem!, w1, code[pc++]!, 1);
      break;
    case 0x09: /* SimdOp.V128Load32Splat */
      v128LoadSplat(mem!, w1, code[pc++]!, 2);
      break;
    case 0x0a: /* SimdOp.V128Load64Splat */
      v128Load64Splat(mem!, w1, code[pc++]!);
      break;
    case 0x5c: /* SimdOp.V128Load32Zero */
      v128LoadZero(mem!, w1, code[pc++]!, 1);
      break;
    case 0x5d: /* SimdOp.V128Load64Zero */
      v128LoadZero(mem!, w1, code[pc++]!, 2);
      break;
    case 0x0b: /* SimdOp.V128Store */
      v128Store(mem!, w3, code[pc++]!);
      break;
    case 0x54: /* SimdOp.V128Load8Lane */
      v128LoadLane(mem!, w3, code[pc]!, 0, code[pc + 1]!);
      pc += 2;
      break;
    case 0x58: /* SimdOp.V128Store8Lane */
      v128StoreLane(mem!, w3, code[pc]!, 0, code[pc + 1]!);
      pc += 2;
      break;
    case 0x55: /* SimdOp.V128Load16Lane */
      v128LoadLane(mem!, w3, code[pc]!, 1, code[pc + 1]!);
      pc += 2;
      break;
    case 0x59: /* SimdOp.V128Store16Lane */
      v128StoreLane(mem!, w3, code[pc]!, 1, code[pc + 1]!);
      pc += 2;
      break;
    case 0x56: /* SimdOp.V128Load32Lane */
      v128LoadLane(mem!, w3, code[pc]!, 2, code[pc + 1]!);
      pc += 2;
      break;
    case 0x5a: /* SimdOp.V128Store32Lane */
      v128StoreLane(mem!, w3, code[pc]!, 2, code[pc + 1]!);
      pc += 2;
      break;
    case 0x57: /* SimdOp.V128Load64Lane */
      v128LoadLane(mem!, w3, code[pc]!, 3, code[pc + 1]!);
      pc += 2;
      break;
    case 0x5b: /* SimdOp.V128Store64Lane */
      v128StoreLane(mem!, w3, code[pc]!, 3, code[pc + 1]!);
      pc += 2;
      break;
    case 0x0c: /* SimdOp.V128Const */
      v128Const(sp << 1, code, pc);
      pc += 4;
      break;
    case 0x0d: /* SimdOp.I8x16Shuffle */
      i8x16Shuffle(w4, w2, code, pc);
      pc += 16;
      break;
    case 0x0e: /* SimdOp.I8x16Swizzle */
      i8x16Swizzle(w4, w2);
      break;
    case 0x0f: /* SimdOp.I8x16Splat */
      splatWord(w1, Math.imul(s[w1]! & 0xff, 0x01010101));
      break;
    case 0x10: /* SimdOp.I16x8Splat */
      splatWord(w1, (s[w1]! & 0xffff) * 0x10001);
      break;
    case 0x11: /* SimdOp.I32x4Splat */
      splatWord(w1, s[w1]!);
      break;
    case 0x13: /* SimdOp.F32x4Splat */
      splatWord(w1, s[w1]!);
      break;
    case 0x12: /* SimdOp.I64x2Splat */
      splat64(w1);
      break;
    case 0x14: /* SimdOp.F64x2Splat */
      splat64(w1);
      break;
    case 0x15: /* SimdOp.I8x16ExtractLaneS */
      i8x16ExtractLane(w2, code[pc++]!, true);
      break;
    case 0x16: /* SimdOp.I8x16ExtractLaneU */
      i8x16ExtractLane(w2, code[pc++]!, false);
      break;
    case 0x18: /* SimdOp.I16x8ExtractLaneS */
      i16x8ExtractLane(w2, code[pc++]!, true);
      break;
    case 0x19: /* SimdOp.I16x8ExtractLaneU */
      i16x8ExtractLane(w2, code[pc++]!, false);
      break;
    case 0x1b: /* SimdOp.I32x4ExtractLane */
      extractLane32(w2, code[pc++]!);
      break;
    case 0x1f: /* SimdOp.F32x4ExtractLane */
      extractLane32(w2, code[pc++]!);
      break;
    case 0x1d: /* SimdOp.I64x2ExtractLane */
      extractLane64(w2, code[pc++]!);
      break;
    case 0x21: /* SimdOp.F64x2ExtractLane */
      extractLane64(w2, code[pc++]!);
      break;
    case 0x17: /* SimdOp.I8x16ReplaceLane */
      i8x16ReplaceLane(w3, code[pc++]!, w1);
      break;
    case 0x1a: /* SimdOp.I16x8ReplaceLane */
      i16x8ReplaceLane(w3, code[pc++]!, w1);
      break;
    case 0x1c: /* SimdOp.I32x4ReplaceLane */
      replaceLane32(w3, code[pc++]!, w1);
      break;
    case 0x20: /* SimdOp.F32x4ReplaceLane */
      replaceLane32(w3, code[pc++]!, w1);
      break;
    case 0x1e: /* SimdOp.I64x2ReplaceLane */
      replaceLane64(w3, code[pc++]!, w1);
      break;
    case 0x22: /* SimdOp.F64x2ReplaceLane */
      replaceLane64(w3, code[pc++]!, w1);
      break;
    case 0x23: /* SimdOp.I8x16Eq */
      i8x16Eq(w4, w2);
      break;
    case 0x24: /* SimdOp.I8x16Ne */
      i8x16Ne(w4, w2);
      break;
    case 0x25: /* SimdOp.I8x16LtS */
      i8x16LtS(w4, w2);
      break;
    case 0x26: /* SimdOp.I8x16LtU */
      i8x16LtU(w4, w2);
      break;
    case 0x27: /* SimdOp.I8x16GtS */
      i8x16GtS(w4, w2);
      break;
    case 0x28: /* SimdOp.I8x16GtU */
      i8x16GtU(w4, w2);
      break;
    case 0x29: /* SimdOp.I8x16LeS */
      i8x16LeS(w4, w2);
      break;
    case 0x2a: /* SimdOp.I8x16LeU */
      i8x16LeU(w4, w2);
      break;
    case 0x2b: /* SimdOp.I8x16GeS */
      i8x16GeS(w4, w2);
      break;
    case 0x2c: /* SimdOp.I8x16GeU */
      i8x16GeU(w4, w2);
      break;
    case 0x2d: /* SimdOp.I16x8Eq */
      i16x8Eq(w4, w2);
      break;
    case 0x2e: /* SimdOp.I16x8Ne */
      i16x8Ne(w4, w2);
      break;
    case 0x2f: /* SimdOp.I16x8LtS */
      i16x8LtS(w4, w2);
      break;
    case 0x30: /* SimdOp.I16x8LtU */
      i16x8LtU(w4, w2);
      break;
    case 0x31: /* SimdOp.I16x8GtS */
      i16x8GtS(w4, w2);
      break;
    case 0x32: /* SimdOp.I16x8GtU */
      i16x8GtU(w4, w2);
      break;
    case 0x33: /* SimdOp.I16x8LeS */
      i16x8LeS(w4, w2);
      break;
    case 0x34: /* SimdOp.I16x8LeU */
      i16x8LeU(w4, w2);
      break;
    case 0x35: /* SimdOp.I16x8GeS */
      i16x8GeS(w4, w2);
      break;
    case 0x36: /* SimdOp.I16x8GeU */
      i16x8GeU(w4, w2);
      break;
    case 0x37: /* SimdOp.I32x4Eq */
      i32x4Eq(w4, w2);
      break;
    case 0x38: /* SimdOp.I32x4Ne */
      i32x4Ne(w4, w2);
      break;
    case 0x39: /* SimdOp.I32x4LtS */
      i32x4LtS(w4, w2);
      break;
    case 0x3a: /* SimdOp.I32x4LtU */
      i32x4LtU(w4, w2);
      break;
    case 0x3b: /* SimdOp.I32x4GtS */
      i32x4GtS(w4, w2);
      break;
    case 0x3c: /* SimdOp.I32x4GtU */
      i32x4GtU(w4, w2);
      break;
    case 0x3d: /* SimdOp.I32x4LeS */
      i32x4LeS(w4, w2);
      break;
    case 0x3e: /* SimdOp.I32x4LeU */
      i32x4LeU(w4, w2);
      break;
    case 0x3f: /* SimdOp.I32x4GeS */
      i32x4GeS(w4, w2);
      break;
    case 0x40: /* SimdOp.I32x4GeU */
      i32x4GeU(w4, w2);
      break;
    case 0xd6: /* SimdOp.I64x2Eq */
      i64x2Eq(w4, w2);
      break;
    case 0xd7: /* SimdOp.I64x2Ne */
      i64x2Ne(w4, w2);
      break;
    case 0xd8: /* SimdOp.I64x2LtS */
      i64x2LtS(w4, w2);
      break;
    case 0xd9: /* SimdOp.I64x2GtS */
      i64x2GtS(w4, w2);
      break;
    case 0xda: /* SimdOp.I64x2LeS */
      i64x2LeS(w4, w2);
      break;
    case 0xdb: /* SimdOp.I64x2GeS */
      i64x2GeS(w4, w2);
      break;
    case 0x41: /* SimdOp.F32x4Eq */
      f32x4Eq(w4, w2);
      break;
    case 0x42: /* SimdOp.F32x4Ne */
      f32x4Ne(w4, w2);
      break;
    case 0x43: /* SimdOp.F32x4Lt */
      f32x4Lt(w4, w2);
      break;
    case 0x44: /* SimdOp.F32x4Gt */
      f32x4Gt(w4, w2);
      break;
    case 0x45: /* SimdOp.F32x4Le */
      f32x4Le(w4, w2);
      break;
    case 0x46: /* SimdOp.F32x4Ge */
      f32x4Ge(w4, w2);
      break;
    case 0x47: /* SimdOp.F64x2Eq */
      f64x2Eq(w4, w2);
      break;
    case 0x48: /* SimdOp.F64x2Ne */
      f64x2Ne(w4, w2);
      break;
    case 0x49: /* SimdOp.F64x2Lt */
      f64x2Lt(w4, w2);
      break;
    case 0x4a: /* SimdOp.F64x2Gt */
      f64x2Gt(w4, w2);
      break;
    case 0x4b: /* SimdOp.F64x2Le */
      f64x2Le(w4, w2);
      break;
    case 0x4c: /* SimdOp.F64x2Ge */
      f64x2Ge(w4, w2);
      break;
    case 0x4e: /* SimdOp.V128And */
      v128And(w4, w2);
      break;
    case 0x4f: /* SimdOp.V128Andnot */
      v128Andnot(w4, w2);
      break;
    case 0x50: /* SimdOp.V128Or */
      v128Or(w4, w2);
      break;
    case 0x51: /* SimdOp.V128Xor */
      v128Xor(w4, w2);
      break;
    case 0x65: /* SimdOp.I8x16NarrowI16x8S */
      i8x16NarrowI16x8S(w4, w2);
      break;
    case 0x66: /* SimdOp.I8x16NarrowI16x8U */
      i8x16NarrowI16x8U(w4, w2);
      break;
    case 0x6e: /* SimdOp.I8x16Add */
      i8x16Add(w4, w2);
      break;
    case 0x6f: /* SimdOp.I8x16AddSatS */
      i8x16AddSatS(w4, w2);
      break;
    case 0x70: /* SimdOp.I8x16AddSatU */
      i8x16AddSatU(w4, w2);
      break;
    case 0x71: /* SimdOp.I8x16Sub */
      i8x16Sub(w4, w2);
      break;
    case 0x72: /* SimdOp.I8x16SubSatS */
      i8x16SubSatS(w4, w2);
      break;
    case 0x73: /* SimdOp.I8x16SubSatU */
      i8x16SubSatU(w4, w2);
      break;
    case 0x76: /* SimdOp.I8x16MinS */
      i8x16MinS(w4, w2);
      break;
    case 0x77: /* SimdOp.I8x16MinU */
      i8x16MinU(w4, w2);
      break;
    case 0x78: /* SimdOp.I8x16MaxS */
      i8x16MaxS(w4, w2);
      break;
    case 0x79: /* SimdOp.I8x16MaxU */
      i8x16MaxU(w4, w2);
      break;
    case 0x7b: /* SimdOp.I8x16AvgrU */
      i8x16AvgrU(w4, w2);
      break;
    case 0x82: /* SimdOp.I16x8Q15mulrSatS */
      i16x8Q15mulrSatS(w4, w2);
      break;
    case 0x85: /* SimdOp.I16x8NarrowI32x4S */
      i16x8NarrowI32x4S(w4, w2);
      break;
    case 0x86: /* SimdOp.I16x8NarrowI32x4U */
      i16x8NarrowI32x4U(w4, w2);
      break;
    case 0x8e: /* SimdOp.I16x8Add */
      i16x8Add(w4, w2);
      break;
    case 0x8f: /* SimdOp.I16x8AddSatS */
      i16x8AddSatS(w4, w2);
      break;
    case 0x90: /* SimdOp.I16x8AddSatU */
      i16x8AddSatU(w4, w2);
      break;
    case 0x91: /* SimdOp.I16x8Sub */
      i16x8Sub(w4, w2);
      break;
    case 0x92: /* SimdOp.I16x8SubSatS */
      i16x8SubSatS(w4, w2);
      break;
    case 0x93: /* SimdOp.I16x8SubSatU */
      i16x8SubSatU(w4, w2);
      break;
    case 0x95: /* SimdOp.I16x8Mul */
      i16x8Mul(w4, w2);
      break;
    case 0x96: /* SimdOp.I16x8MinS */
      i16x8MinS(w4, w2);
      break;
    case 0x97: /* SimdOp.I16x8MinU */
      i16x8MinU(w4, w2);
      break;
    case 0x98: /* SimdOp.I16x8MaxS */
      i16x8MaxS(w4, w2);
      break;
    case 0x99: /* SimdOp.I16x8MaxU */
      i16x8MaxU(w4, w2);
      break;
    case 0x9b: /* SimdOp.I16x8AvgrU */
      i16x8AvgrU(w4, w2);
      break;
    case 0xae: /* SimdOp.I32x4Add */
      i32x4Add(w4, w2);
      break;
    case 0xb1: /* SimdOp.I32x4Sub */
      i32x4Sub(w4, w2);
      break;
    case 0xb5: /* SimdOp.I32x4Mul */
      i32x4Mul(w4, w2);
      break;
    case 0xb6: /* SimdOp.I32x4MinS */
      i32x4MinS(w4, w2);
      break;
    case 0xb7: /* SimdOp.I32x4MinU */
      i32x4MinU(w4, w2);
      break;
    case 0xb8: /* SimdOp.I32x4MaxS */
      i32x4MaxS(w4, w2);
      break;
    case 0xb9: /* SimdOp.I32x4MaxU */
      i32x4MaxU(w4, w2);
      break;
    case 0xba: /* SimdOp.I32x4DotI16x8S */
      i32x4DotI16x8S(w4, w2);
      break;
    case 0xce: /* SimdOp.I64x2Add */
      i64x2Add(w4, w2);
      break;
    case 0xd1: /* SimdOp.I64x2Sub */
      i64x2Sub(w4, w2);
      break;
    case 0xd5: /* SimdOp.I64x2Mul */
      i64x2Mul(w4, w2);
      break;
    case 0xe4: /* SimdOp.F32x4Add */
      f32x4Add(w4, w2);
      break;
    case 0xe5: /* SimdOp.F32x4Sub */
      f32x4Sub(w4, w2);
      break;
    case 0xe6: /* SimdOp.F32x4Mul */
      f32x4Mul(w4, w2);
      break;
    case 0xe7: /* SimdOp.F32x4Div */
      f32x4Div(w4, w2);
      break;
    // Relaxed SIMD's internal sub-opcodes (simd-relaxed.ts).
    case 0x9a: /* RelaxedOp.F32x4Madd */
      f32x4Madd((sp - 6) << 1, w4, w2, false);
      break;
    case 0xa2: /* RelaxedOp.F32x4Nmadd */
      f32x4Madd((sp - 6) << 1, w4, w2, true);
      break;
    case 0xa5: /* RelaxedOp.F64x2Madd */
      f64x2Madd((sp - 6) << 1, w4, w2, false);
      break;
    case 0xa6: /* RelaxedOp.F64x2Nmadd */
      f64x2Madd((sp - 6) << 1, w4, w2, true);
      break;
    case 0xaf: /* RelaxedOp.I16x8Dot */
      i16x8Dot(w4, w2);
      break;
    case 0xb0: /* RelaxedOp.I32x4DotAdd */
      i32x4DotAdd((sp - 6) << 1, w4, w2);
      break;
    case 0xe8: /* SimdOp.F32x4Min */
      f32x4Min(w4, w2);
      break;
    case 0xe9: /* SimdOp.F32x4Max */
      f32x4Max(w4, w2);
      break;
    case 0xea: /* SimdOp.F32x4Pmin */
      f32x4Pmin(w4, w2);
      break;
    case 0xeb: /* SimdOp.F32x4Pmax */
      f32x4Pmax(w4, w2);
      break;
    case 0xf0: /* SimdOp.F64x2Add */
      f64x2Add(w4, w2);
      break;
    case 0xf1: /* SimdOp.F64x2Sub */
      f64x2Sub(w4, w2);
      break;
    case 0xf2: /* SimdOp.F64x2Mul */
      f64x2Mul(w4, w2);
      break;
    case 0xf3: /* SimdOp.F64x2Div */
      f64x2Div(w4, w2);
      break;
    case 0xf4: /* SimdOp.F64x2Min */
      f64x2Min(w4, w2);
      break;
    case 0xf5: /* SimdOp.F64x2Max */
      f64x2Max(w4, w2);
      break;
    case 0xf6: /* SimdOp.F64x2Pmin */
      f64x2Pmin(w4, w2);
      break;
    case 0xf7: /* SimdOp.F64x2Pmax */
      f64x2Pmax(w4, w2);
      break;
    case 0x9c: /* SimdOp.I16x8ExtmulLowI8x16S */
      i16x8ExtmulI8x16S(w4, w2, 0);
      break;
    case 0x9d: /* SimdOp.I16x8ExtmulHighI8x16S */
      i16x8ExtmulI8x16S(w4, w2, 8);
      break;
    case 0x9e: /* SimdOp.I16x8ExtmulLowI8x16U */
      i16x8ExtmulI8x16U(w4, w2, 0);
      break;
    case 0x9f: /* SimdOp.I16x8ExtmulHighI8x16U */
      i16x8ExtmulI8x16U(w4, w2, 8);
      break;
    case 0xbc: /* SimdOp.I32x4ExtmulLowI16x8S */
      i32x4ExtmulI16x8S(w4, w2, 0);
      break;
    case 0xbd: /* SimdOp.I32x4ExtmulHighI16x8S */
      i32x4ExtmulI16x8S(w4, w2, 4);
      break;
    case 0xbe: /* SimdOp.I32x4ExtmulLowI16x8U */
      i32x4ExtmulI16x8U(w4, w2, 0);
      break;
    case 0xbf: /* SimdOp.I32x4ExtmulHighI16x8U */
      i32x4ExtmulI16x8U(w4, w2, 4);
      break;
    case 0xdc: /* SimdOp.I64x2ExtmulLowI32x4S */
      i64x2ExtmulI32x4S(w4, w2, 0);
      break;
    case 0xdd: /* SimdOp.I64x2ExtmulHighI32x4S */
      i64x2ExtmulI32x4S(w4, w2, 2);
      break;
    case 0xde: /* SimdOp.I64x2ExtmulLowI32x4U */
      i64x2ExtmulI32x4U(w4, w2, 0);
      break;
    case 0xdf: /* SimdOp.I64x2ExtmulHighI32x4U */
      i64x2ExtmulI32x4U(w4, w2, 2);
      break;
    case 0x87: /* SimdOp.I16x8ExtendLowI8x16S */
      i16x8ExtendI8x16S(w2, 0);
      break;
    case 0x88: /* SimdOp.I16x8ExtendHighI8x16S */
      i16x8ExtendI8x16S(w2, 8);
      break;
    case 0x89: /* SimdOp.I16x8ExtendLowI8x16U */
      i16x8ExtendI8x16U(w2, 0);
      break;
    case 0x8a: /* SimdOp.I16x8ExtendHighI8x16U */
      i16x8ExtendI8x16U(w2, 8);
      break;
    case 0xa7: /* SimdOp.I32x4ExtendLowI16x8S */
      i32x4ExtendI16x8S(w2, 0);
      break;
    case 0xa8: /* SimdOp.I32x4ExtendHighI16x8S */
      i32x4ExtendI16x8S(w2, 4);
      break;
    case 0xa9: /* SimdOp.I32x4ExtendLowI16x8U */
      i32x4ExtendI16x8U(w2, 0);
      break;
    case 0xaa: /* SimdOp.I32x4ExtendHighI16x8U */
      i32x4ExtendI16x8U(w2, 4);
      break;
    case 0xc7: /* SimdOp.I64x2ExtendLowI32x4S */
      i64x2ExtendI32x4S(w2, 0);
      break;
    case 0xc8: /* SimdOp.I64x2ExtendHighI32x4S */
      i64x2ExtendI32x4S(w2, 2);
      break;
    case 0xc9: /* SimdOp.I64x2ExtendLowI32x4U */
      i64x2ExtendI32x4U(w2, 0);
      break;
    case 0xca: /* SimdOp.I64x2ExtendHighI32x4U */
      i64x2ExtendI32x4U(w2, 2);
      break;
    case 0x4d: /* SimdOp.V128Not */
      v128Not(w2);
      break;
    case 0x5e: /* SimdOp.F32x4DemoteF64x2Zero */
      f32x4DemoteF64x2Zero(w2);
      break;
    case 0x5f: /* SimdOp.F64x2PromoteLowF32x4 */
      f64x2PromoteLowF32x4(w2);
      break;
    case 0x60: /* SimdOp.I8x16Abs */
      i8x16Abs(w2);
      break;
    case 0x61: /* SimdOp.I8x16Neg */
      i8x16Neg(w2);
      break;
    case 0x62: /* SimdOp.I8x16Popcnt */
      i8x16Popcnt(w2);
      break;
    case 0x67: /* SimdOp.F32x4Ceil */
      f32x4Ceil(w2);
      break;
    case 0x68: /* SimdOp.F32x4Floor */
      f32x4Floor(w2);
      break;
    case 0x69: /* SimdOp.F32x4Trunc */
      f32x4Trunc(w2);
      break;
    case 0x6a: /* SimdOp.F32x4Nearest */
      f32x4Nearest(w2);
      break;
    case 0x74: /* SimdOp.F64x2Ceil */
      f64x2Ceil(w2);
      break;
    case 0x75: /* SimdOp.F64x2Floor */
      f64x2Floor(w2);
      break;
    case 0x7a: /* SimdOp.F64x2Trunc */
      f64x2Trunc(w2);
      break;
    case 0x94: /* SimdOp.F64x2Nearest */
      f64x2Nearest(w2);
      break;
    case 0x7c: /* SimdOp.I16x8ExtaddPairwiseI8x16S */
      i16x8ExtaddPairwiseI8x16S(w2);
      break;
    case 0x7d: /* SimdOp.I16x8ExtaddPairwiseI8x16U */
      i16x8ExtaddPairwiseI8x16U(w2);
      break;
    case 0x7e: /* SimdOp.I32x4ExtaddPairwiseI16x8S */
      i32x4ExtaddPairwiseI16x8S(w2);
      break;
    case 0x7f: /* SimdOp.I32x4ExtaddPairwiseI16x8U */
      i32x4ExtaddPairwiseI16x8U(w2);
      break;
    case 0x80: /* SimdOp.I16x8Abs */
      i16x8Abs(w2);
      break;
    case 0x81: /* SimdOp.I16x8Neg */
      i16x8Neg(w2);
      break;
    case 0xa0: /* SimdOp.I32x4Abs */
      i32x4Abs(w2);
      break;
    case 0xa1: /* SimdOp.I32x4Neg */
      i32x4Neg(w2);
      break;
    case 0xc0: /* SimdOp.I64x2Abs */
      i64x2Abs(w2);
      break;
    case 0xc1: /* SimdOp.I64x2Neg */
      i64x2Neg(w2);
      break;
    case 0xe0: /* SimdOp.F32x4Abs */
      f32x4Abs(w2);
      break;
    case 0xe1: /* SimdOp.F32x4Neg */
      f32x4Neg(w2);
      break;
    case 0xe3: /* SimdOp.F32x4Sqrt */
      f32x4Sqrt(w2);
      break;
    case 0xec: /* SimdOp.F64x2Abs */
      f64x2Abs(w2);
      break;
    case 0xed: /* SimdOp.F64x2Neg */
      f64x2Neg(w2);
      break;
    case 0xef: /* SimdOp.F64x2Sqrt */
      f64x2Sqrt(w2);
      break;
    case 0xf8: /* SimdOp.I32x4TruncSatF32x4S */
      i32x4TruncSatF32x4S(w2);
      break;
    case 0xf9: /* SimdOp.I32x4TruncSatF32x4U */
      i32x4TruncSatF32x4U(w2);
      break;
    case 0xfa: /* SimdOp.F32x4ConvertI32x4S */
      f32x4ConvertI32x4S(w2);
      break;
    case 0xfb: /* SimdOp.F32x4ConvertI32x4U */
      f32x4ConvertI32x4U(w2);
      break;
    case 0xfc: /* SimdOp.I32x4TruncSatF64x2SZero */
      i32x4TruncSatF64x2SZero(w2);
      break;
    case 0xfd: /* SimdOp.I32x4TruncSatF64x2UZero */
      i32x4TruncSatF64x2UZero(w2);
      break;
    case 0xfe: /* SimdOp.F64x2ConvertLowI32x4S */
      f64x2ConvertLowI32x4S(w2);
      break;
    case 0xff: /* SimdOp.F64x2ConvertLowI32x4U */
      f64x2ConvertLowI32x4U(w2);
      break;
    case 0x52: /* SimdOp.V128Bitselect */
      v128Bitselect((sp - 6) << 1);
      break;
    case 0x53: /* SimdOp.V128AnyTrue */
      s[w2] = v128AnyTrue(w2);
      s[w2 + 1] = 0;
      break;
    case 0x63: /* SimdOp.I8x16AllTrue */
      s[w2] = i8x16AllTrue(w2);
      s[w2 + 1] = 0;
      break;
    case 0x64: /* SimdOp.I8x16Bitmask */
      s[w2] = i8x16Bitmask(w2);
      s[w2 + 1] = 0;
      break;
    case 0x83: /* SimdOp.I16x8AllTrue */
      s[w2] = i16x8AllTrue(w2);
      s[w2 + 1] = 0;
      break;
    case 0x84: /* SimdOp.I16x8Bitmask */
      s[w2] = i16x8Bitmask(w2);
      s[w2 + 1] = 0;
      break;
    case 0xa3: /* SimdOp.I32x4AllTrue */
      s[w2] = i32x4AllTrue(w2);
      s[w2 + 1] = 0;
      break;
    case 0xa4: /* SimdOp.I32x4Bitmask */
      s[w2] = i32x4Bitmask(w2);
      s[w2 + 1] = 0;
      break;
    case 0xc3: /* SimdOp.I64x2AllTrue */
      s[w2] = i64x2AllTrue(w2);
      s[w2 + 1] = 0;
      break;
    case 0xc4: /* SimdOp.I64x2Bitmask */
      s[w2] = i64x2Bitmask(w2);
      s[w2 + 1] = 0;
      break;
    case 0x6b: /* SimdOp.I8x16Shl */
      i8x16Shl(w3, s[w1]!);
      break;
    case 0x6c: /* SimdOp.I8x16ShrS */
      i8x16ShrS(w3, s[w1]!);
      break;
    case 0x6d: /* SimdOp.I8x16ShrU */
      i8x16ShrU(w3, s[w1]!);
      break;
    case 0x8b: /* SimdOp.I16x8Shl */
      i16x8Shl(w3, s[w1]!);
      break;
    case 0x8c: /* SimdOp.I16x8ShrS */
      i16x8ShrS(w3, s[w1]!);
      break;
    case 0x8d: /* SimdOp.I16x8ShrU */
      i16x8ShrU(w3, s[w1]!);
      break;
    case 0xab: /* SimdOp.I32x4Shl */
      i32x4Shl(w3, s[w1]!);
      break;
    case 0xac: /* SimdOp.I32x4ShrS */
      i32x4ShrS(w3, s[w1]!);
      break;
    case 0xad: /* SimdOp.I32x4ShrU */
      i32x4ShrU(w3, s[w1]!);
      break;
    case 0xcb: /* SimdOp.I64x2Shl */
      i64x2Shl(w3, s[w1]!);
      break;
    case 0xcc: /* SimdOp.I64x2ShrS */
      i64x2ShrS(w3, s[w1]!);
      break;
    case 0xcd: /* SimdOp.I64x2ShrU */
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
