import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { WastProgress } from '../src/wast/wast-progress.js';
import { edgedancer } from './spawn-cli.js';

const root = mkdtempSync(join(tmpdir(), 'edgedancer-wast-'));
mkdirSync(join(root, 'mine'));
const file = (name: string): string => join(root, 'mine', name);

writeFileSync(
  file('good.wast'),
  `(module (func (export "f") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))
(assert_return (invoke "f" (i32.const 21)) (i32.const 42))
(assert_trap (module (func $s (unreachable)) (start $s)) "unreachable")
`,
);
writeFileSync(
  file('bad.wast'),
  `(module (func (export "f") (result i32) (i32.const 1)))
(assert_return (invoke "f") (i32.const 1))
(assert_return (invoke "f") (i32.const 2))
`,
);

const env = { WASM_TESTSUITE: root };
const lastLine = (s: string): string => s.trimEnd().split('\n').at(-1)!;

test('one line per file and a final count of commands; exit 0 when all pass', () => {
  const r = edgedancer(['wast', file('good.wast')], env);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^mine\/good\.wast: 3 passed, 0 failed \(\d+ ms\)$/m);
  assert.equal(lastLine(r.stdout), '3 passed, 0 failed');
});

test('a failure exits 1 and is shown with its line', () => {
  const r = edgedancer(['wast', file('good.wast'), file('bad.wast')], env);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /line 3 assert_return: got \[\(i32\.const 1\)\], expected \[\(i32\.const 2\)\]/);
  assert.equal(lastLine(r.stdout), '5 passed, 1 failed');
});

test('expected failures do not fail the run; unexpected passes do', () => {
  writeFileSync(join(root, 'expect.json'), JSON.stringify({ 'mine/bad.wast': [3] }));
  const r = edgedancer(['wast', file('bad.wast'), '--expect', join(root, 'expect.json')], env);
  assert.equal(r.status, 0, r.stdout);
  assert.match(r.stdout, /1 expected failures/);
  assert.equal(lastLine(r.stdout), '2 passed, 0 failed');

  writeFileSync(join(root, 'stale.json'), JSON.stringify({ 'mine/bad.wast': [2, 3] }));
  const stale = edgedancer(['wast', file('bad.wast'), '--expect', join(root, 'stale.json')], env);
  assert.equal(stale.status, 1);
  assert.match(stale.stdout, /line 2 \?: unexpected pass/);
  assert.equal(lastLine(stale.stdout), '2 passed, 1 failed');
});

test('--suite takes the top-level scripts of a folder of the suite root; --json writes counts', () => {
  const out = join(root, 'out.json');
  const r = edgedancer(['wast', '--suite', 'mine', '--json', out, '--expect', join(root, 'expect.json')], env);
  assert.equal(r.status, 0, r.stdout);
  const json = JSON.parse(readFileSync(out, 'utf8')) as {
    totals: { passed: number; failed: number; expectedFailures: number };
    files: { file: string; passed: number }[];
  };
  assert.deepEqual(
    json.files.map((f) => [f.file, f.passed]),
    [
      ['mine/bad.wast', 2],
      ['mine/good.wast', 3],
    ],
  );
  assert.deepEqual([json.totals.passed, json.totals.failed, json.totals.expectedFailures], [5, 0, 1]);
});

test('a directory argument, --engine v8 and --roundtrip', () => {
  const v8 = edgedancer(['wast', join(root, 'mine'), '--engine', 'v8'], env);
  assert.equal(lastLine(v8.stdout), '5 passed, 1 failed');
  const rt = edgedancer(['wast', file('good.wast'), '--roundtrip', '2'], env);
  assert.equal(rt.status, 0, rt.stdout);
  assert.match(rt.stdout, /good\.wast: 3 passed, 0 failed, \d+ round trips/);
  const moved = edgedancer(['wast', file('good.wast'), '--roundtrip', '2', '--roundtrip-memory', 'move'], env);
  assert.equal(lastLine(moved.stdout), '3 passed, 0 failed');
});

