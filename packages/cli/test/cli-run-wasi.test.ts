/**
 * `edgedancer run` on WASI commands (C programs of the wasi package): arguments, environment, preopened host
 * directories, stdin, and the exit code passed through.
 * @module
 */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { edgedancer, MAIN } from './spawn-cli.js';

const programs = fileURLToPath(new URL('../../../wasi/test-programs/', import.meta.url));
const program = (name: string): string => join(programs, `${name}.wasm`);

test('arguments and environment reach the program', () => {
  const r = edgedancer(['run', program('args-env'), '--env', 'FOO=bar', '--', 'a', 'b c']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /argc=3/);
  assert.match(r.stdout, /argv\[2\]="b c"/);
  assert.match(r.stdout, /env\[0\]=FOO=bar/);
});

test('the exit code of proc_exit is the exit status', () => {
  const r = edgedancer(['run', program('exit-code'), '--', '7']);
  assert.equal(r.status, 7);
});

test('--dir preopens a host directory; stdin is the process stdin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgedancer-wasi-'));
  const r = spawnSync(process.execPath, [MAIN, 'run', program('stdin-upper'), '--dir', `${dir}::/sandbox`], {
    input: 'some input\nline two\n',
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'SOME INPUT\nLINE TWO\n');
  assert.match(r.stderr, /20 bytes, 2 lines/);
  assert.equal(readFileSync(join(dir, 'stdin-copy.txt'), 'utf8'), 'some input\nline two\n');
});

test('without the preopen the program sees no directory and fails as it chooses', () => {
  const r = spawnSync(process.execPath, [MAIN, 'run', program('stdin-upper')], { input: 'x\n', encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /open copy/);
});

test('a bad --dir or --env is a usage error', () => {
  assert.equal(edgedancer(['run', program('args-env'), '--dir', '::/x']).status, 64);
  assert.equal(edgedancer(['run', program('args-env'), '--env', 'NOEQUALS']).status, 64);
});
