/**
 * Capture/restore cost and snapshot size as functions of memory size and
 * stack depth. A probe module is run on Edgedancer's low-level API until it
 * suspends (out of fuel) `depth` frames deep; then a strong snapshot is taken
 * (`store.capture()` + `execution.capture()` + `encodeSnapshot`, the
 * canonical format of `@edgedancer/migration`) and restored into a fresh
 * store (`decodeSnapshot` + `Store.restore` + `Execution.restore`). Another
 * interpreter or codec can be measured by passing a `SnapshotTarget`.
 * @module
 */
import { Execution, type ExecutionState, i32, Module, Store, type StoreState } from '@edgedancer/interpreter';
import { decodeSnapshot, encodeSnapshot, hashModule } from '@edgedancer/migration';
import { median } from './stats.js';
import { loadWabt } from './wat.js';

/** One measured point. */
export interface SnapshotPoint {
  readonly memoryPages: number;
  readonly stackDepth: number;
  /** Wall ms from a suspended execution to snapshot bytes (capture + encode), median. */
  readonly captureMs: number;
  /** Wall ms from snapshot bytes to a resumable execution in a fresh store (decode + restore), median. */
  readonly restoreMs: number;
  /** Size of the encoded snapshot. */
  readonly snapshotBytes: number;
}

/** The snapshot section of a report. */
export type SnapshotReport =
  | { readonly status: 'unavailable'; readonly reason: string }
  | { readonly status: 'error'; readonly reason: string }
  | {
      readonly status: 'measured';
      /** What produced the bytes. */
      readonly bytesMeasure: string;
      readonly byMemory: readonly SnapshotPoint[];
      readonly byDepth: readonly SnapshotPoint[];
    };

/** A suspended execution, ready to be snapshotted. */
export interface SuspendedRun {
  /** Captures the state and encodes it. */
  snapshot(): Uint8Array;
  /** Decodes a snapshot and restores it into a fresh store; returns the resumable execution. */
  restore(bytes: Uint8Array): unknown;
}

/** What the snapshot benchmark needs from an interpreter and codec. */
export interface SnapshotTarget {
  /** Describes the encoding, for the report. */
  readonly bytesMeasure: string;
  /** Starts `main(depth)` of the module and runs it until it suspends inside its innermost frame. */
  suspendAt(wasm: Uint8Array, depth: number): SuspendedRun;
}

/** Memory sizes (64 KiB pages) measured at a shallow stack. */
export const MEMORY_PAGES = [1, 16, 64, 256] as const;
/** Stack depths (wasm frames) measured with one page of memory. */
export const STACK_DEPTHS = [1, 100, 1000, 10_000] as const;
const SHALLOW_DEPTH = 10;
const REPS = 5;
/** Fuel per frame of the probe's descent (plus a fixed margin where it is used). */
const FUEL_PER_FRAME = 20;

/**
 * The WAT of the probe module: `main(depth)` fills its whole memory with a
 * non-zero byte (the worst case for a codec that skips zero chunks), then
 * recurses `depth` frames deep and spins in the innermost one, where fuel
 * runs out.
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
  (func (export "main") (param $d i32) (result i32)
    (memory.fill (i32.const 0) (i32.const 0x5a) (i32.mul (memory.size) (i32.const 65536)))
    (call $rec (local.get $d))))`;
}

function noHost(name: string): never {
  throw new Error(`the snapshot probe imports nothing (asked for ${name})`);
}

/**
 * Edgedancer's interpreter with the canonical snapshot codec.
 * @returns the target
 */
export function edgedancerSnapshotTarget(): SnapshotTarget {
  return {
    bytesMeasure: 'canonical strong snapshot (@edgedancer/migration encodeSnapshot)',
    suspendAt(wasm, depth) {
      const module = new Module(wasm);
      const hashes = [hashModule(wasm)];
      const store = new Store({ maxCallDepth: depth + 100 });
      const instance = store.instantiate(module, []);
      const main = store.exportOf(instance, 'main');
      if (!main) throw new Error('probe module has no main');
      const exec = store.call(main.addr, [i32(depth)]);
      const result = exec.run({ fuel: FUEL_PER_FRAME * depth + 1_000_000 });
      if (result.status !== 'suspended') throw new Error(`expected a suspended run, got ${result.status}`);
      return {
        snapshot: () =>
          encodeSnapshot({
            agentId: 'bench',
            migrationCounter: 1n,
            kind: 'strong',
            moduleHashes: hashes,
            store: store.capture(),
            execution: exec.capture(),
            hostSections: [],
          }),
        restore: (bytes) => {
          const snap = decodeSnapshot(bytes, { moduleHashes: hashes });
          const fresh = Store.restore(snap.store as StoreState, store.modules, noHost);
          return Execution.restore(fresh, snap.execution as ExecutionState);
        },
      };
    },
  };
}

function measure(target: SnapshotTarget, wasm: Uint8Array, pages: number, depth: number): SnapshotPoint {
  const captures: number[] = [];
  const restores: number[] = [];
  let bytes = 0;
  for (let rep = 0; rep < REPS; rep++) {
    const run = target.suspendAt(wasm, depth);
    let t = performance.now();
    const snapshot = run.snapshot();
    captures.push(performance.now() - t);
    bytes = snapshot.length;
    t = performance.now();
    run.restore(snapshot);
    restores.push(performance.now() - t);
  }
  return {
    memoryPages: pages,
    stackDepth: depth,
    captureMs: median(captures),
    restoreMs: median(restores),
    snapshotBytes: bytes,
  };
}

/**
 * Measures snapshot and restore over `MEMORY_PAGES` (at a shallow stack) and
 * `STACK_DEPTHS` (with one page).
 * @param target the interpreter and codec; defaults to Edgedancer's
 * @returns the measurements, or the error that stopped them; never throws
 */
export async function measureSnapshots(target: SnapshotTarget = edgedancerSnapshotTarget()): Promise<SnapshotReport> {
  try {
    const toWasm = await loadWabt();
    const byMemory = MEMORY_PAGES.map((pages) =>
      measure(target, toWasm(snapshotProbeWat(pages)), pages, SHALLOW_DEPTH),
    );
    const onePage = toWasm(snapshotProbeWat(1));
    const byDepth = STACK_DEPTHS.map((depth) => measure(target, onePage, 1, depth));
    return { status: 'measured', bytesMeasure: target.bytesMeasure, byMemory, byDepth };
  } catch (err) {
    return { status: 'error', reason: err instanceof Error ? err.message : String(err) };
  }
}
