/**
 * Measures the snapshot codec (not a test): encode and decode throughput and sizes for 64 KiB, 16 MiB and
 * 256 MiB memories, dense (random) and sparse (mostly zero); delta size and time after small writes; and
 * what deflate-raw / brotli would buy. Times are medians after a warm-up call. Run: `node --expose-gc dist/bench/snapshot-bench.js [--quick]`.
 * @module
 */
import { randomFillSync } from 'node:crypto';
import { brotliCompressSync, deflateRawSync, constants as zlib } from 'node:zlib';
import type { StoreState } from '@edgedancer/interpreter';
import {
  applyDelta,
  CHUNK_SIZE,
  decodeSnapshot,
  encodeDelta,
  encodeSnapshot,
  PAGE_SIZE,
  type Snapshot,
  snapshotDigest,
} from '../src/index.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const quick = process.argv.includes('--quick');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** Median wall time of one call over `runs` samples (after a warm-up), in ms; `inner` calls a sample. */
function median(runs: number, f: () => unknown, inner = 1): number {
  f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    const t = performance.now();
    for (let k = 0; k < inner; k++) f();
    times.push((performance.now() - t) / inner);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

function snapshotOf(bytes: Uint8Array): Snapshot {
  const pages = bytes.length / PAGE_SIZE;
  const store: StoreState = {
    version: 1,
    moduleCount: 1,
    instances: [
      {
        module: 0,
        funcs: Int32Array.of(0),
        tables: Int32Array.of(),
        mems: Int32Array.of(0),
        globals: Int32Array.of(),
        elems: Int32Array.of(),
        datas: Int32Array.of(),
      },
    ],
    funcs: Int32Array.of(0, 0),
    hostFuncs: [],
    tables: [],
    mems: [{ type: { limits: { min: pages, max: null } }, bytes }],
    globalTypes: new Uint8Array(0),
    globalValues: new Int32Array(0),
    elems: [],
    datasDropped: new Uint8Array(0),
    externs: [],
  };
  return {
    agentId: 'bench',
    migrationCounter: 1n,
    kind: 'weak',
    moduleHashes: [new Uint8Array(32)],
    store,
    execution: null,
    hostSections: [],
  };
}

function dense(size: number): Uint8Array {
  const b = new Uint8Array(size);
  for (let at = 0; at < size; at += 1 << 30) randomFillSync(b, at, Math.min(1 << 30, size - at));
  return b;
}

/** Mostly zero: one random 4 KiB chunk in 64 holds random bytes. */
function sparse(size: number): Uint8Array {
  const b = new Uint8Array(size);
  const chunks = size / CHUNK_SIZE;
  let seed = 12345;
  for (let i = 0; i < Math.max(1, chunks / 64); i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    randomFillSync(b, (seed % chunks) * CHUNK_SIZE, CHUNK_SIZE);
  }
  return b;
}

/** Compressible data: an array of random u32s below 1000 (about 10 bits of entropy in 32). */
function smallInts(size: number): Uint8Array {
  const w = new Uint32Array(size / 4);
  let seed = 7;
  for (let i = 0; i < w.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    w[i] = (seed >>> 8) % 1000;
  }
  return new Uint8Array(w.buffer);
}

const gbps = (bytes: number, ms: number): string => (bytes / ms / 1e6).toFixed(2);
const mib = (bytes: number): string => (bytes / MiB).toFixed(bytes < MiB ? 4 : 2);

function rowCodec(label: string, mem: Uint8Array): void {
  const snap = snapshotOf(mem);
  const runs = mem.length >= 256 * MiB ? 5 : mem.length >= 16 * MiB ? 9 : 15;
  const inner = mem.length < MiB ? 200 : 1;
  let bytes = encodeSnapshot(snap);
  const enc = median(runs, () => (bytes = encodeSnapshot(snap)), inner);
  const into = new Uint8Array(bytes.length);
  const encInto = median(runs, () => encodeSnapshot(snap, { into }), inner);
  const dec = median(runs, () => decodeSnapshot(bytes), inner);
  console.log(
    `| ${label} | ${mib(mem.length)} | ${mib(bytes.length)} | ${enc.toFixed(2)} (${gbps(mem.length, enc)}) | ` +
      `${encInto.toFixed(2)} (${gbps(mem.length, encInto)}) | ${dec.toFixed(2)} (${gbps(mem.length, dec)}) |`,
  );
}

/** Median time of `applyDelta` with `consumeBase`, each sample on a fresh copy of the base (not timed). */
function consumeTime(runs: number, base: Snapshot, delta: Uint8Array, baseDigest: Uint8Array): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const copy = snapshotOf(base.store.mems[0]!.bytes.slice());
    gc();
    const t = performance.now();
    applyDelta(copy, delta, { baseDigest, consumeBase: true });
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

function rowDelta(label: string, mem: Uint8Array): void {
  const base = snapshotOf(mem);
  const baseDigest = snapshotDigest(encodeSnapshot(base));
  const cur = mem.slice();
  const dirty: number[] = [];
  let seed = 99;
  for (let i = 0; i < 16; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const at = seed % cur.length;
    cur[at] ^= 0xff;
    dirty.push(Math.floor(at / CHUNK_SIZE));
  }
  const next = { ...snapshotOf(cur), migrationCounter: 2n };
  const runs = mem.length >= 256 * MiB ? 5 : 9;
  const inner = mem.length < MiB ? 100 : 1;
  let delta = encodeDelta(base, next, { baseDigest });
  const full = median(runs, () => (delta = encodeDelta(base, next, { baseDigest })), inner);
  const tracked = median(runs, () => encodeDelta(base, next, { baseDigest, dirtyChunks: [dirty] }), inner);
  const apply = median(runs, () => applyDelta(base, delta, { baseDigest }), inner);
  const consumed = consumeTime(runs, base, delta, baseDigest);
  console.log(
    `| ${label} | ${mib(mem.length)} | ${delta.length} | ${full.toFixed(3)} | ${tracked.toFixed(3)} | ${apply.toFixed(3)} | ${consumed.toFixed(3)} |`,
  );
}

function rowCompression(label: string, mem: Uint8Array): void {
  const bytes = encodeSnapshot(snapshotOf(mem));
  for (const [name, f] of [
    ['deflate-raw 1', () => deflateRawSync(bytes, { level: 1 })],
    ['deflate-raw 6', () => deflateRawSync(bytes, { level: 6 })],
    ['brotli 1', () => brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 1 } })],
  ] as const) {
    let out: Uint8Array = bytes;
    const ms = median(3, () => (out = f()));
    console.log(
      `| ${label} | ${name} | ${mib(bytes.length)} | ${mib(out.length)} | ${(out.length / bytes.length).toFixed(3)} | ${gbps(bytes.length, ms)} |`,
    );
  }
}

