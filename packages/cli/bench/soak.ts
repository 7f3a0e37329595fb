/**
 * Soak run of one node process on loopback (not a test): legitimate clients send requests to the key-value
 * agent at a steady rate (and an operator lists agents and persists now and then, signed) while attackers, from
 * another loopback address, flood the public and control listeners with requests, reset connections in the middle
 * of upgrades, trickle headers and bodies, and send oversized bodies and transfer frames. Prints the legitimate
 * requests' p50/p99/max latency and error count, the node's peak RSS and its longest event-loop stall
 * (`monitorEventLoopDelay` inside the node), and what the attackers managed. A second agent holds
 * `--ballast-pages` of memory (default 256: 16 MiB), every page written, so the operator's periodic persist
 * seals it: its capture and sealing are what the longest stall measures.
 * Run (after `npx tsc -b`): `node packages/cli/dist/bench/soak.js [--seconds N] [--rate R] [--ballast-pages N]
 * [--json FILE] [--profile-node DIR] [--attacks flood,reset,trickle,oversize]` (default 300 s, 20 requests/s, every
 * attack; `--profile-node`: the node's CPU profile, `--cpu-prof`, written to DIR when it stops). Besides the
 * figures above it prints the node's operations (requests, persists, deploys, each ECALL: longest and mean wall
 * time), what ran synchronously on its thread, its garbage collector's pauses, and its longest stalls with the
 * collection and operations that overlapped each.
 * @module
 */

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnclaveSigner, parseManifest } from '@edgedancer/enclave-sim';
import { signAgentManifest } from '../src/node/agent-enclave-build.js';
import { callAgent } from '../src/node/client.js';
import { startCluster } from '../src/node/local-cluster.js';

const argv = process.argv.slice(2);
const opt = (name: string, d: number): number => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : d;
};
const SECONDS = opt('--seconds', 300);
const RATE = opt('--rate', 20);
const jsonArg = argv.indexOf('--json');
const BALLAST_PAGES = opt('--ballast-pages', 256);
const profileArg = argv.indexOf('--profile-node');
const attacksArg = argv.indexOf('--attacks');
/** Which attackers run (all by default): to tell apart what each costs the node. */
const ATTACKS = new Set(
  attacksArg >= 0
    ? argv[attacksArg + 1]!.split(',').filter((a) => a !== '')
    : ['flood', 'reset', 'trickle', 'oversize'],
);
const NODE_FLAGS =
  profileArg >= 0 ? ['--cpu-prof', '--cpu-prof-interval', '500', '--cpu-prof-dir', argv[profileArg + 1]!] : [];
const KV = new Uint8Array(readFileSync(fileURLToPath(new URL('../../../../examples/kv-c/kv.wasm', import.meta.url))));
const BALLAST = new Uint8Array(
  readFileSync(fileURLToPath(new URL('../../../../examples/ballast-wat/ballast.wasm', import.meta.url))),
);
const SIGNER = EnclaveSigner.generate();
const MANIFEST = signAgentManifest(KV, SIGNER, { isvProdId: 1, isvSvn: 1, allowPlain: true });
const BALLAST_MANIFEST = signAgentManifest(BALLAST, SIGNER, { isvProdId: 2, isvSvn: 1, allowPlain: true });
const ATTACKER = '127.0.0.2';
const MiB = 1024 * 1024;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const root = mkdtempSync(join(tmpdir(), 'edgedancer-soak-'));
const cluster = await startCluster(['soak'], root, {
  allowSigners: [Buffer.from(parseManifest(MANIFEST).mrSigner).toString('hex')],
  nodeArgs: { soak: ['--max-memory-pages', String(Math.max(4096, BALLAST_PAGES + 16))] },
  execArgv: { soak: NODE_FLAGS },
});
const node = cluster.node('soak');
const pid = node.process.pid!;
let running = true;
const attacks = { flood: 0, resets: 0, trickles: 0, oversized: 0, transfers: 0, refusedConnections: 0 };

const rss = (): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

