/**
 * The dispatch loop must stay small enough for V8's optimizing compiler (TurboFan refuses functions whose
 * bytecode exceeds 61,440 bytes; past it every program runs an order of magnitude slower). A child process
 * with `--allow-natives-syntax` runs a program that uses scalar code, loads, stores and atomic instructions
 * until the loop is hot, then asks V8 whether `runLoop` runs optimised by TurboFan.
 * @module
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';

const WAT = `(module (memory 1 1 shared)
  (func (export "f") (param $n i32) (result i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.mul (local.get $n) (i32.const 3))))
      (i32.store (i32.const 64) (i32.xor (i32.load (i32.const 64)) (local.get $s)))
      (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s)))`;

const CHILD = `
const { runLoop } = await import(process.env.LOOP_URL);
const { WebAssembly: W } = await import(process.env.FACADE_URL);
const { instance } = await W.instantiate(Buffer.from(process.env.MODULE_B64, 'base64'));
for (let i = 0; i < 300; i++) instance.exports.f(20000);
const status = %GetOptimizationStatus(runLoop);
console.log(JSON.stringify({ status }));
`;

test('runLoop is optimised by TurboFan after a hot run with atomics', async () => {
  const bytes = await parse(WAT);
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', CHILD], {
    env: {
      ...process.env,
      LOOP_URL: new URL('../src/dispatch-loop.js', import.meta.url).href,
      FACADE_URL: new URL('../src/index.js', import.meta.url).href,
      MODULE_B64: Buffer.from(bytes).toString('base64'),
    },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const { status } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { status: number };
  // V8's OptimizationStatus bits: 1 is-function, 16 optimized, 64 TurboFanned (Node 20's V8 11.3).
  assert.equal(status & 1, 1, `not a function? status ${status}`);
  assert.equal(status & 16, 16, `runLoop is not optimised (status 0b${status.toString(2)})`);
  assert.equal(status & 64, 64, `runLoop is not TurboFanned (status 0b${status.toString(2)})`);
});