function baseline(size: number): void {
  const src = dense(size);
  const ms = median(3, () => new Uint8Array(size).set(src));
  const reuse = new Uint8Array(size);
  const ms2 = median(3, () => reuse.set(src));
  console.log(
    `Machine baseline for ${mib(size)} MiB: fresh allocation + copy ${ms.toFixed(1)} ms (${gbps(size, ms)} GB/s), ` +
      `copy into a touched buffer ${ms2.toFixed(1)} ms (${gbps(size, ms2)} GB/s)\n`,
  );
}

const sizes = quick ? [64 * KiB, 16 * MiB] : [64 * KiB, 16 * MiB, 256 * MiB];
console.log(`# Snapshot codec, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
baseline(sizes[sizes.length - 1]!);
console.log(
  '| memory | size MiB | snapshot MiB | encode ms (GB/s) | encode into reused buffer ms (GB/s) | decode ms (GB/s) |',
);
console.log('|---|---|---|---|---|---|');
for (const size of sizes) {
  rowCodec('dense', dense(size));
  rowCodec('sparse 1/64', sparse(size));
  rowCodec('zero', new Uint8Array(size));
}
console.log(
  '\n| delta after 16 one-byte writes | size MiB | delta bytes | encodeDelta ms (compare) | encodeDelta ms (dirty list) | applyDelta ms (copy) | applyDelta ms (consumeBase) |',
);
console.log('|---|---|---|---|---|---|---|');
for (const size of sizes) {
  rowDelta('dense', dense(size));
  rowDelta('sparse 1/64', sparse(size));
}
console.log('\n| memory (16 MiB) | compressor | snapshot MiB | compressed MiB | ratio | GB/s |');
console.log('|---|---|---|---|---|---|');
rowCompression('dense', dense(16 * MiB));
rowCompression('sparse 1/64', sparse(16 * MiB));
rowCompression('small integers', smallInts(16 * MiB));
