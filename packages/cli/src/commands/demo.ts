/**
 * `edgedancer demo`: three edge nodes as separate processes on loopback; the key-value agent
 * (`examples/kv-c`) deployed on the first and moved along its user's path, live (pre-copy) and stop-and-copy,
 * weak and strong, by the operator and by the agent itself, once in the middle of a computation; a simulated user
 * sending requests all along through the user channel (`AgentClient`: the agent's attestation verified against the
 * vendor root and the agent's build, each request sealed to the agent's key and opened only inside its enclave,
 * the agent followed and re-verified after each move); a timeline of migrations (total time, downtime, bytes) and
 * request latencies; and a check that every response equals the unmigrated run's. Then the WASI example agents
 * (`examples/agents/`: C with wasi-libc, Rust with std), built from source, are deployed, called and moved
 * between the same nodes with their files intact (`demo/wasi-agents.ts`; a missing toolchain is one line). The demo
 * plays the vendor: it provisions each node's platform, then starts the nodes without the vendor key.
 * @module
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnclaveSigner, parseManifest } from '@edgedancer/enclave-sim';
import { hashModule } from '@edgedancer/migration';
import { flag, parseArgs, stringOption } from '../args.js';
import { AgentClient } from '../client/index.js';
import type { CliCommand } from '../command.js';
import {
  counterLine,
  type DemoMigration,
  type DemoRequest,
  type ExpectedMove,
  migrationLine,
  overlappingMigrations,
  reasonsFor,
  requestTable,
} from '../demo/demo-report.js';
import { latencySvg } from '../demo/latency-svg.js';
import { buildExampleAgents, tourWasiAgents, type WasiAgentsOutcome, wasiAgentLines } from '../demo/wasi-agents.js';
import { ExitCode } from '../io.js';
import { agentMeasurement, signAgentManifest } from '../node/agent-enclave-build.js';
import { ClientError } from '../node/client.js';
import { referenceResponses } from '../node/demo-reference.js';
import { type Cluster, startCluster } from '../node/local-cluster.js';

const KV_WASM = fileURLToPath(new URL('../../../../../examples/kv-c/kv.wasm', import.meta.url));
const AGENTS_BUILD = fileURLToPath(new URL('../../../../../examples/agents/build.mjs', import.meta.url));
const NODES = ['edge-1', 'edge-2', 'edge-3'] as const;

/** One step of the user's path: a request, and optionally an operator migration started right after sending it. */
interface Step {
  readonly request: string;
  readonly migrate?: {
    readonly to: string;
    readonly stopAndCopy?: boolean;
    readonly delayMs?: number;
    readonly why: string;
  };
  /** A request that makes the agent move itself (the destination and the reason), or a long computation. */
  readonly agentMove?: { readonly to: string; readonly why: string };
  readonly note?: string;
}

/**
 * The user's path. `scale` 1 is the full demo; `quick` sends fewer requests between the same moves.
 * @param quick - fewer requests (for tests)
 * @returns the steps
 */
function script(quick: boolean): Step[] {
  const n = (full: number): number => (quick ? Math.max(2, Math.floor(full / 5)) : full);
  const s: Step[] = [];
  for (let i = 0; i < n(40); i++) s.push({ request: `put user${i} item-${i * 7}` });
  s.push({
    request: 'count',
    migrate: { to: 'edge-2', why: 'the user travels towards edge-2, so the operator moves the agent after it' },
  }); // live, weak (idle agent)
  for (let i = 0; i < n(20); i++) s.push({ request: i % 2 === 0 ? `get user${i}` : `put cart${i} ${i}` });
  s.push({
    // agent-initiated strong, mid-computation
    request: 'digest 3000 edge-3',
    agentMove: {
      to: 'edge-3',
      why: 'it asked to move in the middle of a computation (its call stack travels and the call finishes at edge-3)',
    },
    note: 'a long computation during which the agent moved itself to edge-3 and finished there',
  });
  for (let i = 0; i < n(10); i++) s.push({ request: `get cart${2 * i + 1}` });
  s.push({
    request: 'count',
    migrate: {
      to: 'edge-1',
      stopAndCopy: true,
      why: 'the operator brings it back to edge-1 (stop-and-copy: no rounds while it runs)',
    },
  });
  for (let i = 0; i < n(10); i++) s.push({ request: `put late${i} ${i}` });
  s.push({
    // agent-initiated weak
    request: 'go-weak edge-2',
    agentMove: { to: 'edge-2', why: 'it asked to move once its request is answered (weak: only its memory travels)' },
    note: 'the agent asks to move once this request is answered (the move follows the answer)',
  });
  s.push({
    // operator, strong: paused mid-digest
    request: 'digest 6000',
    migrate: {
      to: 'edge-3',
      delayMs: 15,
      why: 'the operator moves it while it computes (strong: paused mid-digest, resumed at edge-3)',
    },
    note: "a long computation, paused mid-way by the operator's move and finished at edge-3",
  });
  for (let i = 0; i < n(10); i++) s.push({ request: `get late${i}` });
  s.push({ request: 'digest 50', note: 'a short computation (a digest of the store)' });
  s.push({ request: 'count' });
  return s;
}

