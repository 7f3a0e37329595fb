/**
 * Start-up: a command loads only what it uses. Runs the built command in a child process with a module
 * resolution hook that logs every module loaded, and checks which packages each command pulled in (no timing).
 * @module
 */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { MAIN } from './spawn-cli.js';

/** `(module (func (export "f")))`. */
const EMPTY = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07,
  0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,
]);

/** The URLs of the modules a command loads. */
function modulesLoaded(args: readonly string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'edgedancer-startup-'));
  try {
    const log = join(dir, 'modules.log');
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(
      hooks,
      [
        "import { appendFileSync } from 'node:fs';",
        'export async function load(url, context, next) {',
        `  appendFileSync(${JSON.stringify(log)}, url + '\\n');`,
        '  return next(url, context);',
        '}',
      ].join('\n'),
    );
    const register = join(dir, 'register.mjs');
    writeFileSync(
      register,
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
    );
    writeFileSync(join(dir, 'empty.wasm'), EMPTY);
    const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, MAIN, ...args], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    return readFileSync(log, 'utf8')
      .split('\n')
      .filter((u) => u.startsWith('file:'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const HEAVY = [
  ['the spec runner', /spec-tests\/dist\/src\/index\.js$/],
  ['wasm-tools', /@bytecodealliance\//],
  ['WASI', /wasi\/dist\/src\//],
  ['the enclave simulation', /enclave-sim\/dist\/src\//],
  ['migration', /migration\/dist\/src\//],
  ['the edge node', /cli\/dist\/src\/node\//],
] as const;

test('run --invoke loads the interpreter, not the spec runner, wasm-tools, WASI or the node', () => {
  const urls = modulesLoaded(['run', 'empty.wasm', '--invoke', 'f']);
  assert.ok(
    urls.some((u) => u.includes('interpreter/dist/src/')),
    'the interpreter is loaded',
  );
  for (const [what, pattern] of HEAVY) {
    assert.deepEqual(
      urls.filter((u) => pattern.test(u)),
      [],
      `run --invoke loads ${what}`,
    );
  }
});

test('--version loads the dispatcher only', () => {
  const urls = modulesLoaded(['--version']);
  assert.deepEqual(
    urls.filter((u) => /\/commands\/|interpreter\/dist/.test(u)),
    [],
  );
});
