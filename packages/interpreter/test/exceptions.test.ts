/**
 * Exception handling: both encodings on one mechanism. Unwinding across frames and across host calls, every
 * catch kind of `try_table`, `throw_ref` of caught references kept in locals and passed through calls, legacy
 * `try`/`catch`/`catch_all`/`delegate`/`rethrow` (against Node, which runs the legacy encoding), traps that no
 * handler catches, host exceptions that come out as the very value thrown, and a capture → clone → restore at
 * every instruction of throwing programs giving the results of a plain run.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  type Execution,
  type Extern,
  type HostFunction,
  i32,
  Module,
  type RunResult,
  type RuntimeError,
  Store,
  TrapCode,
  UncaughtException,
  type WasmValue,
} from '../src/index.js';
import { assemble, nodeWasm, roundTrip } from './support/engines.js';

async function setup(text: string, imports: (store: Store) => Extern[] = () => []) {
  const store = new Store();
  const module = new Module(await assemble(text));
  const instance = store.instantiate(module, imports(store));
  return { store, module, fn: (name: string) => store.exportOf(instance, name)!.addr };
}

function results(r: RunResult): number[] {
  assert.equal(r.status, 'done', r.status === 'trapped' ? r.error.message : 'suspended');
  return (r as { results: WasmValue[] }).results.map((v) => (v as { value: number }).value);
}

/** A one-result run's value, or `exception` when it ended with an uncaught exception. */
function outcome(r: RunResult): number | 'exception' {
  if (r.status === 'trapped' && r.error instanceof UncaughtException) return 'exception';
  return results(r)[0]!;
}

/** Runs with fuel `step`, capturing, cloning and restoring at every suspension; returns the final result. */
function runWithRoundTrips(
  store: Store,
  addr: number,
  args: WasmValue[],
  step: number,
  host: HostFunction,
): { r: RunResult; trips: number } {
  let ex: Execution = store.call(addr, args);
  let s = store;
  let r = ex.run({ fuel: step });
  let trips = 0;
  while (r.status === 'suspended') {
    ({ store: s, ex } = roundTrip(s, ex, () => host));
    trips++;
    r = ex.run({ fuel: step });
  }
  return { r, trips };
}

const THREE_ZERO = `(module
  (tag $e (export "e") (param i32))
  (tag $f (param i64 i32))
  (tag $g)
  (func $thrower (param i32)
    (if (i32.eq (local.get 0) (i32.const 0)) (then (throw $e (i32.const 7))))
    (if (i32.eq (local.get 0) (i32.const 1)) (then (throw $f (i64.const 11) (i32.const 12))))
    (if (i32.eq (local.get 0) (i32.const 2)) (then (throw $g)))
    (if (i32.eq (local.get 0) (i32.const 3)) (then (unreachable))))
  (func $middle (param i32) (result i32)
    (local i32)
    (local.set 1 (i32.const 100))
    (call $thrower (local.get 0))
    (local.get 1))
  (func (export "catch") (param i32) (result i32)
    (local $t i32)
    (block $h (result i32)
      (block $hf (result i64 i32)
        (block $hall
          (return (try_table (result i32) (catch $e $h) (catch $f $hf) (catch_all $hall)
            (call $middle (local.get 0)))))
        (return (i32.const -2)))
      (local.set $t)
      (i32.wrap_i64)
      (local.get $t)
      (i32.add)
      (return))
    (i32.const 1000)
    (i32.add))
  (func $keep (param exnref) (result exnref) (local.get 0))
  (func (export "rethrow-later") (param i32) (result i32)
    (local $x exnref)
    (local.set $x
      (block $h (result exnref)
        (try_table (catch_all_ref $h) (drop (call $middle (local.get 0))))
        (return (i32.const -1))))
    (block $h2 (result i32)
      (try_table (result i32) (catch $e $h2)
        (throw_ref (call $keep (local.get $x))))
      (return))
    (i32.const 2000)
    (i32.add))
  (func (export "catch-ref") (param i32) (result i32)
    (block $h (result i32 exnref)
      (try_table (catch_ref $e $h) (call $thrower (local.get 0)))
      (return (i32.const -1)))
    (drop))
  (func (export "null") (throw_ref (ref.null exn)))
  (func (export "loop") (param i32) (result i32)
    (local $n i32)
    (loop $again
      (block $h
        (try_table (catch $g $h) (call $thrower (i32.const 2)))
        (unreachable))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $n) (local.get 0))))
    (local.get $n)))`;

