/**
 * Running generated programs: on this interpreter through the low-level `Store` API, and on Node's own
 * `WebAssembly` (the oracle), with what each run leaves behind normalised for comparison: results as bit
 * strings (any NaN as `nan`), the trap, the memory bytes, the exported globals and the host import's calls.
 * @module
 */
import assert from 'node:assert/strict';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';

import {
  Execution,
  f32FromBits,
  f64FromBits,
  type HostFunction,
  i32,
  type Module,
  type RunResult,
  RuntimeError,
  Store,
  type StoreState,
  ValType,
  type WasmValue,
} from '../../src/index.js';
import { HOST_IMPORT, hostMix, type NumType, type Program } from './program-generator.js';

/** Assembles WAT text; a text that does not assemble is a bug in the test or the generator, never an outcome. */
export async function assemble(wat: string): Promise<Uint8Array> {
  try {
    return await parse(wat);
  } catch (e) {
    throw new Error(`WAT does not assemble: ${String(e)}\n${wat}`, { cause: e });
  }
}

/** The part of Node's own `WebAssembly` that the oracle uses (the package is typed without the DOM library). */
export interface NodeWasm {
  validate(bytes: Uint8Array): boolean;
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  readonly RuntimeError: new (message?: string) => Error;
}
/** Node's own `WebAssembly`: the oracle. */
export const nodeWasm: NodeWasm = (globalThis as unknown as { WebAssembly: NodeWasm }).WebAssembly;

const f32Buf = new Float32Array(1);
const f32Bits = new Uint32Array(f32Buf.buffer);
const f64Buf = new Float64Array(1);
const f64Bits = new BigUint64Array(f64Buf.buffer);

/** A value as a comparable string: type and bits; every NaN is `nan` (its bits may differ between engines). */
export function showValue(v: WasmValue): string {
  switch (v.type) {
    case 'i32':
      return `i32:${v.value}`;
    case 'i64':
      return `i64:${v.value}`;
    case 'f32':
      return Number.isNaN(f32FromBits(v.bits)) ? 'f32:nan' : `f32:0x${v.bits.toString(16)}`;
    case 'f64':
      return Number.isNaN(f64FromBits(v.bits)) ? 'f64:nan' : `f64:0x${v.bits.toString(16)}`;
    case 'v128':
      return `v128:0x${v.bits.toString(16)}`;
    default:
      return `${v.type}:${String(v.value)}`;
  }
}

/** A JS-API value of type `t` as a comparable string (see `showValue`). */
export function showJs(t: NumType, x: unknown): string {
  switch (t) {
    case 'i32':
      return `i32:${x as number}`;
    case 'i64':
      return `i64:${x as bigint}`;
    case 'f32':
      if (Number.isNaN(x)) return 'f32:nan';
      f32Buf[0] = x as number;
      return `f32:0x${f32Bits[0]!.toString(16)}`;
    case 'f64':
      if (Number.isNaN(x)) return 'f64:nan';
      f64Buf[0] = x as number;
      return `f64:0x${f64Bits[0]!.toString(16)}`;
  }
}

/** A WasmValue as the JS API passes it. */
export function toJs(v: WasmValue): unknown {
  switch (v.type) {
    case 'i32':
      return v.value;
    case 'i64':
      return v.value;
    case 'f32':
      return f32FromBits(v.bits);
    case 'f64':
      return f64FromBits(v.bits);
    default:
      throw new TypeError(`not a numeric value: ${v.type}`);
  }
}

/** What one call left behind. */
export interface Observation {
  /** `done [values…]` or `trap <kind>`. */
  readonly outcome: { readonly done: readonly string[] } | { readonly trap: string };
  readonly memory: Uint8Array;
  /** Exported globals, as `name=value`. */
  readonly globals: readonly string[];
  /** Calls of the host import so far, as `a,b`. */
  readonly hostCalls: readonly string[];
}

/**
 * Which messages of Node's traps fit each of our trap codes. V8 words some traps differently and merges
 * some (a null slot and a signature mismatch; NaN and out-of-range conversions).
 */
const NODE_TRAP_MESSAGES: Record<string, readonly string[]> = {
  unreachable: ['unreachable'],
  'memory-out-of-bounds': ['memory access out of bounds'],
  'integer-divide-by-zero': ['divide by zero', 'remainder by zero'],
  'integer-overflow': ['divide result unrepresentable', 'float unrepresentable in integer range'],
  'bad-conversion-to-integer': ['float unrepresentable in integer range'],
  'undefined-element': ['table index is out of bounds'],
  'table-out-of-bounds': ['table index is out of bounds'],
  'uninitialized-element': ['null function or function signature mismatch'],
  'indirect-call-to-null': ['null function or function signature mismatch'],
  'bad-signature': ['null function or function signature mismatch'],
  'call-stack-exhausted': ['Maximum call stack size exceeded'],
};

/** Whether our trap `code` and Node's trap message describe the same trap. */
export function trapsAgree(code: string, nodeMessage: string): boolean {
  return NODE_TRAP_MESSAGES[code]?.includes(nodeMessage) ?? false;
}

/** Our host import: records its calls and computes `hostMix`. */
export function ourHostMix(calls: string[]): HostFunction {
  return (args) => {
    const a = (args[0] as { value: number }).value;
    const b = (args[1] as { value: bigint }).value;
    calls.push(`${a},${b}`);
    return [i32(hostMix(a, b))];
  };
}

/** The function type of the host import. */
export const HOST_MIX_TYPE = { params: [ValType.I32, ValType.I64], results: [ValType.I32] };
/** The name our stores give the host import (what `Store.restore` resolves). */
export const HOST_MIX_NAME = `${HOST_IMPORT.module}.${HOST_IMPORT.name}`;

