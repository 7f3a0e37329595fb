/**
 * Preloaded (`node --import`) into every process of a package run, children of the package included (esbuild-wasm
 * runs its wasm in a child process): when `EDGEDANCER_BENCH_ENGINE` is `facade`, the global `WebAssembly` becomes
 * Edgedancer's facade before any package code runs; with `v8` (or unset) V8's own stays.
 * @module
 */
import { WebAssembly as facade } from '@edgedancer/interpreter';

if (process.env.EDGEDANCER_BENCH_ENGINE === 'facade') {
  Object.defineProperty(globalThis, 'WebAssembly', {
    value: facade,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}