describe('3.0 exception handling', () => {
  it('unwinds across frames to the matching clause, with the payload at the label', async () => {
    const { store, fn } = await setup(THREE_ZERO);
    assert.deepEqual(results(store.call(fn('catch'), [i32(0)]).run()), [1007]);
    assert.deepEqual(results(store.call(fn('catch'), [i32(1)]).run()), [12 + 11]);
    assert.deepEqual(results(store.call(fn('catch'), [i32(2)]).run()), [-2]);
    assert.deepEqual(results(store.call(fn('catch'), [i32(9)]).run()), [100]);
  });

  it('does not catch traps', async () => {
    const { store, fn } = await setup(THREE_ZERO);
    const r = store.call(fn('catch'), [i32(3)]).run();
    assert.equal(r.status, 'trapped');
    assert.equal((r as { error: RuntimeError }).error.code, TrapCode.Unreachable);
    // The store stays usable.
    assert.deepEqual(results(store.call(fn('catch'), [i32(0)]).run()), [1007]);
  });

  it('throws a caught reference again after passing it through a local and a call', async () => {
    const { store, fn } = await setup(THREE_ZERO);
    assert.deepEqual(results(store.call(fn('rethrow-later'), [i32(0)]).run()), [2007]);
    const r = store.call(fn('rethrow-later'), [i32(1)]).run();
    assert.equal(r.status, 'trapped');
    const e = (r as { error: RuntimeError }).error;
    assert.ok(e instanceof UncaughtException);
    assert.equal(e.code, TrapCode.UncaughtException);
    assert.deepEqual(
      e.values.map((v) => (v as { value: unknown }).value),
      [11n, 12],
    );
    assert.deepEqual(results(store.call(fn('catch-ref'), [i32(0)]).run()), [7]);
  });

  it('traps on throw_ref of null', async () => {
    const { store, fn } = await setup(THREE_ZERO);
    const r = store.call(fn('null'), []).run();
    assert.equal((r as { error: RuntimeError }).error.code, TrapCode.NullExceptionReference);
  });

  it('gives the plain result with a capture, clone and restore at every instruction', async () => {
    const { store, fn } = await setup(THREE_ZERO);
    for (const [name, arg] of [
      ['catch', 0],
      ['catch', 1],
      ['catch', 2],
      ['rethrow-later', 0],
      ['catch-ref', 0],
      ['loop', 5],
    ] as const) {
      const plain = store.call(fn(name), [i32(arg)]).run();
      for (const step of [1, 2, 3, 7]) {
        const { r, trips } = runWithRoundTrips(store, fn(name), [i32(arg)], step, () => []);
        assert.deepEqual(results(r), results(plain), `${name}(${arg}) with fuel ${step}`);
        assert.ok(trips > 0);
      }
    }
    // An uncaught exception after round trips, from the restored store.
    const { r } = runWithRoundTrips(store, fn('rethrow-later'), [i32(1)], 1, () => []);
    assert.ok((r as { error: unknown }).error instanceof UncaughtException);
  });

  it('catches in a loop many times (fused code, handlers as group starts)', async () => {
    const { store, fn } = await setup(THREE_ZERO);
    assert.deepEqual(results(store.call(fn('loop'), [i32(10_000)]).run()), [10_000]);
  });
});

const HOST = `(module
  (import "h" "f" (func $host (param i32)))
  (tag $e (param i32))
  (func $inner (param i32) (call $host (local.get 0)))
  (func (export "through") (param i32) (call $inner (local.get 0)))
  (func (export "catch-all") (param i32) (result i32)
    (block $h
      (try_table (catch_all $h) (call $inner (local.get 0)))
      (return (i32.const 0)))
    (i32.const 1))
  (func (export "rethrow-ref") (param i32)
    (block $h (result exnref)
      (try_table (catch_all_ref $h) (call $inner (local.get 0)))
      (return))
    (throw_ref))
  (func (export "catch-tag") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (call $inner (local.get 0)))
      (return (i32.const -1)))))`;

