/**
 * Tight loops in the fused copy: a strided byte fill (`store8 [j + c] = v; j += step; loop while j < limit`)
 * and a scan (a branch on a loaded byte or word and the counter's latch), whose bodies fuse into one or two ops
 * with a compare-and-branch latch. Each pass must count its original instructions in fuel, stop where the plain
 * code would (fuel short of a group, an interrupt at the back-edge), trap at the exact store that leaves memory,
 * and leave what Node's WebAssembly leaves.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { type Execution, i32, Module, type RunResult, Store, type WasmValue } from '../src/index.js';
import { assemble, nodeWasm, roundTrip, showValue } from './support/engines.js';

/**
 * `lts`: do-while with a constant step, signed test. `ltu`: an offset, a step in a local, unsigned test.
 * `gts`: the test written `limit > j`. `ne`: an equality test. `whileish`: the while shape a compiler rotates.
 */
const WAT = `(module
  (memory (export "mem") 1)
  (func (export "lts") (param $j i32) (param $n i32) (result i32)
    (loop $l
      (i32.store8 (local.get $j) (i32.const 1))
      (br_if $l (i32.lt_s (local.tee $j (i32.add (local.get $j) (i32.const 3))) (local.get $n))))
    (local.get $j))
  (func (export "ltu") (param $j i32) (param $n i32) (param $k i32) (result i32)
    (loop $l
      (i32.store8 offset=7 (i32.add (local.get $j) (i32.const 5)) (i32.const 2))
      (br_if $l (i32.lt_u (local.tee $j (i32.add (local.get $j) (local.get $k))) (local.get $n))))
    (local.get $j))
  (func (export "gts") (param $j i32) (param $n i32) (result i32)
    (loop $l
      (i32.store8 (local.get $j) (i32.const 3))
      (br_if $l (i32.gt_s (local.get $n) (local.tee $j (i32.add (local.get $j) (i32.const 2))))))
    (local.get $j))
  (func (export "ne") (param $j i32) (param $n i32) (result i32)
    (loop $l
      (i32.store8 (local.get $j) (i32.const 4))
      (br_if $l (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 4))) (local.get $n))))
    (local.get $j))
  (data (i32.const 0) "\\01\\01\\01\\00\\01\\01\\00\\00\\01\\02\\03\\04\\00\\00\\00\\00\\05\\06\\07\\08\\09")
  (data (i32.const 65520) "\\01\\02\\03\\04\\05\\06\\07\\08\\09\\0a\\0b\\0c\\0d\\0e\\0f\\10")
  (func (export "scan") (param $i i32) (param $n i32) (result i32)
    (local $count i32)
    (block $done
      (loop $outer
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (if (i32.eqz (i32.load8_u (local.get $i))) (then (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
    (i32.add (i32.mul (local.get $count) (i32.const 100000)) (local.get $i)))
  (func (export "scanw") (param $i i32) (param $n i32) (result i32)
    (local $count i32)
    (block $done
      (loop $outer
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.eqz (i32.load offset=2 (local.get $i))) (then (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $outer)))
    (i32.add (i32.mul (local.get $count) (i32.const 100000)) (local.get $i)))
  (func (export "scanz") (param $i i32) (param $n i32) (result i32)
    (local $count i32)
    (block $done
      (loop $outer
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (if (i32.load8_u offset=1 (local.get $i)) (then (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
    (i32.add (i32.mul (local.get $count) (i32.const 100000)) (local.get $i)))
  (func (export "whileish") (param $j i32) (param $n i32) (param $k i32) (result i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_s (local.get $j) (local.get $n)))
        (i32.store8 (local.get $j) (i32.const 5))
        (local.set $j (i32.add (local.get $j) (local.get $k)))
        (br $l)))
    (local.get $j))
)`;

/** Calls: export, arguments. Some run off the end of the one-page memory and trap part-way. */
const CALLS: readonly [string, number[]][] = [
  ['lts', [0, 3000]],
  ['lts', [-5, 100]],
  ['lts', [65000, 70000]],
  ['ltu', [10, 4000, 7]],
  ['ltu', [65500, 65600, 1]],
  ['gts', [1, 5001]],
  ['ne', [8, 2048]],
  ['ne', [65536 - 40, 65536 + 400]],
  ['whileish', [2, 60000, 2]],
  ['whileish', [3, 70000, 5]],
  ['scan', [0, 40]],
  ['scan', [3, 65536]],
  ['scan', [65500, 65600]],
  ['scanw', [0, 64]],
  ['scanw', [65400, 65540]],
  ['scanz', [0, 30]],
  ['scanz', [40, 65600]],
];

let modulePromise: Promise<{ module: Module; bytes: Uint8Array }> | undefined;
function compiled(): Promise<{ module: Module; bytes: Uint8Array }> {
  modulePromise ??= assemble(WAT).then((bytes) => ({ module: new Module(bytes), bytes }));
  return modulePromise;
}

