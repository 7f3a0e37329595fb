/**
 * `Agent.abandon`: a call paused by fuel ends as a trap would end it — the agent is idle again with its memory as
 * the call left it, serves the next request, and refuses to abandon anything but a paused call.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModule, I, T } from '@edgedancer/interpreter/wasm-builder';
import { Agent } from '../src/index.js';
import { recordingHost } from './agent-support.js';

// alloc → 1024; handle: if the first request byte is 's', store 7 at 0 and spin forever; else answer 4 bytes at 0
const STORE = [...I.i32Const(0), ...I.i32Const(7), 0x36, 0x02, 0x00];
const SPIN = [...I.loop, ...I.br(0), ...I.end];
const module = buildModule({
  memory: { min: 1, max: 1 },
  funcs: [
    { params: [T.i32], results: [T.i32], body: [...I.i32Const(1024)], export: 'alloc' },
    {
      params: [T.i32, T.i32],
      results: [T.i64],
      export: 'handle',
      body: [
        ...I.localGet(0),
        0x2d,
        0x00,
        0x00,
        ...I.i32Const(0x73),
        0x46,
        0x04,
        0x40,
        ...STORE,
        ...SPIN,
        ...I.end,
        0x42,
        0x80,
        0x80,
        0x80,
        0x80,
        0xc0,
        0x00,
      ],
    },
  ],
});

test('abandon ends a paused call like a trap; the agent serves on with its memory as left', () => {
  const agent = Agent.load(module, recordingHost('edge-1'), { agentId: 'spinner' });
  assert.equal(agent.start().kind, 'idle');
  assert.throws(() => agent.abandon('nothing to abandon'), TypeError);
  const out = agent.serve(new TextEncoder().encode('s'), { fuel: 10_000 });
  assert.equal(out.kind, 'paused');
  assert.equal(agent.continue({ fuel: 10_000 }).kind, 'paused');
  const ended = agent.abandon('over the limit');
  assert.equal(ended.kind, 'trapped');
  assert.equal(ended.kind === 'trapped' ? ended.error.message : '', 'over the limit');
  assert.equal(agent.state, 'idle');
  assert.equal(agent.memory()[0], 7, 'what the call wrote stays');
  const next = agent.serve(new TextEncoder().encode('x'), { fuel: 10_000 });
  assert.equal(next.kind, 'done');
  assert.deepEqual(next.kind === 'done' ? [...next.response!] : [], [7, 0, 0, 0]);
});
