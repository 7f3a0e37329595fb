/**
 * The engines the harness knows, in report order, with the exact way each is
 * run. V8's tiers are pinned with flags checked on Node 20 (V8 11.3): there,
 * `--liftoff --no-wasm-tier-up` alone still tiers up hot functions through
 * dynamic tiering, so the Liftoff engine also passes `--liftoff-only` and
 * `--no-wasm-dynamic-tiering`; both V8 engines compile eagerly so that no
 * compilation lands inside a timed call.
 * @module
 */
import { accessSync, closeSync, constants, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { cliEngine } from './cli-engine.js';
import type { EngineDriver } from './engine-types.js';
import { workerEngine } from './worker-engine.js';

/** Node flags that leave only TurboFan, compiling every function up front. */
export const TURBOFAN_FLAGS: readonly string[] = ['--no-liftoff', '--no-wasm-lazy-compilation'];

/** Node flags that leave only Liftoff, with no tier-up of any kind. */
export const LIFTOFF_FLAGS: readonly string[] = [
  '--liftoff',
  '--liftoff-only',
  '--no-wasm-tier-up',
  '--no-wasm-dynamic-tiering',
  '--no-wasm-lazy-compilation',
];

/** The engine every ratio is relative to. */
export const BASELINE_ENGINE = 'turbofan';

const require = createRequire(import.meta.url);

/** The version of an installed npm package, or `?`. */
function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return '?';
  }
}

/** Where wabt.js's Emscripten build of wasm-interp lives, if installed. */
function wabtJsInterp(): string {
  try {
    return join(dirname(require.resolve('wabt/package.json')), 'bin', 'wasm-interp');
  } catch {
    return 'wabt/bin/wasm-interp (npm package wabt not installed)';
  }
}

/** Whether a file starts with a `#!` line that runs node (a JS tool posing as a native one). */
function isNodeScript(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(64);
    const length = readSync(fd, head, 0, head.length, 0);
    const line = head.subarray(0, length).toString('latin1').split('\n')[0]!;
    return line.startsWith('#!') && line.includes('node');
  } finally {
    closeSync(fd);
  }
}

/**
 * Finds a native executable on PATH, skipping `node_modules/.bin` folders and
 * node scripts: npm puts wabt.js's `wasm-interp` on PATH in scripts, and it
 * must not pass for the native one.
 * @param name the executable's name
 * @returns its absolute path, or the bare name when none is found (the probe then reports it missing)
 */
export function findNativeExecutable(name: string): string {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir === '' || dir.split(/[\\/]/).includes('node_modules')) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (!isNodeScript(candidate)) return candidate;
    } catch {
      // not in this folder: keep looking
    }
  }
  return name;
}

/**
 * Creates the drivers of all known engines.
 * @returns drivers in report order: V8 TurboFan, V8 Liftoff, Edgedancer, Edgedancer JS tier,
 *   polywasm, wabt.js, native wasm-interp
 */
export function allEngines(): EngineDriver[] {
  return [
    workerEngine(
      { id: 'turbofan', label: 'V8 TurboFan', kind: 'worker', description: `node ${TURBOFAN_FLAGS.join(' ')}` },
      'v8',
      TURBOFAN_FLAGS,
    ),
    workerEngine(
      { id: 'liftoff', label: 'V8 Liftoff', kind: 'worker', description: `node ${LIFTOFF_FLAGS.join(' ')}` },
      'v8',
      LIFTOFF_FLAGS,
    ),
    workerEngine(
      { id: 'edgedancer', label: 'Edgedancer', kind: 'worker', description: "@edgedancer/interpreter's JS-API facade" },
      'edgedancer',
      [],
    ),
    workerEngine(
      {
        id: 'edgedancer-js',
        label: 'Edgedancer JS tier',
        kind: 'worker',
        description: "@edgedancer/interpreter's JS-API facade, hot functions translated to JavaScript (tier auto)",
      },
      'edgedancer-js',
      [],
    ),
    workerEngine(
      {
        id: 'polywasm',
        label: 'polywasm',
        kind: 'worker',
        description: `polywasm ${packageVersion('polywasm')} (npm): translates wasm functions to JS`,
      },
      'polywasm',
      [],
    ),
    cliEngine(
      {
        id: 'wabt-js',
        label: 'wabt.js interp',
        kind: 'cli',
        description: `wabt ${packageVersion('wabt')} (npm): Emscripten build of wabt's wasm-interp, run by node`,
      },
      [process.execPath, wabtJsInterp()],
    ),
    cliEngine(
      {
        id: 'wasm-interp',
        label: 'wasm-interp (C++)',
        kind: 'cli',
        description:
          "wabt's native wasm-interp from PATH (Debian package wabt; node_modules/.bin and node scripts skipped)",
      },
      [findNativeExecutable('wasm-interp')],
    ),
  ];
}
