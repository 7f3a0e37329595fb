/**
 * Enclave compartments: a worker evaluating exactly the measured image; EINIT against the manifest; the
 * `inside` object (sealing, reports, counters, ocalls); quotes only over report data chosen inside; the tap
 * sees every message; bounded, plain-data messages; crashes are typed errors; counters live in the platform
 * store, so a host's old files cannot roll an enclave back.
 * @module
 */

import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { measureAgent } from '../src/agent-build.js';
import type { MessageDirection } from '../src/compartment-messages.js';
import { sha256 } from '../src/crypto.js';
import { EnclaveCallError, EnclaveError } from '../src/errors.js';
import * as api from '../src/index.js';
import { EnclaveSigner } from '../src/manifest.js';
import { Platform } from '../src/platform.js';
import { verifyQuote } from '../src/quote-verifier.js';
import { parseReport } from '../src/report.js';
import { CONFIG, EMPTY_MODULE, launchImage, TEST_IMAGE } from './compartment-images.js';
import { newPlatform, provisioned, tempDir, vendor } from './helpers.js';

/** Asserts that a promise rejects with an EnclaveError of `code` (and, for ecall-failed, `innerCode`). */
async function rejectsWith(p: Promise<unknown>, code: string, innerCode?: string): Promise<EnclaveError> {
  let caught: unknown;
  await p.then(
    () => assert.fail(`expected ${code}`),
    (e: unknown) => {
      caught = e;
    },
  );
  assert.ok(caught instanceof EnclaveError, `expected an EnclaveError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (innerCode !== undefined) {
    assert.ok(caught instanceof EnclaveCallError);
    assert.equal(caught.innerCode, innerCode, caught.message);
  }
  return caught;
}

test('the measurement at launch equals the offline one, and the image is measured as its length and SHA-256', async () => {
  const { handle, mrEnclave } = await launchImage(newPlatform());
  try {
    assert.deepEqual(handle.identity.mrEnclave, mrEnclave);
    const inner = (await handle.ecall('identity')) as {
      mrEnclave: Uint8Array;
      module: Uint8Array;
      maxMemoryPages: number;
    };
    assert.deepEqual(inner.mrEnclave, mrEnclave);
    assert.deepEqual(inner.module, EMPTY_MODULE);
    assert.equal(inner.maxMemoryPages, 1);
    const image = new TextEncoder().encode(TEST_IMAGE);
    const { log } = measureAgent({ image, module: EMPTY_MODULE, config: CONFIG });
    assert.deepEqual(
      log.records.map((r) => r.tag),
      ['ECREATE', 'IMAGE', 'MODULE', 'EINIT'],
    );
    assert.equal(log.records[0]!.fields[0], 2n);
    assert.equal(log.records[1]!.dataLength, image.length);
    assert.equal(log.records[1]!.dataDigest, Buffer.from(sha256(image)).toString('hex'));
    const other = measureAgent({
      image: new TextEncoder().encode(`${TEST_IMAGE} `),
      module: EMPTY_MODULE,
      config: CONFIG,
    }).mrEnclave;
    assert.notDeepEqual(other, mrEnclave);
    assert.throws(
      () => measureAgent({ image, module: EMPTY_MODULE, config: CONFIG, extensions: [{ name: 'x', version: '1' }] }),
      TypeError,
    );
  } finally {
    await handle.terminate();
  }
});

test('EINIT refuses a manifest for other bytes, a forged manifest, and a manifest for another configuration', async () => {
  const p = newPlatform();
  const image = new TextEncoder().encode(TEST_IMAGE);
  const { mrEnclave } = measureAgent({ image, module: EMPTY_MODULE, config: CONFIG });
  const manifest = EnclaveSigner.generate().sign({ mrEnclave, isvProdId: 1, isvSvn: 1 });
  const launch = (o: Partial<api.LaunchSpec>): Promise<unknown> =>
    p.launch({ image, module: EMPTY_MODULE, config: CONFIG, manifest, ...o });
  const other = measureAgent({
    image: new TextEncoder().encode(TEST_IMAGE.replace('echo', 'ECHO')),
    module: EMPTY_MODULE,
    config: CONFIG,
  }).mrEnclave;
  await rejectsWith(
    launch({ manifest: EnclaveSigner.generate().sign({ mrEnclave: other, isvProdId: 1, isvSvn: 1 }) }),
    'measurement-mismatch',
  );
  await rejectsWith(launch({ image: new TextEncoder().encode(`${TEST_IMAGE}\n`) }), 'measurement-mismatch');
  await rejectsWith(launch({ config: { ...CONFIG, maxMemoryPages: 2 } }), 'measurement-mismatch');
  await rejectsWith(launch({ module: Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0) }), 'measurement-mismatch');
  const forged = manifest.slice();
  forged[forged.length - 1]! ^= 1;
  await rejectsWith(launch({ manifest: forged }), 'bad-signature');
});

test('inside, the image seals and unseals; the host cannot unseal and another build cannot either', async () => {
  const p = newPlatform();
  const { handle } = await launchImage(p);
  const { handle: other } = await launchImage(p, `${TEST_IMAGE}// another build\n`);
  try {
    const data = new TextEncoder().encode('card 4111 1111 1111 1111');
    const blob = (await handle.ecall('seal', { data, aad: Uint8Array.of(1, 2) })) as Uint8Array;
    assert.ok(!Buffer.from(blob).includes(Buffer.from(data)), 'the sealed blob does not hold the plaintext');
    assert.deepEqual(await handle.ecall('unseal', blob), data);
    await rejectsWith(other.ecall('unseal', blob), 'ecall-failed', 'bad-mac');
    const shared = (await handle.ecall('seal', { data, keyPolicy: 'mrsigner' })) as Uint8Array;
    assert.deepEqual(
      await other.ecall('unseal', shared),
      data,
      'mrsigner policy: the same signer and product opens it',
    );
  } finally {
    await handle.terminate();
    await other.terminate();
  }
});

