/**
 * The fused copy of the code (`fuse.ts`) against the plain code's guarantees: the same results as Node's
 * WebAssembly; a capture at every instruction boundary (inside fused groups too) that restores into a fresh
 * store and finishes the same way; fuel that counts original instructions exactly whatever the slice; single
 * steps that equal a full run; and group maps that agree in both directions.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompiledFunction } from '../src/compile-function.js';
import { FOp } from '../src/fused-ops.js';
import { instructionAt, resumePc } from '../src/groups.js';
import { type Execution, i32, i64, Module, type RunResult, Store, type WasmValue } from '../src/index.js';
import { IOp, OP_BITS } from '../src/internal-ops.js';
import { assemble, nodeWasm, roundTrip, showValue, toJs } from './support/engines.js';

/** Functions that exercise every way the fuser moves operands: local chains, set/tee into locals, constants on
 * either side, a local read before it is overwritten, memory with constant values, i64, f32/f64, drops,
 * reinterprets, comparisons feeding `br_if` and `if`, block results, `br_table`, `select`, calls, traps, and
 * a while-shaped loop (rotated) with loads and stores at a local plus a constant, i64 constant operands and
 * copies in a row, and a kernel with f64 ops on loaded operands (stored or not), chained adds, an xor of
 * rotations and an add feeding the loop's comparison, and strided byte fills (a store fused with the loop's
 * latch), a load at a sum of two locals and a constant, a multiply-accumulate, xorshift steps and branches on
 * loaded bytes and words, and an escape-time loop (f32 and f64 multiply-adds, branches on float comparisons,
 * NaN included), and the families chosen by frequency on real modules: loads and stores of every width at a
 * constant address and at a sum of two locals, f64 arithmetic on a loaded operand, register-form selects,
 * branches on bits masked by a constant, and call arguments that mix constants and locals. */
