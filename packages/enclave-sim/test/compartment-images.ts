/**
 * Test images for enclave compartments (self-contained CommonJS scripts, as a bundler would make them) and
 * a launcher that measures and signs them.
 * @module
 */
import { type AgentConfig, measureAgent } from '../src/agent-build.js';
import type { EnclaveHandle, LaunchSpec } from '../src/compartment-host.js';
import type { Platform } from '../src/platform.js';
import { signer } from './helpers.js';

/** A valid (empty) WebAssembly module. */
export const EMPTY_MODULE = Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0);

/** A small configuration. */
export const CONFIG: AgentConfig = { maxMemoryPages: 1, ecalls: [], ocalls: [] };

/**
 * The test image: seals and unseals, reports, counts, calls the host, and fails on demand. The plaintext
 * ecalls (`unseal`, `restore`) exist only to check results in tests; a real image returns no plaintext.
 */
export const TEST_IMAGE = `'use strict';
const crypto = require('node:crypto');
let counter;
inside.handle('echo', (p) => p);
inside.handle('identity', () => ({ mrEnclave: inside.identity.mrEnclave, module: inside.module, maxMemoryPages: inside.config.maxMemoryPages }));
inside.handle('seal', (p) => inside.seal(p.data, { aad: p.aad, keyPolicy: p.keyPolicy }));
inside.handle('unseal', (p) => inside.unseal(p).data);
inside.handle('attest', () => {
  // A key made inside; the report binds its hash, chosen here and nowhere else.
  const key = crypto.generateKeyPairSync('x25519').publicKey.export({ format: 'der', type: 'spki' });
  const reportData = new Uint8Array(64);
  reportData.set(crypto.createHash('sha256').update(key).digest());
  return { report: inside.ereport(inside.quotingTargetInfo, reportData), reportData, key: new Uint8Array(key) };
});
inside.handle('report-for-self', (p) => inside.ereport(inside.targetInfo, p));
inside.handle('check-report', (p) => inside.checkReport(p).reportData);
inside.handle('counter', async (p) => { counter = p === undefined ? await inside.createCounter() : p; return counter; });
inside.handle('read-counter', () => inside.readCounter(counter));
inside.handle('persist', (p) => inside.sealCounted(p, counter));
inside.handle('restore', async (p) => (await inside.unsealCounted(p)).data);
inside.handle('ocall', (p) => inside.ocall(p.name, p.payload));
inside.handle('slice', () => { const b = new Uint8Array(1024).fill(7); return b.subarray(0, 4); });
inside.handle('big', (n) => new Uint8Array(n));
let handed = new Uint8Array(0);
inside.handle('hand-over', (part) => { const b = new Uint8Array(64).fill(9); handed = part ? b.subarray(0, 8) : b; return { bytes: inside.handOver(handed), n: 1 }; });
inside.handle('handed-length', () => handed.byteLength);
inside.handle('coded', () => { throw Object.assign(new Error('the state moved on'), { code: 'rolled-back' }); });
inside.handle('plain', () => { throw new TypeError('secret 0123456789abcdef'); });
inside.handle('crash', () => { setTimeout(() => { throw new Error('boom'); }, 1); return new Promise(() => {}); });
inside.handle('exit', () => { process.exit(3); });
inside.handle('hang', () => new Promise(() => {}));
inside.handle('hog', () => { const keep = []; for (;;) keep.push(new Array(1024).fill({ n: keep.length })); });
inside.handle('require', (p) => { require(p); return 'loaded'; });
inside.handle('v8', () => Object.keys(require('v8')).sort());
// Bypasses the bootstrap: what the host's choke point does with a message no bootstrap would send.
const RAW = {
  junk: { t: 'junk', id: 1 },
  stray: { t: 'ecall-return', id: 99, ok: true },
  typed: { t: 'ocall', id: 1, name: 'x', payload: { f: new Uint16Array(2) } },
  ready: { t: 'ready', ok: true },
  direct: { t: 'ocall', id: 5, name: 'direct', payload: 'plain' },
};
inside.handle('raw', (kind) => { process.getBuiltinModule('node:worker_threads').parentPort.postMessage(RAW[kind]); return new Promise(() => {}); });
`;

/**
 * Measures, signs and launches an image.
 * @param platform - where
 * @param image - the image source
 * @param extra - other launch options (tap, limits, another manifest)
 * @returns the handle and the offline measurement
 */
export async function launchImage(
  platform: Platform,
  image: string = TEST_IMAGE,
  extra: Partial<LaunchSpec> & { debug?: boolean } = {},
): Promise<{ handle: EnclaveHandle; mrEnclave: Uint8Array }> {
  const bytes = new TextEncoder().encode(image);
  const { mrEnclave } = measureAgent({ image: bytes, module: EMPTY_MODULE, config: CONFIG });
  const manifest = signer().sign({ mrEnclave, isvProdId: 7, isvSvn: 2, debug: extra.debug ?? false });
  const { debug: _debug, ...rest } = extra;
  const handle = await platform.launch({ image: bytes, module: EMPTY_MODULE, config: CONFIG, manifest, ...rest });
  return { handle, mrEnclave };
}