function tcp(url: string): Promise<Socket | null> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = connect({ host: u.hostname, port: Number(u.port), localAddress: ATTACKER }, () => resolve(s));
    s.on('error', () => {
      attacks.refusedConnections++;
      resolve(null);
    });
    s.resume();
  });
}

function rawRequest(url: string, method: string, headers: Record<string, string>, body?: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const req = request(url, { method, headers, localAddress: ATTACKER, agent: false }, (res) => {
      res.resume();
      res.on('end', resolve);
      res.on('error', () => resolve());
    });
    req.on('error', () => resolve());
    req.end(body);
  });
}

async function flood(): Promise<void> {
  const targets: [string, string][] = [
    [node.url, '/v1/node'],
    [node.url, '/a/nobody'],
    [node.controlUrl, '/v1/agents'],
    [node.url, `/v1/relay/${'a'.repeat(64)}`],
    [node.controlUrl, '/v1/persist'],
  ];
  let i = 0;
  while (running) {
    const [base, path] = targets[i++ % targets.length]!;
    await rawRequest(
      new URL(path, base).toString(),
      path.startsWith('/a/') || path === '/v1/persist' ? 'POST' : 'GET',
      { 'content-type': 'application/json' },
      Buffer.from('{}'),
    );
    attacks.flood++;
  }
}

async function resets(): Promise<void> {
  while (running) {
    const s = await tcp(attacks.resets % 2 === 0 ? node.url : node.controlUrl);
    if (s !== null) {
      s.write(
        `GET /v1/transfer HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: ${attacks.resets % 3 === 0 ? 'edgedancer-transfer/1' : 'bogus'}\r\n\r\n\x00\x00\x01`,
      );
      await sleep(attacks.resets % 5);
      s.resetAndDestroy();
    }
    attacks.resets++;
    await sleep(5);
  }
}

async function trickle(): Promise<void> {
  const open: Socket[] = [];
  while (running) {
    while (open.length < 40) {
      const s = await tcp(node.url);
      if (s === null) break;
      s.write('POST /a/user HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n');
      s.once('close', () => {
        const i = open.indexOf(s);
        if (i >= 0) open.splice(i, 1);
      });
      open.push(s);
      attacks.trickles++;
    }
    for (const s of open) if (!s.destroyed) s.write('X');
    await sleep(500);
  }
  for (const s of open) s.destroy();
}

async function oversize(): Promise<void> {
  const big = Buffer.alloc(4 * MiB, 0x61);
  while (running) {
    // a declared 600 MB body, a streamed 40 MiB one, an upgrade announcing a 16 MiB frame
    await rawRequest(
      new URL('/a/user', node.url).toString(),
      'POST',
      { 'content-length': String(600 * MiB) },
      Buffer.from('x'),
    );
    const s = await tcp(node.url);
    if (s !== null) {
      s.write('POST /a/user HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
      for (let i = 0; i < 10 && !s.destroyed; i++) {
        s.write(`${big.length.toString(16)}\r\n`);
        s.write(big);
        s.write('\r\n');
        await sleep(5);
      }
      s.destroy();
    }
    const t = await tcp(node.url);
    if (t !== null) {
      t.write('GET /v1/transfer HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: edgedancer-transfer/1\r\n\r\n');
      t.write(Buffer.from([0x00, 0x00, 0x00, 0x01]));
      t.write(big);
      await sleep(200);
      t.destroy();
      attacks.transfers++;
    }
    attacks.oversized++;
    await sleep(100);
  }
}

const latencies: number[] = [];
let errors = 0;
const errorKinds: Record<string, number> = {};
const failed = (kind: string): void => {
  errors++;
  errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
};
let operatorErrors = 0;

async function legitimate(): Promise<void> {
  const interval = 1000 / RATE;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; running; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const req = i % 2 === 0 ? `put k${i % 100} v${i}` : `get k${(i - 1) % 100}`;
    pending.push(
      (async () => {
        const t0 = performance.now();
        try {
          const r = await callAgent(node.url, 'user', new TextEncoder().encode(req), { timeoutMs: 30_000 });
          if (r.status !== 200) failed(`${r.status} ${Buffer.from(r.body).toString().slice(0, 60)}`);
        } catch (e) {
          failed((e as { code?: string }).code ?? (e as Error).message);
        }
        latencies.push(performance.now() - t0);
      })(),
    );
    if (pending.length > 1000) await Promise.all(pending.splice(0, 500));
  }
  await Promise.all(pending);
}

