/**
 * Collection while a program runs: programs that allocate far more than a small heap holds finish as with a
 * huge heap; references held only in locals, operand slots, globals, tables, exception payloads, caller frames,
 * a host function's JavaScript (a `GcRef`) and an outer execution waiting on a host call survive collections
 * that move objects; a heap whose live objects pass the limit traps; translated (JS tier) code and a capture and
 * restore between collections change nothing.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  Execution,
  GcRef,
  type HostFunction,
  i32,
  Module,
  type RunResult,
  Store,
  type StoreOptions,
  type WasmValue,
} from '../src/index.js';
import { assemble } from './support/engines.js';

/** A `(struct i32 (ref null $node))` is 5 heap words; `churn n` allocates n of them and keeps none. */
const TEXT = `(module
  (type $node (struct (field $v (mut i32)) (field $next (mut (ref null $node)))))
  (import "host" "pass" (func $pass (param externref) (result externref)))
  (import "host" "churn" (func $hchurn (param i32)))
  (tag $t (param (ref null $node)))
  (global $g (mut (ref null $node)) (ref.null $node))
  (table $tab 2 (ref null $node))
  (func $churn (export "churn") (param $n i32)
    (block $d (loop $l
      (br_if $d (i32.eqz (local.get $n)))
      (drop (struct.new $node (local.get $n) (ref.null $node)))
      (local.set $n (call $dec (local.get $n)))
      (br $l))))
  (func $dec (param i32) (result i32) (i32.sub (local.get 0) (i32.const 1)))
  (func $churn0 (param $n i32) (result i32) (call $churn (local.get $n)) (i32.const 0))
  (func $mk (param $v i32) (result (ref $node)) (struct.new $node (local.get $v) (ref.null $node)))
  (func $v (param (ref null $node)) (result i32) (struct.get $node $v (local.get 0)))
  (func $plus (param (ref null $node)) (param i32) (result i32) (i32.add (call $v (local.get 0)) (local.get 1)))
  (func (export "local") (param $n i32) (result i32)
    (local $x (ref null $node))
    (call $churn (local.get $n))
    (local.set $x (call $mk (i32.const 4242)))
    (call $churn (local.get $n))
    (call $v (local.get $x)))
  (func (export "operand") (param $n i32) (result i32)
    (call $churn (local.get $n))
    (call $plus (call $mk (i32.const 4242)) (call $churn0 (local.get $n))))
  (func (export "new-operand") (param $n i32) (result i32)
    (local $s i32)
    ;; the inner struct is an operand of the outer allocation, which collects now and then
    (block $d (loop $l
      (br_if $d (i32.eqz (local.get $n)))
      ;; an extra object every third round, so that collections fall on either allocation
      (if (i32.eqz (i32.rem_u (local.get $n) (i32.const 3))) (then (drop (call $mk (i32.const 0)))))
      (local.set $s (i32.add (local.get $s) (call $v (struct.get $node $next
        (struct.new $node (i32.const 1) (struct.new $node (local.get $n) (ref.null $node)))))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l)))
    (local.get $s))
  (type $nodes (array (ref null $node)))
  (elem $seg (ref null $node) (item (struct.new $node (i32.const 4242) (ref.null $node))))
  (func (export "segment") (param $n i32) (result i32)
    (call $churn (local.get $n))
    (call $v (array.get $nodes (array.new_elem $nodes $seg (i32.const 0) (i32.const 1)) (i32.const 0))))
  (func (export "global") (param $n i32) (result i32)
    (call $churn (local.get $n))
    (global.set $g (call $mk (i32.const 4242)))
    (call $churn (local.get $n))
    (call $v (global.get $g)))
  (func (export "table") (param $n i32) (result i32)
    (call $churn (local.get $n))
    (table.set $tab (i32.const 1) (call $mk (i32.const 4242)))
    (call $churn (local.get $n))
    (call $v (table.get $tab (i32.const 1))))
  (func (export "exception") (param $n i32) (result i32)
    (local $e exnref)
    (call $churn (local.get $n))
    (block $h (result (ref null $node) exnref)
      (try_table (catch_ref $t $h) (throw $t (call $mk (i32.const 4242))))
      (unreachable))
    (local.set $e)
    (drop)
    (call $churn (local.get $n))
    (block $h2 (result (ref null $node))
      (try_table (catch $t $h2) (throw_ref (local.get $e)))
      (unreachable))
    (call $v))
  (func (export "host") (param $n i32) (result i32)
    (call $churn (local.get $n))
    (call $v (ref.cast (ref null $node)
      (any.convert_extern (call $pass (extern.convert_any (call $mk (i32.const 4242))))))))
  (func (export "nested") (param $n i32) (result i32)
    (local $x (ref null $node))
    (call $churn (local.get $n))
    (local.set $x (call $mk (i32.const 4242)))
    (call $hchurn (local.get $n))
    (call $v (local.get $x)))
  (func $deep (export "deep") (param $d i32) (param $n i32) (result i32)
    (local $x (ref null $node))
    (local.set $x (call $mk (local.get $d)))
    (if (result i32) (i32.eqz (local.get $d))
      (then (call $churn (local.get $n)) (i32.const 0))
      (else (call $deep (i32.sub (local.get $d) (i32.const 1)) (local.get $n))))
    (i32.add (call $v (local.get $x))))
  (func (export "list") (param $k i32) (param $n i32) (result i32)
    (local $head (ref null $node)) (local $i i32) (local $s i32)
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $k)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (local.set $head (struct.new $node (local.get $i) (local.get $head)))
      (call $churn (local.get $n))
      (br $l)))
    (block $e (loop $l
      (local.set $s (i32.add (local.get $s) (struct.get $node $v (br_on_null $e (local.get $head)))))
      (local.set $head (struct.get $node $next (local.get $head)))
      (br $l)))
    (local.get $s))
  (func (export "make") (param i32) (result anyref) (call $mk (local.get 0)))
  (func (export "value") (param anyref) (result i32) (call $v (ref.cast (ref null $node) (local.get 0))))
  (func (export "set") (param anyref) (global.set $g (ref.cast (ref null $node) (local.get 0))))
  (func (export "get") (result anyref) (global.get $g))
)`;

