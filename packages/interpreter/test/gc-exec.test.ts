/**
 * GC instructions end to end: a linked list of structs and arrays built and summed, `i31`, casts, packed fields;
 * a capture at every step (heap included) resumes to the same result, the heap's type ids travel as portable
 * `[module, type]` pairs, malformed captured heaps are refused, GC references reach the host as opaque objects
 * that come back unchanged, and GC functions stay interpreted by the JS tier.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Execution, GcRef, i32, Module, type RunResult, Store, type WasmValue } from '../src/index.js';
import { exportsOf, fn, ours } from './js-api-helpers.js';
import { assemble } from './support/engines.js';

const TEXT = `(module
  (type $node (struct (field $v (mut i32)) (field $next (ref null $node))))
  (type $bytes (array (mut i8)))
  (type $nodes (array (mut (ref null $node))))
  (global $seed (ref $node) (struct.new $node (i32.const 1000) (ref.null $node)))
  (func $list (param $n i32) (result (ref null $node))
    (local $head (ref null $node))
    (local.set $head (global.get $seed))
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $head (struct.new $node (local.get $n) (local.get $head)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (local.get $head))
  (func (export "sum") (param $n i32) (result i32)
    (local $p (ref null $node)) (local $s i32)
    (local.set $p (call $list (local.get $n)))
    (block $done
      (loop $l
        (local.set $s (i32.add (local.get $s) (struct.get $node $v (br_on_null $done (local.get $p)))))
        (local.set $p (struct.get $node $next (local.get $p)))
        (br $l)))
    (local.get $s))
  (func (export "bytes") (param $n i32) (result i32)
    (local $a (ref $bytes)) (local $i i32) (local $s i32)
    (local.set $a (array.new $bytes (i32.const 200) (local.get $n)))
    (array.set $bytes (local.get $a) (i32.const 0) (i32.const -1))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (array.len (local.get $a))))
        (local.set $s (i32.add (local.get $s) (array.get_u $bytes (local.get $a) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (i32.add (local.get $s) (array.get_s $bytes (local.get $a) (i32.const 0))))
  (func (export "nodes") (param $n i32) (result i32)
    (local $a (ref $nodes))
    (local.set $a (array.new_default $nodes (local.get $n)))
    (array.set $nodes (local.get $a) (i32.const 1) (struct.new $node (i32.const 7) (ref.null $node)))
    (array.copy $nodes $nodes (local.get $a) (i32.const 2) (local.get $a) (i32.const 1) (i32.const 2))
    (i32.add
      (struct.get $node $v (ref.cast (ref $node) (array.get $nodes (local.get $a) (i32.const 2))))
      (ref.test (ref $node) (array.get $nodes (local.get $a) (i32.const 3)))))
  (func (export "i31") (param i32) (result i32)
    (i31.get_s (ref.cast (ref i31) (any.convert_extern (extern.convert_any (ref.i31 (local.get 0)))))))
  (func (export "make") (param i32) (result anyref) (struct.new $node (local.get 0) (ref.null $node)))
  (func (export "value") (param anyref) (result i32) (struct.get $node $v (ref.cast (ref $node) (local.get 0))))
  (func (export "bad-cast") (result i32) (struct.get $node $v (ref.cast (ref $node) (ref.i31 (i32.const 1))))))`;

async function make() {
  const module = new Module(await assemble(TEXT));
  const store = new Store();
  const instance = store.instantiate(module, []);
  const fn = (name: string): number => store.exportOf(instance, name)!.addr;
  return { module, store, fn };
}

/** Runs to the end, capturing and restoring (structured clone) after every instruction. */
function runStepwise(module: Module, store: Store, fn: number, args: WasmValue[]): RunResult {
  let s = store;
  let run = s.call(fn, args);
  let r = run.run({ fuel: 1 });
  while (r.status === 'suspended') {
    const saved = structuredClone({ store: s.capture(), exec: run.capture() });
    s = Store.restore(saved.store, [module], () => {
      throw new Error('no host functions');
    });
    run = Execution.restore(s, saved.exec);
    r = run.run({ fuel: 1 });
  }
  return r;
}