/** The moves a script makes, in order. */
function expectedMoves(steps: readonly Step[]): ExpectedMove[] {
  return steps.flatMap((s): ExpectedMove[] => [
    ...(s.agentMove === undefined ? [] : [{ initiator: 'agent' as const, to: s.agentMove.to, why: s.agentMove.why }]),
    ...(s.migrate === undefined ? [] : [{ initiator: 'platform' as const, to: s.migrate.to, why: s.migrate.why }]),
  ]);
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
      const next =
        e instanceof ClientError && e.code === 'agent-moved'
          ? cluster.nodes.find((n) => n.url === e.location)
          : undefined;
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
  usage: [
    'usage: edgedancer demo [--json] [--svg FILE] [--quick] [--keep]',
    '',
    "Starts three edge nodes on loopback, moves the kv agent along its user's path, prints what happened;",
    'then builds the WASI example agents (C, Rust) from source, and deploys, calls and moves them.',
    '  --svg FILE  where to write the latency chart (default edgedancer-demo.svg in the current directory)',
    '  --quick     fewer requests between the same five moves',
    '  --json      the run as one JSON object (the chart is written too)',
    "  --keep      keep the nodes' state directory",
  ].join('\n'),
  async run(argv, io) {
    const args = parseArgs(argv, [
      { name: 'json', value: false },
      { name: 'keep', value: false },
      { name: 'quick', value: false },
      { name: 'svg', value: true },
    ]);
    const json = flag(args, 'json');
    const svgPath = resolve(stringOption(args, 'svg') ?? 'edgedancer-demo.svg');
    const say = (line: string): void => {
      if (!json) io.out(line);
    };
    const root = mkdtempSync(join(tmpdir(), 'edgedancer-demo-'));
    const t0 = performance.now();
    const epoch0 = Date.now();
    const module = new Uint8Array(readFileSync(KV_WASM));
    const author = EnclaveSigner.generate();
    const manifest = signAgentManifest(module, author, { isvProdId: 1, isvSvn: 1 });
    const signer = Buffer.from(parseManifest(manifest).mrSigner).toString('hex');
    // an operator key made for this cluster signs every control request; the nodes admit the demo's signer only
    const cluster = await startCluster(NODES, root, { allowSigners: [signer] });
    try {
      say(
        `three edge nodes on loopback: ${cluster.nodes.map((n) => `${n.name} ${n.url} (control ${n.controlUrl}, pid ${n.process.pid})`).join(', ')}`,
      );
      say(
        `operator key ${cluster.operator.keyid.slice(0, 12)}… signs every control request (RFC 9421); nodes admit signer ${signer.slice(0, 12)}…`,
      );
      await cluster.control('edge-1', '/v1/agents', {
        json: {
          id: 'kv-demo',
          module: Buffer.from(module).toString('base64'),
          manifest: Buffer.from(manifest).toString('base64'),
        },
      });
      say('deployed kv-demo (examples/kv-c) on edge-1 in a simulated enclave; the user talks to it end to end (HPKE)');
      // the user trusts the vendor root and this agent's build, and follows the agent wherever it goes
      const user = new AgentClient({
        node: cluster.node('edge-1').url,
        agentId: 'kv-demo',
        policy: {
          trustedRoot: readFileSync(cluster.platforms.rootCertificate),
          mrEnclave: agentMeasurement(module, false),
          moduleHash: hashModule(module),
        },
      });
      const steps = script(flag(args, 'quick'));
      const expected = referenceResponses(
        module,
        steps.map((s) => s.request),
      );
      const sent: {
        i: number;
        request: string;
        ms: number;
        at: number;
        port: string;
        hops: number;
        ok: boolean;
        note?: string;
      }[] = [];
      const operator: Promise<unknown>[] = [];
      let entry = cluster.node('edge-1').url;
      say(`the user sends ${steps.length} requests while the agent moves 5 times…`);
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i]!;
        // an agent asks to move only once the operator's moves are over (a move under way makes its request fail)
        if (step.agentMove !== undefined) await Promise.all(operator);
        const started = performance.now();
        const pending = user.call(new TextEncoder().encode(step.request));
        if (step.migrate !== undefined) {
          const m = step.migrate;
          const from = await locate(cluster, entry);
          operator.push(
            (async () => {
              if (m.delayMs !== undefined) await new Promise((r) => setTimeout(r, m.delayMs));
              return cluster.control(from, '/v1/agents/kv-demo/migrate', {
                json: { to: m.to, stopAndCopy: m.stopAndCopy === true },
              });
            })(),
          );
        }
        const r = await pending;
        const text = Buffer.from(r.body).toString('utf8');
        entry = `${r.node}/`;
        const ms = performance.now() - started;
        sent.push({
          i,
          request: step.request,
          ms,
          at: started - t0,
          port: new URL(r.node).port,
          hops: r.redirects,
          ok: r.status === 'ok' && text === expected[i],
          ...(step.note === undefined ? {} : { note: step.note }),
        });
        if (text !== expected[i]) say(`  MISMATCH at ${i} (${step.request}): got "${text}", expected "${expected[i]}"`);
      }
      await Promise.all(operator);
      const nodeByPort = new Map(cluster.nodes.map((n) => [String(n.port), n.name]));
      const reported = (
        await Promise.all(
          cluster.nodes.map((n) => cluster.control<{ migrations: Record<string, unknown>[] }>(n.name, '/v1/node')),
        )
      )
        .flatMap((x) => x.migrations)
        .filter((m) => m.agentId === 'kv-demo')
        .sort((a, b) => Number(a.at) - Number(b.at));
      const reasons = reasonsFor(
        reported.map((m) => ({ initiator: String(m.initiator), to: String(m.to) })),
        expectedMoves(steps),
      );
      // a migration's window in the run's clock: from its start to its commit (`at`, the source's clock: the same machine)
      const migrations: DemoMigration[] = reported.map((m, k) => ({
        from: String(m.from),
        to: String(m.to),
        initiator: String(m.initiator),
        mode: String(m.mode),
        kind: String(m.kind),
        rounds: Number(m.rounds),
        bytesSent: Number(m.bytesSent),
        moduleSent: m.moduleSent === true,
        totalMs: Number(m.totalMs),
        downtimeMs: Number(m.downtimeMs),
        counter: String(m.counter),
        startMs: Number(m.at) - epoch0 - Number(m.totalMs),
        endMs: Number(m.at) - epoch0,
        why: reasons[k]!,
      }));
      const requests: DemoRequest[] = sent.map((r) => ({
        i: r.i,
        request: r.request,
        at: r.at,
        ms: r.ms,
        node: nodeByPort.get(r.port) ?? r.port,
        hops: r.hops,
        ok: r.ok,
        inFlight: overlappingMigrations(r.at, r.ms, migrations).length > 0,
        ...(r.note === undefined ? {} : { note: r.note }),
      }));
      const final = await cluster.control<Record<string, unknown>>(await locate(cluster, entry), '/v1/agents/kv-demo');
      // the WASI example agents, built from source once the kv agent's requests are over (the build would
      // weigh on their latencies)
      say('\nbuilding the WASI example agents from source (examples/agents/build.mjs: clang, rustc)…');
      const built = await buildExampleAgents(AGENTS_BUILD, join(root, 'agents'));
      const wasi: WasiAgentsOutcome =
        'dir' in built ? await tourWasiAgents(cluster, built.dir, author, say) : { ran: false, reason: built.reason };
      const allOk = requests.every((r) => r.ok);
      const lat = requests.map((r) => r.ms).sort((a, b) => a - b);
      const during = requests.filter((r) => r.inFlight).map((r) => r.ms);
      writeFileSync(
        svgPath,
        latencySvg(
          requests.map((r) => ({
            atMs: r.at,
            latencyMs: r.ms,
            inFlight: r.inFlight,
            label: `#${r.i} ${r.request} (${r.node})`,
          })),
          migrations.map((m, k) => ({ startMs: m.startMs, endMs: m.endMs, label: `${k + 1}. ${m.from} → ${m.to}` })),
          `edgedancer demo: ${requests.length} requests, ${migrations.length} migrations`,
        ),
      );
      const summary = {
        nodes: cluster.nodes.map((n) => ({ name: n.name, url: n.url, pid: n.process.pid })),
        migrations: migrations.map((m, k) => ({
          ...m,
          attestationMs: reported[k]!.attestationMs,
          captureMs: reported[k]!.captureMs,
          sealMs: reported[k]!.sealMs,
          transferMs: reported[k]!.transferMs,
          restoreMs: reported[k]!.restoreMs,
        })),
        requests: requests.map((r) => ({ ...r, duringMigration: r.inFlight })),
        latency: {
          count: lat.length,
          medianMs: lat[Math.floor(lat.length / 2)],
          p99Ms: lat[Math.floor(lat.length * 0.99)],
          maxMs: lat[lat.length - 1],
          duringMigrationMaxMs: during.length === 0 ? 0 : Math.max(...during),
        },
        final: { node: final.node, counter: final.counter, served: final.served },
        wasiAgents: wasi,
        svg: svgPath,
        matchesUnmigratedRun: allOk,
        totalMs: performance.now() - t0,
      };
      if (json) io.out(JSON.stringify(summary));
      else {
        say('\nmigrations (why, from → to, how, downtime: the time the agent answered nothing):');
        migrations.forEach((m, k) => say(`  ${migrationLine(m, k)}`));
        say('');
        say(
          `  ${'#'.padStart(2)} ${'from'.padEnd(7)} ${'to'.padEnd(7)} ${'by'.padEnd(8)} ${'mode'.padEnd(13)} ${'kind'.padEnd(6)} ${'rounds'.padStart(6)} ${'total'.padStart(9)} ${'downtime'.padStart(9)} ${'sent'.padStart(10)} ${'module'.padEnd(6)} counter`,
        );
        migrations.forEach((m, k) => {
          say(
            `  ${String(k + 1).padStart(2)} ${m.from.padEnd(7)} ${m.to.padEnd(7)} ${(m.initiator === 'agent' ? 'agent' : 'operator').padEnd(8)} ${m.mode.padEnd(13)} ${m.kind.padEnd(6)} ${String(m.rounds).padStart(6)} ${`${m.totalMs.toFixed(1)} ms`.padStart(9)} ${`${m.downtimeMs.toFixed(1)} ms`.padStart(9)} ${`${(m.bytesSent / 1024).toFixed(1)} KiB`.padStart(10)} ${(m.moduleSent ? 'sent' : 'cached').padEnd(6)} ${m.counter}`,
          );
        });
        say(
          `\nuser requests (mig * = in flight while a migration was under way: ${during.length} of ${requests.length}):`,
        );
        for (const line of requestTable(requests, migrations)) say(line);
        say(
          `  latency of all ${requests.length}: median ${summary.latency.medianMs!.toFixed(1)} ms, p99 ${summary.latency.p99Ms!.toFixed(1)} ms, max ${summary.latency.maxMs!.toFixed(1)} ms`,
        );
        say(`\nfinal: kv-demo on ${String(final.node)}; ${counterLine(String(final.counter), migrations)}`);
        say(`latency over time, migrations marked: ${svgPath}`);
        say(
          allOk
            ? `every response (${requests.length}) equals the unmigrated run's: OK`
            : 'responses differ from the unmigrated run: FAILED',
        );
        say('');
        for (const line of wasiAgentLines(wasi)) say(line);
      }
      return allOk && (!wasi.ran || wasi.ok) ? ExitCode.Ok : ExitCode.Failure;
    } finally {
      await cluster.stop();
      if (!flag(args, 'keep')) rmSync(root, { recursive: true, force: true });
    }
  },
};
