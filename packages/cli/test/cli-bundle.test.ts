/**
 * The bundled command (`dist/bundle`, made by scripts/bundle-cli.mjs in `npm run build`): the launcher starts it
 * when it is fresh, `run`/`resume` from the quick script and the chunks it needs, each with its V8 code cache
 * (replaced when V8 refuses it or the script changed), the other commands from a handful of bundled files instead
 * of the compiled modules; it falls back to `dist/src` when a
 * package was rebuilt by `tsc -b` after the bundle was made, or with `EDGEDANCER_NO_BUNDLE=1`; and the bundle runs
 * a command as the compiled modules do. No timing here (that is `bench/startup-bench.ts`).
 * @module
 */

import assert from 'node:assert/strict';
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
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

test('the launcher starts the quick scripts for run --invoke: no module through the ESM loader', () => {
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

/** The quick scripts a run loaded, from the launcher's NODE_DEBUG lines. */
function quickLoaded(stderr: string): string[] {
  return [...stderr.matchAll(/dist\/bundle\/(quick-[\w-]+\.cjs), code cache/g)].map((m) => m[1]!);
}

/** The sources (from its source map) of a quick script of the bundle. */
function sourcesOf(file: string): string[] {
  return (JSON.parse(readFileSync(join(BUNDLE, `${file}.map`), 'utf8')) as { sources: string[] }).sources;
}

test('run of a plain module loads no chunk holding the WASI host, the snapshot codec or the text parser', () => {
  const r = launch(['run', 'empty.wasm', '--invoke', 'f'], { NODE_DEBUG: 'edgedancer' });
  assert.equal(r.status, 0, r.stderr);
  const files = quickLoaded(r.stderr);
  assert.ok(files.includes('quick-start.cjs') && files.length > 1, r.stderr);
  const sources = files.flatMap(sourcesOf);
  assert.ok(sources.some((s) => s.includes('interpreter/src/')));
  for (const part of ['/wasi/src/', '/migration/src/', 'spec-tests/src/script/', 'spec-tests/src/sexpr/']) {
    assert.deepEqual(
      sources.filter((s) => s.includes(part)),
      [],
      `run of a plain module loads ${part}`,
    );
  }
});

test('the quick script loads what it leaves out when a module needs it: run of a .wat', () => {
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
    const sources = quickLoaded(r.stderr).flatMap(sourcesOf);
    assert.ok(
      sources.some((s) => s.includes('spec-tests/src/')),
      r.stderr,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A WASI program in text that prints 1 to 300, one a line, with some work between lines. */
const COUNT_WAT = `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
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
  (func (export "_start") (local $i i32) (local $k i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (local.set $k (i32.const 50))
      (loop $w (local.set $k (i32.sub (local.get $k) (i32.const 1))) (br_if $w (local.get $k)))
      (call $print (local.get $i))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 300))))))`;

test('the quick scripts run a WASI program, save it on a fuel stop and resume it, loading those chunks then', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgedancer-quick-'));
  try {
    writeFileSync(join(dir, 'count.wat'), COUNT_WAT);
    const cli = (args: readonly string[]) =>
      spawnSync(process.execPath, [LAUNCHER, ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NODE_DEBUG: 'edgedancer' },
      });
    const whole = cli(['run', 'count.wat']);
    assert.equal(whole.status, 0, whole.stderr);
    assert.equal(whole.stdout, `${Array.from({ length: 300 }, (_, i) => i + 1).join('\n')}\n`);
    assert.ok(
      quickLoaded(whole.stderr)
        .flatMap(sourcesOf)
        .some((s) => s.includes('/wasi/src/')),
      whole.stderr,
    );
    const first = cli(['run', 'count.wat', '--fuel', '20000', '--snapshot-on-interrupt', 'count.snap']);
    assert.equal(first.status, 2, first.stderr);
    assert.ok(
      quickLoaded(first.stderr)
        .flatMap(sourcesOf)
        .some((s) => s.includes('/migration/src/')),
      first.stderr,
    );
    const rest = cli(['resume', 'count.snap']);
    assert.equal(rest.status, 0, rest.stderr);
    assert.match(rest.stderr, /dist\/bundle\/quick-start\.cjs/);
    assert.ok(first.stdout.length > 0 && rest.stdout.length > 0);
    assert.equal(first.stdout + rest.stdout, whole.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A copy of the package's launcher and bundle without code caches, in a fresh directory with `empty.wasm`;
 * `run` starts `run empty.wasm --invoke f` there with NODE_DEBUG.
 */
function bundleCopy(dir: string): { bundle: string; run: () => SpawnSyncReturns<string> } {
  const pkg = join(dir, 'cli');
  cpSync(join(PACKAGE, 'bin'), join(pkg, 'bin'), { recursive: true });
  cpSync(BUNDLE, join(pkg, 'dist', 'bundle'), { recursive: true });
  cpSync(join(PACKAGE, 'package.json'), join(pkg, 'package.json'));
  const bundle = join(pkg, 'dist', 'bundle');
  for (const f of readdirSync(bundle).filter((f) => f.endsWith('.v8cache'))) rmSync(join(bundle, f));
  writeFileSync(join(dir, 'empty.wasm'), EMPTY);
  const run = () =>
    spawnSync(process.execPath, [join(pkg, 'bin', 'edgedancer.cjs'), 'run', 'empty.wasm', '--invoke', 'f'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NODE_DEBUG: 'edgedancer' },
    });
  return { bundle, run };
}

test('a code cache V8 refuses is replaced by a good one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgedancer-cache-'));
  try {
    const { bundle, run } = bundleCopy(dir);
    const script = join(bundle, 'quick-start.cjs');
    const cache = `${script}.${process.versions.v8}-${process.arch}.v8cache`;
    // made from this very script (the stamp line), but not V8's
    const { size, mtimeMs } = statSync(script);
    writeFileSync(cache, `${size} ${mtimeMs}\nnot a code cache`);
    const first = run();
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stdout, '');
    assert.match(first.stderr, /quick-start\.cjs, code cache refused/);
    assert.match(first.stderr, /wrote .*quick-start\.cjs\..*\.v8cache/);
    assert.ok(!readFileSync(cache, 'latin1').endsWith('not a code cache'));
    const second = run();
    assert.equal(second.stdout, first.stdout);
    assert.match(second.stderr, /quick-start\.cjs, code cache taken/);
    assert.doesNotMatch(second.stderr, /refused|absent|wrote/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a code cache made from another version of a script is not used, and is remade', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgedancer-cache-'));
  try {
    const { bundle, run } = bundleCopy(dir);
    const first = run();
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stdout, '');
    assert.match(first.stderr, /quick-start\.cjs, code cache absent/);
    assert.match(run().stderr, /quick-start\.cjs, code cache taken/);
    // the same length (V8 compares only that), other code: the wrapper now prints an empty line first
    const script = join(bundle, 'quick-start.cjs');
    const text = readFileSync(script, 'latin1');
    const edited = text.replace("{ 'use strict'; const", '{ console.log();const');
    assert.notEqual(edited, text);
    assert.equal(edited.length, text.length);
    writeFileSync(script, edited, 'latin1');
    const later = new Date(Date.now() + 5000);
    utimesSync(script, later, later);
    const changed = run();
    assert.equal(changed.status, 0, changed.stderr);
    assert.equal(changed.stdout, '\n', 'the edited script ran, not the cached code');
    assert.match(changed.stderr, /made from another quick-start\.cjs/);
    assert.match(changed.stderr, /wrote .*quick-start\.cjs\..*\.v8cache/);
    const again = run();
    assert.equal(again.stdout, '\n');
    assert.match(again.stderr, /quick-start\.cjs, code cache taken/);
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
  const quick = (JSON.parse(readFileSync(join(BUNDLE, 'inputs.json'), 'utf8')) as { quick: { files: string[] } }).quick
    .files;
  assert.ok(quick.includes('quick-start.cjs') && quick.length > 1);
  for (const file of ['main.js', ...quick]) {
    const map = JSON.parse(readFileSync(join(BUNDLE, `${file}.map`), 'utf8')) as {
      sources: string[];
      sourcesContent?: string[];
    };
    // (a chunk that only re-exports maps nothing)
    if (file === 'main.js' || file === 'quick-start.cjs') assert.ok(map.sources.length > 0, file);
    assert.ok(
      map.sources.every((s) => s.endsWith('.ts') && !isAbsolute(s)),
      `${file}: ${map.sources.join(' ')}`,
    );
    assert.equal(map.sourcesContent?.length ?? 0, map.sources.length);
    assert.match(readFileSync(join(BUNDLE, file), 'utf8'), new RegExp(`//# sourceMappingURL=${file}\\.map\\s*$`));
  }
});
