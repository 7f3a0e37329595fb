/**
 * Preloaded (`node --import`) into every process of a package run, children of the package included (esbuild-wasm
 * runs its wasm in a child process): `EDGEDANCER_BENCH_ENGINE` picks the global `WebAssembly` before any package
 * code runs — `v8` (or unset) keeps V8's own; `facade` is Edgedancer's facade with the interpreter alone;
 * `facade-js` is the facade with the JavaScript tier on (`auto`: hot functions translated, the rest interpreted).
 * @module
 */
import { defaultStore, WebAssembly as facade } from '@edgedancer/interpreter';

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
}