describe('host calls', () => {
  const thrown = new Error('from the host');
  const host: HostFunction = (args) => {
    if ((args[0] as { value: number }).value === 1) throw thrown;
    return [];
  };

  it('a host exception crosses wasm frames and leaves as the same value', async () => {
    const { store, fn } = await setup(HOST, (s) => [s.hostFunc({ params: [0x7f], results: [] }, host, 'h.f')]);
    assert.throws(
      () => store.call(fn('through'), [i32(1)]).run(),
      (e) => e === thrown,
    );
    assert.deepEqual(results(store.call(fn('through'), [i32(0)]).run()), []);
  });

  it('catch_all catches it; catch_all_ref and throw_ref send it on intact', async () => {
    const { store, fn } = await setup(HOST, (s) => [s.hostFunc({ params: [0x7f], results: [] }, host, 'h.f')]);
    assert.deepEqual(results(store.call(fn('catch-all'), [i32(1)]).run()), [1]);
    assert.deepEqual(results(store.call(fn('catch-all'), [i32(0)]).run()), [0]);
    assert.throws(
      () => store.call(fn('rethrow-ref'), [i32(1)]).run(),
      (e) => e === thrown,
    );
  });

  it('a wasm exception thrown by a nested call through the host is the same exception', async () => {
    const store = new Store();
    const module = new Module(await assemble(HOST));
    let inner = -1;
    const nested: HostFunction = (args) => {
      // Calls back into wasm, whose uncaught exception the host passes on.
      const r = store.call(inner, [i32(0)]).run();
      if (r.status === 'trapped') throw r.error;
      void args;
      return [];
    };
    const thrower = `(module (tag $e (import "m" "e") (param i32)) (func (export "t") (param i32) (throw $e (i32.const 42))))`;
    const tagged = `(module (tag (export "e") (param i32)))`;
    const tagInst = store.instantiate(new Module(await assemble(tagged)), []);
    const e = store.exportOf(tagInst, 'e')!;
    const tInst = store.instantiate(new Module(await assemble(thrower)), [e]);
    inner = store.exportOf(tTag(tInst), 't')!.addr;
    function tTag(x: number): number {
      return x;
    }
    // HOST's own $e is a different tag: its catch $e must not match; catch_all must.
    const inst = store.instantiate(module, [store.hostFunc({ params: [0x7f], results: [] }, nested, 'h.f')]);
    const fn = (n: string) => store.exportOf(inst, n)!.addr;
    assert.equal(store.call(fn('catch-tag'), [i32(0)]).run().status, 'trapped');
    assert.deepEqual(results(store.call(fn('catch-all'), [i32(0)]).run()), [1]);
  });
});

const LEGACY = `(module
  (tag $e (param i32))
  (tag $f)
  (func $thrower (param i32)
    local.get 0
    if
      local.get 0
      throw $e
    end
    throw $f)
  (func (export "catch") (param i32) (result i32)
    try (result i32)
      local.get 0
      call $thrower
      i32.const 0
    catch $e
      i32.const 100
      i32.add
    catch_all
      i32.const -1
    end)
  (func (export "delegate") (param i32) (result i32)
    try $outer (result i32)
      block (result i32)
        try (result i32)
          local.get 0
          call $thrower
          i32.const 0
        delegate $outer
      end
    catch $e
      i32.const 200
      i32.add
    catch $f
      i32.const -2
    end)
  (func $to-caller (param i32) (result i32)
    try (result i32)
      local.get 0
      call $thrower
      i32.const 0
    delegate 0)
  (func (export "delegate-to-caller") (param i32) (result i32)
    try (result i32)
      local.get 0
      call $to-caller
    catch $e
      i32.const 300
      i32.add
    catch_all
      i32.const -3
    end)
  (func (export "rethrow") (param i32) (result i32)
    try (result i32)
      try (result i32)
        local.get 0
        call $thrower
        i32.const 0
      catch $e
        drop
        try (result i32)
          i32.const 99
          throw $e
        catch $e
          drop
          rethrow 1
        end
      end
    catch $e
      i32.const 400
      i32.add
    catch_all
      i32.const -4
    end)
  (func (export "in-catch") (param i32) (result i32)
    (local i32)
    try (result i32)
      local.get 0
      call $thrower
      i32.const 0
    catch_all
      try (result i32)
        local.get 0
        call $thrower
        i32.const 5
      catch $e
        local.set 1
        local.get 1
        i32.const 500
        i32.add
      end
    end)
  (func (export "after-catch") (param i32) (result i32)
    ;; A value under the try and register-form ops on its result: the height after a legacy catch's end.
    i32.const 1000
    try (result i32)
      local.get 0
      call $thrower
      i32.const 3
    catch_all
      i32.const 7
    end
    local.get 0
    i32.add
    i32.add)
  (func (export "after-rethrow") (param i32) (result i32)
    i32.const 1000
    try (result i32)
      try (result i32)
        local.get 0
        call $thrower
        i32.const 3
      catch_all
        rethrow 0
      end
      local.get 0
      i32.add
    catch_all
      i32.const -5
    end
    i32.const 2
    i32.mul
    i32.add)
  (func (export "uncaught") (param i32)
    try
      local.get 0
      call $thrower
    catch $f
    end))`;