test('usage errors exit 64', () => {
  assert.equal(edgedancer(['wast'], env).status, 64);
  assert.equal(edgedancer(['wast', '--suite', 'nope'], env).status, 64);
  assert.equal(edgedancer(['wast', file('good.wast'), '--engine', 'v8', '--roundtrip', '1'], env).status, 64);
  assert.equal(edgedancer(['wast', file('good.wast'), '--engine', 'x'], env).status, 64);
  assert.equal(
    edgedancer(['wast', file('good.wast'), '--roundtrip', '1', '--roundtrip-memory', 'copy'], env).status,
    64,
  );
});

test('--skip leaves out scripts by file name or suite key', () => {
  const byName = edgedancer(['wast', '--suite', 'mine', '--skip', 'bad.wast'], env);
  assert.equal(byName.status, 0, byName.stdout + byName.stderr);
  assert.doesNotMatch(byName.stdout, /bad\.wast/);
  assert.equal(lastLine(byName.stdout), '3 passed, 0 failed');
  const byKey = edgedancer(['wast', '--suite', 'mine', '--skip', 'mine/bad.wast'], env);
  assert.equal(lastLine(byKey.stdout), '3 passed, 0 failed');
});

test('--suite also names one script of the suite root', () => {
  const r = edgedancer(['wast', '--suite', 'mine/good.wast'], env);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(lastLine(r.stdout), '3 passed, 0 failed');
});

test('progress within a file: periodic lines on stderr when not a terminal; stdout unchanged', () => {
  const lines = ['(module (func (export "f") (param i32) (result i32) (local.get 0)))'];
  for (let i = 0; i < 400; i++) lines.push(`(assert_return (invoke "f" (i32.const ${i})) (i32.const ${i}))`);
  writeFileSync(join(root, 'long.wast'), lines.join('\n'));
  const r = edgedancer(['wast', join(root, 'long.wast'), '--progress', '0.001', '--roundtrip', '1'], env);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /^ {2}long\.wast: \d+\/401 commands after \d+\.\d s…$/m);
  assert.equal(lastLine(r.stdout), '401 passed, 0 failed');
  assert.doesNotMatch(r.stdout, /commands after/);
  const quiet = edgedancer(['wast', join(root, 'long.wast'), '--progress', '0'], env);
  assert.equal(quiet.stderr, '');
  assert.equal(edgedancer(['wast', join(root, 'long.wast'), '--progress', 'soon'], env).status, 64);
});

test('progress on a terminal: one status line redrawn at most every 100 ms and cleared', () => {
  let t = 0;
  let text = '';
  const p = new WastProgress({
    tty: true,
    write: (s) => {
      text += s;
    },
    intervalMs: 10_000,
    now: () => t,
  });
  p.onCommand('a.wast', 0, 10);
  t = 50;
  p.onCommand('a.wast', 1, 10);
  t = 150;
  p.onCommand('a.wast', 2, 10);
  p.clear();
  p.clear();
  assert.equal(text, '\r\x1b[Ka.wast: 0/10 commands, 0.0 s\r\x1b[Ka.wast: 2/10 commands, 0.1 s\r\x1b[K');
});

test('with --roundtrip the call depth defaults to ROUNDTRIP_MAX_CALL_DEPTH; --max-call-depth overrides it', () => {
  writeFileSync(
    join(root, 'depth.wast'),
    `(module
  (func $d (export "d") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $d (i32.sub (local.get 0) (i32.const 1))))))))
(assert_return (invoke "d" (i32.const 450)) (i32.const 450))
(assert_exhaustion (invoke "d" (i32.const 600)) "call stack exhausted")
`,
  );
  const rt = edgedancer(['wast', join(root, 'depth.wast'), '--roundtrip', '100000'], env);
  assert.equal(rt.status, 0, rt.stdout + rt.stderr);
  assert.equal(lastLine(rt.stdout), '3 passed, 0 failed');
  const deeper = edgedancer(
    ['wast', join(root, 'depth.wast'), '--roundtrip', '100000', '--max-call-depth', '700'],
    env,
  );
  assert.equal(lastLine(deeper.stdout), '2 passed, 1 failed');
  const plain = edgedancer(['wast', join(root, 'depth.wast')], env);
  assert.equal(lastLine(plain.stdout), '2 passed, 1 failed');
});
