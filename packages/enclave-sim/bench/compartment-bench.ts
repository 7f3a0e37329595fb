/**
 * Benchmark of enclave compartments (a script, not a test): enclave start time (launch → first ecall
 * answered), memory per enclave (RSS and heap deltas with N enclaves alive), ecall round trips (empty and
 * 64 KiB payloads), and the cost of the synchronous instructions inside (EREPORT, sealing 1 KiB). Run with
 * `npm run bench:compartment -w @edgedancer/enclave-sim`; add `--json` for machine-readable output, `--n=20`
 * for another number of enclaves.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AgentConfig, measureAgent } from '../src/agent-build.js';
import type { EnclaveHandle } from '../src/compartment-host.js';
import { EnclaveSigner } from '../src/manifest.js';
import { Platform } from '../src/platform.js';
import { provisionPlatform } from '../src/provision.js';
import { VendorRoot } from '../src/vendor-root.js';

const json = process.argv.includes('--json');
const n = Number(process.argv.find((a) => a.startsWith('--n='))?.slice(4) ?? 10);
const results: Record<string, unknown> = {};
const MiB = 1024 * 1024;

function log(line: string): void {
  if (!json) console.log(line);
}

const IMAGE = new TextEncoder().encode(`'use strict';
inside.handle('echo', (p) => p);
inside.handle('ereport', (count) => {
  const rd = new Uint8Array(64);
  const t = performance.now();
  for (let i = 0; i < count; i++) inside.ereport(inside.quotingTargetInfo, rd);
  return (performance.now() - t) / count;
});
inside.handle('seal', (count) => {
  const data = new Uint8Array(1024);
  const t = performance.now();
  for (let i = 0; i < count; i++) inside.unseal(inside.seal(data));
  return (performance.now() - t) / count;
});
`);
const MODULE = Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0);
const CONFIG: AgentConfig = { maxMemoryPages: 1, ecalls: [], ocalls: [] };

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function roundTrips(h: EnclaveHandle, payload: unknown, count: number): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 50; i++) await h.ecall('echo', payload);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await h.ecall('echo', payload);
    times.push((performance.now() - t) * 1000);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const dir = mkdtempSync(join(tmpdir(), 'compartment-bench-'));
try {
  provisionPlatform(VendorRoot.generate(), dir);
  const platform = Platform.open(dir);
  const { mrEnclave } = measureAgent({ image: IMAGE, module: MODULE, config: CONFIG });
  const manifest = EnclaveSigner.generate().sign({ mrEnclave, isvProdId: 1, isvSvn: 1 });
  const launch = (): Promise<EnclaveHandle> =>
    platform.launch({ image: IMAGE, module: MODULE, config: CONFIG, manifest });

  // Warm the module cache of this process (the first worker also compiles the bootstrap's modules).
  const first = performance.now();
  const warm = await launch();
  await warm.ecall('echo', 0);
  const firstMs = performance.now() - first;
  await warm.terminate();

  log(`## Enclave start (launch → first ecall answered), ${n} sequential launches`);
  const starts: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const h = await launch();
    await h.ecall('echo', 0);
    starts.push(performance.now() - t);
    await h.terminate();
  }
  starts.sort((a, b) => a - b);
  results.startMs = { first: firstMs, p50: percentile(starts, 50), max: starts[starts.length - 1] };
  log(
    `first in process ${firstMs.toFixed(1)} ms; then p50 ${percentile(starts, 50).toFixed(1)} ms, max ${starts[starts.length - 1]!.toFixed(1)} ms`,
  );

  log(`\n## Memory with ${n} enclaves alive (deltas over the process before launching them)`);
  gc();
  const before = process.memoryUsage();
  const alive: EnclaveHandle[] = [];
  for (let i = 0; i < n; i++) {
    const h = await launch();
    await h.ecall('echo', 0);
    alive.push(h);
  }
  gc();
  await new Promise((r) => setTimeout(r, 200));
  const after = process.memoryUsage();
  const perRss = (after.rss - before.rss) / n / MiB;
  const perHeap = (after.heapUsed - before.heapUsed) / n / MiB;
  const perExternal = (after.external - before.external) / n / MiB;
  results.memoryPerEnclaveMiB = { rss: perRss, mainHeap: perHeap, external: perExternal };
  log(
    `RSS +${perRss.toFixed(1)} MiB per enclave (main-thread heap +${perHeap.toFixed(2)} MiB, external +${perExternal.toFixed(2)} MiB)`,
  );

  log('\n## Ecall round trip (host → enclave → host), µs');
  const h = alive[0]!;
  const empty = await roundTrips(h, undefined, 2000);
  const kib64 = await roundTrips(h, new Uint8Array(64 * 1024), 500);
  results.ecallUs = { empty, kib64 };
  log(`empty payload: p50 ${empty.p50.toFixed(0)}, p99 ${empty.p99.toFixed(0)}`);
  log(`64 KiB payload (copied both ways): p50 ${kib64.p50.toFixed(0)}, p99 ${kib64.p99.toFixed(0)}`);

  log('\n## Instructions inside (synchronous, served by the platform on the main thread), µs each');
  const ereportUs = ((await h.ecall('ereport', 500)) as number) * 1000;
  const sealUs = ((await h.ecall('seal', 500)) as number) * 1000;
  results.insideUs = { ereport: ereportUs, sealUnseal1KiB: sealUs };
  log(`EREPORT ${ereportUs.toFixed(0)}; seal + unseal 1 KiB (two EGETKEYs) ${sealUs.toFixed(0)}`);

  for (const a of alive) await a.terminate();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (json) console.log(JSON.stringify(results, null, 2));