const WAT = `(module
  (memory (export "mem") 1)
  (global $g (export "g") (mut i32) (i32.const 0))
  (func $mix (export "mix") (param $n i32) (result i32)
    (local $i i32) (local $acc i32) (local $t i64) (local $f f64) (local $x f32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (i32.mul (local.get $i) (i32.const 3))))
      (local.set $acc (i32.sub (i32.const 1000) (local.get $acc)))
      (local.set $acc (i32.xor (i32.const 0x55) (local.get $acc)))
      (i32.store8 (local.get $i) (i32.const 7))
      (i32.store offset=16 (i32.and (local.get $i) (i32.const 0xff)) (local.get $acc))
      (local.set $acc (i32.add (local.get $acc) (i32.load offset=16 (i32.and (local.get $i) (i32.const 0xff)))))
      (local.set $t (i64.add (i64.mul (i64.extend_i32_u (local.get $acc)) (i64.const 0x100000001)) (local.get $t)))
      (i64.store offset=1024 (i32.const 0) (local.tee $t (i64.rotl (local.get $t) (i64.const 7))))
      (i64.store offset=1032 (i32.const 0) (i64.const -2))
      (local.set $f (f64.add (f64.mul (local.get $f) (f64.const 0.5)) (f64.convert_i32_s (local.get $i))))
      (local.set $x (f32.add (f32.demote_f64 (local.get $f)) (f32.const 1.5)))
      (local.get $acc)
      (local.set $acc (i32.add (local.get $acc) (i32.const 1)))
      (local.set $acc (i32.add (local.get $acc)))
      (drop (i32.reinterpret_f32 (local.get $x)))
      (global.set $g (i32.add (global.get $g) (i32.wrap_i64 (local.get $t))))
      (br_if $l (i32.gt_s (i32.const 50) (local.tee $i (i32.add (local.get $i) (i32.const 1)))))
    )
    (if (i32.eqz (i32.and (local.get $acc) (i32.const 1))) (then (local.set $acc (i32.add (local.get $acc) (i32.const 3)))))
    (if (i32.lt_u (local.get $acc) (local.get $n)) (then (local.set $acc (local.get $n))))
    (local.set $acc (i32.add (local.get $acc) (i32.trunc_f64_s (local.get $f))))
    (i32.add (local.get $acc) (i32.add (global.get $g) (i32.wrap_i64 (i64.load offset=1024 (i32.const 0)))))
  )
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_s (local.get 0) (i32.const 2)) (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2))))))
  )
  (func $flow (export "flow") (param $k i32) (param $m i64) (result i64)
    (local $j i32)
    (block $out (result i64)
      (loop $l
        (block $a (block $b (block $c
          (br_table $a $b $c (i32.rem_u (local.get $j) (i32.const 3)))
        ) (local.set $m (i64.xor (local.get $m) (i64.shl (local.get $m) (i64.const 13)))) (br $a))
          (local.set $m (i64.sub (local.get $m) (i64.extend_i32_s (select (local.get $j) (i32.const -9) (i32.and (local.get $j) (i32.const 4)))))))
        (drop (br_if $out (local.get $m) (i64.eq (local.get $m) (i64.const 0))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $j) (local.get $k)))
      )
      (i64.add (local.get $m) (i64.div_s (local.get $m) (i64.extend_i32_u (local.get $k))))
    )
  )
  (func $rot (export "rot") (param $n i32) (result i64)
    (local $i i32) (local $a i64) (local $b i32) (local $c i32)
    (block $exit
      (loop $top
        (br_if $exit (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 offset=3 (i32.add (local.get $i) (i32.const 100)) (i32.const 9))
        (i32.store offset=4 (i32.add (local.get $i) (i32.const 200)) (local.get $i))
        (local.set $b (i32.load16_s offset=1 (i32.add (local.get $i) (i32.const 199))))
        (local.set $a (i64.add (i64.shl (local.get $a) (i64.const 3)) (i64.extend_i32_s (local.get $b))))
        (local.set $a (i64.xor (i64.shr_u (local.get $a) (i64.const 35)) (i64.mul (local.get $a) (i64.const 0x9E3779B97F4A7C15))))
        (local.set $a (i64.rotl (i64.or (i64.const 0x10000) (local.get $a)) (i64.const 17)))
        (local.set $a (i64.sub (i64.shr_s (local.get $a) (i64.const 1)) (i64.and (local.get $a) (i64.const -256))))
        (local.set $c (local.get $b))
        (local.set $b (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (i64.add (local.get $a) (i64.extend_i32_u (i32.add (local.get $b) (local.get $c))))
  )
  (func $kern (export "kern") (param $n i32) (result i32)
    (local $i i32) (local $p i32) (local $q i32) (local $x f64) (local $h i32) (local $a i32) (local $b i32) (local $c i32)
    (local $s i32)
    (local.set $x (f64.const 1234.5))
    (loop $l
      (local.set $q (i32.shl (local.get $i) (i32.const 3)))
      (f64.store offset=1024 (local.get $q) (f64.convert_i32_u (i32.add (local.get $i) (i32.const 1))))
      (local.set $p (i32.add (local.get $i) (local.get $i)))
      (local.set $b (i32.add (local.get $p) (local.get $n)))
      (f64.store offset=2048 (local.get $q)
        (f64.add (f64.mul (local.get $x) (f64.load offset=1024 (local.get $q))) (f64.load offset=2048 (local.get $q))))
      (f64.store offset=8 (local.get $p) (f64.sub (local.get $x) (f64.load offset=16 (i32.add (local.get $b) (i32.const 8)))))
      (f64.store offset=3072 (local.tee $p (i32.add (i32.and (local.get $c) (i32.const 0x1f8)) (i32.const 8)))
        (f64.add (f64.mul (local.get $x) (f64.load offset=1024 (local.get $q))) (f64.load offset=3072 (local.get $p))))
      (local.set $x (f64.add (f64.div (local.get $x) (f64.load offset=1024 (local.get $q))) (f64.const 3.5)))
      (local.set $h (i32.xor (i32.xor (i32.rotl (local.get $h) (i32.const 5)) (i32.rotl (local.get $a) (i32.const 13))) (local.get $i)))
      (local.set $s (i32.xor (i32.xor (i32.rotl (local.get $h) (i32.const 30)) (i32.rotl (local.get $s) (i32.const 19)))
        (i32.rotl (local.get $a) (i32.const 10))))
      (local.set $s (i32.add (local.get $s) (i32.xor (i32.xor (i32.rotl (local.get $c) (i32.const 25))
        (i32.rotl (local.get $c) (i32.const 14))) (i32.shr_u (local.get $h) (i32.const 35)))))
      (local.set $a (local.get $b))
      (local.set $b (local.get $c))
      (local.set $c (local.get $h))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))
    )
    (i32.add (i32.add (i32.add (local.get $h) (local.get $s)) (local.get $a)) (i32.trunc_f64_s (f64.mul (local.get $x) (f64.const 1000))))
  )
  (func $esc (export "esc") (param $n i32) (result i32)
    (local $k i32) (local $zr f32) (local $zi f32) (local $t f32) (local $dr f64) (local $di f64) (local $j i32)
    (local.set $zr (f32.const 0.1))
    (block $out
      (loop $l
        (br_if $out (i32.ge_s (local.get $k) (local.get $n)))
        (br_if $out (f32.gt (f32.add (f32.mul (local.get $zr) (local.get $zr)) (f32.mul (local.get $zi) (local.get $zi)))
          (f32.const 4)))
        (local.set $t (f32.add (f32.sub (f32.mul (local.get $zr) (local.get $zr)) (f32.mul (local.get $zi) (local.get $zi)))
          (f32.const -0.7453)))
        (local.set $zi (f32.add (f32.mul (f32.mul (f32.const 2) (local.get $zr)) (local.get $zi)) (f32.const 0.1127)))
        (local.set $zr (local.get $t))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $l)))
    (local.set $dr (f64.const 1.0000001))
    (local.set $di (f64.const 0.25))
    (loop $g
      (local.set $dr (f64.add (f64.mul (local.get $dr) (local.get $dr)) (local.get $di)))
      (local.set $di (f64.sub (local.get $dr) (local.get $dr)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $g (f64.le (local.get $dr) (f64.const 1e300))))
    (if (f64.ne (local.get $di) (local.get $di)) (then (local.set $j (i32.add (local.get $j) (i32.const 1000)))))
    (if (f64.eq (local.get $di) (local.get $di)) (then (local.set $j (i32.add (local.get $j) (i32.const 20000)))))
    (if (f32.lt (local.get $zr) (local.get $zi)) (then (local.set $j (i32.add (local.get $j) (i32.const 300000)))))
    (if (f32.ge (local.get $zr) (local.get $zi)) (then (local.set $j (i32.add (local.get $j) (i32.const 4000000)))))
    (i32.xor (i32.add (local.get $k) (i32.mul (local.get $j) (i32.const 7))) (i32.reinterpret_f32 (local.get $zr)))
  )
  (func $misc (export "misc") (param $n i32) (result i64)
    (local $j i32) (local $s i64) (local $acc i32) (local $k i32)
    (local.set $j (i32.const 5))
    (local.set $k (i32.const 7))
    (local.set $s (i64.const 0x123456789))
    (block $done
      (loop $fill
        (br_if $done (i32.ge_s (local.get $j) (local.get $n)))
        (i32.store8 offset=4096 (local.get $j) (i32.const 1))
        (local.set $j (i32.add (local.get $j) (i32.const 3)))
        (br $fill)))
    (local.set $j (i32.const 0))
    (loop $fill2
      (i32.store8 (i32.add (local.get $j) (i32.const 5000)) (i32.const 2))
      (br_if $fill2 (i32.lt_u (local.tee $j (i32.add (local.get $j) (local.get $k))) (local.get $n))))
    (local.set $j (i32.const 0))
    (loop $sum
      (local.set $acc (i32.add (i32.load offset=2 (i32.add (i32.add (local.get $j) (local.get $k)) (i32.const 4090)))
                               (i32.mul (local.get $acc) (local.get $k))))
      (local.set $s (i64.xor (local.get $s) (i64.shr_u (local.get $s) (i64.const 29))))
      (local.set $s (i64.xor (i64.shl (local.get $s) (i64.const 11)) (local.get $s)))
      (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (local.get $acc))))
      (br_if $sum (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $n))))
    (local.set $j (i32.const 4101))
    (block $end
      (loop $scan
        (br_if $end (i32.eqz (i32.load8_u (local.get $j))))
        (local.set $acc (i32.add (local.get $acc) (i32.const 1)))
        (local.set $j (i32.add (local.get $j) (i32.const 3)))
        (br $scan)))
    (if (i32.load (i32.add (local.get $j) (i32.const 16))) (then (local.set $acc (i32.xor (local.get $acc) (i32.const 0x55)))))
    (if (i32.load (i32.sub (local.get $j) (i32.const 9))) (then (local.set $acc (i32.xor (local.get $acc) (i32.const 0x5a)))))
    (i64.add (local.get $s) (i64.extend_i32_u (local.get $acc)))
  )
  (func $fam (export "fam") (param $n i32) (result i64)
    (local $i i32) (local $p i32) (local $q i32) (local $s i64) (local $x f64) (local $y f32) (local $v i32)
    (local.set $x (f64.const 1.25))
    (local.set $y (f32.const -0.5))
    (loop $l
      (i32.store offset=8 (i32.const 6000) (local.get $i))
      (i64.store (i32.const 6016) (local.get $s))
      (f64.store (i32.const 6024) (local.get $x))
      (f32.store (i32.const 6032) (local.get $y))
      (i32.store8 (i32.const 6036) (local.get $v))
      (i32.store16 (i32.const 6038) (local.get $v))
      (i64.store8 (i32.const 6040) (local.get $s))
      (i64.store16 (i32.const 6042) (local.get $s))
      (i64.store32 (i32.const 6044) (local.get $s))
      (local.set $v (i32.add (i32.load offset=8 (i32.const 6000)) (i32.load8_s (i32.const 6036))))
      (local.set $v (i32.add (local.get $v) (i32.add (i32.load8_u (i32.const 6036)) (i32.load16_s (i32.const 6038)))))
      (local.set $v (i32.add (local.get $v) (i32.load16_u (i32.const 6038))))
      (local.set $s (i64.add (local.get $s) (i64.add (i64.load (i32.const 6016)) (i64.load8_u (i32.const 6040)))))
      (local.set $s (i64.add (local.get $s) (i64.add (i64.load16_u (i32.const 6042)) (i64.load32_u (i32.const 6044)))))
      (local.set $s (i64.add (local.get $s) (i64.load32_s (i32.const 6044))))
      (local.set $x (f64.add (local.get $x) (f64.load (i32.const 6024))))
      (local.set $y (f32.add (local.get $y) (f32.load (i32.const 6032))))
      (local.set $p (i32.and (i32.mul (local.get $i) (i32.const 8)) (i32.const 0x3f8)))
      (local.set $q (i32.const 7000))
      (i32.store (i32.add (local.get $q) (local.get $p)) (local.get $v))
      (i64.store offset=4 (i32.add (local.get $q) (local.get $p)) (local.get $s))
      (f32.store offset=12 (i32.add (local.get $q) (local.get $p)) (local.get $y))
      (i32.store8 offset=2 (i32.add (local.get $p) (local.get $q)) (local.get $i))
      (local.set $v (i32.xor (local.get $v) (i32.load offset=4 (i32.add (local.get $p) (local.get $q)))))
      (local.set $v (i32.add (local.get $v) (i32.load8_u offset=2 (i32.add (local.get $p) (local.get $q)))))
      (local.set $s (i64.xor (local.get $s) (i64.load16_s (i32.add (local.get $p) (local.get $q)))))
      (local.set $s (i64.xor (local.get $s) (i64.load offset=4 (i32.add (local.get $p) (local.get $q)))))
      (f64.store offset=8000 (local.get $p) (f64.convert_i32_s (i32.and (local.get $v) (i32.const 0xff))))
      (f64.store offset=8008 (local.get $p) (f64.const 0.75))
      (local.set $x (f64.mul (local.get $x) (f64.load offset=8000 (local.get $p))))
      (local.set $x (f64.sub (local.get $x) (f64.load offset=8000 (i32.add (local.get $p) (i32.const 8)))))
      (local.set $x (f64.div (local.get $x) (f64.load offset=8008 (local.get $p))))
      (local.set $x (f64.add (f64.load offset=8000 (local.get $p)) (local.get $x)))
      (local.set $x (f64.mul (f64.load offset=8008 (local.get $p)) (local.get $x)))
      (local.set $v (select (local.get $v) (local.get $i) (i32.and (local.get $i) (i32.const 2))))
      (local.set $s (select (local.get $s) (i64.const 77) (local.get $i)))
      (local.set $x (select (local.get $x) (f64.load offset=8000 (local.get $p)) (i32.lt_u (local.get $i) (i32.const 9))))
      (if (i32.and (local.get $v) (i32.const 0x10)) (then (local.set $v (i32.add (local.get $v) (i32.const 3)))))
      (block $b (br_if $b (i32.and (local.get $i) (i32.const 1))) (local.set $s (i64.add (local.get $s) (i64.const 1))))
      (local.set $v (i32.add (local.get $v) (call $three (i32.const 1) (local.get $i) (i32.const -5))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))
    )
    (i64.add (local.get $s) (i64.add (i64.extend_i32_u (local.get $v)) (i64.trunc_sat_f64_s (local.get $x))))
  )
  (func $three (param i32 i32 i32) (result i32)
    (i32.sub (i32.mul (local.get 0) (local.get 1)) (local.get 2)))
)`;

