/**
 * One timed run of one workload in this process: `node --import ./use-engine.mjs child.mjs <workload file>`.
 * The time covers everything the package does through `WebAssembly` (loading its JS, compiling and instantiating
 * its modules, the work); it prints one JSON line `{ engine, ms, digest, summary, tier }`, where `digest` is the
 * SHA-256 of the workload's canonical result (the engines must agree on it) and `tier` what the JavaScript tier
 * translated (`facade-js` only; see `tier-report.mjs`).
 * @module
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tierReport } from './tier-report.mjs';
import { ENGINES } from './use-engine.mjs';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: child.mjs <workload file>');
const engine = process.env.EDGEDANCER_BENCH_ENGINE ?? 'v8';
if (!ENGINES.includes(engine)) throw new Error(`unknown engine ${engine}`);
const isFacade = !String(globalThis.WebAssembly?.Module).includes('[native code]');
if ((engine !== 'v8') !== isFacade) throw new Error(`WebAssembly is not the ${engine} engine's`);
const t0 = performance.now();
const workload = await import(pathToFileURL(file).href);
const result = await workload.run();
const ms = performance.now() - t0;
const text = typeof result === 'string' ? result : Buffer.from(result).toString('base64');
const digest = createHash('sha256').update(text).digest('hex');
// With the JavaScript tier: what it translated, and why the rest stayed interpreted (this process's store only).
const tier = engine === 'facade-js' ? tierReport() : undefined;
process.stdout.write(`${JSON.stringify({ engine, ms, digest, summary: text.slice(0, 120), tier })}\n`);
await childrenReaped(10_000);
// Some packages keep workers or handles alive; the result is out, so end here.
process.exit(0);

/**
 * Waits (up to `limitMs`) until this process has no child processes left (Linux `/proc`), so that the CPU time
 * of a child the package started and stopped (esbuild's service) is counted in this process tree's.
 */
async function childrenReaped(limitMs) {
  const deadline = Date.now() + limitMs;
  const task = `/proc/${process.pid}/task`;
  while (Date.now() < deadline) {
    let children = '';
    try {
      for (const t of readdirSync(task)) children += readFileSync(`${task}/${t}/children`, 'utf8');
    } catch {
      return; // no /proc: nothing to wait for
    }
    if (children.trim() === '') return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
