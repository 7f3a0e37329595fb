/**
 * Validation and pre-decoding of the `0xfd`-prefixed (SIMD) instructions. Not built yet: every SIMD
 * instruction is rejected with a `CompileError`.
 * @module
 */
import type { BinaryReader } from './binary-reader.js';

/** What the function compiler lends the SIMD compiler for one instruction. */
export interface SimdCompileContext {
  readonly reader: BinaryReader;
  /** Whether the instruction is reachable (code is emitted only then). */
  readonly live: boolean;
  pop(expect: number): number;
  popAny(): number;
  push(t: number): void;
  fail(msg: string): never;
  /** Reads a memarg, checks the memory exists and the alignment; returns the offset. */
  readMemArg(naturalLog2: number): number;
  /** Emits the internal `Simd` opcode followed by `sub`. */
  emitOp(sub: number): void;
  /** Emits one immediate word. */
  emit(v: number): void;
}

/**
 * Validates one SIMD instruction (its `0xfd` prefix and sub-opcode already read) and emits its internal code.
 * @throws CompileError for every SIMD instruction until SIMD is built
 */
export function compileSimd(sub: number, ctx: SimdCompileContext): void {
  ctx.fail(`SIMD instruction 0xfd ${sub} is not supported yet`);
}
