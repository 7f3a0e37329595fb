/**
 * Pre-copy with deltas: a full snapshot is sent while the agent keeps serving, then only the chunks written
 * since (the agent's dirty chunks, including the host's own writes of requests and node names). The delta from
 * the dirty list equals the one from a full comparison, is a small fraction of a full snapshot, and base + delta
 * resumes to exactly the result of a run that never moved.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Agent,
  AgentStatus,
  applyDelta,
  CHUNK_SIZE,
  decodeSnapshot,
  encodeDelta,
  encodeSnapshot,
  snapshotDigest,
} from '../src/index.js';
import { ask, finish, KV_MODULE, migrating, observe, recordingHost, request } from './agent-support.js';

function busyKv(): Agent {
  const agent = Agent.load(KV_MODULE, recordingHost('edge-1'), { agentId: 'kv-delta' });
  agent.start();
  for (let i = 0; i < 300; i++) ask(agent, `put key-${i} ${String(i).repeat(20)}`);
  return agent;
}

test('a strong move after a pre-copy: the delta carries only the chunks written since the base', () => {
  const ref = busyKv();
  ref.capture();
  for (const r of ['put key-5 changed', 'del key-6', 'where']) ask(ref, r);
  migrating(request(ref, 'digest 3 edge-2'));
  const expected = finish(ref, ref.stay(AgentStatus.OK));

  const src = busyKv();
  const base = src.capture({ copyMemory: true });
  const baseBytes = encodeSnapshot(base); // sent while the agent keeps serving
  assert.equal(src.dirtyChunks()[0]!.length, 0);
  for (const r of ['put key-5 changed', 'del key-6', 'where']) ask(src, r);
  const out = migrating(request(src, 'digest 3 edge-2'));
  assert.ok(out.dirtyChunks[0]!.length > 0 && out.dirtyChunks[0]!.length <= 8, `dirty: ${out.dirtyChunks[0]}`);
  const delta = encodeDelta(base, out.snapshot, { dirtyChunks: out.dirtyChunks });
  assert.deepEqual(delta, encodeDelta(base, out.snapshot), 'the dirty list covers every write');
  const full = encodeSnapshot(out.snapshot);
  assert.ok(delta.length <= 8 * CHUNK_SIZE + 4096, `delta ${delta.length} bytes`);
  assert.ok(delta.length * 4 < full.length, `delta ${delta.length} vs full ${full.length}`);
  src.depart();

  // The destination holds the base; it applies the delta and restores.
  const held = decodeSnapshot(baseBytes);
  const current = applyDelta(held, delta, { baseDigest: snapshotDigest(baseBytes), consumeBase: true });
  assert.deepEqual(encodeSnapshot(current), full);
  const dst = Agent.restore(current, KV_MODULE, recordingHost('edge-2'));
  const done = finish(dst, dst.arrive());
  assert.deepEqual(done, expected);
  assert.deepEqual(observe(dst), observe(ref));
});

test('pre-copy rounds: base, delta, delta, each against the state the previous one produced', () => {
  const src = busyKv();
  let sent = src.capture({ copyMemory: true });
  let held = decodeSnapshot(encodeSnapshot(sent));
  const sizes: number[] = [];
  for (let round = 0; round < 3; round++) {
    ask(src, `put round-${round} ${'r'.repeat(100)}`);
    const dirty = src.dirtyChunks(); // read before the capture restarts them
    const next = src.capture({ copyMemory: true });
    const delta = encodeDelta(sent, next, { dirtyChunks: dirty });
    assert.deepEqual(delta, encodeDelta(sent, next));
    sizes.push(delta.length);
    held = applyDelta(held, delta);
    sent = next;
  }
  ask(src, 'put last one');
  const dirty = src.dirtyChunks();
  const out = src.move('edge-2');
  assert.deepEqual(out.dirtyChunks, dirty);
  const last = encodeDelta(sent, out.snapshot, { dirtyChunks: out.dirtyChunks });
  held = applyDelta(held, last);
  assert.equal(held.migrationCounter, 5n);
  assert.ok(
    sizes.every((n) => n < 4 * CHUNK_SIZE + 4096),
    `deltas ${sizes}`,
  );
  const moved = Agent.restore(encodeSnapshot(held), KV_MODULE, recordingHost('edge-2'));
  moved.arrive();
  assert.equal(ask(moved, 'get round-2'), 'r'.repeat(100));
  assert.equal(ask(moved, 'get last'), 'one');
  assert.equal(ask(moved, 'count'), '304');
});
