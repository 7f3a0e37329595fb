// One move of the wordtree agent with a big heap, in process: the agent gets WORDS generated words, starts a
// one-round rebuild, and is paused halfway (by fuel) and moved the way two nodes move it: capture (`move`),
// encode, then decode and restore into a fresh store, and the rebuild finishes there. Prints the heap (objects,
// words), the snapshot's size, and the time of each step (CPU of this process, median of REPEAT moves of the same
// paused agent: the first move departs it, so each repeat rebuilds it). Needs `npm run build` first.
//
// Usage: node examples/wordtree-kotlin/measure.mjs [WORDS=3000] [REPEAT=3]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Module } from '@edgedancer/interpreter';
import { Agent, decodeSnapshot, encodeSnapshot } from '@edgedancer/migration';

const words = Number(process.argv[2] ?? 3000);
const repeat = Number(process.argv[3] ?? 3);
const wasm = new Uint8Array(readFileSync(join(import.meta.dirname, 'wordtree.wasm')));
const module = new Module(wasm);

/** `random_get` (imported by Kotlin's standard library, never called by the agent): zero bytes. */
const random = {
  importModule: 'wasi_snapshot_preview1',
  sectionName: 'measure-random',
  resolve: (field) => (field === 'random_get' ? () => [{ type: 'i32', value: 0 }] : undefined),
  exportSection: () => ({ name: 'measure-random', version: 1, bytes: new Uint8Array(0) }),
  importSection() {},
};

function req(cmd, nums) {
  const out = new Uint8Array(1 + 4 * nums.length);
  out[0] = cmd.charCodeAt(0);
  nums.forEach((n, i) => {
    new DataView(out.buffer).setUint32(1 + 4 * i, n, true);
  });
  return out;
}

function finish(agent, first) {
  let out = first;
  while (out.kind === 'paused') out = agent.continue({ fuel: 10_000_000 });
  if (out.kind !== 'done') throw new Error(`the request ended ${out.kind}`);
  return out;
}

/** CPU milliseconds of `f`. */
function cpu(f) {
  const t = process.cpuUsage();
  const r = f();
  const d = process.cpuUsage(t);
  return [r, (d.user + d.system) / 1000];
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The agent with `words` generated words, paused halfway through a one-round rebuild. */
function pausedAgent() {
  const agent = Agent.load(module, { nodeName: 'a' }, { agentId: 'wordtree', hostModules: [random] });
  agent.start();
  finish(agent, agent.serve(req('g', [words, 42]), { fuel: 10_000_000 }));
  return agent;
}

const t0 = process.cpuUsage();
const agent0 = pausedAgent();
const size = new DataView(finish(agent0, agent0.serve(req('s', []))).response.buffer).getInt32(0, true);
// a full rebuild's fuel, counted on a copy, so that the pause can be put halfway
let fuelOfRebuild = 0;
{
  let out = agent0.serve(req('r', [1]), { fuel: 1_000_000 });
  fuelOfRebuild += 1_000_000;
  while (out.kind === 'paused') {
    out = agent0.continue({ fuel: 1_000_000 });
    fuelOfRebuild += 1_000_000;
  }
}
const t1 = process.cpuUsage(t0);
const setupMs = (t1.user + t1.system) / 1000;

const rows = [];
for (let i = 0; i < repeat; i++) {
  const agent = pausedAgent();
  const paused = agent.serve(req('r', [1]), { fuel: Math.floor(fuelOfRebuild / 2) });
  if (paused.kind !== 'paused') throw new Error('the rebuild ended before the pause');
  const heap = agent.store.gcHeap;
  const [leaving, captureMs] = cpu(() => agent.move('b'));
  const [bytes, encodeMs] = cpu(() => encodeSnapshot(leaving.snapshot));
  agent.depart();
  const [moved, restoreMs] = cpu(() => Agent.restore(bytes, module, { nodeName: 'b' }, { hostModules: [random] }));
  const decoded = decodeSnapshot(bytes);
  finish(moved, moved.arrive({ fuel: 10_000_000 }));
  rows.push({
    objects: heap.objectCount,
    heapWords: heap.top,
    snapshotBytes: bytes.length,
    heapSectionBytes: decoded.store.gcHeap.words.length * 4,
    captureMs,
    encodeMs,
    restoreMs,
  });
}
const r0 = rows[0];
console.log(
  JSON.stringify(
    {
      words,
      treeSize: size,
      liveObjects: 3 * size,
      heapObjects: r0.objects,
      heapWords: r0.heapWords,
      snapshotBytes: r0.snapshotBytes,
      heapSectionBytes: r0.heapSectionBytes,
      captureMs: median(rows.map((r) => r.captureMs)),
      encodeMs: median(rows.map((r) => r.encodeMs)),
      decodeAndRestoreMs: median(rows.map((r) => r.restoreMs)),
      moves: rows.length,
      setupCpuMs: Math.round(setupMs),
    },
    null,
    2,
  ),
);
