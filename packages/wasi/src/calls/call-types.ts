/**
 * The shape of one WASI function in the call table, and readers for its arguments (WASI passes pointers,
 * sizes and descriptors as i32 and 64-bit quantities as i64; all are unsigned).
 * @module
 */
import type { WasmValue } from '@edgedancer/interpreter';
import type { GuestMemory } from '../guest-memory.js';
import type { WasiState } from '../wasi-state.js';

/** A WASI parameter or result type. */
export type WasiValType = 'i32' | 'i64';

/** One WASI function: its name in `wasi_snapshot_preview1`, its signature and its implementation. */
export interface WasiCall {
  readonly name: string;
  readonly params: readonly WasiValType[];
  /** `['i32']` (an errno) for every function but `proc_exit`. */
  readonly results: readonly WasiValType[];
  /** Returns the errno; throws `WasiError` for errors, `WasiExit` to end the run. */
  readonly impl: (s: WasiState, m: GuestMemory, a: readonly WasmValue[]) => number;
}

/**
 * Declares a function returning an errno.
 * @param name the spec's name
 * @param params parameter types
 * @param impl the implementation
 */
export function call(name: string, params: readonly WasiValType[], impl: WasiCall['impl']): WasiCall {
  return { name, params, results: ['i32'], impl };
}

/** Argument `i` as a u32. */
export function u32(a: readonly WasmValue[], i: number): number {
  return (a[i] as { value: number }).value >>> 0;
}

/** Argument `i` as a u64. */
export function u64(a: readonly WasmValue[], i: number): bigint {
  return BigInt.asUintN(64, (a[i] as { value: bigint }).value);
}