/** A program instantiated on this interpreter. */
export interface OurInstance {
  readonly store: Store;
  readonly instance: number;
  readonly main: number;
  /** The host import's calls. */
  readonly hostCalls: string[];
}

/**
 * The tier the interpreter's tests run (`EDGEDANCER_TEST_TIER`: `interp` by default; the `*-js.test` files run
 * the same tests with `js`).
 */
export function testTier(): 'interp' | 'js' | 'auto' {
  const t = process.env['EDGEDANCER_TEST_TIER'] ?? 'interp';
  if (t !== 'interp' && t !== 'js' && t !== 'auto') throw new Error(`EDGEDANCER_TEST_TIER: unknown tier ${t}`);
  return t;
}

/** Instantiates a program in a fresh store; `host` replaces the import's implementation. */
export function instantiateOurs(program: Program, module: Module, host?: HostFunction): OurInstance {
  const store = new Store({ tier: testTier() });
  const hostCalls: string[] = [];
  const imports = program.hasImport
    ? [store.hostFunc(HOST_MIX_TYPE, host ?? ourHostMix(hostCalls), HOST_MIX_NAME)]
    : [];
  const instance = store.instantiate(module, imports);
  const main = store.exportOf(instance, 'main');
  assert.ok(main !== undefined && main.kind === 'func');
  return { store, instance, main: main.addr, hostCalls };
}

/** Memory and globals of an instance of ours. */
export function observeOurs(
  store: Store,
  instance: number,
  program: Program,
): { memory: Uint8Array; globals: string[] } {
  const mem = store.exportOf(instance, 'mem')!;
  const memory = new Uint8Array(store.memoryBuffer(mem.addr).slice(0));
  const globals = program.globals.map(
    (g) => `${g.name}=${showValue(store.getGlobal(store.exportOf(instance, g.name)!.addr))}`,
  );
  return { memory, globals };
}

/** The outcome of a finished run of ours. */
export function outcomeOf(r: RunResult): Observation['outcome'] {
  if (r.status === 'done') return { done: r.results.map(showValue) };
  if (r.status === 'trapped') {
    assert.ok(r.error instanceof RuntimeError, 'a trap is a RuntimeError');
    return { trap: r.error.code };
  }
  throw new assert.AssertionError({ message: `run did not finish: suspended (${r.reason})` });
}

/** Runs `main` with every argument list on this interpreter, in one store; one observation per call. */
export function runOurs(program: Program, module: Module): Observation[] {
  const { store, instance, main, hostCalls } = instantiateOurs(program, module);
  return program.args.map((args) => {
    const r = store.call(main, args).run();
    return { outcome: outcomeOf(r), ...observeOurs(store, instance, program), hostCalls: hostCalls.slice() };
  });
}

/** Runs `main` with every argument list on Node's WebAssembly, in one instance; one observation per call. */
export function runNode(program: Program, bytes: Uint8Array): Observation[] {
  const hostCalls: string[] = [];
  const imports = program.hasImport
    ? {
        [HOST_IMPORT.module]: {
          [HOST_IMPORT.name]: (a: number, b: bigint) => {
            hostCalls.push(`${a},${b}`);
            return hostMix(a, b);
          },
        },
      }
    : {};
  // The synchronous constructors: the asynchronous `instantiate` compiles eagerly and is far slower here.
  const instance = new nodeWasm.Instance(new nodeWasm.Module(bytes), imports);
  const ex = instance.exports as Record<string, unknown>;
  const main = ex['main'] as (...a: unknown[]) => unknown;
  return program.args.map((args) => {
    let outcome: Observation['outcome'];
    try {
      const out = main(...args.map(toJs));
      const results = program.main.results;
      const values = results.length === 0 ? [] : results.length === 1 ? [out] : (out as unknown[]);
      outcome = { done: values.map((v, i) => showJs(results[i]!, v)) };
    } catch (e) {
      if (e instanceof nodeWasm.RuntimeError || (e instanceof RangeError && /call stack/.test(e.message))) {
        outcome = { trap: e.message };
      } else throw e;
    }
    const memory = new Uint8Array((ex['mem'] as { buffer: ArrayBuffer }).buffer.slice(0));
    const globals = program.globals.map((g) => `${g.name}=${showJs(g.type, (ex[g.name] as { value: unknown }).value)}`);
    return { outcome, memory, globals, hostCalls: hostCalls.slice() };
  });
}

/** The offset of the first differing byte, or -1 when equal (lengths included). */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** Asserts two memories are byte-equal, naming the first difference. */
export function assertSameMemory(actual: Uint8Array, expected: Uint8Array, message: string): void {
  const at = firstDifference(actual, expected);
  if (at >= 0) {
    assert.fail(
      `${message}: memories differ at byte ${at} (lengths ${actual.length}, ${expected.length}; ` +
        `bytes ${actual[at]} vs ${expected[at]})`,
    );
  }
}

/**
 * Captures a suspended execution and its store, clones them as another process would receive them (memory
 * buffers transferred), and restores both into a fresh store.
 * @returns the restored store and execution
 */
export function roundTrip(
  store: Store,
  ex: Execution,
  resolve: (name: string) => HostFunction,
): { store: Store; ex: Execution } {
  const state: { store: StoreState; exec: ReturnType<Execution['capture']> } = {
    store: store.capture(),
    exec: ex.capture(),
  };
  const clone = structuredClone(state, { transfer: state.store.mems.map((m) => m.bytes.buffer as ArrayBuffer) });
  const restored = Store.restore(clone.store, store.modules, (name) => resolve(name), { tier: testTier() });
  return { store: restored, ex: Execution.restore(restored, clone.exec) };
}
