/**
 * Host modules beside the `edgedancer` ABI (what WASI agents use): their functions are bound by import name, their
 * state travels as a host section of every snapshot and is adopted on restore before the store is built, a
 * reactor's `_initialize` runs once at load, a host function that ends the call (`proc_exit`) makes the call a
 * trap, and everything not offered is refused.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { i32 } from '@edgedancer/interpreter';
import { buildModule, I, T } from '@edgedancer/interpreter/wasm-builder';
import {
  Agent,
  AgentError,
  type AgentErrorCode,
  type AgentHostModule,
  decodeSnapshot,
  encodeSnapshot,
} from '../src/index.js';
import { recordingHost } from './agent-support.js';

const agentError =
  (code: AgentErrorCode) =>
  (e: unknown): boolean =>
    e instanceof AgentError && e.code === code;

class Quit extends Error {}

/** A host module `tally`: `bump() -> i32` counts up, `quit()` ends the call; its state is the count (u32 LE). */
function tally(start = 0): AgentHostModule & { count: number } {
  const m = {
    count: start,
    importModule: 'tally',
    sectionName: 'tally',
    resolve(field: string, type: { params: readonly number[]; results: readonly number[] }) {
      if (field === 'bump' && type.params.length === 0 && String(type.results) === String([T.i32]))
        return () => [i32(++m.count)];
      if (field === 'quit' && type.params.length === 0 && type.results.length === 0)
        return () => {
          throw new Quit('quit');
        };
      return undefined;
    },
    exportSection() {
      const bytes = new Uint8Array(4);
      new DataView(bytes.buffer).setUint32(0, m.count, true);
      return { name: 'tally', version: 1, bytes };
    },
    importSection(s: { version: number; bytes: Uint8Array }) {
      if (s.version !== 1 || s.bytes.length !== 4)
        throw Object.assign(new Error('bad tally state'), { code: 'bad-value' });
      m.count = new DataView(s.bytes.buffer, s.bytes.byteOffset).getUint32(0, true);
    },
    endsCall: (e: unknown) => (e instanceof Quit ? 'the agent quit' : undefined),
  };
  return m;
}

/** `_initialize` bumps once; `handle` bumps and answers the count (4 bytes at 0); `quit` ends the call. */
const AGENT = buildModule({
  imports: [
    { module: 'tally', name: 'bump', params: [], results: [T.i32] },
    { module: 'tally', name: 'quit', params: [], results: [] },
  ],
  memory: { min: 1 },
  funcs: [
    { params: [], results: [], export: '_initialize', body: [...I.call(0), 0x1a] },
    { params: [T.i32], results: [T.i32], export: 'alloc', body: I.i32Const(1024) },
    {
      params: [T.i32, T.i32],
      results: [T.i64],
      export: 'handle',
      body: [...I.i32Const(0), ...I.call(0), ...I.i32Store(), ...I.i64Const(4), ...I.i64Const(32), ...I.i64Shl],
    },
    { params: [], results: [], export: 'quit', body: I.call(1) },
  ],
});

const count = (b: Uint8Array | null): number => new DataView(b!.buffer, b!.byteOffset).getUint32(0, true);

test('a host module: bound by name, its state in every snapshot and adopted on the destination', () => {
  const here = tally();
  const agent = Agent.load(AGENT, recordingHost('a'), { agentId: 't', hostModules: [here] });
  assert.equal(here.count, 1, '_initialize ran once at load');
  const out = agent.serve(new Uint8Array(3));
  assert.equal(out.kind === 'done' && count(out.response), 2);
  const moving = agent.move('b');
  const section = moving.snapshot.hostSections.find((s) => s.name === 'tally');
  assert.deepEqual(section?.bytes, Uint8Array.of(2, 0, 0, 0));
  const bytes = encodeSnapshot(moving.snapshot);
  agent.depart();
  const there = tally(100);
  const moved = Agent.restore(bytes, AGENT, recordingHost('b'), { hostModules: [there] });
  assert.equal(there.count, 2, 'the state came with the agent; _initialize does not run again');
  moved.arrive();
  const again = moved.serve(new Uint8Array(1));
  assert.equal(again.kind === 'done' && count(again.response), 3);
  assert.deepEqual(
    decodeSnapshot(encodeSnapshot(moved.capture())).hostSections.map((s) => s.name),
    ['edgedancer.agent', 'tally'],
  );
});

test('a host function that ends the call makes it a trap; the agent stays usable', () => {
  const agent = Agent.load(AGENT, recordingHost('a'), { agentId: 't', hostModules: [tally()] });
  const out = agent.invoke('quit');
  assert.equal(out.kind, 'trapped');
  assert.match(out.kind === 'trapped' ? out.error.message : '', /the agent quit/);
  assert.equal(agent.state, 'idle');
  assert.equal(agent.serve(new Uint8Array(1)).kind, 'done');
});

test('refused: imports no host module offers, snapshots without the section or with one the module refuses', () => {
  assert.throws(() => Agent.load(AGENT, recordingHost('a'), { agentId: 't' }), agentError('bad-import'));
  const wrongType = buildModule({
    imports: [{ module: 'tally', name: 'bump', params: [T.i32], results: [T.i32] }],
    memory: { min: 1 },
    funcs: [],
  });
  assert.throws(
    () => Agent.load(wrongType, recordingHost('a'), { agentId: 't', hostModules: [tally()] }),
    agentError('bad-import'),
  );
  const unknown = buildModule({
    imports: [{ module: 'tally', name: 'reset', params: [], results: [] }],
    memory: { min: 1 },
    funcs: [],
  });
  assert.throws(
    () => Agent.load(unknown, recordingHost('a'), { agentId: 't', hostModules: [tally()] }),
    agentError('bad-import'),
  );
  const badInit = buildModule({
    memory: { min: 1 },
    funcs: [{ params: [T.i32], results: [], export: '_initialize', body: [] }],
  });
  assert.throws(() => Agent.load(badInit, recordingHost('a'), { agentId: 't' }), agentError('bad-export'));

  const agent = Agent.load(AGENT, recordingHost('a'), { agentId: 't', hostModules: [tally()] });
  const snap = agent.capture();
  const without = encodeSnapshot({ ...snap, hostSections: snap.hostSections.filter((s) => s.name !== 'tally') });
  assert.throws(
    () => Agent.restore(without, AGENT, recordingHost('b'), { hostModules: [tally()] }),
    agentError('bad-snapshot'),
  );
  const broken = encodeSnapshot({
    ...snap,
    hostSections: snap.hostSections.map((s) => (s.name === 'tally' ? { ...s, bytes: new Uint8Array(3) } : s)),
  });
  const fresh = tally(7);
  assert.throws(
    () => Agent.restore(broken, AGENT, recordingHost('b'), { hostModules: [fresh] }),
    (e: unknown) => agentError('bad-snapshot')(e) && /\(bad-value\)/.test((e as Error).message),
  );
  assert.equal(fresh.count, 7, 'a refused section changes nothing');
  assert.throws(() => Agent.restore(encodeSnapshot(snap), AGENT, recordingHost('b')), agentError('bad-import'));
});
