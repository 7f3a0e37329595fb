/**
 * The capture property: for any program and any cut point, "run to the end" equals "run with fuel k, capture
 * the store and the execution, `structuredClone` them (memory buffers transferred), restore both into a fresh
 * store, run to the end": same results or trap, memory bytes, globals, tables, dropped segments and host calls.
 * Checked on generated programs at random cut points (one or several per call, over several calls in one
 * store), at every cut point of small programs, at every instruction with a round trip per step, at host-call
 * suspensions, and for interrupts and asynchronous host functions.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import {
  type Execution,
  type HostFunction,
  i32,
  Module,
  type RunResult,
  Store,
  SUSPEND,
  ValType,
  type WasmValue,
} from '../src/index.js';
import {
  assemble,
  assertSameMemory,
  HOST_MIX_NAME,
  instantiateOurs,
  observeOurs,
  ourHostMix,
  outcomeOf,
  roundTrip,
  testTier,
} from './support/engines.js';
import { generateProgram, hostMix, type Program, programArbitrary } from './support/program-generator.js';

const FC_SEED = Number(process.env['EDGEDANCER_FUZZ_SEED'] ?? 20240602);

/** Everything a finished call leaves behind that the property compares. */
interface Final {
  readonly outcome: ReturnType<typeof outcomeOf>;
  readonly memory: Uint8Array;
  readonly globals: readonly string[];
  readonly tables: readonly Int32Array[];
  readonly datasDropped: Uint8Array;
  readonly hostCalls: readonly string[];
}

function finalOf(store: Store, instance: number, p: Program, r: RunResult, hostCalls: readonly string[]): Final {
  const state = store.capture();
  return {
    outcome: outcomeOf(r),
    ...observeOurs(store, instance, p),
    tables: state.tables.map((t) => t.elements.slice()),
    datasDropped: state.datasDropped.slice(),
    hostCalls: hostCalls.slice(),
  };
}

function assertSameFinal(actual: Final, expected: Final, where: string): void {
  assert.deepStrictEqual(actual.outcome, expected.outcome, `${where}: outcome`);
  assertSameMemory(actual.memory, expected.memory, `${where}: memory`);
  assert.deepStrictEqual(actual.globals, expected.globals, `${where}: globals`);
  assert.deepStrictEqual(actual.tables, expected.tables, `${where}: tables`);
  assert.deepStrictEqual(actual.datasDropped, expected.datasDropped, `${where}: dropped data segments`);
  assert.deepStrictEqual(actual.hostCalls, expected.hostCalls, `${where}: host calls`);
}

const modules = new Map<string, Promise<Module>>();
function compiled(p: Program): Promise<Module> {
  let m = modules.get(p.wat);
  if (m === undefined) {
    m = assemble(p.wat).then((b) => new Module(b));
    modules.set(p.wat, m);
  }
  return m;
}

/** Instructions a call executes, counted in fuel slices of `slice` (exact when `slice` is 1). */
function countSteps(store: Store, main: number, args: readonly WasmValue[], slice: number): number {
  const ex = store.call(main, args);
  let n = 0;
  let r = ex.run({ fuel: slice });
  while (r.status === 'suspended') {
    n += slice;
    r = ex.run({ fuel: slice });
  }
  return n;
}

/** The reference: every argument list called in turn in one store, each run to the end without a cut. */
function reference(p: Program, module: Module): { finals: Final[]; steps: number[] } {
  const { store, instance, main, hostCalls } = instantiateOurs(p, module);
  const finals: Final[] = [];
  const steps: number[] = [];
  for (const args of p.args) {
    // Count on a throwaway copy of the store, so that the reference store runs each call exactly once.
    const probe = Store.restore(structuredClone(store.capture()), store.modules, () => ourHostMix([]), {
      tier: testTier(),
    });
    steps.push(countSteps(probe, main, args, 8));
    finals.push(finalOf(store, instance, p, store.call(main, args).run(), hostCalls));
  }
  return { finals, steps };
}

/**
 * Runs every call of the program in one store, suspending each call after the fuel slices `slices[i]` and
 * round-tripping store and execution through a fresh store at each suspension.
 */
