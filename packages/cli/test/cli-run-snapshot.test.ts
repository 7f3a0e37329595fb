/**
 * `edgedancer run` of WASI programs given as text, with `--fuel`, `--roundtrip` and `--snapshot-on-interrupt`,
 * and `edgedancer resume`: a program stopped by fuel or by Ctrl-C (a real SIGINT to a child process) and
 * continued in a fresh process prints exactly what an uninterrupted run prints; snapshot files that are not
 * usable are refused with one line and a code.
 * @module
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeSnapshotFile, encodeSnapshotFile } from '../src/run/snapshot-file.js';
import { edgedancer, MAIN } from './spawn-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'edgedancer-resume-'));
const file = (name: string): string => join(dir, name);
const programs = fileURLToPath(new URL('../../../wasi/test-programs/', import.meta.url));

/**
 * A WASI program in text that prints `lines` numbers, one a line, each after `work` iterations of a loop
 * whose running sum (a global) is part of the number printed: stopping anywhere and continuing must carry
 * the counter, the sum and the output position.
 */
function counter(lines: number, work: number): string {
  return `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $sum (mut i32) (i32.const 0))
  (func $print (param $n i32)
    (local $p i32)
    (local.set $p (i32.const 100))
    (i32.store8 (local.get $p) (i32.const 10))
    (loop $d
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $d (local.get $n)))
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (i32.sub (i32.const 101) (local.get $p)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $work (param $k i32)
    (loop $w
      (global.set $sum (i32.add (global.get $sum) (local.get $k)))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (br_if $w (i32.gt_s (local.get $k) (i32.const 0)))))
  (func (export "_start") (local $i i32)
    (loop $l
      (call $work (i32.const ${work}))
      (call $print (i32.add (local.get $i) (global.get $sum)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const ${lines}))))))`;
}

let expected = '';

before(() => {
  writeFileSync(file('count.wat'), counter(3000, 20));
  writeFileSync(file('slow.wat'), counter(4000, 400));
  const r = edgedancer(['run', file('count.wat')]);
  assert.equal(r.status, 0, r.stderr);
  expected = r.stdout;
  assert.equal(expected.split('\n').length, 3001);
});

test('a text program stopped by fuel and resumed in fresh processes prints what one run prints', () => {
  const first = edgedancer(['run', file('count.wat'), '--fuel', '100000', '--snapshot-on-interrupt', file('a.snap')]);
  assert.equal(first.status, 2, first.stderr);
  assert.match(first.stderr, /out of fuel after 100000 instructions; saved to .*a\.snap/);
  assert.ok(first.stdout.length > 0 && first.stdout.length < expected.length / 2);
  // Resumed with fuel again, saved over the same file, then to the end.
  const second = edgedancer(['resume', file('a.snap'), '--fuel', '100000', '--snapshot-on-interrupt', file('a.snap')]);
  assert.equal(second.status, 2, second.stderr);
  assert.ok(second.stdout.length > 0);
  const last = edgedancer(['resume', file('a.snap')]);
  assert.equal(last.status, 0, last.stderr);
  assert.equal(first.stdout + second.stdout + last.stdout, expected);
});

test('the file alone is enough: the module source gone, the file moved elsewhere', () => {
  cpSync(file('count.wat'), file('gone.wat'));
  const first = edgedancer(['run', file('gone.wat'), '--fuel', '200000', '--snapshot-on-interrupt', file('gone.snap')]);
  assert.equal(first.status, 2, first.stderr);
  rmSync(file('gone.wat'));
  mkdirSync(file('elsewhere'));
  renameSync(file('gone.snap'), join(file('elsewhere'), 'moved.snap'));
  const rest = edgedancer(['resume', join(file('elsewhere'), 'moved.snap')]);
  assert.equal(rest.status, 0, rest.stderr);
  assert.equal(first.stdout + rest.stdout, expected);
});

test('output larger than a pipe holds arrives whole (a full non-blocking pipe is waited for)', () => {
  writeFileSync(file('big.wat'), counter(40_000, 1));
  const r = edgedancer(['run', file('big.wat')]);
  assert.equal(r.status, 0, r.stderr);
  // Line i prints i plus the running sum, which grows by one a line.
  assert.equal(r.stdout, Array.from({ length: 40_000 }, (_, i) => `${2 * i + 1}\n`).join(''));
});

test('--fuel without a snapshot file stops with status 2; --roundtrip changes nothing in the output', () => {
  const stopped = edgedancer(['run', file('count.wat'), '--fuel', '5000']);
  assert.equal(stopped.status, 2);
  assert.ok(expected.startsWith(stopped.stdout));
  const rt = edgedancer(['run', file('count.wat'), '--roundtrip', '7919']);
  assert.equal(rt.status, 0, rt.stderr);
  assert.equal(rt.stdout, expected);
  assert.ok(Number(/(\d+) round trips/.exec(rt.stderr)?.[1]) > 20, rt.stderr);
});