test('a report made inside is quoted by the host and verifies with the report data chosen inside', async () => {
  const p = newPlatform();
  const { handle, mrEnclave } = await launchImage(p);
  try {
    const { report, reportData, key } = (await handle.ecall('attest')) as {
      report: Uint8Array;
      reportData: Uint8Array;
      key: Uint8Array;
    };
    const quote = p.quote(report);
    const v = verifyQuote(quote, { trustedRoot: vendor().certificate, mrEnclave, reportData });
    assert.deepEqual(v.platformId, p.platformId);
    assert.equal(v.identity.isvProdId, 7);
    assert.deepEqual(reportData.subarray(0, 32), sha256(key));
    // Local attestation: a report for the enclave itself checks inside.
    const self = (await handle.ecall('report-for-self', new Uint8Array(64).fill(5))) as Uint8Array;
    assert.deepEqual(await handle.ecall('check-report', self), new Uint8Array(64).fill(5));
  } finally {
    await handle.terminate();
  }
});

test('the host cannot have report data of its choosing quoted', async () => {
  const p = newPlatform();
  const { handle } = await launchImage(p);
  try {
    const { report } = (await handle.ecall('attest')) as { report: Uint8Array };
    // The report's data changed by the host: the MAC no longer verifies.
    const changed = report.slice();
    changed[200 - 64 - 16]! ^= 1;
    assert.throws(
      () => p.quote(changed),
      (e: unknown) => e instanceof EnclaveError && e.code === 'bad-mac',
    );
    for (let i = 96; i < 160; i++) {
      const m = report.slice();
      m[i]! ^= 0xff;
      assert.throws(
        () => p.quote(m),
        (e: unknown) => e instanceof EnclaveError && (e.code === 'bad-mac' || e.code === 'malformed'),
      );
    }
    // A report the enclave made for another target (itself) is not the quoting enclave's.
    const forSelf = (await handle.ecall('report-for-self', new Uint8Array(64))) as Uint8Array;
    assert.throws(
      () => p.quote(forSelf),
      (e: unknown) => e instanceof EnclaveError && e.code === 'bad-mac',
    );
    // Made-up reports, whatever their body.
    const madeUp = report.slice();
    madeUp.set(new Uint8Array(64).fill(9), parseReport(report).bodyBytes.length - 64);
    assert.throws(
      () => p.quote(madeUp),
      (e: unknown) => e instanceof EnclaveError && e.code === 'bad-mac',
    );
    assert.throws(
      () => p.quote(new Uint8Array(224)),
      (e: unknown) => e instanceof EnclaveError,
    );
    // No public way to make a report or quote from outside an enclave.
    const handleApi = Object.getOwnPropertyNames(Object.getPrototypeOf(handle) as object).sort();
    // (`handOver` only marks bytes of an ocall's answer to move instead of being copied)
    assert.deepEqual(handleApi, ['constructor', 'ecall', 'handOver', 'identity', 'onOcall', 'terminate']);
    const platformApi = Object.getOwnPropertyNames(Platform.prototype);
    for (const hidden of ['report', 'ereport', 'createReport', 'deriveKey', 'egetkey', 'rootSecret'])
      assert.ok(!platformApi.includes(hidden), hidden);
    for (const hidden of ['createReport', 'initEnclave', 'platformInternals', 'launchCompartment', 'deriveKey'])
      assert.ok(!(hidden in api), hidden);
  } finally {
    await handle.terminate();
  }
});

