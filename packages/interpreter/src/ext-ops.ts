/**
 * The sub-operations of `IOp.Ext`, the one escape op through which the WebAssembly 3.0 instructions added after
 * exception handling (tail calls, typed function references, multi-memory, memory64) leave the dispatch loop.
 * Each is `[IOp.Ext, sub, imm…]` with a fixed number of immediates per sub-operation; `exec-ext.ts` runs them.
 * @module
 */

/** Sub-operations of `IOp.Ext`. */
export const ExtSub = {
  /** `[op, sub, funcIdx, plainPc]` `return_call`. */
  ReturnCall: 0,
  /** `[op, sub, typeIdx, tableIdx, plainPc]` `return_call_indirect`. */
  ReturnCallIndirect: 1,
  /**
   * `[op, sub, memIdx, op2, imm]` a memory instruction on a memory other than 0 (multi-memory): a load or store
   * (`op2` its opcode, `imm` its offset), `memory.size`/`memory.grow` (0x3f/0x40), `memory.init` (`IOp.MemoryInit`,
   * `imm` the data index), `memory.fill` (`IOp.MemoryFill`), `memory.copy` (`IOp.MemoryCopy`; `memIdx` the
   * destination, `imm` the source memory).
   */
  Mem: 2,
  /** `[op, sub, memIdx, simdSub, imm…]` a SIMD load or store on a memory other than 0, as `IOp.Simd` runs it. */
  SimdMem: 3,
  /**
   * `[op, sub, memIdx, op2, imm, imm2]` a memory instruction on a memory64 memory (or `memory.copy` with one):
   * as `Mem`, its address operands `i64`; a load or store's `imm`/`imm2` are its offset's low and high words.
   */
  Mem64: 4,
  /**
   * `[op, sub, op2, a, b]` a table instruction on a table64 table, or `call_indirect` through one (`op2` the
   * internal op, `a`/`b` its immediates as the plain op has them; `exec-memory64.ts`).
   */
  Table64: 5,
  /** `[op, sub, typeIdx]` `call_ref` (a call of its own group in the fused copy: its return pc is nameable). */
  CallRef: 6,
  /** `[op, sub, typeIdx, plainPc]` `return_call_ref`. */
  ReturnCallRef: 7,
  /** `[op, sub]` `ref.as_non_null`. */
  RefAsNonNull: 8,
  /** `[op, sub, target, arity, dst]` `br_on_null`: branches when null (dropped); `dst` -1 when nothing moves. */
  BrOnNull: 9,
  /** `[op, sub, target, arity, dst]` `br_on_non_null`: branches with the reference unless null (then dropped). */
  BrOnNonNull: 10,
  /** `[op, sub, gcOp, a, b]` a GC instruction (`GcOp` in `compile-gc.ts`; `a`, `b` its immediates). */
  Gc: 11,
  /**
   * `[op, sub, target, arity, dst, heapType, flags]` `br_on_cast` (flags bit 1 clear) or `br_on_cast_fail` (set):
   * branches like `br_on_non_null` when the reference is (or is not) of the canonical heap type, null included
   * when flags bit 0 is set.
   */
  BrOnCast: 12,
  /**
   * `[op, sub, atomicSub, offLo, offHi]` an atomic instruction on a memory64 memory 0: as `IOp.Atomic`, its
   * address operand `i64` (`exec-memory64.ts`).
   */
  Atomic64: 13,
  /**
   * `[op, sub, memIdx, offHi, simdSub, offLo, lane?]` a SIMD load or store on a memory64 memory: as `IOp.Simd`
   * from `simdSub` on, its address operand `i64` and `offHi` its offset's high word.
   */
  SimdMem64: 14,
} as const;

/**
 * Words of each `IOp.Ext` instruction by sub-operation, the op word included (`SimdMem`, `SimdMem64`: 0, its length
 * is its SIMD instruction's plus three or four; nothing needs it, as it never suspends). The last immediate of a tail call is
 * the pc of the instruction in the plain copy: a suspension (an interrupt) that starts there is always at a
 * position the capture can name, also when the op runs inside a fused group.
 */
export const EXT_LENGTH: readonly number[] = [4, 5, 5, 0, 6, 5, 3, 4, 2, 5, 5, 5, 7, 5, 0];
