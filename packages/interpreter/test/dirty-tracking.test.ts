/**
 * Dirty-chunk tracking of memories (`MemInst.dirty`, `markDirty`, `dirtyChunks`, `clearDirty`): every store
 * width, stores straddling a 4 KiB boundary or ending on it, traps that write nothing, `memory.fill/copy/init`,
 * active data segments at instantiation, shared memories, growth keeping the flags, and clearing.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { i32, i64, Module, PAGE_SIZE, Store, type WasmValue } from '../src/index.js';
import { DIRTY_CHUNK_SIZE } from '../src/runtime.js';
import { assemble } from './support/engines.js';

const CHUNK = DIRTY_CHUNK_SIZE;

/** Instantiates WAT in a fresh store; returns the memory instance and a caller of exports. */
async function setup(text: string): Promise<{
  store: Store;
  mem: Store['mems'][number];
  call: (name: string, ...args: WasmValue[]) => ReturnType<Store['invoke']>;
  run: (name: string, ...args: WasmValue[]) => ReturnType<ReturnType<Store['call']>['run']>;
}> {
  const store = new Store();
  const instance = store.instantiate(new Module(await assemble(text)), []);
  const mem = store.mems[store.exportOf(instance, 'mem')!.addr]!;
  const fn = (name: string): number => store.exportOf(instance, name)!.addr;
  return {
    store,
    mem,
    call: (name, ...args) => store.invoke(fn(name), args),
    run: (name, ...args) => store.call(fn(name), args).run(),
  };
}

const STORES = [
  ['i32.store', 'i32', 4],
  ['i32.store8', 'i32', 1],
  ['i32.store16', 'i32', 2],
  ['i64.store', 'i64', 8],
  ['i64.store8', 'i64', 1],
  ['i64.store16', 'i64', 2],
  ['i64.store32', 'i64', 4],
  ['f32.store', 'f32', 4],
  ['f64.store', 'f64', 8],
] as const;

/** One exported function per store instruction: `(param addr)`, storing all-ones bits. */
const STORE_MODULE = `(module (memory (export "mem") 2 4)
  ${STORES.map(([op, t]) => {
    const value =
      t === 'i32'
        ? 'i32.const -1'
        : t === 'i64'
          ? 'i64.const -1'
          : t === 'f32'
            ? 'f32.const -nan:0x7fffff'
            : 'f64.const -nan:0xfffffffffffff';
    return `(func (export "${op}") (param i32) local.get 0 ${value} ${op})`;
  }).join('\n  ')}
  (func (export "i32.store offset=4096") (param i32) local.get 0 i32.const -1 i32.store offset=4096)
  (func (export "load") (param i32) (result i64) local.get 0 i64.load)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))`;

describe('dirty tracking: stores', () => {
  it('a fresh memory has no dirty chunks, and one flag per chunk plus one', async () => {
    const { mem } = await setup(STORE_MODULE);
    assert.deepStrictEqual(mem.dirtyChunks(), []);
    assert.equal(mem.dirty.length, (2 * PAGE_SIZE) / CHUNK + 1);
  });

  for (const [op, , width] of STORES) {
    it(`${op} marks the chunk it writes`, async () => {
      const { mem, call } = await setup(STORE_MODULE);
      call(op, i32(5 * CHUNK + 100));
      assert.deepStrictEqual(mem.dirtyChunks(), [5]);
      mem.clearDirty();
      call(op, i32(7 * CHUNK));
      assert.deepStrictEqual(mem.dirtyChunks(), [7], 'first byte of a chunk');
      mem.clearDirty();
      call(op, i32(8 * CHUNK - width));
      assert.deepStrictEqual(mem.dirtyChunks(), [7], 'ending on the last byte of a chunk');
      mem.clearDirty();
      call(op, i32(2 * PAGE_SIZE - width));
      assert.deepStrictEqual(mem.dirtyChunks(), [31], 'the last bytes of memory');
    });

    if (width > 1) {
      it(`${op} straddling a chunk boundary marks both chunks, at every straddling address`, async () => {
        const { mem, call } = await setup(STORE_MODULE);
        for (let k = 1; k < width; k++) {
          mem.clearDirty();
          call(op, i32(3 * CHUNK - k));
          assert.deepStrictEqual(mem.dirtyChunks(), [2, 3], `${k} bytes before the boundary`);
        }
        mem.clearDirty();
        call(op, i32(PAGE_SIZE - 1 - (width - 2)));
        assert.deepStrictEqual(mem.dirtyChunks(), [15, 16], 'across the page boundary');
      });
    }
  }

  it('a static offset counts in the address', async () => {
    const { mem, call } = await setup(STORE_MODULE);
    call('i32.store offset=4096', i32(CHUNK - 2));
    assert.deepStrictEqual(mem.dirtyChunks(), [1, 2]);
  });

  it('a store that traps out of bounds writes and marks nothing', async () => {
    const { mem, run } = await setup(STORE_MODULE);
    for (const [op, , width] of STORES) {
      if (width === 1) continue;
      const r = run(op, i32(2 * PAGE_SIZE - width + 1));
      assert.equal(r.status, 'trapped', op);
    }
    assert.equal(run('i32.store8', i32(2 * PAGE_SIZE)).status, 'trapped');
    assert.deepStrictEqual(mem.dirtyChunks(), []);
    assert.ok(
      mem.u8.every((b) => b === 0),
      'no partial write',
    );
  });

  it('loads mark nothing', async () => {
    const { mem, call } = await setup(STORE_MODULE);
    for (const a of [0, CHUNK - 4, 3 * CHUNK, 2 * PAGE_SIZE - 8]) call('load', i32(a));
    assert.deepStrictEqual(mem.dirtyChunks(), []);
  });

  it('clearDirty forgets every flag; later stores mark again', async () => {
    const { mem, call } = await setup(STORE_MODULE);
    for (let c = 0; c < 32; c += 3) call('i32.store', i32(c * CHUNK + 8));
    assert.deepStrictEqual(mem.dirtyChunks(), [0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30]);
    mem.clearDirty();
    assert.deepStrictEqual(mem.dirtyChunks(), []);
    assert.ok(mem.dirty.every((f) => f === 0));
    call('i64.store', i32(9 * CHUNK));
    assert.deepStrictEqual(mem.dirtyChunks(), [9]);
  });
});

