/**
 * The trusted runtime image in real enclave compartments (worker threads launched by the platform from the
 * bundled `dist/enclave-image.js`), driven in process through its ECALLs, with every message crossing the
 * boundary recorded by the platform's tap: a secret sent in a sealed user request never crosses in the clear
 * (hex or base64 either), in any ECALL, return or OCALL, through deploy, requests, persist, restore and a
 * transfer to an enclave on another platform (frames piped by the test as a host would); a persisted record
 * older than the latest is refused (`rolled-back`), a record opens on no other platform (`bad-mac`), and a
 * plain request is refused unless the manifest allows it.
 * @module
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EnclaveSigner, Platform, provisionPlatform, VendorRoot } from '@edgedancer/enclave-sim';
import { parseAgentAttestation, sealRequest, verifyAgentAttestation } from '@edgedancer/enclave-sim/channel';
import { hashModule, type Transport, transportPair } from '@edgedancer/migration';
import type { StepResult } from '../src/enclave/boundary-types.js';
import { agentMeasurement, launchAgentEnclave, signAgentManifest } from '../src/node/agent-enclave-build.js';
import type { EnclaveAgent } from '../src/node/enclave-agent.js';
import { TransferLinks } from '../src/node/transfer-links.js';
import { flatten } from './spy-node.js';

const KV = new Uint8Array(readFileSync(fileURLToPath(new URL('../../../../examples/kv-c/kv.wasm', import.meta.url))));
const SIGNER = EnclaveSigner.generate();
const SEALED_ONLY = signAgentManifest(KV, SIGNER, { isvProdId: 1, isvSvn: 1 });
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const AT = { nodeName: 'n', peers: ['other'] };

describe('the trusted runtime image in enclave compartments', { timeout: 120_000 }, () => {
  let root: string;
  let vendor: VendorRoot;
  let p1: Platform;
  let p2: Platform;
  const crossed: Buffer[] = [];
  const tap = (direction: string, name: string, payload: unknown): void => {
    crossed.push(Buffer.concat([Buffer.from(`${direction} ${name} `), ...flatten(payload)]));
  };
  const SECRET = `secret-${randomBytes(8).toString('hex')}`;
  const enclaves: EnclaveAgent[] = [];

  /** An enclave with a host that serves quotes and pipes frames. */
  async function launch(platform: Platform, links: TransferLinks, manifest = SEALED_ONLY): Promise<EnclaveAgent> {
    const e = await launchAgentEnclave(platform, KV, manifest, tap);
    enclaves.push(e);
    e.onOcall(async (name, p) => {
      const o = p as Record<string, unknown>;
      if (name === 'quote') return { quote: platform.quote(o.report as Uint8Array) };
      if (name === 'transfer-frame') await links.send(o.transfer as number, o.frame as Uint8Array);
      if (name === 'transfer-close') links.close(o.transfer as number);
      return null;
    });
    return e;
  }

  async function attested(e: EnclaveAgent): Promise<{ publicKey: Uint8Array }> {
    const a = await e.attest();
    const v = verifyAgentAttestation(a, {
      trustedRoot: vendor.certificate,
      mrEnclave: agentMeasurement(KV, false),
      moduleHash: hashModule(KV),
      agentId: 'kv',
    });
    assert.equal(parseAgentAttestation(a).agentId, 'kv');
    return { publicKey: v.agentPublicKey };
  }

  async function call(e: EnclaveAgent, key: Uint8Array, body: string): Promise<string> {
    const req = sealRequest({ agentId: 'kv', agentPublicKey: key }, utf8(body));
    let out: StepResult = await e.serve(req.bytes, true, 1_000_000);
    while (out.kind === 'paused') out = await e.continue(1_000_000);
    assert.equal(out.kind, 'done');
    assert.ok(out.kind === 'done' && out.sealed);
    return Buffer.from(req.openResponse((out as { response: Uint8Array }).response).body).toString();
  }

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'edgedancer-image-'));
    vendor = VendorRoot.generate();
    provisionPlatform(vendor, join(root, 'p1'));
    provisionPlatform(vendor, join(root, 'p2'));
    p1 = Platform.open(join(root, 'p1'));
    p2 = Platform.open(join(root, 'p2'));
  });
  after(async () => {
    for (const e of enclaves) await e.terminate();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves, persists, restores, refuses old records and other platforms, moves; the secret never crosses', async () => {
    const links1 = new TransferLinks();
    const links2 = new TransferLinks();
    const e1 = await launch(p1, links1);
    assert.ok(['idle', 'done'].includes((await e1.deploy('kv', AT)).kind));
    const { publicKey } = await attested(e1);
    assert.equal(await call(e1, publicKey, `put card ${SECRET}`), 'ok');
    await assert.rejects(
      e1.serve(utf8('get card'), false, 1000),
      (x: { innerCode?: string }) => x.innerCode === 'plain-not-allowed',
    );
    const first = (await e1.persist())!.parts;
    assert.equal(await call(e1, publicKey, 'put other 1'), 'ok');
    const second = (await e1.persist())!.parts;

    const r1 = await launch(p1, links1);
    await assert.rejects(r1.restore('kv', first, AT), (x: { innerCode?: string }) => x.innerCode === 'rolled-back');
    const r2 = await launch(p2, links2);
    await assert.rejects(r2.restore('kv', second, AT), (x: { innerCode?: string }) => x.innerCode === 'bad-mac');
    await r1.terminate();
    const r3 = await launch(p1, links1);
    await r3.restore('kv', second, AT);
    await r3.arrive(1_000_000);
    assert.equal(await call(r3, publicKey, 'get card'), SECRET, 'the same agent key after a restore');

    // a transfer to an enclave on another platform, frames piped as a host pipes them
    const [ts, td] = transportPair();
    const dest = await launch(p2, links2);
    const n2 = links2.allocate();
    const receiving = dest.receive({ transfer: n2, agentId: 'kv', timeoutMs: 5000, lastCounter: null, ...AT });
    links2.open(dest, td as Transport, undefined, n2);
    const link1 = links1.open(r3, ts as Transport);
    r3.onOcall(async (name, p) => {
      const o = p as Record<string, unknown>;
      if (name === 'quote') return { quote: p1.quote(o.report as Uint8Array) };
      if (name === 'transfer-frame') await links1.send(o.transfer as number, o.frame as Uint8Array);
      if (name === 'transfer-close') links1.close(o.transfer as number);
      return null;
    });
    const sent = await r3.send({
      transfer: link1.number,
      destination: 'other',
      pin: Buffer.from(p2.info.platformId).toString('hex'),
      precopy: true,
      timeoutMs: 5000,
      meta: {},
    });
    assert.equal(sent.ok, true, JSON.stringify(sent));
    const got = await receiving;
    assert.equal(got.outcome, 'resumed', JSON.stringify(got));
    await dest.arrive(1_000_000);
    assert.equal(await call(dest, publicKey, 'get card'), SECRET, 'served at the destination with the same key');
    await assert.rejects(r3.status(), (x: { innerCode?: string }) => x.innerCode === 'no-agent');

    const all = Buffer.concat(crossed);
    for (const form of [SECRET, Buffer.from(SECRET).toString('hex'), Buffer.from(SECRET).toString('base64')]) {
      assert.equal(all.includes(Buffer.from(form)), false, `found ${form} crossing the boundary`);
    }
    assert.ok(crossed.length > 50, 'the tap saw the traffic');
  });

  it('refuses a destination on another platform than the pinned one, before any state leaves', async () => {
    const links1 = new TransferLinks();
    const links2 = new TransferLinks();
    const src = await launch(p1, links1);
    await src.deploy('kv', AT);
    const dest = await launch(p2, links2);
    const [ts, td] = transportPair();
    const n2 = links2.allocate();
    const receiving = dest.receive({ transfer: n2, agentId: 'kv', timeoutMs: 3000, lastCounter: null, ...AT });
    links2.open(dest, td as Transport, undefined, n2);
    const link1 = links1.open(src, ts as Transport);
    const sent = await src.send({
      transfer: link1.number,
      destination: 'other',
      pin: Buffer.from(p1.info.platformId).toString('hex'),
      precopy: false,
      timeoutMs: 3000,
      meta: {},
    });
    assert.equal(sent.ok, false);
    assert.equal(sent.code, 'attestation-refused');
    assert.equal(sent.reason, 'platform-mismatch');
    assert.equal((await receiving).outcome, 'refused');
    assert.equal((await src.status()).state, 'idle', 'the agent continues at the source');
  });
});