function start(module: Module, name: string, args: readonly number[]): { store: Store; ex: Execution } {
  const store = new Store();
  const instance = store.instantiate(module, []);
  return { store, ex: store.call(store.exportOf(instance, name)!.addr, args.map((a) => i32(a)) as WasmValue[]) };
}

function memoryOf(store: Store): Uint8Array {
  return new Uint8Array(store.memoryBuffer(store.exportOf(0, 'mem')!.addr));
}

/** The outcome and a hash of the memory. */
function finalOf(store: Store, r: RunResult): string {
  const outcome =
    r.status === 'done'
      ? r.results.map(showValue).join(',')
      : r.status === 'trapped'
        ? `trap ${r.error.code}`
        : `suspended ${r.reason}`;
  const mem = memoryOf(store);
  let h = 0;
  for (let i = 0; i < mem.length; i++) h = (Math.imul(h, 31) + mem[i]!) | 0;
  return `${outcome} mem#${h}`;
}

/** Single steps: the number of original instructions run, and the final state. */
function singleSteps(module: Module, name: string, args: readonly number[]): { steps: number; final: string } {
  const { store, ex } = start(module, name, args);
  let steps = 0;
  let r = ex.run({ fuel: 1 });
  while (r.status === 'suspended') {
    steps++;
    r = ex.run({ fuel: 1 });
  }
  return { steps: steps + ex.fuelUsed, final: finalOf(store, r) };
}

describe('single-op loops', { timeout: 300_000 }, () => {
  it('leave what Node leaves: results, traps at the first store past the end, memory', async () => {
    const { module, bytes } = await compiled();
    for (const [name, args] of CALLS) {
      const node = new nodeWasm.Instance(new nodeWasm.Module(bytes), {}).exports;
      let expected: string;
      try {
        expected = String((node[name] as (...a: number[]) => number)(...args));
      } catch (e) {
        expected = `trap ${(e as Error).message}`;
      }
      const { store, ex } = start(module, name, args);
      const r = ex.run();
      const got =
        r.status === 'done'
          ? String((r.results[0] as { value: number }).value)
          : `trap ${r.status === 'trapped' ? r.error.message : r.status}`;
      if (expected.startsWith('trap')) assert.equal(r.status, 'trapped', `${name}(${args}): ${got} vs ${expected}`);
      else assert.equal(got, expected, `${name}(${args})`);
      const nodeMem = new Uint8Array((node.mem as { buffer: ArrayBuffer }).buffer);
      assert.deepEqual(memoryOf(store), nodeMem, `${name}(${args}): memory`);
    }
  });

  it('count fuel per pass exactly, in any slice, and finish as a run without a budget does', async () => {
    const { module } = await compiled();
    for (const [name, args] of CALLS) {
      const { store: s0, ex: e0 } = start(module, name, args);
      const reference = finalOf(s0, e0.run());
      const { steps, final } = singleSteps(module, name, args);
      assert.equal(final, reference, `${name}(${args}): single steps`);
      for (const slice of [2, 4, 5, 9, 100, 4099, steps - 1, steps]) {
        if (slice < 1) continue;
        const { store, ex } = start(module, name, args);
        let used = 0;
        let r = ex.run({ fuel: slice });
        while (r.status === 'suspended') {
          assert.equal(ex.fuelUsed, slice, `${name}(${args}): a suspended slice of ${slice} used it all`);
          used += slice;
          r = ex.run({ fuel: slice });
        }
        used += ex.fuelUsed;
        if (r.status === 'done') assert.equal(used, steps, `${name}(${args}): fuel in slices of ${slice}`);
        assert.equal(finalOf(store, r), reference, `${name}(${args}): slices of ${slice}`);
      }
    }
  });

  it('stop at the back-edge for an interrupt, with the loop counter in its local, and resume after a round trip', async () => {
    const { module } = await compiled();
    for (const [name, args] of CALLS) {
      const { store: s0, ex: e0 } = start(module, name, args);
      const reference = finalOf(s0, e0.run());
      let { store, ex } = start(module, name, args);
      let stops = 0;
      let r: RunResult;
      for (;;) {
        ex.interrupt();
        r = ex.run();
        if (r.status !== 'suspended') break;
        assert.equal(r.reason, 'interrupt');
        stops++;
        if (stops % 97 === 0) {
          ({ store, ex } = roundTrip(store, ex, () => {
            throw new Error('no host functions');
          }));
        }
      }
      assert.equal(finalOf(store, r), reference, `${name}(${args}): interrupted at every back-edge`);
      assert.ok(stops > 0 || r.status === 'trapped', `${name}(${args}): stopped at back-edges`);
    }
  });
});
