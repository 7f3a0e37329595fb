/**
 * Threads through the facade across real workers, as Emscripten's pthreads use them: the main thread makes a
 * shared `WebAssembly.Memory`, posts it (structured clone) with the module's bytes to `worker_threads` workers,
 * each worker instantiates the module (its bytes, or the posted facade Module, as Emscripten posts
 * `wasmModule`) through the facade with the memory's clone as its `env.memory` import, and the
 * instances then share the bytes: atomic increments from two workers add up exactly, `wait`/`notify` hand a
 * turn back and forth, growth in a worker is seen by the main thread, and the main store refuses to capture
 * while the workers hold the memory.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { WebAssembly as W } from '../src/index.js';

const WAT = `(module
  (import "env" "memory" (memory 1 4 shared))
  ;; n atomic increments of the word at 0
  (func (export "inc") (param $n i32)
    (loop $l
      (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  ;; n non-atomic-looking but 64-bit atomic increments of the doubleword at 8
  (func (export "inc64") (param $n i32)
    (loop $l
      (drop (i64.atomic.rmw.add (i32.const 8) (i64.const 0x100000001)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  ;; ping-pong: wait for turn (word 16) = p, append p to the log (count at 20, entries from 64), pass the turn
  (func (export "play") (param $p i32) (param $rounds i32)
    (loop $l
      (block $ready
        (loop $w
          (br_if $ready (i32.eq (i32.atomic.load (i32.const 16)) (local.get $p)))
          (drop (memory.atomic.wait32 (i32.const 16) (i32.sub (i32.const 1) (local.get $p)) (i64.const -1)))
          (br $w)))
      (i32.atomic.store
        (i32.add (i32.const 64) (i32.shl (i32.atomic.rmw.add (i32.const 20) (i32.const 1)) (i32.const 2)))
        (local.get $p))
      (i32.atomic.store (i32.const 16) (i32.sub (i32.const 1) (local.get $p)))
      (drop (memory.atomic.notify (i32.const 16) (i32.const 1)))
      (br_if $l (local.tee $rounds (i32.sub (local.get $rounds) (i32.const 1))))))
  (func (export "grow") (param $d i32) (result i32) (memory.grow (local.get $d)))
)`;

/** The worker: instantiates the posted module with the posted memory clone, runs one export, reports. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.facade).then(async ({ WebAssembly: W }) => {
  const imports = { env: { memory: workerData.memory } };
  // A posted facade Module (as Emscripten posts wasmModule) is instantiated synchronously, as its pthreads do.
  const instance = workerData.module !== undefined
    ? new W.Instance(workerData.module, imports)
    : (await W.instantiate(workerData.bytes, imports)).instance;
  const result = instance.exports[workerData.fn](...workerData.args);
  parentPort.postMessage({ result: result ?? null });
}).catch((e) => parentPort.postMessage({ error: String(e && e.stack || e) }));
`;

const FACADE = new URL('../src/index.js', import.meta.url).href;

function run(
  source: Uint8Array | InstanceType<typeof W.Module>,
  memory: unknown,
  fn: string,
  args: number[],
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const code = source instanceof Uint8Array ? { bytes: source } : { module: source };
    const w = new Worker(WORKER, { eval: true, workerData: { facade: FACADE, ...code, memory, fn, args } });
    w.once('message', (m: { result?: unknown; error?: string }) => {
      void w.terminate();
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve(m.result);
    });
    w.once('error', reject);
  });
}

test('two workers share one facade memory: atomic adds are exact, wait/notify alternate, growth is seen', async () => {
  const bytes = await parse(WAT);
  const memory = new W.Memory({ initial: 1, maximum: 4, shared: true });
  assert.ok((memory.buffer as ArrayBufferLike) instanceof SharedArrayBuffer);
  const words = new Int32Array(memory.buffer);

  const N = 20_000;
  await Promise.all([run(bytes, memory, 'inc', [N]), run(bytes, memory, 'inc', [N])]);
  assert.equal(Atomics.load(words, 0), 2 * N);

  // The Module object itself posted, as Emscripten's pthreads post wasmModule.
  const module = new W.Module(bytes);
  await Promise.all([run(module, memory, 'inc64', [5_000]), run(module, memory, 'inc64', [5_000])]);
  assert.equal(new BigInt64Array(memory.buffer)[1], 10_000n * 0x100000001n);

  const rounds = 200;
  await Promise.all([run(bytes, memory, 'play', [0, rounds]), run(bytes, memory, 'play', [1, rounds])]);
  assert.equal(Atomics.load(words, 5), 2 * rounds);
  for (let i = 0; i < 2 * rounds; i++) assert.equal(words[16 + i], i % 2, `turn ${i}`);

  assert.equal(await run(bytes, memory, 'grow', [2]), 1);
  assert.equal((memory.buffer as ArrayBufferLike).byteLength, 3 * 65536);
  assert.equal(memory.grow(1), 3);
});

test('a wait with a timeout in the only agent returns timed-out; without one it traps instead of hanging', async () => {
  const bytes = await parse(`(module
    (memory 1 1 shared)
    (func (export "wait") (param i32 i64) (result i32) (memory.atomic.wait32 (i32.const 0) (local.get 0) (local.get 1)))
    (func (export "wait64") (param i64 i64) (result i32) (memory.atomic.wait64 (i32.const 8) (local.get 0) (local.get 1)))
    (func (export "notify") (result i32) (memory.atomic.notify (i32.const 0) (i32.const 5))))`);
  const { instance } = await W.instantiate(bytes);
  const e = instance.exports as Record<string, (...a: unknown[]) => number>;
  assert.equal(e.wait!(1, 0n), 1, 'not-equal');
  const t0 = performance.now();
  assert.equal(e.wait!(0, 20_000_000n), 2, 'timed-out after 20 ms');
  assert.ok(performance.now() - t0 >= 15);
  assert.equal(e.wait64!(0n, 0n), 2);
  assert.equal(e.wait64!(1n, 0n), 1);
  assert.equal(e.notify!(), 0);
  assert.throws(() => e.wait!(0, -1n), /would block forever/);
});
