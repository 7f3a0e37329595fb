/**
 * The checked-in launcher (`bin/edgedancer.cjs`, what npm links as `edgedancer`) and `--version`.
 * @module
 */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { edgedancer } from './spawn-cli.js';

const PACKAGE = fileURLToPath(new URL('../../', import.meta.url));
const LAUNCHER = join(PACKAGE, 'bin', 'edgedancer.cjs');
const VERSION = (JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { version: string }).version;

test('package.json links the checked-in launcher as the edgedancer bin', () => {
  const pkg = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  assert.equal(pkg.bin['edgedancer'], './bin/edgedancer.cjs');
});

test('--version and -V print the version of package.json', () => {
  for (const flag of ['--version', '-V']) {
    const r = edgedancer([flag]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `edgedancer ${VERSION}\n`);
  }
});

test('the launcher runs the built command line', () => {
  const r = spawnSync(process.execPath, [LAUNCHER, '--version'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `edgedancer ${VERSION}\n`);
  const help = spawnSync(process.execPath, [LAUNCHER, '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^usage: edgedancer <command>/);
});

test('the launcher says in one line that the package is not built', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgedancer-launcher-'));
  try {
    cpSync(LAUNCHER, join(dir, 'bin', 'edgedancer.cjs'));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    const r = spawnSync(process.execPath, [join(dir, 'bin', 'edgedancer.cjs'), '--version'], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^edgedancer: not built yet: run `npm run build`[^\n]*\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
