/**
 * What an agent runtime refuses, and how: replayed or older counters (`replayed-snapshot`), snapshots bound to
 * another module (`module-mismatch`) or of another agent, snapshots that are not an agent's, modules that break
 * the ABI, requests an agent cannot take, status codes of refused ABI calls, traps on bad buffers, API misuse.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RuntimeError } from '@edgedancer/interpreter';
import { buildModule, I, type ImportSpec, T } from '@edgedancer/interpreter/wasm-builder';
import {
  Agent,
  AgentError,
  type AgentErrorCode,
  type AgentHost,
  AgentStatus,
  encodeSnapshot,
  MigrationCounters,
  SnapshotError,
  type SnapshotErrorCode,
} from '../src/index.js';
import {
  ask,
  KV_MODULE,
  KV_WASM,
  migrating,
  recordingHost,
  request,
  STATS_MODULE,
  STATS_WASM,
} from './agent-support.js';

const agentError =
  (code: AgentErrorCode) =>
  (e: unknown): boolean =>
    e instanceof AgentError && e.code === code;
const snapshotError =
  (code: SnapshotErrorCode) =>
  (e: unknown): boolean =>
    e instanceof SnapshotError && e.code === code;

/** The import of `edgedancer.<name>` with its ABI type. */
function abiImport(importName: string): ImportSpec {
  const two = [T.i32, T.i32];
  const types: Record<string, [number[], number[]]> = {
    migrate: [two, [T.i32]],
    migrate_weak: [two, [T.i32]],
    checkpoint: [[], [T.i32]],
    node_name: [two, [T.i32]],
    log: [two, []],
  };
  const [params, results] = types[importName]!;
  return { module: 'edgedancer', name: importName, params, results };
}

function kvAgent(host: AgentHost = recordingHost('edge-1'), agentId = 'kv-guard'): Agent {
  const a = Agent.load(KV_MODULE, host, { agentId });
  a.start();
  ask(a, 'put k v');
  return a;
}

/** Encoded snapshots of one agent at counters 1, 2, 3 (moved back and forth). */
function threeSnapshots(): Uint8Array[] {
  const out: Uint8Array[] = [];
  let agent = kvAgent();
  for (let i = 0; i < 3; i++) {
    const leaving = agent.move(`n${i}`);
    out.push(encodeSnapshot(leaving.snapshot));
    agent.depart();
    agent = Agent.restore(out.at(-1)!, KV_MODULE, recordingHost(`n${i}`));
    agent.arrive();
  }
  return out;
}

test('counters: a replayed snapshot and an older one are refused with replayed-snapshot', () => {
  const [s1, s2, s3] = threeSnapshots();
  const counters = new MigrationCounters();
  Agent.restore(s2!, KV_MODULE, recordingHost('x'), { counters });
  assert.equal(counters.last('kv-guard'), 2n);
  assert.throws(() => Agent.restore(s2!, KV_MODULE, recordingHost('x'), { counters }), agentError('replayed-snapshot'));
  assert.throws(() => Agent.restore(s1!, KV_MODULE, recordingHost('x'), { counters }), agentError('replayed-snapshot'));
  Agent.restore(s3!, KV_MODULE, recordingHost('x'), { counters });
  const persisted = new MigrationCounters(counters.entries());
  assert.throws(
    () => Agent.restore(s3!, KV_MODULE, recordingHost('x'), { counters: persisted }),
    agentError('replayed-snapshot'),
  );
  assert.equal(persisted.last('another'), undefined);
});

test('counters: a refused restore records nothing, and a source that records what it sent refuses it back', () => {
  const counters = new MigrationCounters();
  const src = kvAgent();
  const leaving = src.move('edge-2');
  const bytes = encodeSnapshot(leaving.snapshot);
  src.depart();
  counters.record(leaving.snapshot.agentId, leaving.snapshot.migrationCounter);
  assert.throws(
    () => Agent.restore(bytes, KV_MODULE, recordingHost('edge-1'), { counters }),
    agentError('replayed-snapshot'),
  );

  const fresh = new MigrationCounters();
  assert.throws(
    () => Agent.restore(bytes, STATS_MODULE, recordingHost('edge-2'), { counters: fresh }),
    snapshotError('module-mismatch'),
  );
  assert.equal(fresh.last('kv-guard'), undefined);
  counters.record('kv-guard', 0n);
  assert.equal(counters.last('kv-guard'), 1n, 'record never lowers');
});

