/**
 * Capture/restore cost as functions of memory size and stack depth: the hook
 * for the snapshot half of the benchmark. It drives the interpreter's
 * low-level API (`Store`, `Execution`, see docs/interpreter-api.md) through
 * the small `SnapshotTarget` interface below. Until the interpreter exports
 * that API, `measureSnapshots` reports `unavailable` and the harness carries
 * on. Snapshot size is the length of `v8.serialize({ store, exec })` of the
 * captured plain-data state, a stand-in until the canonical snapshot encoder
 * exists: pass its `encode` as `SnapshotTarget.encode` to measure real bytes.
 * @module
 */
import { serialize } from 'node:v8';
import { median } from './stats.js';
import { loadWabt } from './wat.js';
import { INTERPRETER_PACKAGE } from './worker/adapters.js';

/** One measured point. */
export interface SnapshotPoint {
  readonly memoryPages: number;
  readonly stackDepth: number;
  /** Wall ms of capturing store + execution and copying the state out (structuredClone), median. */
  readonly captureMs: number;
  /** Wall ms of restoring both from that copy into a fresh store, median. */
  readonly restoreMs: number;
  /** Size of the captured state, per `bytesMeasure`. */
  readonly snapshotBytes: number;
}

/** The snapshot section of a report. */
export type SnapshotReport =
  | { readonly status: 'unavailable'; readonly reason: string }
  | { readonly status: 'error'; readonly reason: string }
  | {
      readonly status: 'measured';
      /** What `snapshotBytes` counts. */
      readonly bytesMeasure: string;
      readonly byMemory: readonly SnapshotPoint[];
      readonly byDepth: readonly SnapshotPoint[];
    };

/** A suspended execution and what capturing it involves, engine-neutral. */
export interface SuspendedRun {
  /** Captures the whole state as plain data. */
  capture(): unknown;
  /** Restores a captured state into a fresh store and returns something that could run on. */
  restore(state: unknown): unknown;
}

/** What the snapshot benchmark needs from an interpreter. */
export interface SnapshotTarget {
  /** Starts `main(depth)` of the module and runs it until it suspends inside its innermost frame. */
  suspendAt(wasm: Uint8Array, depth: number): SuspendedRun;
  /** The canonical snapshot encoder, when there is one; otherwise sizes use v8.serialize. */
  encode?(state: unknown): Uint8Array;
}

/** Memory sizes (64 KiB pages) measured at a shallow stack. */
export const MEMORY_PAGES = [1, 16, 64, 256] as const;
/** Stack depths (wasm frames) measured with one page of memory. */
export const STACK_DEPTHS = [1, 100, 1000, 5000] as const;
const SHALLOW_DEPTH = 10;
const REPS = 5;

/**
 * The WAT of the probe module: `main(depth)` writes a word into every page
 * of its memory, then recurses `depth` frames deep and spins forever in the
 * innermost one, where fuel runs out.
 * @param pages memory size in 64 KiB pages
 * @returns the module text
 */
export function snapshotProbeWat(pages: number): string {
  return `(module
  (memory (export "memory") ${pages})
  (func $rec (param $d i32) (result i32)
    (if (result i32) (i32.eqz (local.get $d))
      (then (loop $spin (br $spin)) (unreachable))
      (else (i32.add (call $rec (i32.sub (local.get $d) (i32.const 1))) (i32.const 1)))))
  (func (export "main") (param $d i32) (result i32) (local $p i32)
    (block $done
      (loop $touch
        (br_if $done (i32.ge_u (local.get $p) (memory.size)))
        (i32.store (i32.mul (local.get $p) (i32.const 65536)) (i32.add (local.get $p) (i32.const 1)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $touch)))
    (call $rec (local.get $d))))`;
}

function measure(target: SnapshotTarget, wasm: Uint8Array, pages: number, depth: number): SnapshotPoint {
  const captures: number[] = [];
  const restores: number[] = [];
  let bytes = 0;
  for (let rep = 0; rep < REPS; rep++) {
    const run = target.suspendAt(wasm, depth);
    let t = performance.now();
    // capture() may return views of live memory: a snapshot is the capture plus a detached copy
    const state = structuredClone(run.capture());
    captures.push(performance.now() - t);
    bytes = target.encode ? target.encode(state).length : serialize(state).length;
    t = performance.now();
    run.restore(state);
    restores.push(performance.now() - t);
  }
  return { memoryPages: pages, stackDepth: depth, captureMs: median(captures), restoreMs: median(restores), snapshotBytes: bytes };
}