describe('dirty tracking: growth', () => {
  it('memory.grow keeps the flags, new pages start clean, and stores there are tracked', async () => {
    const { mem, call } = await setup(STORE_MODULE);
    call('i32.store', i32(3 * CHUNK));
    assert.deepStrictEqual(call('grow', i32(1)), [i32(2)]);
    assert.deepStrictEqual(mem.dirtyChunks(), [3]);
    assert.ok(mem.dirty.length >= (3 * PAGE_SIZE) / CHUNK + 1);
    call('i64.store', i32(2 * PAGE_SIZE + 5 * CHUNK - 4));
    assert.deepStrictEqual(mem.dirtyChunks(), [3, 36, 37]);
    call('i32.store8', i32(3 * PAGE_SIZE - 1));
    assert.deepStrictEqual(mem.dirtyChunks(), [3, 36, 37, 47]);
  });

  it('growth by the host keeps the flags too, and a failed growth changes nothing', async () => {
    const { mem, call } = await setup(STORE_MODULE);
    call('i32.store16', i32(CHUNK - 1));
    assert.equal(mem.grow(2), 2);
    assert.deepStrictEqual(mem.dirtyChunks(), [0, 1]);
    assert.equal(mem.grow(1), -1, 'past the maximum of 4 pages');
    assert.deepStrictEqual(call('grow', i32(1)), [i32(-1)]);
    assert.deepStrictEqual(mem.dirtyChunks(), [0, 1]);
    call('f64.store', i32(4 * PAGE_SIZE - 8));
    assert.deepStrictEqual(mem.dirtyChunks(), [0, 1, 63]);
  });
});

const BULK_MODULE = `(module (memory (export "mem") 1)
  (data $seg "0123456789abcdefghijklmnopqrstuvwxyz")
  (func (export "fill") (param i32 i32) local.get 0 i32.const 0xaa local.get 1 memory.fill)
  (func (export "copy") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.copy)
  (func (export "init") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.init $seg)
  (func (export "drop") data.drop $seg))`;

