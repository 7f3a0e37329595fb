/**
 * What operator authentication costs (not a test): signing and verifying a control request with RFC 9421
 * signatures (the whole `signRequest` / `verifyRequest`: fields parsed, base rebuilt, Ed25519, Content-Digest,
 * nonce cache), and signed against unsigned requests to a real node's control listener on loopback (a fresh
 * connection each, as the CLI makes them).
 * Run (after `npx tsc -b`): `node packages/cli/dist/bench/auth-bench.js [--n N]`.
 * @module
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callNode } from '../src/node/client.js';
import { type SignedRequestParts, signRequest, verifyRequest } from '../src/node/http-signatures.js';
import { startCluster } from '../src/node/local-cluster.js';
import { NonceCache } from '../src/node/nonce-cache.js';
import { keyIdOf } from '../src/node/operator-key.js';

const argv = process.argv.slice(2);
const N = argv.includes('--n') ? Number(argv[argv.indexOf('--n') + 1]) : 5000;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const key = { keyid: keyIdOf(publicKey), privateKey };
const keys = new Map([[key.keyid, publicKey]]);
const body = new TextEncoder().encode(JSON.stringify({ to: 'edge-2', stopAndCopy: false }));
const base: SignedRequestParts = {
  method: 'POST',
  authority: '127.0.0.1:8070',
  target: '/v1/agents/kv-1/migrate',
  headers: { 'content-type': 'application/json' },
  body,
};
const nonces = new NonceCache(N * 2 + 10);
const signed: SignedRequestParts[] = [];
let t = performance.now();
for (let i = 0; i < N; i++) signed.push({ ...base, headers: { ...base.headers, ...signRequest(base, key) } });
const signUs = ((performance.now() - t) * 1000) / N;
t = performance.now();
for (const r of signed) verifyRequest(r, { keys, nonces });
const verifyUs = ((performance.now() - t) * 1000) / N;
console.log(
  `per request: sign ${signUs.toFixed(1)} µs, verify ${verifyUs.toFixed(1)} µs (signRequest / verifyRequest, ${N} requests, node ${process.version})`,
);

const root = mkdtempSync(join(tmpdir(), 'edgedancer-auth-bench-'));
const cluster = await startCluster(['a'], root);
try {
  const ctl = cluster.node('a').controlUrl;
  const unsigned = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = request(new URL('/v1/agents', ctl), { agent: false }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
  const M = 300;
  for (let i = 0; i < 20; i++) {
    await unsigned();
    await callNode(ctl, '/v1/agents', { operator: cluster.operator });
  }
  const plain: number[] = [];
  const auth: number[] = [];
  for (let i = 0; i < M; i++) {
    let s = performance.now();
    await unsigned();
    plain.push(performance.now() - s);
    s = performance.now();
    await callNode(ctl, '/v1/agents', { operator: cluster.operator });
    auth.push(performance.now() - s);
  }
  console.log(
    `control request on a fresh loopback connection, median of ${M}: unsigned (refused 401) ${median(plain).toFixed(2)} ms, signed (answered) ${median(auth).toFixed(2)} ms`,
  );
} finally {
  await cluster.stop();
  rmSync(root, { recursive: true, force: true });
}