function runWithCuts(p: Program, module: Module, slices: readonly (readonly number[])[]): Final[] {
  const first = instantiateOurs(p, module);
  const hostCalls = first.hostCalls;
  const host = ourHostMix(hostCalls);
  let store = first.store;
  const finals: Final[] = [];
  p.args.forEach((args, i) => {
    let ex = store.call(first.main, args);
    let r: RunResult | null = null;
    for (const fuel of slices[i] ?? []) {
      r = ex.run({ fuel });
      if (r.status !== 'suspended') break;
      ({ store, ex } = roundTrip(store, ex, () => host));
    }
    if (r === null || r.status === 'suspended') r = ex.run();
    finals.push(finalOf(store, first.instance, p, r, hostCalls));
  });
  return finals;
}

function where(p: Program, what: string): string {
  return `program seed=${p.seed} size=${p.size}: ${what}`;
}

describe('capture property: run to the end equals cut, capture, clone, restore, run to the end', () => {
  it('holds at random cut points, one to four per call, over several calls in one store', async () => {
    await fc.assert(
      fc.asyncProperty(
        programArbitrary({ minSize: 1, maxSize: 7 }),
        fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }), {
          minLength: 3,
          maxLength: 3,
        }),
        async (p, fractions) => {
          const module = await compiled(p);
          const ref = reference(p, module);
          // Cut points as fractions of each call's length, turned into fuel slices between them.
          const slices = fractions.map((fs, i) => {
            const points = fs.map((f) => 1 + Math.floor(f * Math.max(0, ref.steps[i]! - 1))).sort((a, b) => a - b);
            return points.map((x, j) => Math.max(1, x - (j === 0 ? 0 : points[j - 1]!)));
          });
          const got = runWithCuts(p, module, slices);
          got.forEach((f, i) => assertSameFinal(f, ref.finals[i]!, where(p, `call ${i}, fuel slices ${slices[i]}`)));
        },
      ),
      { seed: FC_SEED, numRuns: 120, endOnFailure: true },
    );
  });

  it('holds at every cut point of small programs', async () => {
    let checked = 0;
    for (let seed = 0; checked < 8 && seed < 200; seed++) {
      const p = generateProgram(seed, { size: 2 });
      const module = await compiled(p);
      const ref = reference(p, module);
      // Exact lengths; keep programs of a few hundred instructions.
      const { store, main } = instantiateOurs(p, module);
      const n = countSteps(store, main, p.args[0]!, 1);
      if (n < 40 || n > 600) continue;
      checked++;
      for (let k = 1; k <= n; k++) {
        const [got] = runWithCuts({ ...p, args: [p.args[0]!] }, module, [[k]]);
        assertSameFinal(got!, ref.finals[0]!, where(p, `call 0 cut at ${k} of ${n}`));
      }
    }
    assert.equal(checked, 8, 'not enough small programs in the seed range');
  });

  it('holds with a round trip after every single instruction', async () => {
    for (let seed = 300; seed < 330; seed++) {
      const p = generateProgram(seed, { size: 3 });
      const module = await compiled(p);
      const ref = reference(p, module);
      const slices = ref.steps.map((n) => Array.from({ length: Math.min(n + 8, 4000) }, () => 1));
      runWithCuts(p, module, slices).forEach((f, i) =>
        assertSameFinal(f, ref.finals[i]!, where(p, `call ${i}, steps of 1`)),
      );
    }
  });

  it('holds when the host import suspends every call and the results come after a round trip', async () => {
    for (let seed = 500; seed < 540; seed++) {
      const p = generateProgram(seed, { size: 5, withImport: true });
      const module = await compiled(p);
      const ref = reference(p, module);
      // The host records its arguments and suspends; the driver computes the results after the round trip.
      const hostCalls: string[] = [];
      let pending: [number, bigint] | null = null;
      const suspending: HostFunction = (args) => {
        const a = (args[0] as { value: number }).value;
        const b = (args[1] as { value: bigint }).value;
        hostCalls.push(`${a},${b}`);
        pending = [a, b];
        return SUSPEND;
      };
      const first = instantiateOurs(p, module, suspending);
      let store = first.store;
      let suspensions = 0;
      p.args.forEach((args, i) => {
        let ex: Execution = store.call(first.main, args);
        let r = ex.run({ fuel: 50 });
        while (r.status === 'suspended') {
          ({ store, ex } = roundTrip(store, ex, (name) => {
            assert.equal(name, HOST_MIX_NAME);
            return suspending;
          }));
          if (r.reason === 'host') {
            suspensions++;
            assert.equal(ex.status, 'suspended');
            assert.throws(() => ex.run(), TypeError, 'run() must refuse an execution that waits for host results');
            const [a, b] = pending!;
            r = ex.resume([i32(hostMix(a, b))], { fuel: 50 });
          } else r = ex.run({ fuel: 50 });
        }
        assertSameFinal(finalOf(store, first.instance, p, r, hostCalls), ref.finals[i]!, where(p, `call ${i}`));
      });
      if (ref.finals.at(-1)!.hostCalls.length > 0) assert.ok(suspensions > 0, where(p, 'never suspended at the host'));
    }
  });

  it('holds for runAsync with a host import that returns promises', async () => {
    for (let seed = 700; seed < 730; seed++) {
      const p = generateProgram(seed, { size: 5, withImport: true });
      const module = await compiled(p);
      const ref = reference(p, module);
      const hostCalls: string[] = [];
      const sync = ourHostMix(hostCalls);
      const asyncHost: HostFunction = (args, ctx) =>
        new Promise((resolve) => {
          setImmediate(() => resolve(sync(args, ctx) as WasmValue[]));
        });
      const { store, instance, main } = instantiateOurs(p, module, asyncHost);
      for (const [i, args] of p.args.entries()) {
        const r = await store.call(main, args).runAsync();
        assertSameFinal(finalOf(store, instance, p, r, hostCalls), ref.finals[i]!, where(p, `call ${i}`));
      }
    }
  });
});

