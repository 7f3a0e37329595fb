/**
 * `edgedancer demo`: three edge nodes as separate processes on loopback; the key-value agent
 * (`examples/kv-c`) deployed on the first and moved along its user's path, live (pre-copy) and stop-and-copy,
 * weak and strong, by the operator and by the agent itself, once in the middle of a computation; a simulated user
 * sending requests all along through the user channel (`AgentClient`: the agent's attestation verified against the
 * vendor root and the agent's build, each request sealed to the agent's key and opened only inside its enclave,
 * the agent followed and re-verified after each move); a timeline of migrations (total time, downtime, bytes) and
 * request latencies; and a check that every response equals the unmigrated run's. The demo plays the vendor: it
 * provisions each node's platform, then starts the nodes without the vendor key.
 * @module
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnclaveSigner, parseManifest } from '@edgedancer/enclave-sim';
import { flag, parseArgs } from '../args.js';
import type { CliCommand } from '../command.js';
import { ExitCode } from '../io.js';
import { hashModule } from '@edgedancer/migration';
import { AgentClient } from '../client/index.js';
import { agentMeasurement, signAgentManifest } from '../node/agent-enclave-build.js';
import { ClientError } from '../node/client.js';
import { referenceResponses } from '../node/demo-reference.js';
import { startCluster, type Cluster } from '../node/local-cluster.js';

const KV_WASM = fileURLToPath(new URL('../../../../../examples/kv-c/kv.wasm', import.meta.url));
const NODES = ['edge-1', 'edge-2', 'edge-3'] as const;

/** One step of the user's path: a request, and optionally an operator migration started right after sending it. */
interface Step {
  readonly request: string;
  readonly migrate?: { readonly to: string; readonly stopAndCopy?: boolean; readonly delayMs?: number };
}

function script(): Step[] {
  const s: Step[] = [];
  for (let i = 0; i < 40; i++) s.push({ request: `put user${i} item-${i * 7}` });
  s.push({ request: 'count', migrate: { to: 'edge-2' } });                                   // live, weak (idle agent)
  for (let i = 0; i < 20; i++) s.push({ request: i % 2 === 0 ? `get user${i}` : `put cart${i} ${i}` });
  s.push({ request: 'digest 3000 edge-3' });                                                 // agent-initiated strong, mid-computation
  for (let i = 0; i < 10; i++) s.push({ request: `get cart${2 * i + 1}` });
  s.push({ request: 'count', migrate: { to: 'edge-1', stopAndCopy: true } });                // operator, stop-and-copy
  for (let i = 0; i < 10; i++) s.push({ request: `put late${i} ${i}` });
  s.push({ request: 'go-weak edge-2' });                                                     // agent-initiated weak
  s.push({ request: 'digest 6000', migrate: { to: 'edge-3', delayMs: 15 } });               // operator, strong: paused mid-digest
  for (let i = 0; i < 10; i++) s.push({ request: `get late${i}` });
  s.push({ request: 'digest 50' });
  s.push({ request: 'count' });
  return s;
}

/**
 * Where the agent is, once it is not moving (a weak move may still be under way after its request returned):
 * asked of each node's control listener, following `agent-moved` answers.
 */
