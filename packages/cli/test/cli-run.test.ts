import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { watToBinary } from '@edgedancer/spec-tests';
import { edgedancer } from './spawn-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'edgedancer-run-'));
const file = (name: string): string => join(dir, name);

const MODULE = `(module
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func (export "add64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func (export "div") (param f32 f32) (result f32) (f32.div (local.get 0) (local.get 1)))
  (func (export "id64") (param f64) (result f64) (local.get 0))
  (func (export "bits") (param f32) (result i32) (i32.reinterpret_f32 (local.get 0)))
  (func (export "multi") (result i32 i64 f32 f64) (i32.const -7) (i64.const 1) (f32.const 0.1) (f64.const 0.1))
  (func (export "trap") (unreachable))
  (func (export "spin") (loop (br 0)))
  (func (export "none"))
  (memory (export "mem") 1))`;

before(async () => {
  writeFileSync(file('m.wasm'), await watToBinary(MODULE));
  writeFileSync(file('imports.wasm'), await watToBinary('(module (import "env" "f" (func)))'));
  writeFileSync(file('bad.wasm'), new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 0xff]));
  writeFileSync(file('invalid.wasm'), await watToBinary('(module (func (result i32) (i64.const 0)))'));
});

function ok(args: string[]): string {
  const r = edgedancer(['run', file('m.wasm'), ...args]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('prints results one per line', () => {
  assert.equal(ok(['--invoke', 'fib', '20']), '6765\n');
  assert.equal(ok(['--invoke', 'add64', '9223372036854775807', '1']), '-9223372036854775808\n');
  assert.equal(ok(['--invoke', 'add64', '-1', '0x10']), '15\n');
  assert.equal(ok(['--invoke', 'div', '1', '3']), '0.33333334\n');
  assert.equal(ok(['--invoke', 'div', '1', '0']), 'Infinity\n');
  assert.equal(ok(['--invoke', 'div', '0', '0']), 'NaN\n');
  assert.equal(ok(['--invoke', 'id64', '-0']), '-0\n');
  assert.equal(ok(['--invoke', 'id64', '-inf']), '-Infinity\n');
  assert.equal(ok(['--invoke', 'bits', 'nan:0x200000']), `${String(0x7fa00000)}\n`);
  assert.equal(ok(['--invoke', 'multi']), '-7\n1\n0.1\n0.1\n');
  assert.equal(ok(['--invoke', 'none']), '');
});

test('--fuel: enough fuel runs to the end, too little exits 2', () => {
  assert.equal(ok(['--invoke', 'fib', '10', '--fuel', '1000000']), '55\n');
  const r = edgedancer(['run', file('m.wasm'), '--invoke', 'spin', '--fuel', '5000']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /out of fuel/);
  assert.equal(r.stdout, '');
});

test('--roundtrip: same results through captured, cloned and restored state', () => {
  const r = edgedancer(['run', file('m.wasm'), '--invoke', 'fib', '12', '--roundtrip', '3']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '144\n');
  const trips = Number(/(\d+) round trips/.exec(r.stderr)?.[1]);
  assert.ok(trips > 100, r.stderr);
  const limited = edgedancer(['run', file('m.wasm'), '--invoke', 'spin', '--roundtrip', '7', '--fuel', '100']);
  assert.equal(limited.status, 2);
});

test('a trap exits 1 with the trap message', () => {
  const r = edgedancer(['run', file('m.wasm'), '--invoke', 'trap']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /unreachable/);
});

test('modules that do not load, need imports, or lack the export exit 1 with a message', () => {
  for (const [name, pattern] of [
    ['bad.wasm', /bad\.wasm/],
    ['invalid.wasm', /type mismatch/],
    ['imports.wasm', /imports env\.f/],
    ['missing.wasm', /cannot read/],
  ] as const) {
    const r = edgedancer(['run', file(name), '--invoke', 'f']);
    assert.equal(r.status, 1, name);
    assert.match(r.stderr, pattern);
  }
  const r = edgedancer(['run', file('m.wasm'), '--invoke', 'mem']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no exported function "mem".*fib/);
});

test('bad command lines exit 64 with the usage', () => {
  for (const args of [
    ['--invoke', 'fib'],
    ['--invoke', 'fib', '1', '2'],
    ['--invoke', 'fib', 'x'],
    ['--invoke', 'fib', '1', '--fuel', '0'],
    [],
  ]) {
    const r = edgedancer(['run', file('m.wasm'), ...args]);
    assert.equal(r.status, 64, args.join(' '));
    assert.match(r.stderr, /usage: edgedancer run/);
  }
  assert.equal(edgedancer(['run']).status, 64);
});

test('help and unknown commands', () => {
  const help = edgedancer(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /usage: edgedancer <command>/);
  for (const command of ['run', 'wast', 'bench']) assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'));
  const runHelp = edgedancer(['run', '--help']);
  assert.equal(runHelp.status, 0);
  assert.match(runHelp.stdout, /--roundtrip N/);
  const unknown = edgedancer(['frobnicate']);
  assert.equal(unknown.status, 64);
  assert.match(unknown.stderr, /unknown command 'frobnicate'/);
  const none = edgedancer([]);
  assert.equal(none.status, 64);
  assert.match(none.stderr, /usage/);
});
