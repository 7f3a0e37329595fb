/**
 * Measures agent migration end to end (not a test): for agents with 64 KiB, 16 MiB and 256 MiB of memory,
 * dense (random) and sparse (one random 4 KiB chunk in 64), paused inside a request so that the snapshot is
 * strong: `capture` + `encodeSnapshot` (fresh output and a reused buffer), `Agent.restore` from the bytes
 * (decode + store and execution restore), and the snapshot's size; then the delta after 16 small writes made
 * by the agent, from its dirty chunks, and applying it. Medians after a warm-up, of CPU time (user + system,
 * so page faults count) rather than wall time, which a shared machine makes noisy.
 * Run: `node --expose-gc dist/bench/agent-bench.js [--quick]` in this package.
 * @module
 */
import { randomFillSync } from 'node:crypto';
import { Module } from '@edgedancer/interpreter';
import { buildModule, I, T } from '@edgedancer/interpreter/wasm-builder';
import {
  Agent,
  type AgentHost,
  applyDelta,
  CHUNK_SIZE,
  decodeSnapshot,
  encodeDelta,
  encodeSnapshot,
  PAGE_SIZE,
  snapshotDigest,
} from '../src/index.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const quick = process.argv.includes('--quick');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const host: AgentHost = { nodeName: 'bench' };
const REQUEST_AT = 256;

/**
 * An agent with `pages` pages whose `handle` stores the i32 at request+4 to the address at request+0: the
 * smallest agent that writes where it is told.
 */
function writerModule(pages: number): Module {
  return new Module(
    buildModule({
      memory: { min: pages },
      funcs: [
        { params: [T.i32], results: [T.i32], export: 'alloc', body: I.i32Const(REQUEST_AT) },
        {
          params: [T.i32, T.i32],
          results: [T.i64],
          export: 'handle',
          body: [
            ...I.localGet(0),
            0x28,
            0x02,
            0x00,
            ...I.localGet(0),
            0x28,
            0x02,
            0x04,
            ...I.i32Store(),
            ...I.i64Const(0),
          ],
        },
      ],
    }),
  );
}

function writeRequest(addr: number, value: number): Uint8Array {
  const r = new Uint8Array(8);
  const v = new DataView(r.buffer);
  v.setUint32(0, addr, true);
  v.setInt32(4, value, true);
  return r;
}

function fillDense(mem: Uint8Array): void {
  for (let at = 0; at < mem.length; at += 1 << 30) randomFillSync(mem, at, Math.min(1 << 30, mem.length - at));
}

function fillSparse(mem: Uint8Array): void {
  const chunks = mem.length / CHUNK_SIZE;
  let seed = 12345;
  for (let i = 0; i < Math.max(1, chunks / 64); i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    randomFillSync(mem, (seed % chunks) * CHUNK_SIZE, CHUNK_SIZE);
  }
}

/** CPU time of this process (user + system) in ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function median(runs: number, f: () => unknown, inner = 1): number {
  f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    const t = cpuMs();
    for (let k = 0; k < inner; k++) f();
    times.push((cpuMs() - t) / inner);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const gbps = (bytes: number, ms: number): string => (bytes / ms / 1e6).toFixed(2);
const size = (bytes: number): string =>
  bytes >= MiB ? `${(bytes / MiB).toFixed(2)} MiB` : `${(bytes / KiB).toFixed(1)} KiB`;

/** A writer agent of `bytes` memory, filled, paused one instruction into a request. */
function pausedAgent(module: Module, fill: (m: Uint8Array) => void): Agent {
  const agent = Agent.load(module, host, { agentId: 'bench' });
  fill(agent.memory());
  const out = agent.serve(writeRequest(0, 1), { fuel: 1 });
  if (out.kind !== 'paused') throw new Error('expected a paused agent');
  return agent;
}