/** Minimal view of the documented low-level API. */
interface LowLevelApi {
  Module: new (bytes: Uint8Array) => unknown;
  Store: {
    new (options?: { maxCallDepth?: number }): LowStore;
    restore(state: unknown, modules: readonly unknown[], host: () => never): LowStore;
  };
  Execution: { restore(store: LowStore, state: unknown): unknown };
  i32(n: number): unknown;
}
interface LowStore {
  instantiate(module: unknown, imports: readonly unknown[]): number;
  exportOf(instanceAddr: number, name: string): { kind: string; addr: number } | undefined;
  call(funcAddr: number, args: readonly unknown[]): { run(o: { fuel: number }): { status: string }; capture(): unknown };
  capture(): unknown;
  readonly modules: readonly unknown[];
}

/**
 * The default target: Edgedancer's low-level API as documented. Returns a
 * reason string when the interpreter does not export it (yet).
 * @returns the target, or why there is none
 */
export async function edgedancerSnapshotTarget(): Promise<SnapshotTarget | string> {
  let api: Partial<LowLevelApi>;
  try {
    const specifier: string = INTERPRETER_PACKAGE;
    api = (await import(specifier)) as Partial<LowLevelApi>;
  } catch (err) {
    return `${INTERPRETER_PACKAGE} cannot be imported yet (${(err as Error).message.split('\n')[0]})`;
  }
  const { Module, Store, Execution, i32 } = api;
  if (!Module || !Store || typeof Store.restore !== 'function' || !Execution || !i32) {
    return `${INTERPRETER_PACKAGE} does not export Module, Store, Execution and i32 yet`;
  }
  const noHost = (): never => {
    throw new Error('the snapshot probe imports nothing');
  };
  return {
    suspendAt(wasm, depth) {
      const module = new Module(wasm);
      const store = new Store({ maxCallDepth: depth + 100 });
      const instance = store.instantiate(module, []);
      const main = store.exportOf(instance, 'main');
      if (!main) throw new Error('probe module has no main');
      const exec = store.call(main.addr, [i32(depth)]);
      const result = exec.run({ fuel: 50 * depth + 100_000 });
      if (result.status !== 'suspended') throw new Error(`expected a suspended run, got ${result.status}`);
      return {
        capture: () => ({ store: store.capture(), exec: exec.capture() }),
        restore: (state) => {
          const s = state as { store: unknown; exec: unknown };
          return Execution.restore(Store.restore(s.store, store.modules, noHost), s.exec);
        },
      };
    },
  };
}

/**
 * Measures capture/restore time and snapshot size over `MEMORY_PAGES` (at a
 * shallow stack) and `STACK_DEPTHS` (with one page).
 * @param target the interpreter to measure; defaults to Edgedancer's
 * @returns the measurements, or why there are none; never throws
 */
export async function measureSnapshots(target?: SnapshotTarget): Promise<SnapshotReport> {
  const chosen = target ?? (await edgedancerSnapshotTarget());
  if (typeof chosen === 'string') return { status: 'unavailable', reason: chosen };
  try {
    const wabt = await loadWabt();
    const byMemory = MEMORY_PAGES.map((pages) => measure(chosen, wabt(snapshotProbeWat(pages)), pages, SHALLOW_DEPTH));
    const oneBig = wabt(snapshotProbeWat(1));
    const byDepth = STACK_DEPTHS.map((depth) => measure(chosen, oneBig, 1, depth));
    const bytesMeasure = chosen.encode ? 'canonical snapshot encoding' : 'v8.serialize of the captured state (stand-in)';
    return { status: 'measured', bytesMeasure, byMemory, byDepth };
  } catch (err) {
    return { status: 'error', reason: err instanceof Error ? err.message : String(err) };
  }
}