/** A module whose loop calls the host `tick` each iteration and counts iterations in global `after`. */
const TICK_LOOP = `(module
  (import "env" "tick" (func $tick (param i32) (result i32)))
  (global $after (export "after") (mut i32) (i32.const 0))
  (global $calls (export "calls") (mut i32) (i32.const 0))
  (func $inc (global.set $calls (i32.add (global.get $calls) (i32.const 1))))
  (func (export "loop") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (call $tick (local.get $n))))
      (global.set $after (i32.add (global.get $after) (i32.const 1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))
  (func (export "calls_after_tick") (result i32)
    (drop (call $tick (i32.const 7)))
    (global.set $after (i32.const 100))
    (call $inc)
    (global.get $calls)))`;

const TICK_TYPE = { params: [ValType.I32], results: [ValType.I32] };

async function tickStore(tick: HostFunction): Promise<{ store: Store; instance: number; fn: (n: string) => number }> {
  const store = new Store({ tier: testTier() });
  const instance = store.instantiate(new Module(await assemble(TICK_LOOP)), [
    store.hostFunc(TICK_TYPE, tick, 'env.tick'),
  ]);
  return { store, instance, fn: (name) => store.exportOf(instance, name)!.addr };
}

describe('interrupts and asynchronous host calls', () => {
  it('honours an interrupt requested by a host function at the next loop back-edge', async () => {
    let ex: Execution | null = null;
    let ticks = 0;
    const { store, fn } = await tickStore((args) => {
      ticks++;
      if (ticks === 3) ex!.interrupt();
      return [i32(args[0]!.type === 'i32' ? args[0].value * 10 : 0)];
    });
    ex = store.call(fn('loop'), [i32(5)]);
    const r = ex.run();
    assert.equal(r.status, 'suspended');
    assert.equal(r.status === 'suspended' && r.reason, 'interrupt');
    // The third iteration finished its body (the global was set after the call) before the back-edge suspended.
    assert.equal(ticks, 3);
    assert.deepStrictEqual(store.getGlobal(fn('after')), i32(3));
    const done = ex.run();
    assert.deepStrictEqual(done, { status: 'done', results: [i32(50 + 40 + 30 + 20 + 10)] });
    assert.equal(ticks, 5);
  });

  it('honours an interrupt at the next call, and the call runs once after resuming', async () => {
    let ex: Execution | null = null;
    const { store, fn } = await tickStore(() => {
      ex!.interrupt();
      return [i32(0)];
    });
    ex = store.call(fn('calls_after_tick'), []);
    const r = ex.run();
    assert.equal(r.status === 'suspended' && r.reason, 'interrupt');
    assert.deepStrictEqual(store.getGlobal(fn('after')), i32(100), 'the instruction before the call ran');
    assert.deepStrictEqual(store.getGlobal(fn('calls')), i32(0), 'the call did not run yet');
    assert.deepStrictEqual(ex.run(), { status: 'done', results: [i32(1)] });
  });

  it('captures an interrupted execution and finishes it in a fresh store', async () => {
    let ex: Execution | null = null;
    let ticks = 0;
    const tick: HostFunction = (args) => {
      ticks++;
      if (ticks % 2 === 0) ex!.interrupt();
      return [i32(args[0]!.type === 'i32' ? args[0].value * 10 : 0)];
    };
    const t = await tickStore(tick);
    let store = t.store;
    ex = store.call(t.fn('loop'), [i32(6)]);
    let r = ex.run();
    let interrupts = 0;
    while (r.status === 'suspended') {
      assert.equal(r.reason, 'interrupt');
      interrupts++;
      ({ store, ex } = roundTrip(store, ex, () => tick));
      r = ex.run();
    }
    assert.equal(interrupts, 2, 'the last request comes in the last iteration, which has no back-edge');
    assert.deepStrictEqual(r, { status: 'done', results: [i32(210)] });
    assert.deepStrictEqual(store.getGlobal(t.fn('after')), i32(6));
  });

  it('an interrupt requested before running is honoured once, then cleared', async () => {
    const { store, fn } = await tickStore((args) => [args[0]!]);
    const ex = store.call(fn('loop'), [i32(3)]);
    ex.interrupt();
    const r = ex.run();
    assert.equal(r.status === 'suspended' && r.reason, 'interrupt');
    assert.deepStrictEqual(ex.run(), { status: 'done', results: [i32(3 + 2 + 1)] });
  });

  it('runAsync awaits a host promise, and a rejected promise ends the execution with the store usable', async () => {
    let fail = false;
    const { store, fn } = await tickStore(
      (args) =>
        new Promise((resolve, reject) => {
          setTimeout(() => (fail ? reject(new Error('host refused')) : resolve([args[0]!])), 1);
        }),
    );
    assert.deepStrictEqual(await store.call(fn('loop'), [i32(4)]).runAsync(), { status: 'done', results: [i32(10)] });
    fail = true;
    const ex = store.call(fn('loop'), [i32(4)]);
    await assert.rejects(ex.runAsync(), /host refused/);
    assert.equal(ex.status, 'trapped');
    fail = false;
    assert.deepStrictEqual(await store.call(fn('loop'), [i32(2)]).runAsync(), { status: 'done', results: [i32(3)] });
  });

  it('a promise-returning host under plain run() suspends with reason host; resume supplies the results', async () => {
    const { store, fn } = await tickStore((args) => Promise.resolve([args[0]!]));
    const ex = store.call(fn('loop'), [i32(2)]);
    let r = ex.run();
    let n = 0;
    while (r.status === 'suspended') {
      assert.equal(r.reason, 'host');
      n++;
      r = ex.resume([i32(100)]);
    }
    assert.equal(n, 2);
    assert.deepStrictEqual(r, { status: 'done', results: [i32(200)] });
  });
});