test('the tap sees every message in both directions, as it crosses', async () => {
  const seen: [MessageDirection, string, unknown][] = [];
  const { handle } = await launchImage(newPlatform(), TEST_IMAGE, { tap: (d, n, x) => seen.push([d, n, x]) });
  try {
    handle.onOcall((name, payload) => {
      assert.equal(name, 'host-add');
      const { a, b } = payload as { a: number; b: number };
      return { sum: a + b };
    });
    assert.deepEqual(await handle.ecall('echo', { word: 'hello' }), { word: 'hello' });
    assert.deepEqual(await handle.ecall('ocall', { name: 'host-add', payload: { a: 2, b: 3 } }), { sum: 5 });
    await rejectsWith(handle.ecall('coded'), 'ecall-failed', 'rolled-back');
    assert.deepEqual(
      seen.map(([d, n]) => `${d}:${n}`),
      [
        'ecall-return:(init)',
        'ecall:echo',
        'ecall-return:echo',
        'ecall:ocall',
        'ocall:host-add',
        'ocall-return:host-add',
        'ecall-return:ocall',
        'ecall:coded',
        'ecall-return:coded',
      ],
    );
    assert.deepEqual(seen[1]![2], { word: 'hello' });
    assert.deepEqual(seen[4]![2], { a: 2, b: 3 });
    assert.deepEqual(seen[5]![2], { sum: 5 });
    assert.deepEqual(seen[8]![2], { error: { code: 'rolled-back', message: 'the state moved on' } });
  } finally {
    await handle.terminate();
  }
});

test('ocalls: no handler, and a host handler that throws, are errors inside with the host code', async () => {
  const { handle } = await launchImage(newPlatform());
  try {
    await rejectsWith(handle.ecall('ocall', { name: 'x', payload: null }), 'ecall-failed', 'ocall-failed');
    handle.onOcall(() => {
      throw Object.assign(new Error('disk full'), { code: 'no-space' });
    });
    const e = await rejectsWith(handle.ecall('ocall', { name: 'x', payload: null }), 'ecall-failed', 'ocall-failed');
    assert.match(e.message, /disk full/);
    handle.onOcall(() => () => 1);
    await rejectsWith(handle.ecall('ocall', { name: 'x', payload: null }), 'ecall-failed', 'ocall-failed');
  } finally {
    await handle.terminate();
  }
});

test('bytes the host hands over move into the enclave with the ocall answer; others are copied', async () => {
  const { handle } = await launchImage(newPlatform());
  try {
    const moved = new Uint8Array(4096).fill(5);
    const copied = new Uint8Array(4096).fill(6);
    handle.onOcall(() => ({ moved: handle.handOver(moved), copied }));
    const back = (await handle.ecall('ocall', { name: 'give', payload: null })) as Record<string, Uint8Array>;
    assert.deepEqual(back.moved, new Uint8Array(4096).fill(5), 'the enclave got the bytes');
    assert.deepEqual(back.copied, new Uint8Array(4096).fill(6));
    assert.equal(moved.byteLength, 0, 'the handed-over buffer left the host (detached)');
    assert.equal(copied.byteLength, 4096, 'bytes not handed over stay usable');
  } finally {
    await handle.terminate();
  }
});

