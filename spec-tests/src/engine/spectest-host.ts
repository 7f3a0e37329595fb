/**
 * The `spectest` host module every script may import from, described once for all engines: print
 * functions that do nothing, four immutable globals (666 / 666.6), a funcref table of 10..20 elements and a
 * memory of 1..2 pages. Host functions are named `spectest.<export>` in the store, which is how a restored
 * store finds them again.
 * @module
 */
import { parseF32Bits, parseF64Bits } from '../values/float-literal.js';
import type { WasmValue } from '../values/wasm-value.js';

/** The numeric value types the spectest module uses. */
export type SpectestValType = 'i32' | 'i64' | 'f32' | 'f64';

/** The spectest print functions: export name and parameter types (they return nothing). */
export const SPECTEST_FUNCS: readonly { readonly name: string; readonly params: readonly SpectestValType[] }[] = [
  { name: 'print', params: [] },
  { name: 'print_i32', params: ['i32'] },
  { name: 'print_i64', params: ['i64'] },
  { name: 'print_f32', params: ['f32'] },
  { name: 'print_f64', params: ['f64'] },
  { name: 'print_i32_f32', params: ['i32', 'f32'] },
  { name: 'print_f64_f64', params: ['f64', 'f64'] },
];

/** The spectest globals (all immutable). */
export const SPECTEST_GLOBALS: readonly { readonly name: string; readonly value: WasmValue }[] = [
  { name: 'global_i32', value: { type: 'i32', value: 666 } },
  { name: 'global_i64', value: { type: 'i64', value: 666n } },
  { name: 'global_f32', value: { type: 'f32', bits: parseF32Bits('666.6') } },
  { name: 'global_f64', value: { type: 'f64', bits: parseF64Bits('666.6') } },
];

/** The spectest funcref table's limits. */
export const SPECTEST_TABLE = { name: 'table', min: 10, max: 20 } as const;

/**
 * The spectest table64 (an `i64`-indexed funcref table, as the reference interpreter has it). Only the
 * interpreter engine provides it: Node's V8 does not take table64 without flags.
 */
export const SPECTEST_TABLE64 = { name: 'table64', min: 10, max: 20 } as const;

/** The spectest memory's limits, in pages. */
export const SPECTEST_MEMORY = { name: 'memory', min: 1, max: 2 } as const;

/** The prefix of the store-wide names of spectest host functions. */
export const SPECTEST_PREFIX = 'spectest.';

/**
 * The spectest module as text, its print functions imported from `host` (for engines whose host functions
 * carry no WebAssembly signature of their own).
 * @returns a module text
 */
export function spectestModuleText(): string {
  const lines = ['(module'];
  for (const f of SPECTEST_FUNCS) {
    lines.push(`  (import "host" "${f.name}" (func $${f.name} (param ${f.params.join(' ')})))`);
    lines.push(`  (export "${f.name}" (func $${f.name}))`);
  }
  for (const g of SPECTEST_GLOBALS) {
    const t = g.value.type;
    const init = g.value.type === 'f32' || g.value.type === 'f64' ? '666.6' : '666';
    lines.push(`  (global (export "${g.name}") ${t} (${t}.const ${init}))`);
  }
  lines.push(`  (table (export "${SPECTEST_TABLE.name}") ${SPECTEST_TABLE.min} ${SPECTEST_TABLE.max} funcref)`);
  lines.push(`  (memory (export "${SPECTEST_MEMORY.name}") ${SPECTEST_MEMORY.min} ${SPECTEST_MEMORY.max})`);
  lines.push(')');
  return lines.join('\n');
}
