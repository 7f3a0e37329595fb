/**
 * Memory64 and table64 in the body compiler: an instruction on a 64-bit memory or table becomes an `IOp.Ext`
 * op (`ExtSub.Mem64`, `ExtSub.Table64`) run outside the dispatch loop by `exec-memory64.ts`, which checks the
 * high words of its `i64` operands and runs the 32-bit form. Code on 32-bit memories and tables keeps its plain
 * forms, so the loop and its fast paths do not change.
 * @module
 */
import type { FunctionCompiler } from './compile-function.js';
import { ExtSub } from './ext-ops.js';
import { IOp } from './internal-ops.js';

/** Emits `[Ext, Mem64, memIdx, op, imm, imm2]` (see `ExtSub.Mem64`). */
export function emitMem64Op(fc: FunctionCompiler, op: number, memIdx: number, imm: number, imm2: number): void {
  fc.emitOp(IOp.Ext);
  fc.emit(ExtSub.Mem64);
  fc.emit(memIdx);
  fc.emit(op);
  fc.emit(imm);
  fc.emit(imm2);
}

/** Emits `[Ext, Table64, op, a, b]` (see `ExtSub.Table64`). */
export function emitTable64Op(fc: FunctionCompiler, op: number, a: number, b: number): void {
  fc.emitOp(IOp.Ext);
  fc.emit(ExtSub.Table64);
  fc.emit(op);
  fc.emit(a);
  fc.emit(b);
}

/** Emits `[Ext, Atomic64, atomicSub, offLo, offHi]` (see `ExtSub.Atomic64`). */
export function emitAtomic64Op(fc: FunctionCompiler, sub: number, offLo: number, offHi: number): void {
  fc.emitOp(IOp.Ext);
  fc.emit(ExtSub.Atomic64);
  fc.emit(sub);
  fc.emit(offLo);
  fc.emit(offHi);
}

/** Emits `[Ext, SimdMem64, memIdx, offHi, simdSub]`; the SIMD instruction's immediates follow (`ExtSub.SimdMem64`). */
export function emitSimdMem64Op(fc: FunctionCompiler, memIdx: number, offHi: number, sub: number): void {
  fc.emitOp(IOp.Ext);
  fc.emit(ExtSub.SimdMem64);
  fc.emit(memIdx);
  fc.emit(offHi);
  fc.emit(sub);
}
