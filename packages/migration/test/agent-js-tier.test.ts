/**
 * Strong, platform-initiated migration of an agent whose hot loop runs in the JavaScript tier: the agent pauses
 * while translated code runs (a fuel stop the tier counts), moves through snapshot bytes into a fresh store on
 * another node, whose restored frame enters translated code again, and ends as a run that never moved.
 * @module
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Agent, type AgentOutcome } from '../src/index.js';
import {
  bytesOf,
  moveTo,
  type Observed,
  observe,
  recordingHost,
  rehashReq,
  request,
  STATS_MODULE,
  statsReq,
} from './agent-support.js';

function load(tier: 'interp' | 'js'): Agent {
  const a = Agent.load(STATS_MODULE, recordingHost('origin'), {
    agentId: 'stats-js-tier',
    storeOptions: { tier },
  });
  a.start();
  request(a, statsReq('a', bytesOf(700, 3)));
  return a;
}

function tierStats(agent: Agent): { translated: number; fuelStops: number; entries: number } {
  const t = agent.store.jsTier;
  assert.ok(t?.enabled === true, 'the store runs the JavaScript tier');
  return t!.stats;
}

test('a strong migration of an agent paused in translated code, mid-loop, resumes exactly', () => {
  const req = rehashReq(40);
  const ref = load('interp');
  const expected: { outcome: AgentOutcome; state: Observed } = {
    outcome: request(ref, req),
    state: { ...observe(ref), counter: 0n },
  };

  let agent = load('js');
  const fuel = 25_000;
  let out = agent.serve(req, { fuel });
  let moves = 0;
  let enteredAfterMove = 0;
  while (out.kind === 'paused') {
    // The pause came from translated code: the slice's fuel ran out inside it.
    assert.ok(tierStats(agent).fuelStops >= 1, `move ${moves}: the agent was running translated code`);
    const leaving = agent.move(`node-${moves}`);
    assert.equal(leaving.mode, 'strong');
    assert.equal(leaving.initiator, 'platform');
    agent = moveTo(agent, leaving, recordingHost(`node-${moves}`), STATS_MODULE, { storeOptions: { tier: 'js' } });
    moves++;
    assert.equal(tierStats(agent).translated, 0, 'a restored state starts in the interpreter');
    out = agent.arrive({ fuel });
    enteredAfterMove += tierStats(agent).entries;
  }
  assert.ok(moves >= 3, `moved ${moves} times`);
  assert.ok(enteredAfterMove >= 1, 'restored frames entered translated code again');
  assert.deepEqual(out, expected.outcome);
  assert.deepEqual({ ...observe(agent), counter: 0n }, expected.state);
});
