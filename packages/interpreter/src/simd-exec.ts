/**
 * Execution of SIMD instructions: called by the dispatch loop for the internal `Simd` opcode, with the
 * registers in the execution. Not built yet.
 * @module
 */
import type { Execution } from './execution.js';
import type { MemInst } from './runtime.js';

/**
 * Executes the SIMD instruction at `ex.pc` (just past the internal `Simd` opcode), updating `ex.sp`/`ex.pc`.
 * @throws Error until SIMD is built (the compiler rejects SIMD code, so this is unreachable)
 */
export function executeSimd(ex: Execution, code: Int32Array, mem: MemInst | null): void {
  void mem;
  throw new Error(`internal error: SIMD instruction ${code[ex.pc]} cannot execute`);
}
