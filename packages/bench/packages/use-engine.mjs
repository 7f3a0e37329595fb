/**
 * Preloaded (`node --import`) into every process of a package run, children of the package included (esbuild-wasm
 * runs its wasm in a child process): `EDGEDANCER_BENCH_ENGINE` picks the global `WebAssembly` before any package
 * code runs — `v8` (or unset) keeps V8's own; `facade` is Edgedancer's facade with the interpreter alone;
 * `facade-js` is the facade with the JavaScript tier on (`auto`: hot functions translated, the rest interpreted).
 * @module
 */
import { appendFileSync } from 'node:fs';
import { defaultStore, WebAssembly as facade } from '@edgedancer/interpreter';
import { TIER_FILE_ENV, tierReport } from './tier-report.mjs';

/** The engines a package run can use, in report order. */
export const ENGINES = ['v8', 'facade', 'facade-js'];

const engine = process.env.EDGEDANCER_BENCH_ENGINE ?? 'v8';
if (!ENGINES.includes(engine))
  throw new Error(`unknown EDGEDANCER_BENCH_ENGINE ${engine} (have: ${ENGINES.join(', ')})`);
if (engine !== 'v8') {
  Object.defineProperty(globalThis, 'WebAssembly', {
    value: facade,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  // Every facade object lives in the default store: its tier decides how the package's functions run.
  defaultStore().setTier(engine === 'facade-js' ? 'auto' : 'interp');
  // A child process of the package (`child.mjs` sets the file for its children) reports its tier at exit.
  const file = process.env[TIER_FILE_ENV];
  if (engine === 'facade-js' && file !== undefined) {
    process.on('exit', () => appendFileSync(file, `${JSON.stringify(tierReport())}\n`));
    // Stopped by its parent (esbuild's service is): end as the signal would, reporting first.
    process.once('SIGTERM', () => process.exit(143));
  }
}
