/**
 * Migration to another process: the snapshot's bytes are the only thing that crosses; a child Node process
 * (`agent-child.js`) restores the agent with its own host and finishes. Its result must equal, byte for byte,
 * the result of the same agent that never moved (its migration answered in place with `stay(OK)`).
 * @module
 */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { test } from 'node:test';
import { Agent, type AgentOutcome, AgentStatus, encodeSnapshot } from '../src/index.js';
import { ask, finish, KV_MODULE, migrating, recordingHost, repoRoot, request } from './agent-support.js';

const KV_PATH = join(repoRoot(), 'examples', 'kv-c', 'kv.wasm');
const CHILD = join(import.meta.dirname, 'agent-child.js');
const FOLLOW_UP = ['get user-3', 'put user-3 moved', 'digest 2', 'stats'];

/** What both sides report: outcomes (responses in hex), memory digest, globals, counter. */
interface Report {
  arrival: { kind: string; response: string | null };
  responses: { kind: string; response: string | null }[];
  memory: string;
  globals: string[];
  counter: string;
}

function runChild(snapshot: Uint8Array, nodeName: string): { state: Report; lines: string[]; where: string } {
  const r = spawnSync(process.execPath, [CHILD, KV_PATH, nodeName, JSON.stringify(FOLLOW_UP)], {
    input: snapshot,
    maxBuffer: 1 << 24,
  });
  assert.equal(r.status, 0, r.stderr.toString());
  return JSON.parse(r.stdout.toString()) as { state: Report; lines: string[]; where: string };
}

function summary(out: AgentOutcome): { kind: string; response: string | null } {
  return {
    kind: out.kind,
    response: out.kind === 'done' && out.response !== null ? Buffer.from(out.response).toString('hex') : null,
  };
}

/** The reference: the agent answers its own migration in place and serves the same follow-up requests. */
function stayed(agent: Agent): Report {
  const arrival = summary(finish(agent, agent.stay(AgentStatus.OK)));
  const responses = FOLLOW_UP.map((r) => summary(request(agent, r)));
  const store = agent.store;
  return {
    arrival,
    responses,
    memory: createHash('sha256').update(agent.memory()).digest('hex'),
    globals: store.globalTypes.map((_, a) => String((store.getGlobal(a) as { value: unknown }).value)),
    counter: String(agent.migrationCounter),
  };
}

function loaded(): Agent {
  const agent = Agent.load(KV_MODULE, recordingHost('edge-1'), { agentId: 'kv-process' });
  agent.start();
  for (let i = 0; i < 30; i++) ask(agent, `put user-${i} ${'x'.repeat(i)}`);
  return agent;
}

for (const [name, req] of [
  ['strong, halfway through a digest', 'digest 5 edge-2'],
  ['weak, after the request', 'go-weak edge-2'],
] as const) {
  test(`another process finishes a ${name} exactly as a run that never moved`, () => {
    const refAgent = loaded();
    migrating(request(refAgent, req));
    const ref = stayed(refAgent);

    const src = loaded();
    const out = migrating(request(src, req));
    const bytes = encodeSnapshot(out.snapshot);
    src.depart();
    const child = runChild(bytes, 'edge-2');
    assert.deepEqual(child.state, ref);
    assert.deepEqual(child.lines, req.startsWith('digest') ? ['digest: moved halfway'] : ['kv: arrived']);
    assert.equal(child.where, 'edge-2', "the node name is the destination host's");
  });
}
