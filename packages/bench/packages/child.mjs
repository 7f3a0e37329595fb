/**
 * One timed run of one workload in this process: `node --import ./use-engine.mjs child.mjs <workload file>`.
 * The time covers everything the package does through `WebAssembly` (loading its JS, compiling and instantiating
 * its modules, the work); it prints one JSON line `{ engine, ms, digest, summary, tier }`, where `digest` is the
 * SHA-256 of the workload's canonical result (the engines must agree on it) and `tier` what the JavaScript tier
 * translated (`facade-js` only; see `tier-report.mjs`).
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mergeTierReports, TIER_FILE_ENV, tierReport } from './tier-report.mjs';
import { ENGINES } from './use-engine.mjs';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: child.mjs <workload file>');
const engine = process.env.EDGEDANCER_BENCH_ENGINE ?? 'v8';
if (!ENGINES.includes(engine)) throw new Error(`unknown engine ${engine}`);
const isFacade = !String(globalThis.WebAssembly?.Module).includes('[native code]');
if ((engine !== 'v8') !== isFacade) throw new Error(`WebAssembly is not the ${engine} engine's`);
// Child processes of the package (esbuild's service) append their tier reports here when they exit.
const tierDir = engine === 'facade-js' ? mkdtempSync(join(tmpdir(), 'edgedancer-tier-')) : null;
if (tierDir !== null) process.env[TIER_FILE_ENV] = join(tierDir, 'children.jsonl');
const t0 = performance.now();
const workload = await import(pathToFileURL(file).href);
const result = await workload.run();
const ms = performance.now() - t0;
const text = typeof result === 'string' ? result : Buffer.from(result).toString('base64');
const digest = createHash('sha256').update(text).digest('hex');
await childrenReaped(10_000);
// With the JavaScript tier: what it translated, and why the rest stayed interpreted (this process's store and
// those of the child processes that ended; not those of worker threads).
const tier = tierDir === null ? undefined : mergeTierReports([tierReport(), ...childReports(tierDir)]);
if (tierDir !== null) rmSync(tierDir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ engine, ms, digest, summary: text.slice(0, 120), tier })}\n`);
// Some packages keep workers or handles alive; the result is out, so end here.
process.exit(0);

/** The tier reports the package's child processes wrote (one JSON line each). */
function childReports(dir) {
  let text = '';
  try {
    text = readFileSync(join(dir, 'children.jsonl'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
}

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