test('module hash mismatch: encoded or decoded, the snapshot is refused before anything is built', () => {
  const src = kvAgent();
  const leaving = migrating(request(src, 'go edge-2'));
  const bytes = encodeSnapshot(leaving.snapshot);
  assert.throws(() => Agent.restore(bytes, STATS_WASM, recordingHost('edge-2')), snapshotError('module-mismatch'));
  assert.throws(
    () => Agent.restore(leaving.snapshot, STATS_WASM, recordingHost('edge-2')),
    snapshotError('module-mismatch'),
  );
  // The same code with one more custom section: a valid module, other bytes, another hash.
  const renamed = Uint8Array.from([...KV_WASM, 0x00, 0x03, 0x01, 0x78, 0x00]);
  assert.throws(() => Agent.restore(bytes, renamed, recordingHost('edge-2')), snapshotError('module-mismatch'));
  assert.throws(
    () => Agent.restore(bytes, KV_MODULE, recordingHost('edge-2'), { agentId: 'other' }),
    snapshotError('agent-mismatch'),
  );
  const ok = Agent.restore(bytes, KV_WASM, recordingHost('edge-2'), { agentId: 'kv-guard' });
  assert.equal(ok.state, 'arrived');
});

test('a snapshot that is not an agent snapshot is refused with bad-snapshot', () => {
  const src = kvAgent();
  const snap = src.capture();
  const bytes = encodeSnapshot({ ...snap, hostSections: [] });
  assert.throws(() => Agent.restore(bytes, KV_MODULE, recordingHost('x')), agentError('bad-snapshot'));
  const wrongKind = encodeSnapshot({
    ...snap,
    hostSections: [{ name: 'edgedancer.agent', version: 1, bytes: Uint8Array.of(2) }],
  });
  assert.throws(() => Agent.restore(wrongKind, KV_MODULE, recordingHost('x')), agentError('bad-snapshot'));
  const newer = encodeSnapshot({
    ...snap,
    hostSections: [{ name: 'edgedancer.agent', version: 2, bytes: Uint8Array.of(0) }],
  });
  assert.throws(() => Agent.restore(newer, KV_MODULE, recordingHost('x')), agentError('bad-snapshot'));
});

test('modules that break the ABI are refused at load', () => {
  const mem = { min: 1 };
  const noop = { params: [], results: [], body: [] };
  const host = recordingHost('x');
  const load = (bytes: Uint8Array): Agent => Agent.load(bytes, host, { agentId: 'bad' });
  assert.throws(
    () =>
      load(
        buildModule({
          imports: [{ module: 'env', name: 'log', params: [T.i32, T.i32], results: [] }],
          funcs: [],
          memory: mem,
        }),
      ),
    agentError('bad-import'),
  );
  assert.throws(
    () => load(buildModule({ imports: [{ ...abiImport('migrate'), results: [] }], funcs: [], memory: mem })),
    agentError('bad-import'),
  );
  assert.throws(
    () => load(buildModule({ imports: [{ ...abiImport('log'), name: 'exit' }], funcs: [], memory: mem })),
    agentError('bad-import'),
  );
  assert.throws(() => load(buildModule({ funcs: [], memory: { min: 1, export: null } })), agentError('missing-export'));
  assert.throws(
    () => load(buildModule({ funcs: [{ ...noop, export: 'handle' }], memory: mem })),
    agentError('bad-export'),
  );
  assert.throws(() => load(buildModule({ funcs: [{ ...noop, export: 'memory' }] })), agentError('bad-export'));
  const noServe = load(buildModule({ funcs: [{ ...noop, export: 'init' }], memory: mem }));
  assert.deepEqual(noServe.start(), { kind: 'done', results: [], response: null });
  assert.throws(() => noServe.serve(new Uint8Array(1)), agentError('missing-export'));
  assert.throws(() => noServe.invoke('nothing'), agentError('missing-export'));
});

/**
 * An agent that calls the ABI where it must not: `alloc` tries checkpoint and migrate (stored at 100, 104),
 * `handle` calls migrate_weak twice then migrate (statuses at 200..211, returned as the response), `bad_log`
 * logs from outside memory, `bad_name` asks for the node name into a buffer past the end.
 */