test('a C program with a host directory: stopped, resumed, same output and same files', () => {
  const corpus = Array.from({ length: 200 }, (_, i) => `word${i % 37} the edge node ${i % 11} moves`).join('\n');
  const makeSandbox = (name: string): string => {
    const d = file(name);
    mkdirSync(d);
    writeFileSync(join(d, 'corpus.txt'), corpus);
    return d;
  };
  const whole = makeSandbox('whole');
  const split = makeSandbox('split');
  const wasm = join(programs, 'wordfreq.wasm');
  const one = edgedancer(['run', wasm, '--dir', `${whole}::/sandbox`]);
  assert.equal(one.status, 0, one.stderr);
  const a = edgedancer([
    'run',
    wasm,
    '--dir',
    `${split}::/sandbox`,
    '--fuel',
    '150000',
    '--snapshot-on-interrupt',
    file('c.snap'),
  ]);
  assert.equal(a.status, 2, a.stderr);
  const b = edgedancer(['resume', file('c.snap')]);
  assert.equal(b.status, 0, b.stderr);
  assert.equal(a.stdout + b.stdout, one.stdout);
  for (const f of ['wordfreq.log', 'report.txt']) {
    assert.equal(readFileSync(join(split, f), 'utf8'), readFileSync(join(whole, f), 'utf8'), f);
  }
  // The directory moved: --map-dir says where it is now.
  const moved = file('moved');
  const c = edgedancer([
    'run',
    wasm,
    '--dir',
    `${split}::/sandbox`,
    '--fuel',
    '150000',
    '--snapshot-on-interrupt',
    file('d.snap'),
  ]);
  assert.equal(c.status, 2);
  cpSync(split, moved, { recursive: true });
  const d = edgedancer(['resume', file('d.snap'), '--map-dir', `${split}::${moved}`]);
  assert.equal(d.status, 0, d.stderr);
  assert.equal(c.stdout + d.stdout, one.stdout);
  assert.equal(readFileSync(join(moved, 'report.txt'), 'utf8'), readFileSync(join(whole, 'report.txt'), 'utf8'));
});

test('Ctrl-C (SIGINT to a child process) saves the program; resume finishes it with the same output', async () => {
  const whole = edgedancer(['run', file('slow.wat')]);
  assert.equal(whole.status, 0, whole.stderr);
  const child = spawn(process.execPath, [MAIN, 'run', file('slow.wat'), '--snapshot-on-interrupt', file('int.snap')]);
  let out = '';
  let err = '';
  child.stderr.on('data', (b: Buffer) => {
    err += b.toString();
  });
  const status = await new Promise<number | null>((resolve) => {
    let sent = false;
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (!sent) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.on('close', (code) => resolve(code));
  });
  assert.equal(status, 130, err);
  assert.match(err, /interrupted; saved to .*int\.snap/);
  assert.ok(out.length < whole.stdout.length, 'stopped before the end');
  const rest = edgedancer(['resume', file('int.snap')]);
  assert.equal(rest.status, 0, rest.stderr);
  assert.equal(out + rest.stdout, whole.stdout);
});

test('snapshot files that cannot be resumed are refused with one line and a code', () => {
  const good = edgedancer(['run', file('count.wat'), '--fuel', '20000', '--snapshot-on-interrupt', file('g.snap')]);
  assert.equal(good.status, 2);
  const bytes = readFileSync(file('g.snap'));
  const parts = decodeSnapshotFile(bytes);
  const other = edgedancer(['run', file('slow.wat'), '--fuel', '20000', '--snapshot-on-interrupt', file('o.snap')]);
  assert.equal(other.status, 2);
  const otherParts = decodeSnapshotFile(readFileSync(file('o.snap')));
  const cases: [string, Uint8Array | null, RegExp][] = [
    ['missing.snap', null, /\(ENOENT\)$/],
    ['text.snap', new TextEncoder().encode('hello'), /\(bad-magic\)$/],
    ['short.snap', bytes.subarray(0, bytes.length - 10), /\(truncated\)$/],
    ['long.snap', new Uint8Array([...bytes, 0]), /\(trailing-bytes\)$/],
    ['version.snap', Object.assign(new Uint8Array(bytes), { 8: 9 }), /\(bad-version\)$/],
    // The module of one program with the snapshot of another.
    [
      'swapped.snap',
      encodeSnapshotFile({ module: otherParts.module, snapshot: parts.snapshot }),
      /\(module-mismatch\)$/,
    ],
    // A well-framed file whose snapshot is cut short.
    [
      'inner.snap',
      encodeSnapshotFile({ module: parts.module, snapshot: parts.snapshot.subarray(0, parts.snapshot.length - 7) }),
      /\([a-z-]+\)$/,
    ],
  ];
  for (const [name, content, pattern] of cases) {
    if (content !== null) writeFileSync(file(name), content);
    const r = edgedancer(['resume', file(name)]);
    assert.equal(r.status, 1, `${name}: ${r.stderr}`);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `${name}: ${r.stderr}`);
    assert.match(lines[0]!, /^edgedancer resume: cannot resume /);
    assert.match(lines[0]!, pattern, name);
    assert.equal(r.stdout, '', name);
  }
});

test('run takes text modules for --invoke too, and reports text that does not parse in one line', () => {
  writeFileSync(
    file('add.wat'),
    '(module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))',
  );
  const r = edgedancer(['run', file('add.wat'), '--invoke', 'add', '2', '40']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '42\n');
  writeFileSync(file('broken.wat'), '(module (func (export "f") (i32.add');
  const bad = edgedancer(['run', file('broken.wat'), '--invoke', 'f']);
  assert.equal(bad.status, 1);
  assert.equal(bad.stderr.trimEnd().split('\n').length, 1, bad.stderr);
  assert.match(bad.stderr, /broken\.wat: .*\(wat-syntax\)/);
});
