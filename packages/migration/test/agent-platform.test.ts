/**
 * Strong migration decided by the platform: the agent is paused at any instruction (a slice of fuel ran out,
 * or `interrupt()`), moved through encode/decode into a fresh store, and continued there. Whatever the cut
 * points, the response and the final state equal those of a run that never moved.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Module } from '@edgedancer/interpreter';
import { Agent, type AgentHost, type AgentOutcome, AgentStatus } from '../src/index.js';
import {
  ask,
  bytesOf,
  KV_MODULE,
  migrating,
  moveTo,
  type Observed,
  observe,
  recordingHost,
  rehashReq,
  request,
  STATS_MODULE,
  statsReq,
} from './agent-support.js';
import { Prng } from './prng.js';

interface Run {
  readonly outcome: AgentOutcome;
  readonly state: Observed;
  readonly moves: number;
}

/**
 * Serves `req` with slices from `fuel()`; at every pause, `shouldMove()` decides between moving the agent to a
 * fresh store (through encoded bytes) and continuing in place.
 */
function servedWithMoves(
  load: () => Agent,
  module: Module,
  req: Uint8Array,
  fuel: () => number,
  shouldMove: () => boolean,
): Run {
  let agent = load();
  let moves = 0;
  let out = agent.serve(req, { fuel: fuel() });
  while (out.kind === 'paused') {
    if (shouldMove()) {
      const leaving = agent.move(`node-${moves}`);
      assert.equal(leaving.mode, 'strong');
      assert.equal(leaving.initiator, 'platform');
      agent = moveTo(agent, leaving, recordingHost(`node-${moves}`), module);
      moves++;
      out = agent.arrive({ fuel: fuel() });
    } else {
      out = agent.continue({ fuel: fuel() });
    }
  }
  return { outcome: out, state: { ...observe(agent), counter: 0n }, moves };
}

function loadStats(): Agent {
  const a = Agent.load(STATS_MODULE, recordingHost('origin'), { agentId: 'stats-platform' });
  a.start();
  request(a, statsReq('a', bytesOf(700, 3)));
  return a;
}

function loadKv(): Agent {
  const a = Agent.load(KV_MODULE, recordingHost('origin'), { agentId: 'kv-platform' });
  a.start();
  for (let i = 0; i < 12; i++) ask(a, `put k${i} ${'v'.repeat(i * 7)}`);
  return a;
}

function reference(load: () => Agent, req: Uint8Array): Run {
  const agent = load();
  return { outcome: request(agent, req), state: { ...observe(agent), counter: 0n }, moves: 0 };
}

test('stats: a move after every single instruction of an absorb request', () => {
  const req = statsReq('a', bytesOf(24, 11));
  const expected = reference(loadStats, req);
  const run = servedWithMoves(
    loadStats,
    STATS_MODULE,
    req,
    () => 1,
    () => true,
  );
  assert.ok(run.moves > 200, `moved ${run.moves} times`);
  assert.deepEqual(run.outcome, expected.outcome);
  assert.deepEqual(run.state, expected.state);
});

test('stats: fixed slices of fuel, moving at every pause, through a rehash', () => {
  const req = rehashReq(2);
  const expected = reference(loadStats, req);
  for (const fuel of [5, 13, 64, 255, 1000, 4099]) {
    const run = servedWithMoves(
      loadStats,
      STATS_MODULE,
      req,
      () => fuel,
      () => true,
    );
    assert.ok(run.moves > 0);
    assert.deepEqual(run.outcome, expected.outcome, `fuel ${fuel}`);
    assert.deepEqual(run.state, expected.state, `fuel ${fuel}`);
  }
});

test('kv: random slices and random moves through a digest (seeded)', () => {
  const req = new TextEncoder().encode('digest 2');
  const expected = reference(loadKv, req);
  for (let seed = 1; seed <= 6; seed++) {
    const rng = new Prng(seed);
    const run = servedWithMoves(
      loadKv,
      KV_MODULE,
      req,
      () => rng.range(1, 6000),
      () => rng.chance(0.5),
    );
    assert.deepEqual(run.outcome, expected.outcome, `seed ${seed}`);
    assert.deepEqual(run.state, expected.state, `seed ${seed}`);
  }
});

test('kv: interrupt() from a host call pauses at the next back-edge; the platform moves the agent there', () => {
  let agent: Agent | null = null;
  const refusing = (nodeName: string, interrupt: boolean): AgentHost => ({
    ...recordingHost(nodeName),
    authorizeMigration: () => AgentStatus.REFUSED,
    log: () => {
      if (interrupt) agent!.interrupt();
    },
  });
  const load = (host: AgentHost): Agent => {
    const a = Agent.load(KV_MODULE, host, { agentId: 'kv-interrupt' });
    for (let i = 0; i < 12; i++) ask(a, `put k${i} v${i}`);
    return a;
  };
  const ref = load(refusing('edge-1', false));
  const expected = request(ref, 'digest 4 edge-9');

  agent = load(refusing('edge-1', true));
  const first = agent.serve(new TextEncoder().encode('digest 4 edge-9'));
  assert.deepEqual(first, { kind: 'paused', reason: 'interrupt' });
  const leaving = agent.move('edge-2');
  const moved = moveTo(agent, leaving, refusing('edge-2', false), KV_MODULE);
  const out = moved.arrive();
  assert.deepEqual(out, expected);
  assert.match(new TextDecoder().decode(out.kind === 'done' ? out.response! : new Uint8Array()), / moved -1$/);
  assert.deepEqual({ ...observe(moved), counter: 0n }, { ...observe(ref), counter: 0n });
});

test('an idle agent moved by the platform travels weak and re-enters at on_arrival', () => {
  const src = loadKv();
  assert.equal(src.capture().kind, 'weak');
  const out = src.move('edge-2');
  assert.equal(out.mode, 'weak');
  assert.equal(out.completed, null);
  const host = recordingHost('edge-2');
  const dst = moveTo(src, out, host, KV_MODULE);
  assert.equal(dst.arrive().kind, 'done');
  assert.deepEqual(host.lines, ['kv: arrived']);
  assert.equal(ask(dst, 'stats'), 'keys 12 requests 13 arrivals 1');
});

test('a platform move that does not happen leaves the agent as it was', () => {
  const agent = loadKv();
  const paused = agent.serve(new TextEncoder().encode('digest 1'), { fuel: 500 });
  assert.deepEqual(paused, { kind: 'paused', reason: 'fuel' });
  assert.equal(agent.capture().kind, 'strong');
  migrating(agent.move('edge-2'));
  assert.deepEqual(agent.stay(), { kind: 'paused', reason: 'fuel' });
  const out = agent.continue();
  assert.deepEqual(out, reference(loadKv, new TextEncoder().encode('digest 1')).outcome);
  migrating(agent.move('edge-3'));
  assert.deepEqual(agent.stay(), { kind: 'idle' });
  assert.equal(agent.state, 'idle');
});
