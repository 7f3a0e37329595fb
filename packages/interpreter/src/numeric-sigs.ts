/**
 * The typing rules of the numeric, load and store instructions, written once as tables indexed by opcode: both
 * body validators (`compile-function.ts`, the general one, and `fast-validate.ts`) read them.
 * @module
 */
import { Op } from './opcodes.js';
import { ValType } from './types.js';

const I32 = ValType.I32;
const I64 = ValType.I64;
const F32 = ValType.F32;
const F64 = ValType.F64;

/** Natural alignment (log2) of loads/stores, indexed by `op - 0x28`. */
export const LOAD_ALIGN = [2, 3, 2, 3, 0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 2, 3, 2, 3, 0, 1, 0, 1, 2];
/** Value type of loads/stores, indexed by `op - 0x28`. */
export const LOAD_TYPE = [
  I32,
  I64,
  F32,
  F64,
  I32,
  I32,
  I32,
  I32,
  I64,
  I64,
  I64,
  I64,
  I64,
  I64,
  I32,
  I64,
  F32,
  F64,
  I32,
  I32,
  I64,
  I64,
  I64,
];

/**
 * Numeric instructions' signatures, indexed by opcode (the saturating truncations `0xfc 0…7` at 0x100 + 0…7):
 * operand a, operand b (0 = unary) and result (0 = not a numeric instruction).
 */
export const SIG_A = new Uint8Array(0x108);
export const SIG_B = new Uint8Array(0x108);
export const SIG_R = new Uint8Array(0x108);
(() => {
  const key = (op: number): number => (op >= 0xfc00 ? 0x100 + (op & 0xff) : op);
  const m = {
    set(op: number, sig: readonly [number, number, number]): void {
      SIG_A[key(op)] = sig[0];
      SIG_B[key(op)] = sig[1];
      SIG_R[key(op)] = sig[2];
    },
  };
  const set = (from: number, to: number, sig: readonly [number, number, number]): void => {
    for (let op = from; op <= to; op++) m.set(op, sig);
  };
  set(Op.I32Eqz, Op.I32Eqz, [I32, 0, I32]);
  set(Op.I32Eq, Op.I32GeU, [I32, I32, I32]);
  set(Op.I64Eqz, Op.I64Eqz, [I64, 0, I32]);
  set(Op.I64Eq, Op.I64GeU, [I64, I64, I32]);
  set(Op.F32Eq, Op.F32Ge, [F32, F32, I32]);
  set(Op.F64Eq, Op.F64Ge, [F64, F64, I32]);
  set(Op.I32Clz, Op.I32Popcnt, [I32, 0, I32]);
  set(Op.I32Add, Op.I32Rotr, [I32, I32, I32]);
  set(Op.I64Clz, Op.I64Popcnt, [I64, 0, I64]);
  set(Op.I64Add, Op.I64Rotr, [I64, I64, I64]);
  set(Op.F32Abs, Op.F32Sqrt, [F32, 0, F32]);
  set(Op.F32Add, Op.F32Copysign, [F32, F32, F32]);
  set(Op.F64Abs, Op.F64Sqrt, [F64, 0, F64]);
  set(Op.F64Add, Op.F64Copysign, [F64, F64, F64]);
  m.set(Op.I32WrapI64, [I64, 0, I32]);
  set(Op.I32TruncF32S, Op.I32TruncF32U, [F32, 0, I32]);
  set(Op.I32TruncF64S, Op.I32TruncF64U, [F64, 0, I32]);
  set(Op.I64ExtendI32S, Op.I64ExtendI32U, [I32, 0, I64]);
  set(Op.I64TruncF32S, Op.I64TruncF32U, [F32, 0, I64]);
  set(Op.I64TruncF64S, Op.I64TruncF64U, [F64, 0, I64]);
  set(Op.F32ConvertI32S, Op.F32ConvertI32U, [I32, 0, F32]);
  set(Op.F32ConvertI64S, Op.F32ConvertI64U, [I64, 0, F32]);
  m.set(Op.F32DemoteF64, [F64, 0, F32]);
  set(Op.F64ConvertI32S, Op.F64ConvertI32U, [I32, 0, F64]);
  set(Op.F64ConvertI64S, Op.F64ConvertI64U, [I64, 0, F64]);
  m.set(Op.F64PromoteF32, [F32, 0, F64]);
  m.set(Op.I32ReinterpretF32, [F32, 0, I32]);
  m.set(Op.I64ReinterpretF64, [F64, 0, I64]);
  m.set(Op.F32ReinterpretI32, [I32, 0, F32]);
  m.set(Op.F64ReinterpretI64, [I64, 0, F64]);
  set(Op.I32Extend8S, Op.I32Extend16S, [I32, 0, I32]);
  set(Op.I64Extend8S, Op.I64Extend32S, [I64, 0, I64]);
  set(Op.I32TruncSatF32S, Op.I32TruncSatF32U, [F32, 0, I32]);
  set(Op.I32TruncSatF64S, Op.I32TruncSatF64U, [F64, 0, I32]);
  set(Op.I64TruncSatF32S, Op.I64TruncSatF32U, [F32, 0, I64]);
  set(Op.I64TruncSatF64S, Op.I64TruncSatF64U, [F64, 0, I64]);
})();
