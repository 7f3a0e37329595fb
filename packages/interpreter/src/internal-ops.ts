/**
 * The internal instruction set that the dispatch loop executes: pre-decoded into an `Int32Array` per function.
 * Most internal opcodes reuse the WebAssembly opcode byte (operands resolved into immediates); control flow is
 * rewritten into jumps with resolved targets and stack adjustments, and `0xfc`-prefixed instructions move into
 * unused single-byte codes so that the whole set stays dense for one `switch`.
 *
 * Layout of each instruction: `[word, imm…]`. The word holds the opcode in its low `OP_BITS` bits and the
 * instruction's fuel cost above them: 1 in the plain code, the number of original instructions a fused group
 * stands for on its first op, 0 on the group's other ops (see `fuse.ts`). Reference values on the stack and in
 * tables are encoded as `address + 1`, with 0 as the null reference, so zero-initialised memory means "null".
 * @module
 */

/** Bits of an instruction word that hold the opcode (plain ops below 0x100, fused ops above). */
export const OP_BITS = 10;
/** Mask of the opcode in an instruction word. */
export const OP_MASK = (1 << OP_BITS) - 1;
/** The cost field of a word that costs one unit of fuel: every instruction of the plain code has it. */
export const COST_ONE = 1 << OP_BITS;

export const IOp = {
  /** `[op]` trap. */
  Unreachable: 0x00,
  /** `[op, elsePc]` pop i32; jump to elsePc when zero. */
  IfFalse: 0x04,
  /** `[op, targetPc]` unconditional jump (an `else` reached from the then-branch, or a branch needing no move). */
  Jump: 0x05,
  /** `[op, targetPc, arity, dst]` keep the top `arity` slots, move them to `fp + dst`, jump. */
  JumpMove: 0x06,
  /** `[op, targetPc, arity, dst]` pop i32; when non-zero, as `JumpMove`. */
  BrIfMove: 0x07,
  /** `[op, targetPc]` pop i32; when non-zero, jump. */
  BrIf: 0x0d,
  /** `[op, n, (targetPc, arity, dst) × (n + 1)]` pop index; the last entry is the default. */
  BrTable: 0x0e,
  /** `[op, arity]` return the top `arity` slots to the caller. */
  Return: 0x0f,
  /** `[op, funcIdx]`. */
  Call: 0x10,
  /** `[op, typeIdx, tableIdx]`. */
  CallIndirect: 0x11,
  /** `[op]` drop one slot. */
  Drop: 0x1a,
  /** `[op]` select over one-slot values. */
  Select: 0x1b,
  /** `[op, n]` drop n slots (v128 and multi-slot drops). */
  DropN: 0x08,
  /** `[op]` select over two-slot (v128) values. */
  SelectV128: 0x09,
  /** `[op, slot]` slot relative to fp. */
  LocalGet: 0x20,
  LocalSet: 0x21,
  LocalTee: 0x22,
  /** `[op, globalIdx]`. */
  GlobalGet: 0x23,
  GlobalSet: 0x24,
  /** `[op, tableIdx]`. */
  TableGet: 0x25,
  TableSet: 0x26,
  /** Two-slot local and global access (v128). */
  LocalGetV128: 0x0a,
  LocalSetV128: 0x12,
  LocalTeeV128: 0x13,
  GlobalGetV128: 0x14,
  GlobalSetV128: 0x15,
  /** `[op, value]`. */
  I32Const: 0x41,
  /** `[op, lo, hi]`. */
  I64Const: 0x42,
  /** `[op, bits]`. */
  F32Const: 0x43,
  /** `[op, lo, hi]`. */
  F64Const: 0x44,
  /** `[op]` pushes the null reference. */
  RefNull: 0xd0,
  RefIsNull: 0xd1,
  /** `[op, funcIdx]`. */
  RefFunc: 0xd2,
  /** `0xfc` family: `0xe0 | sub`. */
  TruncSatBase: 0xe0,
  /** `[op, dataIdx]`. */
  MemoryInit: 0xe8,
  DataDrop: 0xe9,
  MemoryCopy: 0xea,
  MemoryFill: 0xeb,
  /** `[op, elemIdx, tableIdx]`. */
  TableInit: 0xec,
  /** `[op, elemIdx]`. */
  ElemDrop: 0xed,
  /** `[op, dstTable, srcTable]`. */
  TableCopy: 0xee,
  /** `[op, tableIdx]`. */
  TableGrow: 0xef,
  TableSize: 0xf0,
  TableFill: 0xf1,
  /** `[op, simdSub, imm…]` one SIMD instruction, executed by `simd-exec.ts`. */
  Simd: 0xf2,
  /** `[op, atomicSub, offset]` one threads instruction (`0xfe` prefix), executed by `atomic-exec.ts`. */
  Atomic: 0xfe,
  /** `[op, sub, imm]` throw, throw_ref, rethrow: executed by `exec-exceptions.ts` (see `ExnSub`). */
  Exn: 0x1f,
  /**
   * `[op, sub, imm…]` the WebAssembly 3.0 instructions added after exception handling (tail calls, …), executed
   * outside the loop by `exec-ext.ts` (see `ExtSub` in `ext-ops.ts`).
   */
  Ext: 0x1e,
} as const;