/** Calls to check: export, arguments. The last divides by zero (a trap inside a group). */
const CALLS: readonly [string, WasmValue[]][] = [
  ['mix', [i32(5000)]],
  ['fib', [i32(9)]],
  ['flow', [i32(40), i64(0x123456789n)]],
  ['flow', [i32(0), i64(5n)]],
  ['rot', [i32(30)]],
  ['kern', [i32(40)]],
  ['misc', [i32(100)]],
  ['esc', [i32(40)]],
  ['esc', [i32(3)]],
  ['fam', [i32(30)]],
];

let modulePromise: Promise<{ module: Module; bytes: Uint8Array }> | undefined;
function compiled(): Promise<{ module: Module; bytes: Uint8Array }> {
  modulePromise ??= assemble(WAT).then((bytes) => ({ module: new Module(bytes), bytes }));
  return modulePromise;
}

function instantiate(module: Module): { store: Store; instance: number } {
  const store = new Store();
  return { store, instance: store.instantiate(module, []) };
}

/** What a finished call leaves: the outcome, the memory and the global. */
function finalOf(store: Store, instance: number, r: RunResult): string {
  const outcome =
    r.status === 'done'
      ? r.results.map(showValue).join(',')
      : r.status === 'trapped'
        ? `trap ${r.error.code}`
        : `suspended ${r.reason}`;
  const mem = new Uint8Array(store.memoryBuffer(store.exportOf(instance, 'mem')!.addr));
  let h = 0;
  for (let i = 0; i < mem.length; i++) h = (Math.imul(h, 31) + mem[i]!) | 0;
  return `${outcome} mem#${h} g=${showValue(store.getGlobal(store.exportOf(instance, 'g')!.addr))}`;
}

