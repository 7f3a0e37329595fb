/**
 * Weak migration asked for by the agent (`migrate_weak`): the call only schedules the move; the request
 * completes at the source, the snapshot carries memory, globals and tables but no execution, and the agent
 * re-enters at `on_arrival(OK)` on the destination. The oracle: the same agent answered in place (`stay(OK)`).
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Agent, AgentStatus } from '../src/index.js';
import {
  ask,
  bytesOf,
  KV_MODULE,
  migrating,
  moveTo,
  observe,
  recordingHost,
  request,
  STATS_MODULE,
  statsReq,
  str,
} from './agent-support.js';

function kv(nodeName: string): { agent: Agent; lines: string[] } {
  const host = recordingHost(nodeName);
  const agent = Agent.load(KV_MODULE, host, { agentId: 'kv-weak' });
  agent.start();
  for (let i = 0; i < 25; i++) ask(agent, `put user-${i} session ${i}`);
  return { agent, lines: host.lines };
}

test('kv: go-weak answers at the source, moves without an execution, and re-enters at on_arrival', () => {
  const ref = kv('edge-1');
  const refOut = migrating(request(ref.agent, 'go-weak edge-2'));
  const refArrived = ref.agent.stay(AgentStatus.OK);

  const src = kv('edge-1');
  const out = migrating(request(src.agent, 'go-weak edge-2'));
  assert.equal(out.mode, 'weak');
  assert.equal(out.initiator, 'agent');
  assert.equal(out.snapshot.kind, 'weak');
  assert.equal(out.snapshot.execution, null);
  assert.equal(str(out.completed?.response ?? null), 'leaving 0');
  assert.deepEqual(out.completed, refOut.completed);

  const dstHost = recordingHost('edge-2');
  const dst = moveTo(src.agent, out, dstHost, KV_MODULE);
  const arrived = dst.arrive();
  assert.deepEqual(arrived, refArrived);
  assert.deepEqual(dstHost.lines, ['kv: arrived']);
  assert.deepEqual(observe(dst), observe(ref.agent));
  assert.equal(ask(dst, 'stats'), 'keys 25 requests 27 arrivals 1');
  assert.equal(ask(dst, 'where'), 'edge-2');
  assert.equal(ask(dst, 'get user-13'), 'session 13');
});

test('kv: a weak move that fails re-enters at on_arrival with the status, at the source', () => {
  const src = kv('edge-1');
  migrating(request(src.agent, 'go-weak edge-2'));
  const back = src.agent.stay(AgentStatus.REFUSED);
  assert.equal(back.kind, 'done');
  assert.equal(src.lines.at(-1), 'kv: migration failed, still here');
  assert.equal(ask(src.agent, 'stats'), 'keys 25 requests 27 arrivals 0');
  assert.equal(src.agent.state, 'idle');
});

test('kv: a trap drops a scheduled weak move', () => {
  const src = kv('edge-1');
  assert.equal(request(src.agent, 'go-weak edge-2').kind, 'migrating');
  src.agent.stay(AgentStatus.OK);
  // `handle` with a request pointer past the memory traps inside the agent; nothing is left scheduled.
  const out = src.agent.invoke('handle', [
    { type: 'i32', value: -16 },
    { type: 'i32', value: 64 },
  ]);
  assert.equal(out.kind, 'trapped');
  assert.equal(ask(src.agent, 'count'), '25');
});

test('stats (WAT): weak migration of a running statistic; totals and hash continue on the destination', () => {
  const load = (): Agent => {
    const a = Agent.load(STATS_MODULE, recordingHost('edge-1'), { agentId: 'stats-weak' });
    a.start();
    for (let i = 0; i < 8; i++) request(a, statsReq('a', bytesOf(1000, 77 + i)), { fuel: 5000 });
    return a;
  };
  const ref = load();
  migrating(request(ref, statsReq('w', 'edge-2')));
  ref.stay(AgentStatus.OK);

  const src = load();
  const out = migrating(request(src, statsReq('w', 'edge-2')));
  assert.deepEqual([...(out.completed?.response ?? [])], [0, 0, 0, 0], 'status OK at the source');
  const dst = moveTo(src, out, recordingHost('edge-2'), STATS_MODULE);
  dst.arrive();
  assert.deepEqual(observe(dst), observe(ref));
  const more = statsReq('a', bytesOf(4096, 5));
  assert.deepEqual(request(dst, more), request(ref, more));
  const summary = request(dst, statsReq('s'));
  assert.equal(summary.kind, 'done');
  const view = new DataView(summary.kind === 'done' ? summary.response!.buffer : new ArrayBuffer(24));
  assert.equal(view.getBigInt64(0, true), 8000n + 4096n);
  assert.equal(view.getInt32(20, true), 1, 'one arrival');
  assert.equal(ask(dst, statsReq('n')), 'edge-2');
});
