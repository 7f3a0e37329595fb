/**
 * The facade's default store frees what no JS object reaches: instances, memories, tables, globals, host
 * functions, modules and host values of dropped objects are freed and their addresses reused, while whatever
 * a live object reaches (across linked instances too) stays and keeps working. Counts store entries after
 * forced garbage collections; no timing.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  callAsync,
  defaultStore,
  type ExportedFunction,
  Global,
  Instance,
  liveEntities,
  type Memory,
  Module,
  reclaimDefaultStore,
  Table,
} from '../src/index.js';
import { wat } from './js-api-helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Lets the collector take every dropped object (WeakRefs are only cleared once the current job has ended). */
async function collect(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setImmediate(r));
    gc();
  }
  await new Promise((r) => setTimeout(r, 1));
  reclaimDefaultStore();
}

const ENTITIES = `(module
  (import "env" "log" (func $log (param i32)))
  (memory (export "mem") 1)
  (table (export "tbl") 2 funcref)
  (global $g (export "g") (mut i32) (i32.const 7))
  (global (export "ext") (mut externref) (ref.null extern))
  (data (i32.const 0) "hi")
  (elem (i32.const 0) $f $f)
  (func $f (export "f") (param i32) (result i32)
    (call $log (local.get 0))
    (global.set $g (i32.add (global.get $g) (local.get 0)))
    (i32.add (i32.load8_u (i32.const 0)) (local.get 0))))`;

describe('default store reclamation', () => {
  it('frees the entities of dropped instances and reuses their addresses', async () => {
    const module = new Module(await wat(ENTITIES));
    await collect();
    const store = defaultStore();
    const before = liveEntities(store);
    const slotsBefore = store.instances.length;
    let logged = 0;
    const cycles = 3000;
    // In a function of its own, so that no suspended frame keeps the last instance.
    const cycle = (i: number): void => {
      const { exports } = new Instance(module, { env: { log: () => logged++ } });
      (exports['ext'] as Global).value = { cycle: i };
      assert.equal((exports['f'] as ExportedFunction)(1), 0x68 + 1);
    };
    for (let i = 0; i < cycles; i++) {
      cycle(i);
      if (i % 250 === 249) await collect();
    }
    await collect();
    const after = liveEntities(store);
    assert.equal(logged, cycles);
    // Nothing of the dropped instances is left; the lists grew by at most the instances made between collections.
    for (const k of ['instances', 'funcs', 'mems', 'tables', 'globals', 'elems', 'datas', 'externs'] as const) {
      assert.ok(after[k] <= before[k], `${k}: ${before[k]} live before, ${after[k]} after ${cycles} cycles`);
    }
    assert.ok(
      store.instances.length - slotsBefore <= 500,
      `${store.instances.length - slotsBefore} new instance slots`,
    );
    assert.ok(store.funcs.length < 5000, `${store.funcs.length} function slots`);
  });

  it('frees a dropped module once no instance uses it', async () => {
    const bytes = await wat('(module (func (export "f") (result i32) (i32.const 3)))');
    await collect();
    const store = defaultStore();
    const before = liveEntities(store).modules;
    for (let i = 0; i < 200; i++) {
      assert.equal((new Instance(new Module(bytes)).exports['f'] as ExportedFunction)(), 3);
    }
    await collect();
    assert.ok(liveEntities(store).modules <= before + 1, `${liveEntities(store).modules - before} modules left`);
  });

  it('keeps what a live object reaches, across linked instances', async () => {
    const a = new Instance(
      new Module(
        await wat(`(module
      (memory (export "mem") 1)
      (global $n (export "n") (mut i32) (i32.const 0))
      (func (export "bump") (result i32) (global.set $n (i32.add (global.get $n) (i32.const 1))) (global.get $n)))`),
      ),
    );
    const b = new Instance(
      new Module(
        await wat(`(module
      (import "a" "mem" (memory 1))
      (import "a" "bump" (func $bump (result i32)))
      (func (export "run") (result i32) (i32.store (i32.const 8) (call $bump)) (i32.load (i32.const 8))))`),
      ),
      { a: { mem: a.exports['mem']!, bump: a.exports['bump']! } },
    );
    // Keep only b's function and a's memory: a's instance stays, reached through what b imports.
    const run = b.exports['run'] as ExportedFunction;
    const mem = a.exports['mem'] as Memory;
    const sizeBefore = liveEntities(defaultStore()).instances;
    await collect();
    assert.equal(run(), 1);
    assert.equal(run(), 2);
    assert.equal(new Int32Array(mem.buffer)[2], 2);
    assert.ok(liveEntities(defaultStore()).instances <= sizeBefore);
    assert.equal(run(), 3);
  });

  it('keeps the function a JS table holds after its instance is dropped', async () => {
    const table = new Table({ element: 'anyfunc', initial: 1 });
    const global = new Global({ value: 'anyfunc', mutable: true });
    const bytes = await wat(`(module
      (import "env" "t" (table 1 funcref))
      (import "env" "g" (global (mut funcref)))
      (global $k (mut i32) (i32.const 40))
      (func $f (result i32) (global.set $k (i32.add (global.get $k) (i32.const 1))) (global.get $k))
      (elem (i32.const 0) $f)
      (func (export "init") (global.set 0 (ref.func $f))))`);
    (() => {
      const i = new Instance(new Module(bytes), { env: { t: table, g: global } });
      (i.exports['init'] as ExportedFunction)();
    })();
    await collect();
    assert.equal((table.get(0) as ExportedFunction)(), 41);
    assert.equal((global.value as ExportedFunction)(), 42);
    assert.equal(table.get(0), global.value);
  });

  it('gives the same object for an address while it lives', async () => {
    const i = new Instance(
      new Module(await wat('(module (func (export "f")) (table (export "t") 1 funcref) (elem (i32.const 0) 0))')),
    );
    const f = i.exports['f'];
    await collect();
    assert.equal((i.exports['t'] as Table).get(0), f);
  });

  it('frees nothing while a callAsync is suspended', async () => {
    let resolve!: (v: number) => void;
    const pending = new Promise<number>((r) => {
      resolve = r;
    });
    const call = (async () => {
      const { exports } = new Instance(
        new Module(
          await wat(`(module
        (import "env" "wait" (func $wait (result i32)))
        (memory 1)
        (func (export "f") (result i32) (i32.store (i32.const 0) (i32.const 5)) (i32.add (call $wait) (i32.load (i32.const 0)))))`),
        ),
        { env: { wait: () => pending } },
      );
      return callAsync(exports['f'] as ExportedFunction);
    })();
    await new Promise((r) => setImmediate(r));
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setImmediate(r));
    }
    assert.equal(reclaimDefaultStore(), null);
    resolve(10);
    assert.equal(await call, 15);
    await collect();
  });

  it('leaves the default store capturable and restorable', async () => {
    await collect();
    const store = defaultStore();
    const state = structuredClone(store.capture());
    const { Store } = await import('../src/index.js');
    const restored = Store.restore(state, store.modules, () => () => []);
    assert.equal(restored.instances.length, store.instances.length);
  });
});
