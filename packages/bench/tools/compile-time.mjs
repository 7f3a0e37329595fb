/**
 * CPU and wall time of one `new Module` in this fresh process (cold: nothing of the compiler optimised yet),
 * for V8 (`new WebAssembly.Module`) or the interpreter (`Module` from the given dist folder).
 *
 * Usage: node compile-time.mjs v8|ours file.wasm [path/to/packages/interpreter/dist]
 */
import { readFileSync } from 'node:fs';

const [engine, file, dist] = process.argv.slice(2);
const bytes = readFileSync(file);
let make;
if (engine === 'v8') make = () => new WebAssembly.Module(bytes);
else {
  const { Module } = await import(`${dist}/src/index.js`);
  make = () => new Module(bytes);
}
const t0 = process.cpuUsage();
const w0 = performance.now();
make();
const t = process.cpuUsage(t0);
const w = performance.now() - w0;
console.log(
  `${engine} ${(bytes.length / 1e6).toFixed(2)} MB: cpu ${((t.user + t.system) / 1000).toFixed(0)} ms, wall ${w.toFixed(0)} ms`,
);