function start(
  module: Module,
  name: string,
  args: readonly WasmValue[],
): { store: Store; instance: number; ex: Execution } {
  const { store, instance } = instantiate(module);
  return { store, instance, ex: store.call(store.exportOf(instance, name)!.addr, args) };
}

/** Runs a call to its end without a budget. */
function unlimited(module: Module, name: string, args: readonly WasmValue[]): string {
  const { store, instance, ex } = start(module, name, args);
  return finalOf(store, instance, ex.run());
}

/** Single steps (fuel 1 per run): the number of original instructions, and the final state. */
function singleSteps(module: Module, name: string, args: readonly WasmValue[]): { steps: number; final: string } {
  const { store, instance, ex } = start(module, name, args);
  let steps = 0;
  let r = ex.run({ fuel: 1 });
  while (r.status === 'suspended') {
    assert.equal(ex.fuelUsed, 1);
    steps++;
    r = ex.run({ fuel: 1 });
  }
  return { steps: steps + ex.fuelUsed, final: finalOf(store, instance, r) };
}

function fusedFunctions(store: Store): CompiledFunction[] {
  return store.funcs.map((f) => f.code).filter((c): c is CompiledFunction => c !== null && c.groups !== null);
}

describe('fused code', () => {
  it('computes what Node computes', async () => {
    const { module, bytes } = await compiled();
    const node = new nodeWasm.Instance(new nodeWasm.Module(bytes), {}).exports;
    // The last 'flow' call traps (Node throws); the others return.
    for (const [name, args] of CALLS.filter((_, k) => k !== 3)) {
      const { ex } = start(module, name, args);
      const r = ex.run();
      assert.equal(r.status, 'done');
      const expected = (node[name] as (...a: unknown[]) => unknown)(...args.map(toJs));
      assert.equal(String(toJs((r as { results: WasmValue[] }).results[0]!)), String(expected), name);
    }
  });

  it('runs an unlimited call of 6.7M instructions across a slice boundary (4M each) as Node does, also from inside a group', async () => {
    const { module, bytes } = await compiled();
    const node = new nodeWasm.Instance(new nodeWasm.Module(bytes), {}).exports;
    const { ex } = start(module, 'fib', [i32(27)]);
    const r = ex.run();
    assert.equal(r.status, 'done');
    const unlimitedResult = (r as { results: WasmValue[] }).results.map(showValue).join();
    assert.equal(
      String(toJs((r as { results: WasmValue[] }).results[0]!)),
      String((node.fib as (n: number) => number)(27)),
    );
    // Cut inside a group, restored into a fresh store, then run without a budget: the first slice starts in
    // the plain copy and the run crosses slice boundaries from there.
    for (let k = 1_000_000; k < 1_000_200; k++) {
      const probe = start(module, 'fib', [i32(27)]);
      probe.ex.run({ fuel: k });
      if (probe.ex.pc >= probe.store.funcs[probe.ex.funcAddr]!.code!.plainLen) continue;
      const back = roundTrip(probe.store, probe.ex, () => {
        throw new Error('no host functions');
      });
      const end = back.ex.run();
      assert.equal(end.status, 'done');
      assert.equal((end as { results: WasmValue[] }).results.map(showValue).join(), unlimitedResult);
      return;
    }
    assert.fail('no cut landed inside a group');
  });

  it('fuses: groups of several instructions exist, and every group start maps both ways', async () => {
    const { module } = await compiled();
    const { store } = instantiate(module);
    for (const [name, args] of CALLS) store.call(store.exportOf(0, name)!.addr, args).run();
    const fused = fusedFunctions(store);
    assert.equal(fused.length, 9);
    let longest = 0;
    let rotated = 0;
    for (const c of fused) {
      const g = c.groups!;
      assert.equal(g.first[0], 0);
      assert.equal(g.first[g.first.length - 1], c.pcs.length);
      for (let k = 0; k < g.starts.length; k++) {
        const cost = c.code[g.starts[k]!]! >>> OP_BITS;
        const span = g.first[k + 1]! - g.first[k]!;
        if (cost !== span) {
          // A rotated loop: the group ends with a jump back to a header whose copy it runs too.
          const jumpPc = c.pcs[g.first[k + 1]! - 1]!;
          assert.equal(c.code[jumpPc]! & 0x3ff, IOp.Jump, 'only a rotated group costs more than its instructions');
          const header = g.groupAt[instructionAt(c, c.code[jumpPc + 1]!)]!;
          assert.equal(cost, span + g.first[header + 1]! - g.first[header]!, 'a rotated group also costs its header');
          rotated++;
        }
        longest = Math.max(longest, cost);
        assert.equal(instructionAt(c, g.starts[k]!), g.first[k]);
        assert.equal(resumePc(c, g.first[k]!), g.starts[k]);
      }
      for (let i = 0; i < c.pcs.length; i++) {
        assert.equal(instructionAt(c, c.pcs[i]!), i);
        const inGroup = g.groupAt[i]! < 0;
        assert.equal(resumePc(c, i), inGroup ? c.pcs[i] : g.starts[g.groupAt[i]!]);
      }
    }
    const ops = new Set<number>();
    for (const c of fused) for (const pc of c.groups!.starts) ops.add(c.code[pc]! & ((1 << OP_BITS) - 1));
    for (const c of fused) {
      for (let pc = c.plainLen; pc < c.code.length; pc++) ops.add(c.code[pc]! & ((1 << OP_BITS) - 1));
    }
    assert.ok(ops.has(FOp.F32MulAdd), 'an f32 multiply-add is one op');
    assert.ok(ops.has(FOp.F64MulAdd), 'an f64 multiply-add is one op');
    assert.ok(ops.has(FOp.BrIfFCmp), 'a branch on a float comparison is one op');
    for (const [name, what] of [
      ['I32LoadK', 'a load at a constant address'],
      ['I64StoreK', 'a store at a constant address'],
      ['I32Load8UAB', 'a load at a sum of two locals'],
      ['I32StoreAB', 'a store at a sum of two locals'],
      ['F64MulM', 'f64 arithmetic on a loaded operand'],
      ['Select', 'a select'],
      ['BrIfMaskC', 'a branch on masked bits'],
      ['CopyN', 'moves in a row'],
    ] as const)
      assert.ok(ops.has(FOp[name]), `${what} is one op`);
    assert.ok(longest >= 8, `the longest group has ${longest} instructions`);
    assert.ok(rotated >= 1, 'a loop was rotated');
  });

  it('counts fuel in original instructions, whatever the slice; single steps equal a full run', async () => {
    const { module } = await compiled();
    for (const [name, args] of CALLS) {
      const reference = unlimited(module, name, args);
      const { steps, final } = singleSteps(module, name, args);
      assert.equal(final, reference, `${name}: single steps`);
      for (const slice of [2, 3, 5, 7, 13, 64, 1000, steps, steps + 1]) {
        const { store, instance, ex } = start(module, name, args);
        let used = 0;
        let r = ex.run({ fuel: slice });
        while (r.status === 'suspended') {
          assert.equal(ex.fuelUsed, slice, `${name}: a suspended slice of ${slice} used it all`);
          used += slice;
          r = ex.run({ fuel: slice });
        }
        used += ex.fuelUsed;
        if (r.status === 'done') assert.equal(used, steps, `${name}: total fuel in slices of ${slice}`);
        assert.equal(finalOf(store, instance, r), reference, `${name}: slices of ${slice}`);
      }
    }
  });

  it('restores at every instruction boundary, inside groups too, into a fresh store and finishes the same', async () => {
    const { module } = await compiled();
    for (const [name, args] of CALLS) {
      const reference = unlimited(module, name, args);
      const { steps } = singleSteps(module, name, args);
      for (let k = 0; k <= steps; k++) {
        const { store, ex } = start(module, name, args);
        const r = ex.run({ fuel: k });
        if (r.status !== 'suspended') continue;
        const back = roundTrip(store, ex, () => {
          throw new Error('no host functions');
        });
        const end = back.ex.run();
        assert.equal(finalOf(back.store, 0, end), reference, `${name}: cut after ${k} instructions`);
      }
    }
  });

  it('round-trips after every instruction (each restore resumes where the last one stopped)', async () => {
    const { module } = await compiled();
    for (const [name, args] of CALLS) {
      const reference = unlimited(module, name, args);
      let { store, ex } = start(module, name, args);
      let r = ex.run({ fuel: 1 });
      while (r.status === 'suspended') {
        ({ store, ex } = roundTrip(store, ex, () => {
          throw new Error('no host functions');
        }));
        r = ex.run({ fuel: 1 });
      }
      assert.equal(finalOf(store, 0, r), reference, name);
    }
  });

  it('resumes fused after a cut inside a group: the plain run ends at the next group start', async () => {
    const { module } = await compiled();
    const { store, instance, ex } = start(module, 'mix', [i32(5000)]);
    // Find a budget that stops inside a group, then check that the next slice leaves the plain code.
    for (let k = 1; k < 200; k++) {
      const probe = start(module, 'mix', [i32(5000)]);
      probe.ex.run({ fuel: k });
      const c = probe.store.funcs[probe.ex.funcAddr]!.code!;
      if (probe.ex.pc >= c.plainLen) continue;
      const i = instructionAt(c, probe.ex.pc);
      if (c.groups!.groupAt[i]! >= 0) continue;
      let j = i + 1;
      while (c.groups!.groupAt[j]! < 0) j++;
      probe.ex.run({ fuel: j - i });
      const at = probe.ex.pc;
      assert.ok(at >= c.plainLen || c.groups!.groupAt[instructionAt(c, at)]! >= 0, 'stopped at a group start');
      const rest = probe.ex.run({ fuel: 1_000_000 });
      assert.equal(finalOf(probe.store, 0, rest), finalOf(store, instance, ex.run()));
      return;
    }
    assert.fail('no budget stopped inside a group');
  });
});
