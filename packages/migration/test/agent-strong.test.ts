/**
 * Strong migration asked for by the agent (`migrate`): the call suspends, the snapshot carries the store and the
 * execution with the call pending, and on the destination the call returns `OK` and the work finishes there.
 * The oracle is the same agent whose migration is answered in place (`stay(OK)`): a run that never moved.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Agent, type AgentHost, AgentStatus, decodeSnapshot, encodeSnapshot } from '../src/index.js';
import {
  ask,
  bytesOf,
  finish,
  KV_MODULE,
  migrating,
  moveTo,
  observe,
  recordingHost,
  rehashReq,
  request,
  STATS_MODULE,
  statsReq,
  str,
} from './agent-support.js';

function kvWithData(host: AgentHost): Agent {
  const agent = Agent.load(KV_MODULE, host, { agentId: 'kv-strong' });
  assert.equal(agent.start().kind, 'done');
  for (let i = 0; i < 40; i++) assert.equal(ask(agent, `put key-${i} value ${i * i} of ${i}`), 'ok');
  return agent;
}

test('kv: migrate halfway through a digest; the destination finishes it exactly as a run that never moved', () => {
  const plain = kvWithData(recordingHost('edge-1'));
  const unmoved = ask(plain, 'digest 9');

  const ref = kvWithData(recordingHost('edge-1'));
  const refBytes = encodeSnapshot(migrating(request(ref, 'digest 9 edge-2')).snapshot); // views: encode before running on
  const refDone = ref.stay(AgentStatus.OK);
  assert.equal(refDone.kind, 'done');

  const srcHost = recordingHost('edge-1');
  const src = kvWithData(srcHost);
  const out = migrating(request(src, 'digest 9 edge-2'));
  assert.equal(out.mode, 'strong');
  assert.equal(out.initiator, 'agent');
  assert.equal(out.destination, 'edge-2');
  assert.equal(out.snapshot.kind, 'strong');
  assert.equal(out.snapshot.migrationCounter, 1n);
  assert.equal(out.snapshot.execution?.reason, 'host');
  assert.equal(out.completed, null);
  assert.equal(src.state, 'migrating');
  assert.deepEqual(encodeSnapshot(out.snapshot), refBytes, 'same state, same bytes');

  const dstHost = recordingHost('edge-2');
  const dst = moveTo(src, out, dstHost, KV_MODULE);
  assert.equal(src.state, 'departed');
  assert.equal(dst.state, 'arrived');
  assert.equal(dst.migrationCounter, 1n);
  const done = dst.arrive();
  assert.equal(done.kind, 'done');
  assert.equal(str(done.kind === 'done' ? done.response : null), `${unmoved} moved 0`);
  assert.deepEqual(done, refDone);
  assert.deepEqual(observe(dst), observe(ref));
  assert.deepEqual(srcHost.lines, ['kv: ready'], 'nothing ran at the source after the snapshot');
  assert.deepEqual(dstHost.lines, ['digest: moved halfway']);
});

test('kv: node_name reads the host of the node the agent runs on, which never travels', () => {
  const src = kvWithData(recordingHost('edge-1'));
  assert.equal(ask(src, 'where'), 'edge-1');
  const out = migrating(request(src, 'go edge-2'));
  const dst = moveTo(src, out, recordingHost('edge-2'), KV_MODULE);
  const done = dst.arrive();
  assert.equal(done.kind === 'done' ? str(done.response) : done.kind, 'status 0 at edge-2');
  assert.equal(ask(dst, 'where'), 'edge-2');
  assert.equal(ask(dst, 'get key-7'), 'value 49 of 7');
  const names = out.snapshot.store.hostFuncs.map((f) => f.name);
  assert.deepEqual(names.sort(), [
    'edgedancer.checkpoint',
    'edgedancer.log',
    'edgedancer.migrate',
    'edgedancer.migrate_weak',
    'edgedancer.node_name',
  ]);
  const sections = decodeSnapshot(encodeSnapshot(out.snapshot)).hostSections.map((h) => h.name);
  assert.deepEqual(sections, ['edgedancer.agent'], 'only the agent runtime section: no node state');
});

test('kv: a chain of moves A → B → C → A increments the counter and keeps every key', () => {
  let agent = kvWithData(recordingHost('a'));
  for (const [i, node] of ['b', 'c', 'a'].entries()) {
    const out = migrating(request(agent, `go ${node}`));
    assert.equal(out.snapshot.migrationCounter, BigInt(i + 1));
    agent = moveTo(agent, out, recordingHost(node), KV_MODULE);
    const done = agent.arrive();
    assert.equal(done.kind === 'done' ? str(done.response) : done.kind, `status 0 at ${node}`);
  }
  assert.equal(agent.migrationCounter, 3n);
  assert.equal(ask(agent, 'count'), '40');
  assert.equal(ask(agent, 'stats'), 'keys 40 requests 45 arrivals 0');
});

test('kv: a failed transfer resumes the agent at the source with the status', () => {
  const agent = kvWithData(recordingHost('edge-1'));
  const out = migrating(request(agent, 'go edge-2'));
  const back = agent.stay();
  assert.equal(back.kind === 'done' ? str(back.response) : back.kind, `status ${AgentStatus.FAILED} at edge-1`);
  assert.equal(agent.state, 'idle');
  assert.equal(agent.migrationCounter, out.snapshot.migrationCounter, 'the abandoned counter is not reused');
  const next = migrating(request(agent, 'go edge-2'));
  assert.equal(next.snapshot.migrationCounter, out.snapshot.migrationCounter + 1n);
});

test('stats (WAT): migrate halfway through a rehash under fuel slices, on both sides', () => {
  const fuel = { fuel: 97 };
  const load = (): Agent => {
    const a = Agent.load(STATS_MODULE, recordingHost('edge-1'), { agentId: 'stats-strong' });
    a.start();
    for (let i = 0; i < 5; i++) request(a, statsReq('a', bytesOf(300 + i, i + 1)), fuel);
    return a;
  };
  const ref = load();
  migrating(request(ref, rehashReq(6, 'edge-2'), fuel));
  const refDone = finish(ref, ref.stay(AgentStatus.OK, fuel), fuel);

  const src = load();
  const out = migrating(request(src, rehashReq(6, 'edge-2'), fuel));
  const dst = moveTo(src, out, recordingHost('edge-2'), STATS_MODULE);
  const done = finish(dst, dst.arrive(fuel), fuel);
  assert.equal(done.kind, 'done');
  assert.deepEqual(done, refDone);
  const view = done.kind === 'done' ? new DataView(done.response!.buffer) : null;
  assert.equal(view?.getInt32(8, true), AgentStatus.OK);
  assert.deepEqual(observe(dst), observe(ref));
  assert.deepEqual(request(dst, statsReq('s')), request(ref, statsReq('s')));
});
