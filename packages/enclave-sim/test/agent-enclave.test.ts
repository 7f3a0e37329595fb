/**
 * Agent enclaves: measured loading, ecall/ocall boundaries with declared buffers, traps, fuel, persistence
 * with rollback protection, EPC parking with sealed pages, extensions, and attestation of the agent.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostFunction } from '@edgedancer/interpreter';
import { buildModule, I, T } from '@edgedancer/interpreter/wasm-builder';
import { type AgentBuild, measureAgent } from '../src/agent-build.js';
import { type CreateEnclaveOptions, createEnclave, type EnclaveExtension } from '../src/agent-enclave.js';
import * as api from '../src/index.js';
import type { EnclaveSigner } from '../src/manifest.js';
import { MemoryPageBacking } from '../src/page-store.js';
import { Platform } from '../src/platform.js';
import { verifyQuote } from '../src/quote-verifier.js';
import { reportDataFor } from '../src/report-data.js';
import { AGENT_MODULE, agentBuild } from './agent-modules.js';
import { assertEnclaveError, flipEveryBit, newPlatform, provisioned, signer, tempDir, vendor } from './helpers.js';

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

function sign(build: AgentBuild, o: { isvSvn?: number; debug?: boolean; author?: EnclaveSigner } = {}): Uint8Array {
  return (o.author ?? signer()).sign({
    mrEnclave: measureAgent(build).mrEnclave,
    isvProdId: 1,
    isvSvn: o.isvSvn ?? 1,
    debug: o.debug ?? false,
  });
}

function load(platform: Platform, build = agentBuild(), options: CreateEnclaveOptions & { logs?: string[] } = {}) {
  const logs = options.logs ?? [];
  return createEnclave(platform, build, sign(build), {
    ocalls: {
      env: {
        log: (_args, [buf]) => void logs.push(text(buf!)),
        fetch: (_args, [out]) => {
          out!.set(new TextEncoder().encode('ping'));
          return 4;
        },
      },
    },
    ...options,
  });
}

test('an agent loads, is measured as its manifest expects, and serves declared ecalls', () => {
  const build = agentBuild();
  const e = load(newPlatform(), build);
  assert.equal(e.ecall('add', 2, 3), 5);
  assert.deepEqual(e.identity.mrEnclave, measureAgent(build).mrEnclave);
  assert.deepEqual(e.identity.mrSigner, signer().mrSigner);
  assert.deepEqual(
    e.measurement.map((r) => r.tag),
    [
      'ECREATE',
      'RUNTIME',
      'RUNTIME',
      'MODULE',
      ...Array(9).fill('ECALL'),
      'OCALL',
      'OCALLBUF',
      'OCALL',
      'OCALLBUF',
      'EINIT',
    ],
  );
  assert.equal(e.status, 'idle');
  assert.equal(e.memoryPages, 2);
});

test('what the manifest does not expect refuses to load: another module byte, another configuration', () => {
  const p = newPlatform();
  const build = agentBuild();
  const manifest = sign(build);
  const module = AGENT_MODULE.slice();
  module[module.length - 1]! ^= 1;
  const handlers = { env: { log: () => undefined, fetch: () => 0 } };
  assertEnclaveError(
    () => createEnclave(p, { ...build, module }, manifest, { ocalls: handlers }),
    'measurement-mismatch',
  );
  assertEnclaveError(
    () => createEnclave(p, agentBuild({ maxMemoryPages: 9 }), manifest, { ocalls: handlers }),
    'measurement-mismatch',
  );
  assertEnclaveError(
    () => createEnclave(p, agentBuild({ ecalls: ['add'] }), manifest, { ocalls: handlers }),
    'measurement-mismatch',
  );
  const forged = manifest.slice();
  forged[40]! ^= 1;
  assertEnclaveError(() => createEnclave(p, build, forged, { ocalls: handlers }), 'bad-signature');
});

test('the declaration order does not change the measurement; each declared detail does', () => {
  const a = agentBuild();
  const b = agentBuild({ ecalls: [...a.config.ecalls].reverse(), ocalls: [...a.config.ocalls].reverse() });
  assert.deepEqual(measureAgent(a).mrEnclave, measureAgent(b).mrEnclave);
  const c = agentBuild({
    ocalls: [
      { ...a.config.ocalls[0]!, buffers: [{ ptr: 0, len: 1, direction: 'in', maxLength: 4095 }] },
      a.config.ocalls[1]!,
    ],
  });
  assert.notDeepEqual(measureAgent(a).mrEnclave, measureAgent(c).mrEnclave);
  assert.notDeepEqual(
    measureAgent(a).mrEnclave,
    measureAgent({ ...a, extensions: [{ name: 'x', version: '1' }] }).mrEnclave,
  );
  assert.notDeepEqual(measureAgent(a).mrEnclave, measureAgent(agentBuild({ maxCallDepth: 99 })).mrEnclave);
});

test('only declared ecalls can be called; declarations must fit the module', () => {
  const e = load(newPlatform(), agentBuild({ ecalls: ['add'] }));
  assertEnclaveError(() => e.ecall('spin', 1), 'undeclared-ecall');
  assertEnclaveError(() => e.ecall('memory'), 'undeclared-ecall');
  assert.throws(() => e.ecall('add', 1), TypeError);
  assert.throws(() => e.ecall('add', 1, 2n), TypeError);
  assertEnclaveError(() => load(newPlatform(), agentBuild({ ecalls: ['missing'] })), 'bad-declaration');
  assertEnclaveError(() => load(newPlatform(), agentBuild({ ecalls: ['memory'] })), 'bad-declaration');
});

test('the agent reaches only declared ocalls, each with a handler, and no handler goes undeclared', () => {
  const p = newPlatform();
  const base = agentBuild();
  const onlyLog = agentBuild({ ocalls: [base.config.ocalls[0]!] });
  assertEnclaveError(
    () => createEnclave(p, onlyLog, sign(onlyLog), { ocalls: { env: { log: () => undefined } } }),
    'undeclared-import',
  );
  assertEnclaveError(
    () => createEnclave(p, base, sign(base), { ocalls: { env: { log: () => undefined } } }),
    'ocall-mismatch',
  );
  assertEnclaveError(
    () =>
      createEnclave(p, base, sign(base), { ocalls: { env: { log: () => undefined, fetch: () => 0, extra: () => 0 } } }),
    'ocall-mismatch',
  );
  const badBuffer = agentBuild({
    ocalls: [
      { module: 'env', name: 'log', buffers: [{ ptr: 0, len: 2, direction: 'in', maxLength: 1 }] },
      base.config.ocalls[1]!,
    ],
  });
  assertEnclaveError(() => load(p, badBuffer), 'bad-declaration');
});

test('declared buffers cross the boundary: in buffers copied out, out buffers copied in', () => {
  const logs: string[] = [];
  const e = load(newPlatform(), agentBuild(), { logs });
  e.ecall('hello');
  assert.equal(e.ecall('echo'), 4);
  assert.deepEqual(logs, ['hello', 'ping']);
});

test('a buffer longer than declared, or outside memory, is refused', () => {
  const small = agentBuild({
    ocalls: [
      { module: 'env', name: 'log', buffers: [{ ptr: 0, len: 1, direction: 'in', maxLength: 4 }] },
      agentBuild().config.ocalls[1]!,
    ],
  });
  const e = load(newPlatform(), small);
  assertEnclaveError(() => e.ecall('hello'), 'bad-buffer');
  assert.equal(e.ecall('add', 1, 1), 2, 'the enclave stays usable');
  const out = createEnclave(newPlatform(), agentBuild(), sign(agentBuild()), {
    ocalls: { env: { log: () => undefined, fetch: () => 0 } },
  });
  assert.equal(out.ecall('echo'), 0);
});

test('a trap is agent-failed with the spec wording, and the enclave stays usable', () => {
  const e = load(newPlatform());
  assert.throws(
    () => e.ecall('fail'),
    (err: unknown) => err instanceof api.EnclaveError && err.code === 'agent-failed' && /unreachable/.test(err.message),
  );
  assert.equal(e.ecall('add', 40, 2), 42);
  assert.equal(e.status, 'idle');
});

test('fuel slices an ecall; a suspended enclave refuses other ecalls until it finishes', () => {
  const e = load(newPlatform());
  let r = e.start('spin', [1000], { fuel: 100 });
  assert.deepEqual(r, { status: 'suspended', reason: 'fuel' });
  assertEnclaveError(() => e.ecall('add', 1, 2), 'enclave-unavailable');
  let slices = 1;
  while (r.status === 'suspended') {
    r = e.continue({ fuel: 100 });
    slices++;
  }
  assert.deepEqual(r, { status: 'done', results: 0 });
  assert.ok(slices > 10);
  assertEnclaveError(() => e.continue(), 'enclave-unavailable');
});

test('asynchronous ocall handlers work through ecallAsync', async () => {
  const logs: string[] = [];
  const build = agentBuild();
  const e = createEnclave(newPlatform(), build, sign(build), {
    ocalls: {
      env: {
        log: async (_a, [b]) => void logs.push(text(b!)),
        fetch: async (_a, [out]) => {
          await new Promise((r) => setTimeout(r, 1));
          out!.set([0x6f, 0x6b]);
          return 2;
        },
      },
    },
  });
  assert.equal(await e.ecallAsync('echo'), 2);
  assert.deepEqual(logs, ['ok']);
  assertEnclaveError(() => e.ecall('echo'), 'agent-failed');
  assert.equal(e.status, 'idle');
});

test('a persisted agent continues in a new enclave of the same build on the same platform, and nowhere else', () => {
  const p = newPlatform();
  const e = load(p);
  e.ecall('bump');
  e.ecall('bump');
  const blob = e.persist();
  assert.ok(!Buffer.from(blob).includes(Buffer.from('hello')), 'persisted memory is ciphertext');
  e.destroy();
  assertEnclaveError(() => e.ecall('add', 1, 1), 'enclave-unavailable');
  const again = load(p, agentBuild(), { restore: blob });
  assert.equal(again.ecall('bump'), 3);
  assert.equal(again.ecall('load', 1024), 3);
  assertEnclaveError(() => load(newPlatform(), agentBuild(), { restore: blob }), 'bad-mac');
  assertEnclaveError(() => load(p, agentBuild({ maxCallDepth: 500 }), { restore: blob }), 'bad-mac');
});

test('a persisted agent bound to a counter cannot be rolled back', () => {
  const p = newPlatform();
  const e = load(p);
  const counter = e.createCounter();
  e.ecall('bump');
  const first = e.persist({ counter });
  e.ecall('bump');
  const second = e.persist({ counter });
  assert.equal(e.readCounter(counter), 2);
  assertEnclaveError(() => load(p, agentBuild(), { restore: first }), 'rolled-back');
  assert.equal(load(p, agentBuild(), { restore: second }).ecall('bump'), 3);
});

test('a suspended ecall persists and finishes in the restored enclave', () => {
  const p = newPlatform();
  const e = load(p);
  assert.equal(e.start('spin', [5000], { fuel: 1000 }).status, 'suspended');
  const blob = e.persist();
  const again = load(p, agentBuild(), { restore: blob });
  assert.equal(again.status, 'suspended');
  let r = again.continue({ fuel: 1000 });
  while (r.status === 'suspended') r = again.continue({ fuel: 1000 });
  assert.deepEqual(r, { status: 'done', results: 0 });
});

test('an agent above its EPC budget is parked between calls, sealed page by page, and comes back transparently', () => {
  const backing = new MemoryPageBacking();
  const e = load(newPlatform(), agentBuild(), { epcPages: 4, pageBacking: backing });
  assert.ok(e.parked, 'parked right after loading (128 KiB of memory, 16 KiB of EPC)');
  e.ecall('store', 70000, 42);
  e.ecall('store', 4, 7);
  assert.ok(e.parked);
  assert.equal(backing.size, 2, 'only non-zero pages leave, sealed');
  assert.equal(e.ecall('load', 70000), 42);
  assert.equal(e.ecall('load', 4), 7);
  assert.equal(e.ecall('grow', 1), 2);
  assert.equal(e.memoryPages, 3);
  assert.ok(e.pageStats.writeBacks >= 2 && e.pageStats.reloads >= 2);
});

test('a parked agent refuses replayed, swapped, dropped or altered pages', () => {
  const backing = new MemoryPageBacking();
  const e = load(newPlatform(), agentBuild(), { epcPages: 1, pageBacking: backing });
  e.ecall('store', 0, 1);
  e.ecall('store', 8192, 2);
  const page0 = backing.get(0)!;
  const page2 = backing.get(2)!;
  e.ecall('store', 0, 3);
  backing.set(0, page0);
  assertEnclaveError(() => e.ecall('load', 0), 'stale-page');

  const f = load(newPlatform(), agentBuild(), { epcPages: 1, pageBacking: backing });
  f.ecall('store', 0, 1);
  f.ecall('store', 8192, 2);
  backing.set(0, backing.get(2)!);
  assertEnclaveError(() => f.ecall('load', 0), 'page-mismatch');

  const g = load(newPlatform(), agentBuild(), { epcPages: 1, pageBacking: backing });
  g.ecall('store', 0, 1);
  backing.delete(0);
  assertEnclaveError(() => g.ecall('load', 0), 'missing-page');

  const h = load(newPlatform(), agentBuild(), { epcPages: 1, pageBacking: backing });
  h.ecall('store', 0, 1);
  const genuine = backing.get(0)!;
  flipEveryBit(
    genuine,
    (m) => {
      backing.set(0, m);
      h.ecall('load', 0);
    },
    97,
  );
  void page2;
});

test('the agent enclave attests: its quote verifies against its measurement and binds report data', () => {
  const p = newPlatform();
  const build = agentBuild();
  const e = load(p, build);
  const rd = reportDataFor({ publicKey: new Uint8Array(32).fill(1), nonce: new Uint8Array(32).fill(2) });
  const attester: { quote(reportData: Uint8Array): Uint8Array } = e;
  const v = verifyQuote(attester.quote(rd), {
    trustedRoot: vendor().certificate,
    mrEnclave: measureAgent(build).mrEnclave,
    reportData: rd,
  });
  assert.deepEqual(v.identity.mrEnclave, e.identity.mrEnclave);
  const debugBuild = createEnclave(p, build, sign(build, { debug: true }), {
    ocalls: { env: { log: () => undefined, fetch: () => 0 } },
  });
  assertEnclaveError(
    () =>
      verifyQuote(debugBuild.quote(rd), {
        trustedRoot: vendor().certificate,
        mrEnclave: measureAgent(build).mrEnclave,
      }),
    'debug-not-allowed',
  );
  const other = load(p, agentBuild({ ecalls: ['add'] }));
  const body = e.checkReport(other.report(e.targetInfo, rd));
  assert.deepEqual(body.identity.mrEnclave, other.identity.mrEnclave);
});

test('extensions are measured, run inside, may add trusted imports and give the host an API', () => {
  const module = buildModule({
    imports: [{ module: 'inside', name: 'double', params: [T.i32], results: [T.i32] }],
    memory: { min: 1, max: 1 },
    funcs: [
      { export: 'run', params: [T.i32], results: [T.i32], body: [...I.localGet(0), ...I.call(0)] },
      { export: 'put', params: [T.i32], results: [], body: [...I.i32Const(0), ...I.localGet(0), ...I.i32Store()] },
    ],
  });
  const double: HostFunction = (args) => [{ type: 'i32', value: ((args[0] as { value: number }).value * 2) | 0 }];
  const ext: EnclaveExtension<{ sealedMemory(): Uint8Array; unsealFirstWord(blob: Uint8Array): number }> = {
    name: 'probe',
    version: '1.0.0',
    attach: (inside) => ({
      imports: { inside: { double } },
      api: {
        sealedMemory: () => inside.context.seal(new Uint8Array(inside.store().memoryBuffer(0))),
        unsealFirstWord: (blob) => new DataView(inside.context.unseal(blob).data.buffer).getInt32(0, true),
      },
    }),
  };
  const build: AgentBuild = {
    module,
    config: { maxMemoryPages: 1, ecalls: ['run', 'put'], ocalls: [] },
    extensions: [ext],
  };
  assert.notDeepEqual(
    measureAgent(build).mrEnclave,
    measureAgent({ ...build, extensions: [{ ...ext, version: '1.0.1' }] }).mrEnclave,
  );
  const e = createEnclave(newPlatform(), build, sign(build));
  assert.equal(e.ecall('run', 21), 42);
  e.ecall('put', 1234);
  const probe = e.extension<{ sealedMemory(): Uint8Array; unsealFirstWord(blob: Uint8Array): number }>('probe');
  assert.equal(probe.unsealFirstWord(probe.sealedMemory()), 1234);
  assert.throws(() => e.extension('nope'), TypeError);
  const noExt: AgentBuild = { ...build, extensions: [] };
  assertEnclaveError(() => createEnclave(newPlatform(), noExt, sign(noExt)), 'undeclared-import');
});

test('memories must declare a maximum within the measured limit; non-function imports are refused', () => {
  const noMax = buildModule({ memory: { min: 1 }, funcs: [{ export: 'f', params: [], results: [], body: [] }] });
  const build: AgentBuild = { module: noMax, config: { maxMemoryPages: 4, ecalls: ['f'], ocalls: [] } };
  assertEnclaveError(() => createEnclave(newPlatform(), build, sign(build)), 'bad-declaration');
  const big = agentBuild({ maxMemoryPages: 4 });
  assertEnclaveError(() => load(newPlatform(), big), 'bad-declaration');
  const junk: AgentBuild = {
    module: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99]),
    config: { maxMemoryPages: 1, ecalls: [], ocalls: [] },
  };
  assertEnclaveError(() => createEnclave(newPlatform(), junk, sign(junk)), 'agent-failed');
});

test('the public API exposes no way in: no context constructor, no platform internals, no unseal on the handle', () => {
  const names = Object.keys(api);
  for (const hidden of [
    'initEnclave',
    'platformInternals',
    'EnclaveContext',
    'deriveKey',
    'reportKey',
    'createReport',
    'checkReport',
    'signQuote',
  ]) {
    assert.ok(!names.includes(hidden), `${hidden} is not exported`);
  }
  const handle = Object.getOwnPropertyNames(api.AgentEnclave.prototype);
  for (const hidden of ['unseal', 'seal', 'memory', 'store', 'context'])
    assert.ok(!handle.includes(hidden), `the handle has no ${hidden}`);
  assert.throws(() => new (api.AgentEnclave as unknown as new (...a: unknown[]) => unknown)(Symbol('x')), TypeError);
});

test('a persisted agent survives a node restart: same state directory, same platform', () => {
  const dir = tempDir();
  const e = load(provisioned(dir));
  e.ecall('bump');
  const counter = e.createCounter();
  const blob = e.persist({ counter });
  const restarted = load(Platform.open(dir), agentBuild(), { restore: blob });
  assert.equal(restarted.ecall('bump'), 2);
  assert.equal(restarted.readCounter(counter), 1);
});

test('parking between calls never changes what the agent computes (seeded random stores and loads)', () => {
  let seed = 7;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed % n;
  };
  const p = newPlatform();
  const plain = load(p);
  const parked = load(p, agentBuild(), { epcPages: 3 });
  const written = new Set<number>();
  for (let step = 0; step < 200; step++) {
    const addr = rand((2 * 65536) / 4) * 4;
    if (rand(3) === 0) {
      assert.equal(parked.ecall('load', addr), plain.ecall('load', addr), `load ${addr} at step ${step}`);
    } else {
      const value = rand(0x7fffffff);
      plain.ecall('store', addr, value);
      parked.ecall('store', addr, value);
      written.add(addr);
    }
    if (step === 100) assert.equal(parked.ecall('grow', 1), plain.ecall('grow', 1));
    assert.ok(parked.parked);
  }
  for (const addr of written) assert.equal(parked.ecall('load', addr), plain.ecall('load', addr));
  assert.ok(parked.pageStats.reloads > 100);
});

test('changing the identity a handle returns changes nothing inside: quotes still state the real one', () => {
  const build = agentBuild();
  const e = load(newPlatform(), build);
  const id = e.identity;
  assert.throws(() => Object.assign(id, { isvSvn: 99 }), TypeError);
  id.mrEnclave.fill(0);
  id.mrSigner.fill(0);
  const v = verifyQuote(e.quote(new Uint8Array(64)), {
    trustedRoot: vendor().certificate,
    mrEnclave: measureAgent(build).mrEnclave,
  });
  assert.deepEqual(v.identity.mrSigner, signer().mrSigner);
  vendor().certificate.fill(0);
  signer().publicKey.fill(0);
  assert.doesNotThrow(() =>
    verifyQuote(e.quote(new Uint8Array(64)), {
      trustedRoot: vendor().certificate,
      mrEnclave: measureAgent(build).mrEnclave,
    }),
  );
});
