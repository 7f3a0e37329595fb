import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngineFactory } from '../src/engine/create-engine.js';
import type { ScriptOutcome } from '../src/runner/outcome.js';
import { runScript } from '../src/runner/run-script.js';

const SCRIPT = String.raw`
(module $lib
  (import "spectest" "print_i32" (func $print (param i32)))
  (import "spectest" "global_i32" (global $g666 i32))
  (import "spectest" "memory" (memory 1))
  (global $counter (export "counter") (mut i64) (i64.const 0))
  (func (export "add") (param i32 i32) (result i32) (local.get 0) (local.get 1) (i32.add))
  (func (export "g666") (result i32) (call $print (global.get $g666)) (global.get $g666))
  (func (export "bump") (result i64)
    (global.set $counter (i64.add (global.get $counter) (i64.const 1)))
    (global.get $counter))
  (func (export "sum") (param $n i32) (result i32) (local $acc i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $acc (i32.add (local.get $acc) (local.get $n)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next)))
    (local.get $acc))
  (func (export "trap") (unreachable))
  (func $rec (export "rec") (call $rec))
  (func (export "two") (result f64 externref) (f64.const -0) (ref.null extern))
  (func (export "id") (param externref) (result externref) (local.get 0))
)
(register "lib" $lib)
(module
  (import "lib" "add" (func $add (param i32 i32) (result i32)))
  (func (export "five") (result i32) (call $add (i32.const 2) (i32.const 3))))
(assert_return (invoke "five") (i32.const 5))
(assert_return (invoke $lib "add" (i32.const 0xffffffff) (i32.const 2)) (i32.const 1))
(assert_return (invoke $lib "g666") (i32.const 666))
(assert_return (invoke $lib "sum" (i32.const 100)) (i32.const 5050))
(invoke $lib "bump")
(assert_return (invoke $lib "bump") (i64.const 2))
(assert_return (get $lib "counter") (i64.const 2))
(assert_return (invoke $lib "two") (f64.const -0) (ref.null extern))
(assert_return (invoke $lib "id" (ref.extern 42)) (ref.extern 42))
(assert_trap (invoke $lib "trap") "unreachable")
(assert_exhaustion (invoke $lib "rec") "call stack exhausted")
(assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
(assert_malformed (module quote "(func (i32.const))") "unexpected token")
(assert_malformed (module quote "(func) (memory 1) (bogus)") "unexpected token")
(assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
(assert_unlinkable (module (import "lib" "nope" (func))) "unknown import")
(assert_unlinkable (module (import "lib" "add" (func (param i64)))) "incompatible import type")
(assert_trap (module (func $f (unreachable)) (start $f)) "unreachable")
`;

const FAILING = String.raw`
(module (func (export "one") (result i32) (i32.const 1)))
(assert_return (invoke "one") (i32.const 2))
(assert_return (invoke "missing") (i32.const 1))
(assert_trap (invoke "one") "unreachable")
(module (func (result i32) (i64.const 0)))
(assert_return (invoke "one") (i32.const 1))
(module (func (export "one") (result i32) (i32.const 1)))
(assert_return (invoke "one") (i32.const 1))
(assert_invalid (module (func)) "type mismatch")
(assert_return (invoke "one") (i32.const 1.5))
`;

function failures(o: ScriptOutcome): string[] {
  return o.outcomes.filter((c) => !c.passed).map((c) => `${c.line} ${c.command}: ${c.detail ?? ''}`);
}

for (const engineName of ['v8', 'edgedancer'] as const) {
  test(`${engineName}: every command kind passes on a correct script`, async () => {
    const make = await createEngineFactory(engineName);
    const out = await runScript(SCRIPT, make());
    assert.deepEqual(failures(out), []);
    assert.equal(out.outcomes.length, 21);
    assert.equal(out.suspensions, 0);
  });

  test(`${engineName}: failures stay with their command and the script goes on`, async () => {
    const make = await createEngineFactory(engineName);
    const out = await runScript(FAILING, make());
    const failedLines = out.outcomes.filter((c) => !c.passed).map((c) => c.line);
    // 3: wrong value; 4: no such export; 5: no trap; 6: module invalid; 7: no current module after it;
    // 10: valid module; 11: literal not an i32
    assert.deepEqual(failedLines, [3, 4, 5, 6, 7, 10, 11]);
    assert.match(out.outcomes[1]!.detail ?? '', /got \[\(i32\.const 1\)\], expected \[\(i32\.const 2\)\]/);
  });
}

test('an unreadable script is one failed command', async () => {
  const make = await createEngineFactory('v8');
  const out = await runScript('(module', make());
  assert.equal(out.outcomes.length, 1);
  assert.equal(out.outcomes[0]!.passed, false);
});

test('edgedancer: NaN payloads survive bit for bit', async () => {
  const make = await createEngineFactory('edgedancer');
  const out = await runScript(
    String.raw`(module
      (func (export "f32") (param f32) (result f32) (local.get 0))
      (func (export "snan") (result f64) (f64.const -nan:0x4000000000000)))
    (assert_return (invoke "f32" (f32.const nan:0x200000)) (f32.const nan:0x200000))
    (assert_return (invoke "snan") (f64.const -nan:0x4000000000000))`,
    make(),
  );
  assert.deepEqual(failures(out), []);
});

for (const n of [1, 7, 1000]) {
  test(`edgedancer --roundtrip ${n}: same results, state carried on to later commands`, async () => {
    const make = await createEngineFactory('edgedancer', { roundtrip: n });
    // Without the exhaustion test: capturing a near-full stack at every instruction is slow.
    const out = await runScript(SCRIPT.replace(/\(assert_exhaustion.*\n/, ''), make());
    assert.equal(out.outcomes.length, 20);
    assert.deepEqual(failures(out), []);
    if (n < 1000) assert.ok(out.suspensions > 0, `${out.suspensions} suspensions`);
  });
}

test('round trips are counted: one per fuel slice boundary', async () => {
  const make = await createEngineFactory('edgedancer', { roundtrip: 1 });
  const engine = make();
  await runScript('(module (func (export "f") (drop (i32.const 1)) (drop (i32.const 2))))\n(invoke "f")', engine);
  assert.ok(engine.suspensions >= 3, `${engine.suspensions}`);
});

test('v8 refuses round trips, unknown engines are refused', async () => {
  await assert.rejects(createEngineFactory('v8', { roundtrip: 1 }), RangeError);
  await assert.rejects(createEngineFactory('wasmtime'), RangeError);
});

test('edgedancer maxCallDepth holds, also in stores restored by round trips', async () => {
  const script = String.raw`(module
    (func $down (export "down") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (call $down (i32.sub (local.get 0) (i32.const 1)))))))
    (assert_return (invoke "down" (i32.const 30)) (i32.const 0))
    (assert_exhaustion (invoke "down" (i32.const 100)) "call stack exhausted")`;
  for (const roundtrip of [undefined, 5]) {
    const make = await createEngineFactory('edgedancer', {
      maxCallDepth: 50,
      ...(roundtrip === undefined ? {} : { roundtrip }),
    });
    const out = await runScript(script, make());
    assert.deepEqual(failures(out), [], `roundtrip ${roundtrip}`);
  }
  await assert.rejects(createEngineFactory('v8', { maxCallDepth: 5 }), RangeError);
});