const RULE_BREAKER = buildModule({
  imports: [
    abiImport('migrate_weak'),
    abiImport('migrate'),
    abiImport('checkpoint'),
    abiImport('log'),
    abiImport('node_name'),
  ],
  memory: { min: 1 },
  data: [{ offset: 16, bytes: 'edge-2' }],
  funcs: [
    {
      params: [T.i32],
      results: [T.i32],
      export: 'alloc',
      body: [
        ...I.i32Const(100),
        ...I.call(2),
        ...I.i32Store(),
        ...I.i32Const(104),
        ...I.i32Const(16),
        ...I.i32Const(6),
        ...I.call(1),
        ...I.i32Store(),
        ...I.i32Const(1024),
      ],
    },
    {
      params: [T.i32, T.i32],
      results: [T.i64],
      export: 'handle',
      body: [
        ...I.i32Const(200),
        ...I.i32Const(16),
        ...I.i32Const(6),
        ...I.call(0),
        ...I.i32Store(),
        ...I.i32Const(204),
        ...I.i32Const(16),
        ...I.i32Const(6),
        ...I.call(0),
        ...I.i32Store(),
        ...I.i32Const(208),
        ...I.i32Const(16),
        ...I.i32Const(6),
        ...I.call(1),
        ...I.i32Store(),
        ...I.i32Const(200),
        ...I.i64ExtendI32U,
        ...I.i32Const(12),
        ...I.i64ExtendI32U,
        ...I.i64Const(32),
        ...I.i64Shl,
        ...I.i64Or,
      ],
    },
    { params: [], results: [], export: 'bad_log', body: [...I.i32Const(65530), ...I.i32Const(7), ...I.call(3)] },
    { params: [], results: [T.i32], export: 'bad_name', body: [...I.i32Const(65530), ...I.i32Const(64), ...I.call(4)] },
  ],
});

test('status codes: BUSY from alloc and after a scheduled weak move; traps for buffers outside memory', () => {
  const agent = Agent.load(RULE_BREAKER, recordingHost('edge-1'), { agentId: 'rules' });
  const out = migrating(agent.serve(new Uint8Array(3)));
  const view = new DataView(agent.memory().buffer);
  assert.deepEqual([view.getInt32(100, true), view.getInt32(104, true)], [AgentStatus.BUSY, AgentStatus.BUSY]);
  const statuses = new DataView(out.completed!.response!.buffer);
  assert.deepEqual(
    [0, 4, 8].map((o) => statuses.getInt32(o, true)),
    [AgentStatus.OK, AgentStatus.BUSY, AgentStatus.BUSY],
  );
  assert.equal(out.mode, 'weak');
  agent.stay();
  for (const name of ['bad_log', 'bad_name']) {
    const trapped = agent.invoke(name);
    assert.equal(trapped.kind, 'trapped');
    assert.ok(trapped.kind === 'trapped' && trapped.error instanceof RuntimeError);
    assert.match(trapped.kind === 'trapped' ? trapped.error.message : '', /out of bounds memory access/);
  }
  assert.equal(agent.state, 'idle');
});

test('status codes: UNSUPPORTED without handlers, REFUSED by the host or for a malformed destination', () => {
  const bare = kvAgent({ nodeName: 'edge-1' });
  assert.equal(ask(bare, 'go edge-2'), `status ${AgentStatus.UNSUPPORTED} at edge-1`);
  assert.equal(ask(bare, 'go-weak edge-2'), `leaving ${AgentStatus.UNSUPPORTED}`);
  assert.equal(ask(bare, 'checkpoint'), `checkpoint ${AgentStatus.UNSUPPORTED}`);
  const seen: string[] = [];
  const refusing = kvAgent({
    nodeName: 'edge-1',
    authorizeMigration: (r) => {
      seen.push(`${r.agentId} ${r.mode} ${r.destination}`);
      return AgentStatus.REFUSED;
    },
  });
  assert.equal(ask(refusing, 'go edge-2'), `status ${AgentStatus.REFUSED} at edge-1`);
  assert.equal(ask(refusing, 'go-weak édge-3'), `leaving ${AgentStatus.REFUSED}`);
  assert.equal(ask(refusing, 'go'), `status ${AgentStatus.REFUSED} at edge-1`, 'empty destination');
  assert.equal(
    ask(refusing, new Uint8Array([0x67, 0x6f, 0x20, 0xff, 0xfe])),
    `status ${AgentStatus.REFUSED} at edge-1`,
    'not UTF-8',
  );
  assert.deepEqual(seen, ['kv-guard strong edge-2', 'kv-guard weak édge-3']);
  const buggy = kvAgent({ nodeName: 'edge-1', authorizeMigration: () => 5 });
  assert.throws(() => request(buggy, 'go edge-2'), RangeError);
  assert.equal(buggy.state, 'idle');
});