let wasm: Uint8Array | null = null;

/** Host functions of a store: `pass` churns in a nested execution while JavaScript holds the reference. */
function hostFor(get: () => { store: Store; churn: number }): (name: string) => HostFunction {
  return (name) => {
    if (name === 'host.pass') {
      return ([r]) => {
        const { store, churn } = get();
        assert.equal(store.call(churn, [i32(3000)]).run().status, 'done');
        return [r!];
      };
    }
    return ([n]) => {
      const { store, churn } = get();
      assert.equal(store.call(churn, [n!]).run().status, 'done');
      return [];
    };
  };
}

const PASS_TYPE = { params: [0x6f], results: [0x6f] };
const CHURN_TYPE = { params: [0x7f], results: [] };

interface Made {
  readonly store: Store;
  readonly module: Module;
  readonly collections: number[];
  exp(name: string): number;
  call(name: string, args: WasmValue[]): RunResult;
}

async function make(options: StoreOptions = {}): Promise<Made> {
  wasm ??= await assemble(TEXT);
  const module = new Module(wasm);
  const collections: number[] = [];
  const store = new Store({ ...options, gcObserver: (r) => collections.push(r.liveWords) });
  const ctx = { store, churn: -1 };
  const host = hostFor(() => ctx);
  const instance = store.instantiate(module, [
    store.hostFunc(PASS_TYPE, host('host.pass'), 'host.pass'),
    store.hostFunc(CHURN_TYPE, host('host.churn'), 'host.churn'),
  ]);
  const exp = (name: string): number => store.exportOf(instance, name)!.addr;
  ctx.churn = exp('churn');
  return { store, module, collections, exp, call: (name, args) => store.call(exp(name), args).run() };
}

const SMALL: StoreOptions = { gcHeap: { maxWords: 4096 } };

function results(r: RunResult): WasmValue[] {
  assert.equal(r.status, 'done', r.status === 'trapped' ? r.error.message : r.status);
  return (r as { results: WasmValue[] }).results;
}

