/**
 * Multi-memory: a memory instruction that names a memory other than 0 becomes an `IOp.Ext` op (`ExtSub.Mem`),
 * run outside the dispatch loop by `exec-multi-memory.ts`. Instructions on memory 0 keep their plain forms (and
 * the fused copy's register forms), so code with one memory runs as before.
 * @module
 */
import type { FunctionCompiler } from './compile-function.js';
import { ExtSub } from './ext-ops.js';
import { IOp } from './internal-ops.js';

/** Emits `[Ext, Mem, memIdx, op, imm]` (see `ExtSub.Mem`). */
export function emitMemOp(fc: FunctionCompiler, op: number, memIdx: number, imm: number): void {
  fc.emitOp(IOp.Ext);
  fc.emit(ExtSub.Mem);
  fc.emit(memIdx);
  fc.emit(op);
  fc.emit(imm);
}
