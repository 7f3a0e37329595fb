/**
 * The Kotlin/Wasm agent of `examples/wordtree-kotlin/` (a persistent AVL tree of words on the WasmGC heap) moved
 * in the middle of its long computation: the rebuild request is paused by fuel at many points and each time
 * captured, encoded, decoded and restored into a fresh store (platform-initiated), or it moves itself by calling
 * `migrate` halfway (agent-initiated). The response and every later query equal those of a run that never moved,
 * computed here with the same module.
 * @module
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { i32, Module, type Store } from '@edgedancer/interpreter';
import { writeMemory } from '../src/agent-memory.js';
import { Agent, type AgentHostModule, AgentStatus, decodeSnapshot, encodeSnapshot } from '../src/index.js';
import { finish, migrating, moveTo, recordingHost, repoRoot, request, text } from './agent-support.js';
import { Prng } from './prng.js';

const WORDTREE_WASM = new Uint8Array(readFileSync(join(repoRoot(), 'examples', 'wordtree-kotlin', 'wordtree.wasm')));
const WORDTREE = new Module(WORDTREE_WASM);

/**
 * `wasi_snapshot_preview1.random_get`, which Kotlin's standard library imports (identity hash codes are seeded
 * from it): deterministic bytes from a xorshift32 whose state travels as the host section `test-random`.
 */
function randomModule(): AgentHostModule {
  let x = 0x9e3779b9;
  return {
    importModule: 'wasi_snapshot_preview1',
    sectionName: 'test-random',
    resolve(field) {
      if (field !== 'random_get') return undefined;
      return (args, ctx) => {
        const ptr = (args[0] as { value: number }).value >>> 0;
        const len = (args[1] as { value: number }).value >>> 0;
        const bytes = new Uint8Array(len);
        for (let i = 0; i < len; i++) {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          bytes[i] = x & 0xff;
        }
        writeMemory(ctx.store as Store, ctx.memAddr, ptr, bytes);
        return [i32(0)];
      };
    },
    exportSection: () => {
      const bytes = new Uint8Array(4);
      new DataView(bytes.buffer).setUint32(0, x >>> 0, true);
      return { name: 'test-random', version: 1, bytes };
    },
    importSection: (s) => {
      x = new DataView(s.bytes.buffer, s.bytes.byteOffset).getUint32(0, true);
    },
  };
}

/** A request: the command byte, then u32 numbers (little-endian), then text. */
function req(cmd: string, nums: number[] = [], tail = ''): Uint8Array {
  const t = text(tail);
  const out = new Uint8Array(1 + 4 * nums.length + t.length);
  out[0] = cmd.charCodeAt(0);
  nums.forEach((n, i) => {
    new DataView(out.buffer).setUint32(1 + 4 * i, n >>> 0, true);
  });
  out.set(t, 1 + 4 * nums.length);
  return out;
}

/** Serves a request that completes here and returns the response bytes. */
function answer(agent: Agent, r: Uint8Array): Uint8Array {
  const out = request(agent, r, { fuel: 5_000_000 });
  assert.equal(out.kind, 'done', out.kind === 'trapped' ? String(out.error) : out.kind);
  return out.kind === 'done' ? (out.response ?? new Uint8Array(0)) : new Uint8Array(0);
}

const TEXT =
  'It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of ' +
  "foolishness, it was the epoch of belief, it was the epoch of incredulity; Dickens's opening, counted.";

/** The agent on `node` with the text and 120 generated words counted. */
function loaded(node: string): Agent {
  const agent = Agent.load(WORDTREE, recordingHost(node), { agentId: 'wordtree', hostModules: [randomModule()] });
  assert.equal(agent.start().kind, 'done');
  answer(agent, req('a', [], TEXT));
  answer(agent, req('g', [120, 42]));
  return agent;
}

