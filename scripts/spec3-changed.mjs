/**
 * Runs `edgedancer wast` on the WebAssembly 3.0 scripts of the `spec:3` suites (the root package.json's
 * `--suite` list, the one definition) that differ from the 2.0 script of the same name (`wasm-2.0/<path>`,
 * `wasm-2.0/<name>` or `wasm-2.0/simd/<name>`), or have none. The byte-identical ones are the 2.0 suite's own
 * scripts, which `npm test` already runs in the same modes; `test:spec` uses this for the round trip of 3.0.
 * Arguments after the script name go to `wast` (e.g. `--roundtrip 1 --skip return_call.wast`).
 *
 * Usage: node scripts/spec3-changed.mjs [wast options…]
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSuiteRoot, wastFilesIn } from '@edgedancer/spec-tests';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const suites = [...pkg.scripts['spec:3'].matchAll(/--suite (\S+)/g)].map((m) => m[1]);
const root = findSuiteRoot();
if (root === undefined) {
  console.error('spec3-changed: no suite root (set WASM_TESTSUITE)');
  process.exit(2);
}

/** Whether a 3.0 script has a byte-identical 2.0 counterpart. */
function sameAs20(file) {
  const rel = relative(join(root, 'wasm-3.0'), file);
  const name = basename(file);
  const candidates = [join(root, 'wasm-2.0', rel), join(root, 'wasm-2.0', name), join(root, 'wasm-2.0', 'simd', name)];
  const bytes = readFileSync(file);
  return candidates.some((c) => existsSync(c) && readFileSync(c).equals(bytes));
}

const files = suites
  .map((s) => join(root, s))
  .flatMap((p) => (statSync(p).isDirectory() ? wastFilesIn(p) : [p]))
  .filter((f) => !sameAs20(f));
const args = [
  join(repo, 'packages/cli/dist/src/main.js'),
  'wast',
  ...files,
  '--expect',
  join(repo, 'spec-tests/expected-failures.json'),
  '--strict-messages',
  ...process.argv.slice(2),
];
const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: repo });
process.exit(r.status ?? 1);
