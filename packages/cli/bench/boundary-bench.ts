/**
 * Measures the host/enclave boundary (not a test): on one node process on loopback, 1000 sequential requests
 * to the kv agent, plain (its manifest allows them) and through the user channel (`AgentClient`: HPKE sealed
 * request, sealed response), p50/p99; and in this process, on a provisioned platform: the start time of an
 * agent's enclave (launch: worker, image load, EINIT) and its deploy, the memory each agent enclave adds
 * (RSS over 10 enclaves), and the cost of one ECALL round trip (`status`).
 * Run (after `npm run build`): `node packages/cli/dist/bench/boundary-bench.js [--requests N]`.
 * @module
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnclaveSigner, Platform, parseManifest, provisionPlatform, VendorRoot } from '@edgedancer/enclave-sim';
import { hashModule } from '@edgedancer/migration';
import { AgentClient } from '../src/client/index.js';
import { agentMeasurement, launchAgentEnclave, signAgentManifest } from '../src/node/agent-enclave-build.js';
import { callAgent } from '../src/node/client.js';
import { startCluster } from '../src/node/local-cluster.js';

const KV = new Uint8Array(readFileSync(fileURLToPath(new URL('../../../../examples/kv-c/kv.wasm', import.meta.url))));
const argv = process.argv.slice(2);
const nArg = argv.indexOf('--requests');
const N = nArg >= 0 ? Number(argv[nArg + 1]) : 1000;
const signer = EnclaveSigner.generate();
const PLAIN = signAgentManifest(KV, signer, { isvProdId: 1, isvSvn: 1, allowPlain: true });
const SEALED = signAgentManifest(KV, signer, { isvProdId: 1, isvSvn: 1 });
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function stats(xs: number[]): { p50: number; p99: number; mean: number } {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number): number => Number(s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(3));
  return { p50: q(0.5), p99: q(0.99), mean: Number((s.reduce((a, b) => a + b, 0) / s.length).toFixed(3)) };
}

async function timed(n: number, f: (i: number) => Promise<void>): Promise<number[]> {
  for (let i = 0; i < Math.min(100, n); i++) await f(i);
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f(i);
    xs.push(performance.now() - t);
  }
  return xs;
}

const root = mkdtempSync(join(tmpdir(), 'edgedancer-boundary-bench-'));
try {
  const cluster = await startCluster(['a'], root, {
    allowSigners: [Buffer.from(parseManifest(PLAIN).mrSigner).toString('hex')],
  });
  const url = cluster.node('a').url;
  try {
    const t0 = performance.now();
    await cluster.control('a', '/v1/agents', {
      json: {
        id: 'plain',
        module: Buffer.from(KV).toString('base64'),
        manifest: Buffer.from(PLAIN).toString('base64'),
      },
    });
    const deployMs = performance.now() - t0;
    await cluster.control('a', '/v1/agents', {
      json: {
        id: 'sealed',
        module: Buffer.from(KV).toString('base64'),
        manifest: Buffer.from(SEALED).toString('base64'),
      },
    });
    const req = (i: number): Uint8Array => utf8(i % 2 === 1 ? 'get k1' : `put k${i % 50} v${i}`);
    const plain = await timed(N, async (i) => {
      const r = await callAgent(url, 'plain', req(i));
      if (r.status !== 200) throw new Error(`status ${r.status}`);
    });
    const client = new AgentClient({
      node: url,
      agentId: 'sealed',
      policy: {
        trustedRoot: readFileSync(cluster.platforms.rootCertificate),
        mrEnclave: agentMeasurement(KV, false),
        moduleHash: hashModule(KV),
      },
    });
    const sealed = await timed(N, async (i) => {
      const r = await client.call(req(i));
      if (r.status !== 'ok') throw new Error(`status ${r.status}`);
    });
    console.log(
      JSON.stringify({
        what: 'request over HTTP on loopback (ms)',
        n: N,
        deployMs: Number(deployMs.toFixed(1)),
        plain: stats(plain),
        sealed: stats(sealed),
      }),
    );
  } finally {
    await cluster.stop();
  }

  const vendor = VendorRoot.open(join(root, 'vendor'));
  provisionPlatform(vendor, join(root, 'bench.platform'));
  const platform = Platform.open(join(root, 'bench.platform'));
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const rss0 = process.memoryUsage().rss;
  const launches: number[] = [];
  const deploys: number[] = [];
  const enclaves: Awaited<ReturnType<typeof launchAgentEnclave>>[] = [];
  for (let i = 0; i < 10; i++) {
    let t = performance.now();
    const e = await launchAgentEnclave(platform, KV, PLAIN);
    launches.push(performance.now() - t);
    e.onOcall(() => null);
    t = performance.now();
    await e.deploy(`m${i}`, { nodeName: 'bench', peers: [] });
    deploys.push(performance.now() - t);
    enclaves.push(e);
  }
  gc?.();
  const perAgentMiB = (process.memoryUsage().rss - rss0) / 10 / 1048576;
  const ecall = await timed(2000, async () => {
    await enclaves[0]!.status();
  });
  const serve = await timed(2000, async (i) => {
    await enclaves[0]!.serve(utf8(i % 2 === 1 ? 'get k1' : `put k${i % 50} v${i}`), false, 200_000);
  });
  console.log(
    JSON.stringify({
      what: 'enclaves in process',
      launchMs: stats(launches),
      deployMs: stats(deploys),
      rssPerAgentMiB: Number(perAgentMiB.toFixed(1)),
      ecallStatusMs: stats(ecall),
      ecallServeMs: stats(serve),
    }),
  );
  for (const e of enclaves) await e.terminate();
} finally {
  rmSync(root, { recursive: true, force: true });
}