describe('the GC heap is collected while a program runs', () => {
  const ROOTS: [string, WasmValue[], number][] = [
    ['local', [i32(3000)], 4242],
    ['operand', [i32(3000)], 4242],
    ['new-operand', [i32(3000)], (3000 * 3001) / 2],
    ['segment', [i32(3000)], 4242],
    ['global', [i32(3000)], 4242],
    ['table', [i32(3000)], 4242],
    ['exception', [i32(3000)], 4242],
    ['host', [i32(3000)], 4242],
    ['nested', [i32(3000)], 4242],
    ['deep', [i32(300), i32(3000)], (300 * 301) / 2],
    ['list', [i32(300), i32(200)], (300 * 301) / 2],
  ];

  for (const [name, args, expected] of ROOTS) {
    it(`keeps a reference held by: ${name}`, async () => {
      const small = await make(SMALL);
      assert.deepStrictEqual(results(small.call(name, args)), [i32(expected)]);
      assert.ok(small.collections.length > 0, 'the small heap collected');
      assert.ok(small.store.gcHeap.top <= 4096);
      const big = await make();
      assert.deepStrictEqual(results(big.call(name, args)), [i32(expected)]);
      assert.ok(big.collections.length < small.collections.length);
    });
  }

  it('traps heap exhaustion only when the live objects pass the limit', async () => {
    const small = await make(SMALL);
    // 1000 live nodes are 5000 words: past the limit even after collections.
    const r = small.call('list', [i32(1000), i32(10)]);
    assert.equal(r.status, 'trapped');
    assert.match((r as { error: Error }).error.message, /heap/);
    assert.ok(small.collections.length > 0);
    // The store stays usable and collects what the trapped run left.
    assert.deepStrictEqual(results(small.call('list', [i32(100), i32(100)])), [i32(5050)]);
  });

  it('keeps the objects of GcRefs the host holds, the same GcRef each time', async () => {
    const small = await make(SMALL);
    const ref = results(small.call('make', [i32(77)]))[0]!;
    const obj = (ref as { value: unknown }).value;
    assert.ok(obj instanceof GcRef);
    results(small.call('set', [ref]));
    results(small.call('churn', [i32(5000)]));
    assert.ok(small.collections.length > 1);
    assert.deepStrictEqual(results(small.call('value', [ref])), [i32(77)]);
    assert.equal((results(small.call('get', []))[0] as { value: unknown }).value, obj);
    // Held only by the host now.
    const held = results(small.call('make', [i32(78)]))[0]!;
    results(small.call('set', [{ type: 'externref', value: null }]));
    results(small.call('churn', [i32(5000)]));
    assert.deepStrictEqual(results(small.call('value', [held])), [i32(78)]);
    assert.deepStrictEqual(results(small.call('value', [ref])), [i32(77)]);
  });

  it('collects under the JS tier, which leaves reference-holding functions interpreted', async () => {
    const small = await make({ ...SMALL, tier: 'js' });
    for (const [name, args, expected] of ROOTS)
      assert.deepStrictEqual(results(small.call(name, args)), [i32(expected)]);
    assert.ok(small.collections.length > 0);
    const stats = small.store.jsTier!.stats;
    assert.ok(stats.translated > 0, 'the numeric helper is translated');
    assert.ok(stats.declined > 0, 'functions holding references are not');
  });

  it('resumes a restored execution between collections with the same result', async () => {
    const first = await make(SMALL);
    const expected = results(first.call('list', [i32(120), i32(150)]));
    const src = await make(SMALL);
    let store = src.store;
    let ex = store.call(src.exp('list'), [i32(120), i32(150)]);
    const ctx = { store, churn: src.exp('churn') };
    let r = ex.run({ fuel: 5000 });
    let moves = 0;
    while (r.status === 'suspended') {
      const state = structuredClone({ store: store.capture(), ex: ex.capture() });
      store = Store.restore(
        state.store,
        [src.module],
        hostFor(() => ctx),
        SMALL,
      );
      ctx.store = store;
      ex = Execution.restore(store, state.ex);
      moves++;
      r = ex.run({ fuel: 5000 });
    }
    assert.ok(moves > 10);
    assert.deepStrictEqual(results(r), expected);
  });
});