describe('GC instructions', () => {
  it('build and walk structs and arrays', async () => {
    const { store, fn } = await make();
    assert.deepStrictEqual(store.call(fn('sum'), [i32(100)]).run(), { status: 'done', results: [i32(6050)] });
    // 200 × (n − 1) + 255 for element 0 read unsigned, then −1 for it read signed.
    assert.deepStrictEqual(store.call(fn('bytes'), [i32(10)]).run(), { status: 'done', results: [i32(2054)] });
    assert.deepStrictEqual(store.call(fn('nodes'), [i32(5)]).run(), { status: 'done', results: [i32(7)] });
    assert.deepStrictEqual(store.call(fn('i31'), [i32(-5)]).run(), { status: 'done', results: [i32(-5)] });
    const r = store.call(fn('bad-cast'), []).run();
    assert.equal(r.status, 'trapped');
    assert.match(String((r as { error: Error }).error.message), /cast failure/);
  });

  it('resume to the same result after a capture of the heap at every step', async () => {
    const { module, store, fn } = await make();
    assert.deepStrictEqual(runStepwise(module, store, fn('sum'), [i32(30)]), { status: 'done', results: [i32(1465)] });
    const again = await make();
    assert.deepStrictEqual(runStepwise(again.module, again.store, again.fn('nodes'), [i32(4)]), {
      status: 'done',
      results: [i32(7)],
    });
  });

  it('capture the heap with portable type names and refuse a malformed one', async () => {
    const { module, store, fn } = await make();
    store.call(fn('sum'), [i32(3)]).run();
    const state = store.capture();
    assert.ok(state.gcHeap !== undefined);
    // One type used ($node, index 0 of module 0): headers name entry 0 of the list.
    assert.deepStrictEqual([...state.gcHeap.types], [0, 0]);
    assert.equal(state.gcHeap.words[1], 0);
    // The capture collected first: the list is garbage, only the seed (a global's) is left.
    assert.deepStrictEqual([...state.gcHeap.words], [0, 0, 0, 1000, 0, 0]);
    const restored = Store.restore(structuredClone(state), [module], () => {
      throw new Error('none');
    });
    assert.deepStrictEqual(
      [...restored.gcHeap.words.subarray(2, state.gcHeap.words.length)],
      [...store.gcHeap.words.subarray(2, state.gcHeap.words.length)],
    );
    const bad = (edit: (w: Int32Array, t: Int32Array) => void): void => {
      const copy = structuredClone(state);
      edit(copy.gcHeap!.words, copy.gcHeap!.types as Int32Array);
      assert.throws(
        () => Store.restore(copy, [module], () => (() => []) as never),
        (e: unknown) => e instanceof TypeError && /gc heap/.test(e.message),
      );
    };
    bad((w) => {
      w[1] = 9; // an unknown type entry
    });
    bad((_, t) => {
      t[1] = 99; // no type 99 in the module
    });
    const notWords = structuredClone(state);
    (notWords.gcHeap as { words: unknown }).words = [0, 0, 0];
    assert.throws(() => Store.restore(notWords, [module], () => (() => []) as never), /gc heap: words or types/);
    bad((w) => {
      w[4] = 0x7fff; // the seed's next (tag Heap) points at no object
      w[5] = 1;
    });
  });

  it('hand GC references to the host as opaque objects that come back unchanged', async () => {
    const { store, fn } = await make();
    const r = store.call(fn('make'), [i32(42)]).run();
    assert.equal(r.status, 'done');
    const ref = (r as { results: WasmValue[] }).results[0]!;
    assert.equal(ref.type, 'externref');
    const obj = (ref as { value: unknown }).value;
    assert.ok(obj instanceof GcRef);
    assert.equal(obj.gcKind, 'struct');
    assert.ok(Object.isFrozen(obj));
    assert.deepStrictEqual(store.call(fn('value'), [ref]).run(), { status: 'done', results: [i32(42)] });
    // A look-alike made by the host is a host value, not a reference into the heap: the cast fails.
    const fake = { type: 'externref', value: new GcRef('struct') } as WasmValue;
    assert.equal(store.call(fn('value'), [fake]).run().status, 'trapped');
  });

  it('give JavaScript opaque objects for GC references through the JS API, unchanged on the way back', async () => {
    const exports = await exportsOf(ours, TEXT);
    const made = fn(exports, 'make')(42);
    assert.ok(made instanceof GcRef && Object.isFrozen(made));
    assert.equal(fn(exports, 'value')(made), 42);
    assert.throws(() => fn(exports, 'value')({ gcKind: 'struct' }), /cast failure/);
    assert.throws(() => fn(exports, 'value')(new GcRef('struct')), /cast failure/);
  });

  it('leave GC functions to the interpreter in the JS tier', async () => {
    const module = new Module(await assemble(TEXT));
    const store = new Store({ tier: 'js' });
    const instance = store.instantiate(module, []);
    const sum = store.exportOf(instance, 'sum')!.addr;
    assert.deepStrictEqual(store.call(sum, [i32(10)]).run(), { status: 'done', results: [i32(1055)] });
  });
});
