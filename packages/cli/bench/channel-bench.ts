/**
 * Measures the user channel (not a test): per request, the HPKE work of each side (client set-up + seal, agent
 * set-up + open + replay check, response seal, response open), and a full `AgentClient` round trip on loopback
 * against the in-test node (enclave side in process, real simulated quote) compared with a plain request to the
 * same server. Prints p50/p99 in microseconds, and the CPU time of both ends per round trip (wall-clock
 * latency on a busy machine grows with the CPU a request needs, as each slice may wait for a core).
 * Run (after `npx tsc -b`): `node packages/cli/dist/bench/channel-bench.js [--n N] [--body BYTES]`.
 * @module
 */
import { AgentKey, openRequest, ReplayCache, sealRequest } from '@edgedancer/enclave-sim/channel';
import { exchange } from '../src/client/http-exchange.js';
import { AgentClient } from '../src/client/index.js';
import { ChannelNode, sha256Of } from '../test/client/channel-node.js';
import { testVendor } from '../test/client/quoting-enclave.js';

const argv = process.argv.slice(2);
const arg = (name: string, d: number) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : d);
const N = arg('--n', 2000);
const BODY = arg('--body', 256);

function stats(label: string, samples: number[]): void {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  console.log(
    `${label.padEnd(44)} p50 ${q(0.5).toFixed(1).padStart(8)} µs   p99 ${q(0.99).toFixed(1).padStart(8)} µs   (n=${s.length})`,
  );
}

function micros(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1000;
}

async function main(): Promise<void> {
  const key = AgentKey.generate();
  const target = { agentId: 'bench', agentPublicKey: key.publicKey };
  const cache = new ReplayCache({ maxEntries: N + 1000 });
  const body = new Uint8Array(BODY).fill(7);
  const phases = {
    seal: [] as number[],
    open: [] as number[],
    respond: [] as number[],
    read: [] as number[],
    total: [] as number[],
  };
  for (let i = 0; i < N + 200; i++) {
    const t0 = process.hrtime.bigint();
    const req = sealRequest(target, body);
    const t1 = process.hrtime.bigint();
    const opened = openRequest(key, 'bench', req.bytes, { now: Date.now(), replayCache: cache });
    const t2 = process.hrtime.bigint();
    const res = opened.responder.seal(body);
    const t3 = process.hrtime.bigint();
    req.openResponse(res);
    if (i < 200) continue; // warm-up
    phases.seal.push(Number(t1 - t0) / 1000);
    phases.open.push(Number(t2 - t1) / 1000);
    phases.respond.push(Number(t3 - t2) / 1000);
    phases.read.push(micros(t3));
    phases.total.push(micros(t0));
  }
  console.log(`user channel, ${BODY}-byte bodies, node ${process.version}`);
  stats('client: HPKE set-up + seal request', phases.seal);
  stats('agent: HPKE set-up + open + replay check', phases.open);
  stats('agent: seal response (exported key)', phases.respond);
  stats('client: open response', phases.read);
  stats('all crypto of one request', phases.total);

  const node = await new ChannelNode().listen();
  const agent = node.deploy('bench', (b) => b);
  const client = new AgentClient({
    node: node.url,
    agentId: 'bench',
    policy: {
      trustedRoot: testVendor().certificate,
      mrEnclave: node.enclave.identity.mrEnclave,
      moduleHash: sha256Of(agent.module),
    },
  });
  const t = process.hrtime.bigint();
  await client.attest();
  console.log(`attestation fetch + verify (first call)          ${micros(t).toFixed(1)} µs`);
  const rounds = Math.min(N, 1000);
  const enc: number[] = [];
  const plain: number[] = [];
  const plainUrl = new URL('/a/bench', node.url);
  for (let i = 0; i < rounds + 100; i++) {
    // alternate, so both see the same machine state
    const t0 = process.hrtime.bigint();
    await client.call(body);
    const e = micros(t0);
    node.misbehave.plainResponses = true;
    const t1 = process.hrtime.bigint();
    await exchange(plainUrl, { method: 'POST', body, maxBytes: 1 << 20, timeoutMs: 10_000 });
    const p = micros(t1);
    node.misbehave.plainResponses = false;
    if (i >= 100) {
      enc.push(e);
      plain.push(p);
    }
  }
  stats('round trip, encrypted (AgentClient.call)', enc);
  stats('round trip, plain request, same server', plain);
  // CPU time of both ends (one process), per request: independent of how busy the machine is
  const cpuPer = async (f: () => Promise<unknown>): Promise<number> => {
    const c0 = process.cpuUsage();
    for (let i = 0; i < rounds; i++) await f();
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / rounds;
  };
  const encCpu = await cpuPer(() => client.call(body));
  node.misbehave.plainResponses = true;
  const plainCpu = await cpuPer(() =>
    exchange(plainUrl, { method: 'POST', body, maxBytes: 1 << 20, timeoutMs: 10_000 }),
  );
  node.misbehave.plainResponses = false;
  console.log(
    `CPU per round trip, client + node, encrypted / plain    ${encCpu.toFixed(0)} µs / ${plainCpu.toFixed(0)} µs`,
  );
  await node.close();
}

await main();