test('messages are plain data and bounded; a slice crosses without the bytes beside it', async () => {
  const { handle } = await launchImage(newPlatform(), TEST_IMAGE, { maxMessageBytes: 4096 });
  try {
    await rejectsWith(handle.ecall('echo', new Uint8Array(5000)), 'bad-message');
    await rejectsWith(handle.ecall('echo', { f: () => 1 }), 'bad-message');
    await rejectsWith(handle.ecall('echo', new Date()), 'bad-message');
    await rejectsWith(handle.ecall('echo', new Uint8Array(new SharedArrayBuffer(8))), 'bad-message');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await rejectsWith(handle.ecall('echo', cyclic), 'bad-message');
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    await rejectsWith(handle.ecall('echo', deep), 'bad-message');
    await rejectsWith(handle.ecall('x'.repeat(200)), 'bad-message');
    await rejectsWith(handle.ecall('big', 5000), 'ecall-failed', 'bad-message');
    const slice = (await handle.ecall('slice')) as Uint8Array;
    assert.equal(slice.buffer.byteLength, 4, 'only the slice crossed');
    assert.deepEqual(await handle.ecall('echo', [1, 'two', null, true, 3n, new Uint8Array(3)]), [
      1,
      'two',
      null,
      true,
      3n,
      new Uint8Array(3),
    ]);
    const buf = new Uint8Array(16).fill(1);
    assert.deepEqual(await handle.ecall('echo', buf, [buf.buffer]), new Uint8Array(16).fill(1));
    assert.equal(buf.byteLength, 0, 'a transferred buffer moved');
    await rejectsWith(handle.ecall('echo', 1, [new SharedArrayBuffer(8) as unknown as ArrayBuffer]), 'bad-message');
    // bytes the enclave hands over cross by move: gone inside; a part of a buffer is copied as before
    const moved = (await handle.ecall('hand-over', false)) as { bytes: Uint8Array; n: number };
    assert.deepEqual(moved, { bytes: new Uint8Array(64).fill(9), n: 1 });
    assert.equal(await handle.ecall('handed-length'), 0, 'the handed-over buffer moved out of the enclave');
    const part = (await handle.ecall('hand-over', true)) as { bytes: Uint8Array };
    assert.deepEqual(part.bytes, new Uint8Array(8).fill(9));
    assert.equal(part.bytes.buffer.byteLength, 8, 'only the part crossed');
    assert.equal(await handle.ecall('handed-length'), 8, 'a part of a buffer is copied, not moved');
    assert.equal(await handle.ecall('echo', 2), 2);
  } finally {
    await handle.terminate();
  }
});

test('errors: a coded error crosses with its message; an uncoded one only by name, unless the enclave is a debug enclave', async () => {
  const { handle } = await launchImage(newPlatform());
  const { handle: debug } = await launchImage(newPlatform(), TEST_IMAGE, { debug: true });
  try {
    const e = await rejectsWith(handle.ecall('plain'), 'ecall-failed', 'error');
    assert.ok(!e.message.includes('0123456789abcdef'), e.message);
    assert.match(e.message, /TypeError/);
    const d = await rejectsWith(debug.ecall('plain'), 'ecall-failed', 'error');
    assert.match(d.message, /0123456789abcdef/);
    await rejectsWith(handle.ecall('nothing-here'), 'ecall-failed', 'undeclared-ecall');
    await rejectsWith(handle.ecall('require', 'fs'), 'ecall-failed', 'undeclared-import');
    await rejectsWith(handle.ecall('require', 'node:worker_threads'), 'ecall-failed', 'undeclared-import');
    assert.equal(await handle.ecall('require', 'node:crypto'), 'loaded');
    assert.deepEqual(await handle.ecall('v8'), [
      'DefaultDeserializer',
      'DefaultSerializer',
      'Deserializer',
      'Serializer',
      'deserialize',
      'serialize',
    ]);
  } finally {
    await handle.terminate();
    await debug.terminate();
  }
});

test('a message that bypasses the bootstrap is still checked at the choke point: a malformed one stops the enclave', async () => {
  const p = newPlatform();
  const seen: string[] = [];
  for (const raw of ['junk', 'stray', 'typed', 'ready']) {
    const { handle } = await launchImage(p, TEST_IMAGE, { tap: (d, n) => seen.push(`${d}:${n}`) });
    await rejectsWith(handle.ecall('raw', raw), 'enclave-crashed');
    await rejectsWith(handle.ecall('echo', 1), 'enclave-unavailable');
  }
  assert.ok(!seen.includes('ocall:x'), 'a refused message is not delivered');
  const { handle } = await launchImage(p, TEST_IMAGE, { tap: (d, n) => seen.push(`${d}:${n}`) });
  handle.onOcall((_name, payload) => payload);
  const ok = rejectsWith(handle.ecall('raw', 'direct'), 'enclave-unavailable');
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(
    seen.includes('ocall:direct') && seen.includes('ocall-return:direct'),
    'a well-formed message crosses the choke point and the tap sees it',
  );
  await handle.terminate();
  await ok;
});