/** A library module: memory, table, global and functions that another module imports. */
const LIB = `(module
  (memory (export "mem") 1 3)
  (table (export "tab") 4 funcref)
  (global $count (export "count") (mut i32) (i32.const 0))
  (data (i32.const 0) "lib!")
  (elem (i32.const 0) $sq $inc)
  (elem $spare func $inc $sq)
  (func $sq (export "sq") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func $inc (param i32) (result i32)
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (i32.add (local.get 0) (i32.const 1)))
  (func (export "refill") (table.init $spare (i32.const 2) (i32.const 0) (i32.const 2)) (elem.drop $spare)))`;

/** An application module: imports the library's entities and a host logger; instantiated twice. */
const APP = `(module
  (import "lib" "mem" (memory 1 3))
  (import "lib" "tab" (table 4 funcref))
  (import "lib" "count" (global $count (mut i32)))
  (import "lib" "sq" (func $sq (param i32) (result i32)))
  (import "lib" "refill" (func $refill))
  (import "host" "log" (func $log (param i32 i64)))
  (type $unary (func (param i32) (result i32)))
  (global $mine (export "mine") (mut i64) (i64.const 0))
  (data $d "app-data")
  (elem declare func $twice)
  (func $twice (param i32) (result i32) (i32.shl (local.get 0) (i32.const 1)))
  (func (export "run") (param $n i32) (param $base i32) (result i32 i64) (local $i i32) (local $acc i32)
    (loop $l
      ;; Slots 2 and 3 are null until the third iteration fills them and grows the table and the memory.
      (if (i32.eq (local.get $i) (i32.const 2))
        (then
          (call $refill)
          (drop (table.grow (ref.func $twice) (i32.const 1)))
          (drop (memory.grow (i32.const 1)))
          (memory.init $d (i32.add (local.get $base) (i32.const 65536)) (i32.const 0) (i32.const 8))
          (data.drop $d)))
      (local.set $acc (i32.add (local.get $acc)
        (i32.add (call $sq (local.get $i))
          (call_indirect (type $unary) (local.get $i) (i32.rem_u (local.get $i) (table.size))))))
      (i32.store (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2))) (local.get $acc))
      (global.set $mine (i64.add (global.get $mine) (i64.extend_i32_u (local.get $acc))))
      (call $log (local.get $i) (global.get $mine))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $acc) (global.get $mine)))`;

