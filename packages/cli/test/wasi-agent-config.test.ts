/**
 * The enclave side of WASI agents, in process: the arguments and environment a module declares in its
 * `edgedancer.wasi` custom section (and every malformed form of it refused with `bad-wasi-config`), stdout and
 * stderr as log lines, the `wasi` host section in the agent's snapshots, and a damaged one refused on restore.
 * @module
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Module } from '@edgedancer/interpreter';
import { buildModule, I, T } from '@edgedancer/interpreter/wasm-builder';
import { Agent, AgentError, encodeSnapshot } from '@edgedancer/migration';
import { EcallError } from '../src/enclave/payload.js';
import { WASI_CONFIG_SECTION, wasiAgentModule, wasiConfigOf } from '../src/enclave/wasi-agent.js';

const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];
/** A custom section (name + payload); payload under 128 bytes. */
function custom(name: string, payload: number[]): number[] {
  const body = [name.length, ...utf8(name), ...payload];
  return [0, ...leb(body.length), ...body];
}
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    out.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  return out;
}

/** An agent writing "out line\nsecond" to stdout and "oops" to stderr when invoked as `speak`. */
const SPEAKER = buildModule({
  imports: [
    { module: 'wasi_snapshot_preview1', name: 'fd_write', params: [T.i32, T.i32, T.i32, T.i32], results: [T.i32] },
  ],
  memory: { min: 1 },
  data: [
    { offset: 0, bytes: Uint8Array.of(100, 0, 0, 0, 15, 0, 0, 0, 120, 0, 0, 0, 4, 0, 0, 0) },
    { offset: 100, bytes: 'out line\nsecond' },
    { offset: 120, bytes: 'oops' },
  ],
  funcs: [
    {
      params: [],
      results: [],
      export: 'speak',
      body: [
        ...I.i32Const(1),
        ...I.i32Const(0),
        ...I.i32Const(1),
        ...I.i32Const(200),
        ...I.call(0),
        0x1a,
        ...I.i32Const(2),
        ...I.i32Const(8),
        ...I.i32Const(1),
        ...I.i32Const(200),
        ...I.call(0),
        0x1a,
      ],
    },
  ],
});

const withConfig = (json: string | number[], times = 1): Uint8Array =>
  Uint8Array.from([
    ...SPEAKER,
    ...Array.from({ length: times }, () =>
      custom(WASI_CONFIG_SECTION, typeof json === 'string' ? utf8(json) : json),
    ).flat(),
  ]);
const configOf = (bytes: Uint8Array) => wasiConfigOf(new Module(bytes), bytes);

test('the arguments and environment a module declares; defaults without the section', () => {
  assert.deepEqual(configOf(SPEAKER), { args: ['agent'], env: [] });
  assert.deepEqual(configOf(withConfig('{"args":["a","b c"],"env":{"K":"v=1","L":""}}')), {
    args: ['a', 'b c'],
    env: ['K=v=1', 'L='],
  });
  assert.deepEqual(configOf(withConfig('{"env":{"K":"v"}}')), { args: ['agent'], env: ['K=v'] });
});

test('malformed configurations are refused with bad-wasi-config', () => {
  const refused = (e: unknown): boolean => e instanceof EcallError && e.code === 'bad-wasi-config';
  for (const bad of [
    '',
    '[]',
    'null',
    '{"args":"a"}',
    '{"args":[1]}',
    '{"args":["a\\u0000"]}',
    '{"env":[]}',
    '{"env":{"A=B":"c"}}',
    '{"env":{"":"c"}}',
    '{"env":{"A":1}}',
    '{"argv":[]}',
    '{"args":[]',
    '{"env":{"A":"\\u0000"}}',
  ]) {
    assert.throws(() => configOf(withConfig(bad)), refused, bad);
  }
  assert.throws(() => configOf(withConfig([0xff, 0xfe])), refused, 'not UTF-8');
  assert.throws(() => configOf(withConfig('{}', 2)), refused, 'repeated');
});

test('stdout and stderr become log lines; the wasi section travels and a damaged one is refused', () => {
  const lines: string[] = [];
  const host = { nodeName: 'n', authorizeMigration: () => 0 };
  const agent = Agent.load(SPEAKER, host, {
    agentId: 'speaker',
    hostModules: [wasiAgentModule('speaker', configOf(SPEAKER), (l) => lines.push(l))],
  });
  assert.equal(agent.invoke('speak').kind, 'done');
  assert.deepEqual(lines, ['out line', 'second', 'stderr: oops']);
  const snap = agent.capture();
  assert.ok(snap.hostSections.some((s) => s.name === 'wasi' && s.bytes.length > 0));
  const restored = Agent.restore(encodeSnapshot(snap), SPEAKER, host, {
    hostModules: [wasiAgentModule('speaker', configOf(SPEAKER), (l) => lines.push(l))],
  });
  restored.arrive();
  assert.equal(restored.invoke('speak').kind, 'done');
  assert.equal(lines.length, 6);
  const damaged = {
    ...snap,
    hostSections: snap.hostSections.map((s) =>
      s.name === 'wasi' ? { ...s, bytes: s.bytes.subarray(0, s.bytes.length - 1) } : s,
    ),
  };
  assert.throws(
    () =>
      Agent.restore(encodeSnapshot(damaged), SPEAKER, host, {
        hostModules: [wasiAgentModule('speaker', configOf(SPEAKER), () => undefined)],
      }),
    (e: unknown) => e instanceof AgentError && e.code === 'bad-snapshot',
  );
});