async function operator(): Promise<void> {
  const touch = new Uint8Array([0x74, 1, 0, 0, 0]);
  while (running) {
    await sleep(5000);
    try {
      // one ballast page rewritten: the persist below seals the whole agent again
      if (BALLAST_PAGES > 0) await callAgent(node.url, 'ballast', touch);
      await cluster.control('soak', '/v1/agents');
      await cluster.control('soak', '/v1/persist', { method: 'POST' });
    } catch {
      operatorErrors++;
    }
  }
}

/**
 * The machine's own share of the stalls: an idle process beside the node measuring its event loop's delays the
 * same way (`monitorEventLoopDelay`). What the node's figure has above this one is the node's own work.
 */
function startProbe(): { result(): Promise<{ maxMs: number; p99Ms: number; p50Ms: number }> } {
  const code = `const h = require('node:perf_hooks').monitorEventLoopDelay({ resolution: 10 }); h.enable(); setInterval(() => {}, 1000);
process.on('message', () => { h.disable(); process.send({ maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, p50Ms: h.percentile(50) / 1e6 }, () => process.exit(0)); });`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return {
    result: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as { maxMs: number; p99Ms: number; p50Ms: number }));
        child.send('stop');
      }),
  };
}

/** An operation's timings as the node's status gives them. */
interface Timing {
  count: number;
  maxMs: number;
  maxCpuMs?: number;
  totalMs: number;
}

/** One line of timings, longest first (`none` when nothing ran). */
function timings(m: Record<string, Timing>, cpu = false): string {
  const e = Object.entries(m).sort((a, b) => b[1].maxMs - a[1].maxMs);
  if (e.length === 0) return 'none';
  return e
    .map(
      ([k, v]) =>
        `${k} ${v.maxMs.toFixed(1)} / ${(cpu ? (v.maxCpuMs ?? NaN) : v.totalMs / v.count).toFixed(1)} (${v.count}×)`,
    )
    .join(', ');
}