/** Answers to queries that read the whole tree and its history. */
function queries(agent: Agent): string[] {
  const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
  const out = [hex(answer(agent, req('s')))];
  for (const w of ['it', 'was', 'times', 'dickens', "dickens's", 'absent'])
    out.push(hex(answer(agent, req('q', [], w))));
  for (const k of [0, 7, 50, 130]) out.push(Buffer.from(answer(agent, req('k', [k]))).toString());
  out.push(hex(answer(agent, req('v', [1], 'it'))), hex(answer(agent, req('v', [2], 'was'))));
  return out;
}

const ROUNDS = 2;

test('wordtree: the state is a tree on the GC heap that survives a move between requests', () => {
  const a = loaded('edge-a');
  const heap = a.store.gcHeap;
  assert.ok(heap.objectCount > 400, `heap objects: ${heap.objectCount}`);
  const s = answer(a, req('s'));
  assert.equal(new DataView(s.buffer, s.byteOffset).getInt32(0, true) > 100, true, 'words in the tree');
  const before = queries(a);
  const leaving = a.move('edge-b');
  assert.equal(leaving.mode, 'weak');
  const b = moveTo(a, leaving, recordingHost('edge-b'), WORDTREE, { hostModules: [randomModule()] });
  assert.equal(b.arrive().kind, 'idle');
  assert.deepEqual(queries(b), before);
});

test('wordtree: a rebuild paused and moved at many fuel points ends as a run that never moved', () => {
  const plain = loaded('edge-a');
  const expected = answer(plain, req('r', [ROUNDS]));
  const expectedQueries = queries(plain);

  const prng = new Prng(16);
  let agent = loaded('edge-a');
  let moves = 0;
  let out = agent.serve(req('r', [ROUNDS]), { fuel: 20_000 + prng.int(60_000) });
  while (out.kind === 'paused') {
    const leaving = agent.move(`edge-${moves}`);
    assert.equal(leaving.mode, 'strong');
    assert.equal(leaving.initiator, 'platform');
    const bytes = encodeSnapshot(leaving.snapshot);
    assert.ok((decodeSnapshot(bytes).store.gcHeap?.words.length ?? 0) > 1000, 'the heap travels');
    agent.depart();
    agent = Agent.restore(bytes, WORDTREE, recordingHost(`edge-${moves}`), { hostModules: [randomModule()] });
    moves++;
    out = agent.arrive({ fuel: 20_000 + prng.int(60_000) });
  }
  assert.ok(moves >= 10, `moved ${moves} times`);
  assert.equal(out.kind, 'done');
  assert.deepEqual(out.kind === 'done' ? out.response : null, expected);
  assert.deepEqual(queries(agent), expectedQueries);
});

test('wordtree: the agent migrates itself halfway through a rebuild and finishes on the destination', () => {
  const plain = loaded('edge-a');
  const expected = answer(plain, req('r', [ROUNDS]));
  const expectedQueries = queries(plain);

  const src = loaded('edge-a');
  const out = migrating(request(src, req('r', [ROUNDS], 'edge-b')));
  assert.equal(out.mode, 'strong');
  assert.equal(out.initiator, 'agent');
  assert.equal(out.destination, 'edge-b');
  const dstHost = recordingHost('edge-b');
  const dst = moveTo(src, out, dstHost, WORDTREE, { hostModules: [randomModule()] });
  const done = finish(dst, dst.arrive({ fuel: 5_000_000 }), { fuel: 5_000_000 });
  assert.equal(done.kind, 'done');
  const response = done.kind === 'done' ? done.response! : new Uint8Array(0);
  // digest (8 bytes), then the status of migrate (0 on arrival), then size and height
  assert.deepEqual(response.subarray(0, 8), expected.subarray(0, 8));
  assert.equal(new DataView(response.buffer, response.byteOffset).getInt32(8, true), AgentStatus.OK);
  assert.deepEqual(response.subarray(12), expected.subarray(12));
  assert.deepEqual(dstHost.lines, ['wordtree: rebuild moved']);
  assert.deepEqual(queries(dst), expectedQueries);
  assert.equal(Buffer.from(answer(dst, req('n'))).toString(), 'edge-b');
});