async function locate(cluster: Cluster, entry: string): Promise<string> {
  let at = cluster.nodes.find((n) => n.url === entry)?.name ?? cluster.nodes[0]!.name;
  for (;;) {
    try {
      const a = await cluster.control<{ node: string; state: string }>(at, '/v1/agents/kv-demo');
      if (a.state !== 'migrating') return a.node;
    } catch (e) {
      const next = e instanceof ClientError && e.code === 'agent-moved' ? cluster.nodes.find((n) => n.url === e.location) : undefined;
      if (next === undefined) throw e;
      at = next.name;
      continue;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** The `demo` subcommand. */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'three edge nodes on loopback, an agent following its user, a timeline',
  usage: 'usage: edgedancer demo [--json] [--keep]\n\nStarts three edge nodes on loopback, moves the kv agent along its user\'s path, prints a timeline.',
  async run(argv, io) {
    const args = parseArgs(argv, [{ name: 'json', value: false }, { name: 'keep', value: false }]);
    const json = flag(args, 'json');
    const say = (line: string): void => { if (!json) io.out(line); };
    const root = mkdtempSync(join(tmpdir(), 'edgedancer-demo-'));
    const t0 = performance.now();
    const module = new Uint8Array(readFileSync(KV_WASM));
    const manifest = signAgentManifest(module, EnclaveSigner.generate(), { isvProdId: 1, isvSvn: 1 });
    const signer = Buffer.from(parseManifest(manifest).mrSigner).toString('hex');
    // an operator key made for this cluster signs every control request; the nodes admit the demo's signer only
    const cluster = await startCluster(NODES, root, { allowSigners: [signer] });
    try {
      say(`three edge nodes on loopback: ${cluster.nodes.map((n) => `${n.name} ${n.url} (control ${n.controlUrl}, pid ${n.process.pid})`).join(', ')}`);
      say(`operator key ${cluster.operator.keyid.slice(0, 12)}… signs every control request (RFC 9421); nodes admit signer ${signer.slice(0, 12)}…`);
      await cluster.control('edge-1', '/v1/agents', { json: { id: 'kv-demo', module: Buffer.from(module).toString('base64'), manifest: Buffer.from(manifest).toString('base64') } });
      say('deployed kv-demo (examples/kv-c) on edge-1 in a simulated enclave; the user talks to it end to end (HPKE)');
      // the user trusts the vendor root and this agent's build, and follows the agent wherever it goes
      const user = new AgentClient({
        node: cluster.node('edge-1').url, agentId: 'kv-demo',
        policy: { trustedRoot: readFileSync(cluster.platforms.rootCertificate), mrEnclave: agentMeasurement(module, false), moduleHash: hashModule(module) },
      });
      const steps = script();
      const expected = referenceResponses(module, steps.map((s) => s.request));
      const requests: { i: number; request: string; ms: number; at: number; node: string; hops: number; ok: boolean; duringMigration: boolean }[] = [];
      const operator: Promise<unknown>[] = [];
      let migrating = 0;
      let entry = cluster.node('edge-1').url;
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i]!;
        // an agent asks to move only once the operator's moves are over (a move under way makes its request fail)
        if (/^(go-weak \S+|digest \d+ \S+)$/.test(step.request)) await Promise.all(operator);
        const started = performance.now();
        const wasMigrating = migrating > 0;
        const pending = user.call(new TextEncoder().encode(step.request));
        if (step.migrate !== undefined) {
          const m = step.migrate;
          const from = await locate(cluster, entry);
          migrating++;
          operator.push((async () => {
            if (m.delayMs !== undefined) await new Promise((r) => setTimeout(r, m.delayMs));
            try {
              return await cluster.control(from, '/v1/agents/kv-demo/migrate', { json: { to: m.to, stopAndCopy: m.stopAndCopy === true } });
            } finally {
              migrating--;
            }
          })());
        }
        const r = await pending;
        const text = Buffer.from(r.body).toString('utf8');
        entry = `${r.node}/`;
        const ms = performance.now() - started;
        requests.push({ i, request: step.request, ms, at: started - t0, node: new URL(r.node).port, hops: r.redirects, ok: r.status === 'ok' && text === expected[i], duringMigration: wasMigrating || migrating > 0 || r.redirects > 0 });
        if (text !== expected[i]) say(`  MISMATCH at ${i} (${step.request}): got "${text}", expected "${expected[i]}"`);
      }
      await Promise.all(operator);
      const nodeByPort = new Map(cluster.nodes.map((n) => [String(n.port), n.name]));
      const migrations = (await Promise.all(cluster.nodes.map((n) => cluster.control<{ migrations: Record<string, unknown>[] }>(n.name, '/v1/node')))).flatMap((x) => x.migrations).sort((a, b) => Number(a.at) - Number(b.at));
      const final = await cluster.control<Record<string, unknown>>(await locate(cluster, entry), '/v1/agents/kv-demo');
      const allOk = requests.every((r) => r.ok);
      const lat = requests.map((r) => r.ms).sort((a, b) => a - b);
      const during = requests.filter((r) => r.duringMigration).map((r) => r.ms);
      const summary = {
        nodes: cluster.nodes.map((n) => ({ name: n.name, url: n.url, pid: n.process.pid })),
        migrations: migrations.map((m) => ({ from: m.from, to: m.to, initiator: m.initiator, mode: m.mode, kind: m.kind, rounds: m.rounds, bytesSent: m.bytesSent, moduleSent: m.moduleSent, totalMs: m.totalMs, downtimeMs: m.downtimeMs, attestationMs: m.attestationMs, captureMs: m.captureMs, sealMs: m.sealMs, transferMs: m.transferMs, restoreMs: m.restoreMs })),
        requests: requests.map((r) => ({ ...r, node: nodeByPort.get(r.node) ?? r.node })),
        latency: { count: lat.length, medianMs: lat[Math.floor(lat.length / 2)], p99Ms: lat[Math.floor(lat.length * 0.99)], maxMs: lat[lat.length - 1], duringMigrationMaxMs: during.length === 0 ? 0 : Math.max(...during) },
        final: { node: final.node, counter: final.counter, served: final.served },
        matchesUnmigratedRun: allOk,
        totalMs: performance.now() - t0,
      };
      if (json) io.out(JSON.stringify(summary));
      else {
        say('\nmigrations:');
        say(`  ${'from'.padEnd(7)} ${'to'.padEnd(7)} ${'by'.padEnd(9)} ${'mode'.padEnd(14)} ${'kind'.padEnd(7)} rounds ${'total'.padStart(9)} ${'downtime'.padStart(9)} ${'sent'.padStart(9)}  module`);
        for (const m of summary.migrations) {
          say(`  ${String(m.from).padEnd(7)} ${String(m.to).padEnd(7)} ${String(m.initiator).padEnd(9)} ${String(m.mode).padEnd(14)} ${String(m.kind).padEnd(7)} ${String(m.rounds).padStart(6)} ${(Number(m.totalMs).toFixed(1) + ' ms').padStart(9)} ${(Number(m.downtimeMs).toFixed(1) + ' ms').padStart(9)} ${((Number(m.bytesSent) / 1024).toFixed(1) + ' KiB').padStart(9)}  ${m.moduleSent ? 'sent' : 'cached'}`);
        }
        say('\nuser requests (* = during or right after a migration):');
        for (const r of summary.requests) {
          if (r.duringMigration || r.request.startsWith('digest') || r.request.startsWith('go')) say(`  ${r.at.toFixed(0).padStart(6)} ms  ${r.node.padEnd(7)} ${r.ms.toFixed(1).padStart(7)} ms ${r.duringMigration ? '*' : ' '} ${r.hops > 0 ? `(${r.hops} redirect)` : '            '} ${r.request}`);
        }
        say(`  … ${requests.length} requests: median ${summary.latency.medianMs!.toFixed(1)} ms, p99 ${summary.latency.p99Ms!.toFixed(1)} ms, max ${summary.latency.maxMs!.toFixed(1)} ms`);
        say(`\nfinal: kv-demo on ${String(final.node)}, migration counter ${String(final.counter)}`);
        say(allOk ? `every response (${requests.length}) equals the unmigrated run's: OK` : 'responses differ from the unmigrated run: FAILED');
      }
      return allOk ? ExitCode.Ok : ExitCode.Failure;
    } finally {
      await cluster.stop();
      if (!flag(args, 'keep')) rmSync(root, { recursive: true, force: true });
    }
  },
};