function row(label: string, bytes: number, fill: (m: Uint8Array) => void): void {
  const module = writerModule(bytes / PAGE_SIZE);
  const agent = pausedAgent(module, fill);
  const runs = bytes >= 256 * MiB ? 5 : bytes >= 16 * MiB ? 9 : 15;
  const inner = bytes < MiB ? 100 : 1;
  let encoded = encodeSnapshot(agent.capture());
  const enc = median(runs, () => (encoded = encodeSnapshot(agent.capture())), inner);
  const into = new Uint8Array(encoded.length);
  const encInto = median(runs, () => encodeSnapshot(agent.capture(), { into }), inner);
  const restore = median(runs, () => Agent.restore(encoded, module, host), inner);
  console.log(
    `| ${label} | ${size(bytes)} | ${size(encoded.length)} | ${enc.toFixed(2)} (${gbps(bytes, enc)}) | ` +
      `${encInto.toFixed(2)} (${gbps(bytes, encInto)}) | ${restore.toFixed(2)} (${gbps(bytes, restore)}) |`,
  );
}

/** 16 requests that each write 4 bytes somewhere in memory, after a base snapshot; then a strong move. */
function deltaRow(label: string, bytes: number, fill: (m: Uint8Array) => void): void {
  const module = writerModule(bytes / PAGE_SIZE);
  const agent = Agent.load(module, host, { agentId: 'bench' });
  fill(agent.memory());
  const base = agent.capture({ copyMemory: true });
  const baseBytes = encodeSnapshot(base);
  const baseDigest = snapshotDigest(baseBytes);
  let seed = 99;
  for (let i = 0; i < 16; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const out = agent.serve(writeRequest((seed % (bytes / 4)) * 4, seed | 1));
    if (out.kind !== 'done') throw new Error('write failed');
  }
  if (agent.serve(writeRequest(0, 7), { fuel: 1 }).kind !== 'paused') throw new Error('expected a pause');
  const leaving = agent.move('elsewhere');
  const runs = bytes >= 256 * MiB ? 5 : 9;
  let delta = encodeDelta(base, leaving.snapshot, { baseDigest, dirtyChunks: leaving.dirtyChunks });
  const enc = median(
    runs,
    () => (delta = encodeDelta(base, leaving.snapshot, { baseDigest, dirtyChunks: leaving.dirtyChunks })),
  );
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const held = decodeSnapshot(baseBytes); // the destination's copy of the base (not timed)
    gc();
    const t = cpuMs();
    Agent.restore(applyDelta(held, delta, { baseDigest, consumeBase: true }), module, host).arrive();
    times.push(cpuMs() - t);
  }
  const apply = times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
  const chunks = leaving.dirtyChunks[0]!.length;
  console.log(`| ${label} | ${size(bytes)} | ${chunks} | ${delta.length} | ${enc.toFixed(3)} | ${apply.toFixed(3)} |`);
}

const sizes = quick ? [64 * KiB, 16 * MiB] : [64 * KiB, 16 * MiB, 256 * MiB];
console.log(
  `# Agent migration, Node ${process.version}, ${new Date().toISOString().slice(0, 10)} (medians of CPU time)\n`,
);
console.log(
  '| memory | size | snapshot | capture + encode ms (GB/s) | capture + encode into reused buffer ms (GB/s) | Agent.restore from bytes ms (GB/s) |',
);
console.log('|---|---|---|---|---|---|');
for (const bytes of sizes) {
  row('dense', bytes, fillDense);
  row('sparse 1/64', bytes, fillSparse);
  row('zero', bytes, () => undefined);
}
console.log(
  '\n| delta after 16 four-byte writes by the agent | size | dirty chunks | delta bytes | encodeDelta ms (dirty list) | applyDelta (consumeBase) + restore + arrive ms |',
);
console.log('|---|---|---|---|---|---|');
for (const bytes of sizes) {
  deltaRow('dense', bytes, fillDense);
  deltaRow('sparse 1/64', bytes, fillSparse);
}