describe('capture property across instances', () => {
  it('holds at every cut point with two modules, three instances and shared memory, table and global', async () => {
    const lib = new Module(await assemble(LIB));
    const app = new Module(await assemble(APP));
    const logType = { params: [ValType.I32, ValType.I64], results: [] };
    const build = (log: string[]): { store: Store; run: number; host: HostFunction } => {
      const store = new Store({ tier: testTier() });
      const host: HostFunction = (args) => {
        log.push(args.map((a) => String((a as { value: unknown }).value)).join(','));
        return [];
      };
      const l = store.instantiate(lib, []);
      const imports = ['mem', 'tab', 'count', 'sq', 'refill'].map((n) => store.exportOf(l, n)!);
      const logFn = store.hostFunc(logType, host, 'host.log');
      store.instantiate(app, [...imports, logFn]);
      const second = store.instantiate(app, [...imports, logFn]);
      return { store, run: store.exportOf(second, 'run')!.addr, host };
    };
    const args = [i32(6), i32(1000)];
    const snapshot = (store: Store, r: RunResult, log: readonly string[]): unknown => {
      const { mems, ...rest } = store.capture();
      return {
        outcome: outcomeOf(r),
        mems: mems.map((m) => m.bytes.slice()),
        ...structuredClone(rest),
        log: log.slice(),
      };
    };
    const refLog: string[] = [];
    const ref = build(refLog);
    const expected = snapshot(ref.store, ref.store.call(ref.run, args).run(), refLog);
    assert.deepStrictEqual((expected as { outcome: unknown }).outcome, { done: ['i32:102', 'i64:195'] });
    assert.equal(refLog.length, 6);
    // Every cut point, until the run finishes within its fuel.
    for (let k = 1; ; k++) {
      const log: string[] = [];
      const b = build(log);
      let ex = b.store.call(b.run, args);
      const r = ex.run({ fuel: k });
      if (r.status !== 'suspended') {
        assert.deepStrictEqual(snapshot(b.store, r, log), expected, `no cut at ${k}`);
        assert.ok(k > 100, 'the program runs long enough to be cut');
        break;
      }
      // biome-ignore lint/style/useConst: assigned together with `ex`, which changes.
      let store: Store;
      ({ store, ex } = roundTrip(b.store, ex, (name) => {
        assert.equal(name, 'host.log');
        return b.host;
      }));
      assert.deepStrictEqual(snapshot(store, ex.run(), log), expected, `cut at ${k}`);
    }
  });
});