let peakRss = 0;
try {
  await cluster.control('soak', '/v1/agents', {
    json: {
      id: 'user',
      module: Buffer.from(KV).toString('base64'),
      manifest: Buffer.from(MANIFEST).toString('base64'),
    },
  });
  if (BALLAST_PAGES > 0) {
    await cluster.control('soak', '/v1/agents', {
      json: {
        id: 'ballast',
        module: Buffer.from(BALLAST).toString('base64'),
        manifest: Buffer.from(BALLAST_MANIFEST).toString('base64'),
      },
    });
    const cmd = (c: string, n: number): Uint8Array => {
      const b = new Uint8Array(5);
      b[0] = c.charCodeAt(0);
      new DataView(b.buffer).setUint32(1, n, true);
      return b;
    };
    if ((await callAgent(node.url, 'ballast', cmd('f', BALLAST_PAGES))).status !== 200)
      throw new Error('the ballast agent did not grow');
  }
  // the event loop's delays are measured from here on (not the deploys and the ballast's growth above)
  await cluster.control('soak', '/v1/node?reset-event-loop=1');
  const baseRss = rss();
  const probe = startProbe();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rss());
  }, 250);
  console.log(
    `soak: ${SECONDS} s, ${RATE} legitimate requests/s; attackers ${[...ATTACKS].join(', ') || 'none'} from ${ATTACKER}`,
  );
  const work = [
    legitimate(),
    operator(),
    ...(ATTACKS.has('flood') ? [flood(), flood()] : []),
    ...(ATTACKS.has('reset') ? [resets()] : []),
    ...(ATTACKS.has('trickle') ? [trickle()] : []),
    ...(ATTACKS.has('oversize') ? [oversize()] : []),
  ];
  await sleep(SECONDS * 1000);
  running = false;
  await Promise.all(work);
  clearInterval(sampler);
  const machine = await probe.result();
  const status = await cluster.control<{
    eventLoop: { maxDelayMs: number; p99DelayMs: number; p50DelayMs?: number };
    agents: number;
    blocking: Record<string, Timing>;
    operations: Record<string, Timing>;
    gc: Record<string, Timing>;
    stalls: { ms: number; cpuMs: number; waitMs: number; gcMs: number; gcKinds: string[]; during: string[] }[];
    longestRun: { cpuMs: number; gcMs: number; gcKinds: string[]; during: string[] } | null;
    memory: Record<string, number>;
  }>('soak', '/v1/node');
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  const result = {
    seconds: SECONDS,
    rate: RATE,
    ballastPages: BALLAST_PAGES,
    requests: latencies.length,
    errors,
    errorKinds,
    operatorErrors,
    p50Ms: Number(pct(50).toFixed(1)),
    p99Ms: Number(pct(99).toFixed(1)),
    maxMs: Number((sorted[sorted.length - 1] ?? NaN).toFixed(1)),
    baseRssMiB: Number((baseRss / MiB).toFixed(1)),
    peakRssMiB: Number((peakRss / MiB).toFixed(1)),
    longestStallMs: Number(status.eventLoop.maxDelayMs.toFixed(1)),
    p99StallMs: Number(status.eventLoop.p99DelayMs.toFixed(1)),
    p50StallMs: Number((status.eventLoop.p50DelayMs ?? NaN).toFixed(1)),
    idleProcessStall: {
      maxMs: Number(machine.maxMs.toFixed(1)),
      p99Ms: Number(machine.p99Ms.toFixed(1)),
      p50Ms: Number(machine.p50Ms.toFixed(1)),
    },
    nodeAlive: node.process.exitCode === null,
    nodeMemory: status.memory,
    attacks,
    blocking: status.blocking,
    operations: status.operations,
    gc: status.gc,
    stalls: status.stalls,
    longestRun: status.longestRun,
    loadAverage: load,
  };
  console.log(
    `legitimate: ${result.requests} requests, ${result.errors} errors, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms; operator errors ${operatorErrors}`,
  );
  console.log(
    `node: peak RSS ${result.peakRssMiB} MiB (${result.baseRssMiB} MiB at start), longest event-loop stall ${result.longestStallMs} ms (p99 ${result.p99StallMs} ms, p50 ${result.p50StallMs} ms), alive ${result.nodeAlive}`,
  );
  console.log(
    `an idle process beside it (the machine's own delays): longest stall ${result.idleProcessStall.maxMs} ms (p99 ${result.idleProcessStall.p99Ms} ms, p50 ${result.idleProcessStall.p50Ms} ms)`,
  );
  console.log(`operations, longest / mean wall ms (count): ${timings(status.operations)}; load average ${load}`);
  console.log(`synchronous on the node's thread, longest wall / CPU ms (count): ${timings(status.blocking, true)}`);
  console.log(`garbage collection pauses, longest / mean ms (count): ${timings(status.gc)}`);
  const gcOf = (s: { gcMs: number; gcKinds: string[] }): string =>
    `gc ${s.gcMs}${s.gcKinds.length > 0 ? ` ${s.gcKinds.join('+')}` : ''}`;
  console.log(
    `longest stalls, ms (the node's thread running / waiting for a CPU; garbage collection in it; operations under way): ${status.stalls
      .slice(0, 5)
      .map((s) => `${s.ms} (${s.cpuMs} / ${s.waitMs}; ${gcOf(s)}; ${s.during.join(' ') || '-'})`)
      .join(', ')}`,
  );
  const run = status.longestRun;
  if (run !== null)
    console.log(
      `the node's own longest stall (its thread running between two 10 ms ticks): ${run.cpuMs} ms (${gcOf(run)}; ${run.during.join(' ') || '-'})`,
    );
  if (errors > 0) console.log(`legitimate errors: ${JSON.stringify(errorKinds)}`);
  console.log(`attackers: ${JSON.stringify(attacks)}`);
  if (jsonArg >= 0) writeFileSync(argv[jsonArg + 1]!, JSON.stringify(result, null, 2));
} finally {
  await cluster.stop();
  rmSync(root, { recursive: true, force: true });
}