describe('dirty tracking: bulk memory', () => {
  it('memory.fill marks exactly the chunks of its range; an empty fill marks nothing', async () => {
    const { mem, call } = await setup(BULK_MODULE);
    call('fill', i32(CHUNK), i32(0));
    assert.deepStrictEqual(mem.dirtyChunks(), []);
    call('fill', i32(4000), i32(97));
    assert.deepStrictEqual(mem.dirtyChunks(), [0, 1], 'ends on byte 4096');
    mem.clearDirty();
    call('fill', i32(4000), i32(96));
    assert.deepStrictEqual(mem.dirtyChunks(), [0], 'ends just before the boundary');
    mem.clearDirty();
    call('fill', i32(0), i32(PAGE_SIZE));
    assert.deepStrictEqual(
      mem.dirtyChunks(),
      Array.from({ length: 16 }, (_, i) => i),
    );
  });

  it('memory.fill out of bounds traps before writing and marks nothing', async () => {
    const { mem, run } = await setup(BULK_MODULE);
    assert.equal(run('fill', i32(PAGE_SIZE - 10), i32(11)).status, 'trapped');
    assert.equal(run('fill', i32(PAGE_SIZE + 1), i32(0)).status, 'trapped');
    assert.deepStrictEqual(mem.dirtyChunks(), []);
    assert.ok(mem.u8.every((b) => b === 0));
  });

  it('memory.copy marks the destination only, overlapping or not', async () => {
    const { mem, call, run } = await setup(BULK_MODULE);
    call('copy', i32(2 * CHUNK - 3), i32(9 * CHUNK), i32(6));
    assert.deepStrictEqual(mem.dirtyChunks(), [1, 2]);
    mem.clearDirty();
    call('copy', i32(5 * CHUNK + 4), i32(5 * CHUNK), i32(CHUNK));
    assert.deepStrictEqual(mem.dirtyChunks(), [5, 6], 'overlapping forwards');
    mem.clearDirty();
    call('copy', i32(12 * CHUNK), i32(12 * CHUNK + 8), i32(100));
    assert.deepStrictEqual(mem.dirtyChunks(), [12], 'overlapping backwards');
    mem.clearDirty();
    call('copy', i32(3 * CHUNK), i32(0), i32(0));
    assert.deepStrictEqual(mem.dirtyChunks(), [], 'empty copy');
    assert.equal(run('copy', i32(0), i32(PAGE_SIZE - 4), i32(5)).status, 'trapped');
    assert.deepStrictEqual(mem.dirtyChunks(), [], 'a copy that traps');
  });

  it('memory.init marks the destination; an empty init and a trapping init mark nothing', async () => {
    const { mem, call, run } = await setup(BULK_MODULE);
    call('init', i32(3 * CHUNK - 10), i32(0), i32(20));
    assert.deepStrictEqual(mem.dirtyChunks(), [2, 3]);
    assert.equal(new TextDecoder().decode(mem.u8.subarray(3 * CHUNK - 10, 3 * CHUNK + 10)), '0123456789abcdefghij');
    mem.clearDirty();
    call('init', i32(8 * CHUNK), i32(36), i32(0));
    assert.deepStrictEqual(mem.dirtyChunks(), []);
    assert.equal(run('init', i32(9 * CHUNK), i32(30), i32(7)).status, 'trapped', 'past the segment');
    call('drop');
    assert.equal(run('init', i32(9 * CHUNK), i32(0), i32(1)).status, 'trapped', 'dropped segment');
    assert.deepStrictEqual(mem.dirtyChunks(), []);
  });
});

describe('dirty tracking: instantiation, shared memories, markDirty', () => {
  it('active data segments mark their chunks at instantiation; empty segments mark nothing', async () => {
    const { mem } = await setup(`(module (memory (export "mem") 1)
      (data (i32.const 100) "abcd")
      (data (i32.const 8190) "wxyz")
      (data (i32.const 20000) "")
      (data (i32.const 65535) "!"))`);
    assert.deepStrictEqual(mem.dirtyChunks(), [0, 1, 2, 15]);
  });

  it('a store through an imported memory marks the shared memory', async () => {
    const store = new Store();
    const memory = store.memory({ limits: { min: 1, max: null } });
    const m = new Module(
      await assemble(`(module (import "env" "mem" (memory 1))
      (func (export "poke") (param i32 i64) local.get 0 local.get 1 i64.store))`),
    );
    const a = store.instantiate(m, [memory]);
    const b = store.instantiate(m, [memory]);
    store.invoke(store.exportOf(a, 'poke')!.addr, [i32(CHUNK * 2), i64(1n)]);
    store.invoke(store.exportOf(b, 'poke')!.addr, [i32(CHUNK * 9 + 4092), i64(-1n)]);
    assert.deepStrictEqual(store.mems[memory.addr]!.dirtyChunks(), [2, 9, 10]);
  });

  it('markDirty marks the chunks of [start, end) and nothing for an empty range', async () => {
    const { mem } = await setup(BULK_MODULE);
    mem.markDirty(10, 10);
    mem.markDirty(20, 5);
    assert.deepStrictEqual(mem.dirtyChunks(), []);
    mem.markDirty(CHUNK, CHUNK + 1);
    assert.deepStrictEqual(mem.dirtyChunks(), [1]);
    mem.markDirty(6 * CHUNK - 1, 8 * CHUNK + 1);
    assert.deepStrictEqual(mem.dirtyChunks(), [1, 5, 6, 7, 8]);
    mem.markDirty(PAGE_SIZE - 1, PAGE_SIZE);
    assert.deepStrictEqual(mem.dirtyChunks(), [1, 5, 6, 7, 8, 15]);
  });

  it('stores made while an execution runs in fuel slices are tracked across the slices', async () => {
    const { store, mem } = await setup(`(module (memory (export "mem") 1)
      (func (export "spray") (local $i i32)
        (loop $l
          (i32.store8 (i32.mul (local.get $i) (i32.const ${CHUNK})) (local.get $i))
          (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 16))))))`);
    const ex = store.call(store.exportOf(0, 'spray')!.addr, []);
    let r = ex.run({ fuel: 5 });
    const seen: number[] = [];
    while (r.status === 'suspended') {
      seen.push(mem.dirtyChunks().length);
      r = ex.run({ fuel: 5 });
    }
    assert.equal(r.status, 'done');
    assert.deepStrictEqual(
      mem.dirtyChunks(),
      Array.from({ length: 16 }, (_, i) => i),
    );
    assert.ok(
      seen.some((n) => n > 0 && n < 16),
      'flags appear while the execution is suspended',
    );
  });
});
