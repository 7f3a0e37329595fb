/**
 * The bundled command (`dist/bundle`, made by scripts/bundle-cli.mjs in `npm run build`): the launcher starts it
 * when it is fresh, `run`/`resume` from the quick script with its V8 code cache (replaced when V8
 * refuses it), the other commands from a handful of bundled files instead of the compiled modules; it falls back to `dist/src` when a
 * package was rebuilt by `tsc -b` after the bundle was made, or with `EDGEDANCER_NO_BUNDLE=1`; and the bundle runs
 * a command as the compiled modules do. No timing here (that is `bench/startup-bench.ts`).
 * @module
 */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGE = fileURLToPath(new URL('../../', import.meta.url));
const LAUNCHER = join(PACKAGE, 'bin', 'edgedancer.cjs');
const BUNDLE = join(PACKAGE, 'dist', 'bundle');
const STALE =
  'the bundle is missing or older than the last tsc -b: run `npm run build` (it runs scripts/bundle-cli.mjs)';

/** `(module (func (export "f")))`. */
const EMPTY = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07,
  0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,
]);

/** Runs the launcher with a hook that logs every module loaded; returns their URLs and the output. */
function launch(
  args: readonly string[],
  env: Record<string, string> = {},
  launcher = LAUNCHER,
): { urls: string[]; stdout: string; status: number | null; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'edgedancer-bundle-'));
  try {
    const log = join(dir, 'modules.log');
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(
      hooks,
      `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  appendFileSync(${JSON.stringify(log)}, url + '\\n');\n  return next(url, context);\n}\n`,
    );
    const register = join(dir, 'register.mjs');
    writeFileSync(
      register,
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
    );
    writeFileSync(join(dir, 'empty.wasm'), EMPTY);
    writeFileSync(log, '');
    const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, launcher, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    return {
      urls: readFileSync(log, 'utf8')
        .split('\n')
        .filter((u) => u.startsWith('file:')),
      stdout: r.stdout,
      status: r.status,
      stderr: r.stderr,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the launcher starts the quick script for run --invoke: no module through the ESM loader', () => {
  const r = launch(['run', 'empty.wasm', '--invoke', 'f'], { NODE_DEBUG: 'edgedancer' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /dist\/bundle\/quick-start\.cjs, code cache (taken|absent|refused)/, STALE);
  // (the hook sends even the CommonJS launcher through the ESM loader)
  const ours = r.urls.filter((u) => !u.endsWith('/bin/edgedancer.cjs') && !u.includes('/edgedancer-bundle-'));
  assert.deepEqual(ours, [], 'run --invoke loads no module of ours through the ESM loader');
  // the build's own run wrote the code cache, or the run above did: now V8 takes it
  const again = launch(['run', 'empty.wasm', '--invoke', 'f'], { NODE_DEBUG: 'edgedancer' });
  assert.match(again.stderr, /quick-start\.cjs, code cache taken/);
});

test('other commands start the bundled main.js, loading a few bundled files', () => {
  const r = launch(['operator', '--help'], { NODE_DEBUG: 'edgedancer' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /dist\/bundle\/main\.js\n/);
  const ours = r.urls.filter((u) => !u.endsWith('/bin/edgedancer.cjs') && !u.includes('/edgedancer-bundle-'));
  assert.ok(ours.length > 0 && ours.every((u) => u.includes('/cli/dist/bundle/')), `${STALE}\n${ours.join('\n')}`);
  assert.ok(ours.length <= 12, `operator --help loads ${ours.length} bundled files:\n${ours.join('\n')}`);
});

test('the quick script imports what it leaves out: run of a .wat loads wasm-tools', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgedancer-quick-'));
  try {
    writeFileSync(join(dir, 'seven.wat'), '(module (func (export "seven") (result i32) i32.const 7))');
    const r = spawnSync(process.execPath, [LAUNCHER, 'run', 'seven.wat', '--invoke', 'seven'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NODE_DEBUG: 'edgedancer' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '7\n');
    assert.match(r.stderr, /quick-start\.cjs/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a code cache V8 refuses is replaced by a good one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgedancer-cache-'));
  try {
    const pkg = join(dir, 'cli');
    cpSync(join(PACKAGE, 'bin'), join(pkg, 'bin'), { recursive: true });
    cpSync(BUNDLE, join(pkg, 'dist', 'bundle'), { recursive: true });
    cpSync(join(PACKAGE, 'package.json'), join(pkg, 'package.json'));
    const caches = readdirSync(join(pkg, 'dist', 'bundle')).filter((f) => f.endsWith('.v8cache'));
    const cache = join(pkg, 'dist', 'bundle', `quick-start.cjs.${process.versions.v8}-${process.arch}.v8cache`);
    for (const f of caches) rmSync(join(pkg, 'dist', 'bundle', f));
    writeFileSync(cache, 'not a code cache');
    writeFileSync(join(dir, 'empty.wasm'), EMPTY);
    const run = () =>
      spawnSync(process.execPath, [join(pkg, 'bin', 'edgedancer.cjs'), 'run', 'empty.wasm', '--invoke', 'f'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NODE_DEBUG: 'edgedancer' },
      });
    const first = run();
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stdout, '');
    assert.match(first.stderr, /code cache refused/);
    assert.match(first.stderr, /wrote .*\.v8cache/);
    assert.notEqual(readFileSync(cache, 'utf8'), 'not a code cache');
    const second = run();
    assert.equal(second.stdout, first.stdout);
    assert.match(second.stderr, /code cache taken/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('EDGEDANCER_NO_BUNDLE=1 runs the compiled modules; both print the same', () => {
  const plain = launch(['run', 'empty.wasm', '--invoke', 'f'], { EDGEDANCER_NO_BUNDLE: '1' });
  assert.equal(plain.status, 0, plain.stderr);
  assert.ok(plain.urls.some((u) => u.includes('/cli/dist/src/main.js')));
  assert.ok(!plain.urls.some((u) => u.includes('/dist/bundle/')));
  const a = launch(['--help']);
  const b = launch(['--help'], { EDGEDANCER_NO_BUNDLE: '1' });
  assert.equal(a.stdout, b.stdout);
  assert.match(a.stdout, /^usage: edgedancer <command>/);
});

test('a bundle older than the last tsc -b of a package in it is not used', () => {
  // a copy of the package's launcher and bundle, with a stand-in for dist/src/main.js and a build-info file
  const dir = mkdtempSync(join(tmpdir(), 'edgedancer-stale-'));
  try {
    const pkg = join(dir, 'cli');
    cpSync(join(PACKAGE, 'bin'), join(pkg, 'bin'), { recursive: true });
    cpSync(BUNDLE, join(pkg, 'dist', 'bundle'), { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({ name: '@edgedancer/cli', version: '9.9.9', type: 'module' }),
    );
    mkdirSync(join(pkg, 'dist', 'src'), { recursive: true });
    writeFileSync(join(pkg, 'dist', 'src', 'main.js'), "process.stdout.write('compiled modules\\n');\n");
    const inputs = JSON.parse(readFileSync(join(BUNDLE, 'inputs.json'), 'utf8')) as {
      builtAt: number;
      watch: string[];
    };
    assert.ok(inputs.watch.includes('../tsconfig.tsbuildinfo'));
    const info = join(pkg, 'dist', 'tsconfig.tsbuildinfo');
    writeFileSync(info, '{}');
    const before = new Date(inputs.builtAt - 60_000);
    utimesSync(info, before, before);
    const launcher = join(pkg, 'bin', 'edgedancer.cjs');
    const fresh = spawnSync(process.execPath, [launcher, '--version'], { encoding: 'utf8' });
    assert.equal(fresh.stdout, 'edgedancer 9.9.9\n', fresh.stderr);
    const after = new Date(inputs.builtAt + 60_000);
    utimesSync(info, after, after);
    const stale = spawnSync(process.execPath, [launcher, '--version'], { encoding: 'utf8' });
    assert.equal(stale.stdout, 'compiled modules\n', stale.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the bundle keeps source maps to the TypeScript sources, with their text', () => {
  for (const file of ['main.js', 'quick-start.cjs']) {
    const map = JSON.parse(readFileSync(join(BUNDLE, `${file}.map`), 'utf8')) as {
      sources: string[];
      sourcesContent: string[];
    };
    assert.ok(map.sources.length > 0 && map.sources.every((s) => s.endsWith('.ts')), map.sources.join(' '));
    assert.equal(map.sourcesContent.length, map.sources.length);
    assert.match(readFileSync(join(BUNDLE, file), 'utf8'), new RegExp(`//# sourceMappingURL=${file}\\.map\\s*$`));
  }
});
