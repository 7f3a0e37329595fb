/**
 * Canonical capture of the GC heap: two runs that build the same object graph in different allocation orders
 * (with garbage between) capture the same heap words, globals and stack words; capture keeps live objects only,
 * and the program goes on unchanged from the canonical layout.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Execution, i32, Module, Store, SUSPEND } from '../src/index.js';
import { assemble } from './support/engines.js';

/** `build(order)` makes the cycle x → y → z → x (order 1: x, y, z with garbage; order 0: z, y, x). */
const TEXT = `(module
  (type $node (struct (field $v i32) (field $next (mut (ref null $node)))))
  (type $pair (array (mut anyref)))
  (import "host" "pause" (func $pause))
  (global $a (mut (ref null $node)) (ref.null $node))
  (global $b (mut anyref) (ref.null any))
  (func $n (param i32) (result (ref $node)) (struct.new $node (local.get 0) (ref.null $node)))
  (func (export "build") (param $order i32) (result i32)
    (local $x (ref null $node)) (local $y (ref null $node)) (local $z (ref null $node))
    (if (local.get $order)
      (then
        (local.set $x (call $n (i32.const 1)))
        (drop (call $n (i32.const 99)))
        (local.set $y (call $n (i32.const 2)))
        (drop (array.new_default $pair (i32.const 5)))
        (local.set $z (call $n (i32.const 3))))
      (else
        (local.set $z (call $n (i32.const 3)))
        (local.set $y (call $n (i32.const 2)))
        (local.set $x (call $n (i32.const 1)))))
    (struct.set $node $next (local.get $x) (local.get $y))
    (struct.set $node $next (local.get $y) (local.get $z))
    (struct.set $node $next (local.get $z) (local.get $x))
    (global.set $a (local.get $y))
    (global.set $b (array.new_fixed $pair 2 (local.get $z) (ref.i31 (i32.const 7))))
    (call $pause)
    ;; after the pause: walk the cycle from $a and check the locals still name the same objects
    (i32.add
      (i32.add
        (struct.get $node $v (local.get $x))
        (i32.mul (i32.const 10) (struct.get $node $v (struct.get $node $next (global.get $a)))))
      (i32.mul (i32.const 100)
        (ref.eq (local.get $x) (struct.get $node $next (struct.get $node $next (local.get $y)))))))
)`;

async function setup(): Promise<{ store: Store; module: Module; build: number }> {
  const module = new Module(await assemble(TEXT));
  const store = new Store();
  const pause = store.hostFunc({ params: [], results: [] }, () => SUSPEND, 'host.pause');
  const instance = store.instantiate(module, [pause]);
  return { store, module, build: store.exportOf(instance, 'build')!.addr };
}

describe('canonical capture of the GC heap', () => {
  it('captures the same words whatever the allocation order', async () => {
    const captures = [];
    for (const order of [0, 1]) {
      const { store, build } = await setup();
      const ex = store.call(build, [i32(order)]);
      assert.equal(ex.run().status, 'suspended');
      const before = store.gcHeap.top;
      const state = store.capture();
      const exec = ex.capture();
      captures.push({ heap: state.gcHeap!, globals: state.globalValues, stack: exec.stack, frames: exec.frames });
      // Garbage is gone (order 1 allocated two dead objects).
      if (order === 1) assert.ok(store.gcHeap.top < before);
      // The program continues from the canonical layout.
      assert.deepStrictEqual(ex.resume([]), { status: 'done', results: [i32(131)] });
    }
    const [a, b] = captures;
    assert.deepStrictEqual([...a!.heap.words], [...b!.heap.words]);
    assert.deepStrictEqual([...a!.heap.types], [...b!.heap.types]);
    assert.deepStrictEqual([...a!.globals], [...b!.globals]);
    // The stacks differ only in the parameter (slot 0).
    assert.deepStrictEqual([...a!.stack.subarray(2)], [...b!.stack.subarray(2)]);
    // Roots first, in root order: global $a's y, global $b's array, then the frame's locals x and z.
    const w = a!.heap.words;
    assert.equal(a!.globals[0], 0x40000001);
    assert.equal(w[3], 2); // y.v
    assert.equal(a!.globals[4], 0x40000006); // the array, after y's 5 words
    assert.equal(a!.stack[2], 0x4000000c); // local x, after the array's 6 words
    assert.equal(a!.stack[6], 0x40000011); // local z
  });

  it('captures the canonical layout again (a no-op) and restores it', async () => {
    const { store, module, build } = await setup();
    const ex = store.call(build, [i32(1)]);
    ex.run();
    const first = store.capture();
    const words = store.gcHeap.words.slice(0, store.gcHeap.top);
    const exec = ex.capture();
    assert.deepStrictEqual(store.gcHeap.words.slice(0, store.gcHeap.top), words);
    const second = store.capture();
    assert.deepStrictEqual([...second.gcHeap!.words], [...first.gcHeap!.words]);
    const restored = Store.restore(structuredClone(second), [module], () => () => SUSPEND as never);
    const again = Execution.restore(restored, structuredClone(exec));
    assert.deepStrictEqual(again.resume([]), { status: 'done', results: [i32(131)] });
  });
});
