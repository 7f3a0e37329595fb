/**
 * Priming the fast body validator (`fast-validate.ts`) before a large module: V8 optimises the validator with the
 * type feedback of the paths it has run, and throws the optimised code away (deoptimises) when it first meets
 * another. Validating one body that takes every path first saves those rounds of recompiling in a fresh process.
 * @module
 */

import { FastValidator } from './fast-validate.js';
import { CompKind, type SubTypeDecl } from './heap-types.js';
import { type FuncType, ValType } from './types.js';

/**
 * A body that takes every path of the fast validator once: multi-byte immediates of each kind, every handled
 * instruction class, each block type form, a polymorphic stack. Validating it a few times before a large module
 * gives V8 type feedback for all those paths, so the optimised validator is not thrown away (deoptimised) on the
 * first rare path it meets in the module: a fresh process otherwise spends much of a big compile recompiling.
 */
const PRIME_BODY = [
  ...[0x20, 0x81, 0x01, 0x21, 0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x01, 0x22, 0x00, 0x1a], // locals, 5-byte s32
  ...[0x42, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x1a], // 10-byte s64
  ...[0x43, 0, 0, 0, 0, 0x1a, 0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0x1a], // f32, f64
  ...[0x41, 0x00, 0x28, 0x02, 0x80, 0x80, 0x80, 0x80, 0x01, 0x1a, 0x41, 0x00, 0x42, 0x00, 0x37, 0x03, 0x00], // load, store
  ...[0x3f, 0x00, 0x40, 0x00, 0x1a], // memory.size, memory.grow
  ...[0x41, 0, 0x41, 0, 0x41, 0, 0xfc, 0x0a, 0x00, 0x00, 0x41, 0, 0x41, 0, 0x41, 0, 0xfc, 0x0b, 0x00], // copy, fill
  ...[0x43, 0, 0, 0, 0, 0xfc, 0x00, 0x1a, 0x41, 1, 0x41, 2, 0x6a, 0x45, 0x1a, 0x23, 0x00, 0x24, 0x00], // numeric, global
  ...[0x02, 0x40, 0x0b, 0x02, 0x7f, 0x41, 0x00, 0x0b, 0x1a, 0x41, 0x00, 0x02, 0x01, 0x0b, 0x1a], // block types
  ...[0x03, 0x40, 0x41, 0x00, 0x0d, 0x00, 0x0b, 0x41, 0x00, 0x04, 0x40, 0x01, 0x05, 0x01, 0x0b], // loop, br_if, if/else
  ...[0x02, 0x40, 0x41, 0x00, 0x0e, 0x01, 0x00, 0x00, 0x0b, 0x02, 0x40, 0x0c, 0x00, 0x0b], // br_table, br
  ...[0x41, 0x00, 0x10, 0x01, 0x1a, 0x41, 0x00, 0x41, 0x00, 0x11, 0x01, 0x00, 0x1a], // call, call_indirect
  ...[0x41, 0, 0x41, 0, 0x41, 0, 0x1b, 0x1a, 0x02, 0x40, 0x00, 0x6a, 0x1a, 0x0b, 0x0f, 0x0b], // select, unreachable
];

let primed = false;

/** Validates `PRIME_BODY` (and a body the fast path hands over) a few times, once per realm; a no-op after. */
export function primeFastValidator(): void {
  if (primed) return;
  primed = true;
  for (let i = 0; i < 12; i++) runPrimeBody();
}

/**
 * Validates `PRIME_BODY`, then a body the fast path hands over, with a fresh validator.
 * @returns whether the prime body was accepted (it must be, to reach the end of every path)
 */
export function runPrimeBody(): boolean {
  const handOver = [0xfd, 0x0c]; // a SIMD instruction
  const bytes = new Uint8Array([...PRIME_BODY, ...handOver]);
  const i32 = ValType.I32;
  const empty: FuncType = { params: [], results: [] };
  const unary: FuncType = { params: [i32], results: [i32] };
  const decl = (params: readonly number[], results: readonly number[]): SubTypeDecl => ({
    kind: CompKind.Func,
    final: true,
    superIdx: -1,
    params,
    results,
    groupStart: 0,
    groupSize: 1,
  });
  const v = new FastValidator({
    bytes,
    types: [empty, unary],
    funcTypes: [0, 1],
    tables: [{ elemType: ValType.FuncRef, limits: { min: 1, max: null } }],
    mems: [{ limits: { min: 1, max: null } }],
    globals: [{ valType: i32, mutable: true }],
    elemTypes: [],
    dataCount: null,
    refs: new Set(),
    tagTypes: [],
    typeIds: [0, 1],
    subTypes: [decl([], []), decl([i32], [i32])],
  });
  const locals: number[] = new Array<number>(130).fill(i32);
  const ok = v.check(0, locals, 0, PRIME_BODY.length);
  return !v.check(0, locals, PRIME_BODY.length, bytes.length) && ok;
}