test('checkpoint: OK at the source; restored from it, the same call returns RESTORED', () => {
  const saved: Uint8Array[] = [];
  const agent = kvAgent(recordingHost('edge-1', saved));
  assert.equal(ask(agent, 'checkpoint'), 'checkpoint 0');
  assert.equal(saved.length, 1);
  assert.equal(agent.migrationCounter, 1n);
  ask(agent, 'put after-checkpoint 1');
  const revived = Agent.restore(saved[0]!, KV_MODULE, recordingHost('edge-1b'));
  const out = revived.arrive();
  assert.equal(out.kind === 'done' ? new TextDecoder().decode(out.response!) : out.kind, 'checkpoint 1');
  assert.equal(ask(revived, 'get after-checkpoint'), '(nil)');
  assert.equal(ask(revived, 'get k'), 'v');
  const failing = kvAgent({ nodeName: 'edge-1', checkpoint: () => AgentStatus.FAILED });
  assert.equal(ask(failing, 'checkpoint'), `checkpoint ${AgentStatus.FAILED}`);
  const buggy = kvAgent({ nodeName: 'edge-1', checkpoint: () => 1 });
  assert.throws(() => request(buggy, 'checkpoint'), RangeError);
  assert.equal(buggy.state, 'idle');
});

test('requests an agent cannot take, and ranges outside memory', () => {
  const agent = kvAgent();
  assert.throws(() => agent.serve(new Uint8Array(65537)), agentError('request-refused'));
  assert.equal(ask(agent, 'count'), '1');
  const outside = buildModule({
    memory: { min: 1 },
    funcs: [
      { params: [T.i32], results: [T.i32], export: 'alloc', body: I.i32Const(65000) },
      {
        params: [T.i32, T.i32],
        results: [T.i64],
        export: 'handle',
        body: [
          ...I.i32Const(65000),
          ...I.i64ExtendI32U,
          ...I.i32Const(1000),
          ...I.i64ExtendI32U,
          ...I.i64Const(32),
          ...I.i64Shl,
          ...I.i64Or,
        ],
      },
    ],
  });
  const bad = Agent.load(outside, recordingHost('x'), { agentId: 'outside' });
  assert.throws(() => bad.serve(new Uint8Array(1000)), agentError('abi-violation'));
  assert.throws(() => bad.serve(new Uint8Array(10)), agentError('abi-violation'));
  assert.equal(bad.state, 'idle');
  const spinning = buildModule({
    memory: { min: 1 },
    funcs: [
      { params: [T.i32], results: [T.i32], export: 'alloc', body: [0x03, 0x40, 0x0c, 0x00, 0x0b, ...I.i32Const(8)] },
      { params: [T.i32, T.i32], results: [T.i64], export: 'handle', body: I.i64Const(0) },
    ],
  });
  const spinner = Agent.load(spinning, recordingHost('x'), { agentId: 'spin', allocFuel: 1000 });
  assert.throws(() => spinner.serve(new Uint8Array(1)), agentError('abi-violation'));
});

test('API misuse throws TypeError or RangeError and changes nothing', () => {
  const host = recordingHost('x');
  assert.throws(() => Agent.load(KV_MODULE, host, { agentId: '' }), RangeError);
  assert.throws(() => Agent.load(KV_MODULE, host, { agentId: 'x'.repeat(257) }), RangeError);
  assert.throws(() => Agent.load(KV_MODULE, host, { agentId: 'a', migrationCounter: -1n }), RangeError);
  const agent = kvAgent();
  assert.throws(() => agent.continue(), TypeError);
  assert.throws(() => agent.arrive(), TypeError);
  assert.throws(() => agent.depart(), TypeError);
  assert.throws(() => agent.stay(), TypeError);
  assert.throws(() => agent.move(''), TypeError);
  assert.throws(() => agent.invoke('handle', []), TypeError);
  assert.equal(agent.serve(new TextEncoder().encode('digest 1'), { fuel: 10 }).kind, 'paused');
  assert.throws(() => agent.serve(new Uint8Array(1)), TypeError);
  assert.throws(() => agent.invoke('init'), TypeError);
  assert.throws(() => agent.start(), TypeError);
  migrating(agent.move('y'));
  assert.throws(() => agent.capture(), TypeError);
  assert.throws(() => agent.stay(2 ** 31), RangeError);
  agent.depart();
  assert.throws(() => agent.move('z'), TypeError);
  assert.equal(agent.state, 'departed');
});