describe('legacy exception handling', () => {
  const cases: [string, number][] = [];
  for (const name of [
    'catch',
    'delegate',
    'delegate-to-caller',
    'rethrow',
    'in-catch',
    'after-catch',
    'after-rethrow',
  ]) {
    for (const arg of [0, 1, 5, -7]) cases.push([name, arg]);
  }

  it("gives Node's results: catch, catch_all, delegate (to a try, to the caller), rethrow by depth", async () => {
    const bytes = await assemble(LEGACY);
    const node = new nodeWasm.Instance(new nodeWasm.Module(bytes), {}).exports as Record<string, (x: number) => number>;
    const { store, fn } = await setup(LEGACY);
    for (const [name, arg] of cases) {
      let expected: number | 'exception';
      try {
        expected = node[name]!(arg);
      } catch {
        expected = 'exception';
      }
      assert.deepEqual(outcome(store.call(fn(name), [i32(arg)]).run()), expected, `${name}(${arg})`);
    }
  });

  it('an uncaught legacy exception is an uncaught exception', async () => {
    const { store, fn } = await setup(LEGACY);
    const r = store.call(fn('uncaught'), [i32(3)]).run();
    assert.ok((r as { error: unknown }).error instanceof UncaughtException);
    assert.deepEqual(results(store.call(fn('uncaught'), [i32(0)]).run()), []);
  });

  it('gives the plain result with a capture, clone and restore at every instruction', async () => {
    const { store, fn } = await setup(LEGACY);
    for (const [name, arg] of cases) {
      const plain = outcome(store.call(fn(name), [i32(arg)]).run());
      for (const step of [1, 2, 5]) {
        const { r } = runWithRoundTrips(store, fn(name), [i32(arg)], step, () => []);
        assert.deepEqual(outcome(r), plain, `${name}(${arg}) with fuel ${step}`);
      }
    }
  });
});

describe('validation', () => {
  it('accepts a throw whose operand is a subtype of the tag parameter, and refuses a supertype', async () => {
    const types =
      '(type $t (sub (struct (field i32)))) (type $s (sub $t (struct (field i32) (field i32)))) ' +
      '(tag $e (param (ref null $t)))';
    const { fn, store } = await setup(`(module ${types}
      (func (export "f") (result i32)
        (block $h (result (ref null $t))
          (try_table (catch $e $h) (throw $e (struct.new $s (i32.const 7) (i32.const 8))))
          (unreachable))
        (struct.get $t 0)))`);
    assert.deepEqual(results(store.call(fn('f'), []).run()), [7]);
    const wide = await assemble(`(module ${types.replace('(param (ref null $t))', '(param (ref $s))')}
      (func (param (ref $t)) (throw $e (local.get 0))))`);
    assert.throws(
      () => new Module(wide),
      (e: Error) => e.name === 'CompileError',
    );
  });

  it('rejects rethrow outside a catch, delegate outside a try, unknown tags and mismatched labels', async () => {
    const bad = [
      '(module (func try rethrow 0 end))',
      '(module (func block delegate 0 end))',
      '(module (func (throw 0)))',
      '(module (tag (param i32)) (func (block $h (try_table (catch 0 $h)))))',
      '(module (func (block $h (try_table (catch_all_ref $h)))))',
    ];
    for (const text of bad) {
      let bytes: Uint8Array;
      try {
        bytes = await assemble(text);
      } catch {
        continue; // the text format already refuses it
      }
      assert.throws(
        () => new Module(bytes),
        (e: Error) => e.name === 'CompileError',
        text,
      );
    }
  });
});