test('an enclave that throws or exits fails its pending ecalls with a typed error; the host goes on', async () => {
  const p = newPlatform();
  const { handle } = await launchImage(p);
  const hung = rejectsWith(handle.ecall('hang'), 'enclave-crashed');
  await rejectsWith(handle.ecall('crash'), 'enclave-crashed');
  await hung;
  await rejectsWith(handle.ecall('echo', 1), 'enclave-unavailable');
  const { handle: exits } = await launchImage(p);
  const e = await rejectsWith(exits.ecall('exit'), 'enclave-crashed');
  assert.match(e.message, /code 3/);
  const { handle: stopped } = await launchImage(p);
  const pending = rejectsWith(stopped.ecall('hang'), 'enclave-unavailable');
  await stopped.terminate();
  await pending;
  await rejectsWith(launchImage(p, 'throw new Error("no")'), 'enclave-crashed');
  await rejectsWith(launchImage(p, 'this is not javascript'), 'enclave-crashed');
  await rejectsWith(
    launchImage(p, 'module.exports = Promise.reject(Object.assign(new Error("x"), { code: "late" }))'),
    'enclave-crashed',
  );
  await rejectsWith(launchImage(p, 'while (true) {}', { loadTimeoutMs: 300 }), 'enclave-crashed');
  const bad = new Uint8Array([0xff, 0xfe, 0x80]);
  const { mrEnclave } = measureAgent({ image: bad, module: EMPTY_MODULE, config: CONFIG });
  const manifest = EnclaveSigner.generate().sign({ mrEnclave, isvProdId: 1, isvSvn: 1 });
  await rejectsWith(p.launch({ image: bad, module: EMPTY_MODULE, config: CONFIG, manifest }), 'enclave-crashed');
  const { handle: hog } = await launchImage(p, TEST_IMAGE, { maxHeapMb: 32 });
  await rejectsWith(hog.ecall('hog'), 'enclave-crashed');
  const { handle: ok } = await launchImage(p);
  assert.equal(await ok.ecall('echo', 'still fine'), 'still fine');
  await ok.terminate();
});

test('counters live in the platform store: they survive a reopen, and an old copy of the host directory is refused', async () => {
  const platformDir = tempDir('platform-');
  const hostDir = tempDir('host-');
  let p = provisioned(platformDir);
  let { handle } = await launchImage(p);
  const counter = (await handle.ecall('counter')) as Uint8Array;
  writeFileSync(
    join(hostDir, 'agent.sealed'),
    (await handle.ecall('persist', new TextEncoder().encode('state 1'))) as Uint8Array,
  );
  const oldCopy = tempDir('host-old-');
  cpSync(hostDir, oldCopy, { recursive: true });
  writeFileSync(
    join(hostDir, 'agent.sealed'),
    (await handle.ecall('persist', new TextEncoder().encode('state 2'))) as Uint8Array,
  );
  await handle.terminate();

  // The node restarts: the platform is reopened from its store, with no vendor key.
  p = Platform.open(platformDir);
  ({ handle } = await launchImage(p));
  try {
    assert.deepEqual(await handle.ecall('counter', counter), counter);
    assert.equal(await handle.ecall('read-counter'), 2);
    assert.deepEqual(
      new TextDecoder().decode(
        (await handle.ecall('restore', readFileSync(join(hostDir, 'agent.sealed')))) as Uint8Array,
      ),
      'state 2',
    );
    const e = await rejectsWith(
      handle.ecall('restore', readFileSync(join(oldCopy, 'agent.sealed'))),
      'ecall-failed',
      'rolled-back',
    );
    assert.match(e.message, /counter value 1, the counter is at 2/);
    assert.deepEqual(readdirSync(hostDir), ['agent.sealed'], 'the host directory holds nothing of the platform');
    assert.deepEqual(readdirSync(platformDir).sort(), ['counters.json', 'platform.json']);
  } finally {
    await handle.terminate();
  }
  // Another enclave build cannot reach the counter.
  const { handle: other } = await launchImage(p, `${TEST_IMAGE}//other\n`);
  try {
    await other.ecall('counter', counter);
    await rejectsWith(other.ecall('read-counter'), 'ecall-failed', 'unknown-counter');
  } finally {
    await other.terminate();
  }
});
