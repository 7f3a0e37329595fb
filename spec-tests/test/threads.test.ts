/**
 * The `thread` and `wait` script commands: threads in workers sharing a module's shared memory, judged at
 * `wait`; a thread that fails makes its `wait` fail; engines without threads say so.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngineFactory } from '../src/engine/create-engine.js';
import { runScript } from '../src/runner/run-script.js';
import { parseScript } from '../src/script/parse-script.js';

const SCRIPT = `
(module $Mem (memory (export "shared") 1 1 shared))

(thread $Waiter (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "run") (result i32) (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1))))
  (assert_return (invoke "run") (i32.const 0)))

(thread $Adder (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "add") (param $n i32)
      (loop $l
        (drop (i32.atomic.rmw.add (i32.const 8) (i32.const 1)))
        (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
    (func (export "wake") (result i32)
      (local $woken i32)
      (loop $l
        (local.set $woken (memory.atomic.notify (i32.const 0) (i32.const 1)))
        (br_if $l (i32.eqz (local.get $woken))))
      (local.get $woken)))
  (invoke "add" (i32.const 1000))
  (assert_return (invoke "wake") (i32.const 1)))

(wait $Waiter)
(wait $Adder)

(module (memory (import "mem" "shared") 1 1 shared)
  (func (export "count") (result i32) (i32.atomic.load (i32.const 8))))
`;

test('parses thread and wait', () => {
  const commands = parseScript(SCRIPT);
  const thread = commands.find((c) => c.kind === 'thread');
  assert.ok(thread?.kind === 'thread');
  assert.equal(thread.name, '$Waiter');
  assert.deepEqual(thread.shared, ['$Mem']);
  assert.equal(parseScript(thread.script).length, 3);
  assert.deepEqual(
    commands.filter((c) => c.kind === 'wait').map((c) => c.kind === 'wait' && c.name),
    ['$Waiter', '$Adder'],
  );
});

test('threads share a memory, wait and notify each other, and are judged at wait', async () => {
  const engine = (await createEngineFactory('edgedancer'))();
  const script = `${SCRIPT.replace('(module (memory (import', '(register "mem" $Mem)\n(module (memory (import')}
(assert_return (invoke "count") (i32.const 1000))`;
  const { outcomes } = await runScript(script, engine);
  assert.deepEqual(
    outcomes.filter((o) => !o.passed),
    [],
  );
  assert.equal(outcomes.filter((o) => o.command === 'wait').length, 2);
});

test('a failing command in a thread fails its wait', async () => {
  const engine = (await createEngineFactory('edgedancer'))();
  const { outcomes } = await runScript(
    `
(module $M (memory (export "m") 1 1 shared))
(thread $T (shared (module $M))
  (register "m" $M)
  (module (memory (import "m" "m") 1 1 shared) (func (export "f") (result i32) (i32.const 1)))
  (assert_return (invoke "f") (i32.const 2)))
(wait $T)`,
    engine,
  );
  const wait = outcomes.find((o) => o.command === 'wait');
  assert.equal(wait?.passed, false);
  assert.match(wait?.detail ?? '', /thread \$T: 1 failed, first at line 6 assert_return/);
});

test('the v8 engine reports that it cannot run threads', async () => {
  const engine = (await createEngineFactory('v8'))();
  const { outcomes } = await runScript(
    '(module $M (memory (export "m") 1 1 shared))\n(thread $T (shared (module $M)))\n(wait $T)',
    engine,
  );
  assert.match(outcomes[1]?.detail ?? '', /cannot run threads/);
});
