/**
 * The demo's WASI agents: the example agents of `examples/agents/` (notes, C with wasi-libc; wordcount, Rust with
 * std) built from source with `examples/agents/build.mjs`, deployed on the demo's nodes, called through the user
 * channel (`AgentClient`: attested, sealed end to end) and moved between the nodes by the operator and by the agent
 * itself, each answer checked against what the agent must say when its files, descriptors and memory moved
 * intact. A missing toolchain (or any failed build) is one line, and the rest of the demo goes on.
 * @module
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EnclaveSigner } from '@edgedancer/enclave-sim';
import { hashModule } from '@edgedancer/migration';
import { AgentClient } from '../client/index.js';
import { errorLine } from '../io.js';
import { agentMeasurement, signAgentManifest } from '../node/agent-enclave-build.js';
import type { Cluster } from '../node/local-cluster.js';

/** One step of an agent's tour: a request and the answer it must get, or a move. */
type TourStep =
  | { readonly request: string; readonly expect: string }
  | { readonly move: { readonly to: string; readonly stopAndCopy?: boolean } };

/** A WASI example agent and its tour. */
interface TourAgent {
  readonly id: string;
  readonly language: string;
  readonly source: string;
  readonly wasm: string;
  readonly deployOn: string;
  readonly steps: readonly TourStep[];
}

/** The two example agents and what the demo does with them (`go NODE` is the notes agent moving itself). */
const AGENTS: readonly TourAgent[] = [
  {
    id: 'notes-c',
    language: 'C (wasi-libc: stdio, files, clocks)',
    source: 'examples/agents/notes-c/notes.c',
    wasm: 'notes.wasm',
    deployOn: 'edge-1',
    steps: [
      { request: 'add buy bread', expect: 'note 1' },
      { request: 'add call home', expect: 'note 2' },
      { request: 'where', expect: 'edge-1' },
      { move: { to: 'edge-2' } },
      { request: 'where', expect: 'edge-2' },
      { request: 'list', expect: 'buy bread\ncall home\n' },
      { request: 'add fix the bike', expect: 'note 3' },
      { request: 'go edge-3', expect: 'arrived at edge-3' },
      { request: 'list', expect: 'buy bread\ncall home\nfix the bike\nmoved to edge-3\n' },
      { request: 'count', expect: '3' },
    ],
  },
  {
    id: 'wordcount-rust',
    language: 'Rust (std: HashMap, File)',
    source: 'examples/agents/wordcount-rust/wordcount.rs',
    wasm: 'wordcount.wasm',
    deployOn: 'edge-2',
    steps: [
      { request: 'add the cat saw the dog', expect: '5 words, 4 distinct' },
      { move: { to: 'edge-3' } },
      { request: 'where', expect: 'edge-3' },
      { request: 'top 1', expect: 'the 2\n' },
      { request: 'add the end', expect: '2 words, 5 distinct' },
      { move: { to: 'edge-1', stopAndCopy: true } },
      { request: 'where', expect: 'edge-1' },
      { request: 'text', expect: 'the cat saw the dog\nthe end\n' },
      { request: 'count the', expect: '3' },
    ],
  },
];

/** One request to a WASI agent and its answer. */
export interface WasiAgentCall {
  /** Its place in the agent's tour (calls and moves in one order). */
  readonly step: number;
  readonly node: string;
  readonly request: string;
  readonly response: string;
  readonly expected: string;
  readonly ok: boolean;
}

/** One move of a WASI agent, as the source node reported it. */
export interface WasiAgentMove {
  /** Its place in the agent's tour (calls and moves in one order). */
  readonly step: number;
  readonly from: string;
  readonly to: string;
  readonly initiator: string;
  readonly mode: string;
  readonly kind: string;
  readonly downtimeMs: number;
  readonly bytesSent: number;
}

/** What one WASI agent did in the demo. */
export interface WasiAgentRun {
  readonly id: string;
  readonly language: string;
  readonly source: string;
  readonly moduleBytes: number;
  readonly calls: readonly WasiAgentCall[];
  readonly moves: readonly WasiAgentMove[];
  /** Where it ended. */
  readonly node: string;
  /** Every answer was the expected one (its files and memory moved intact). */
  readonly ok: boolean;
}

/** The WASI part of the demo: run, or why not. */
export type WasiAgentsOutcome =
  | { readonly ran: true; readonly agents: readonly WasiAgentRun[]; readonly ok: boolean }
  | { readonly ran: false; readonly reason: string };

/** The example agents, built, or why they could not be. */
export type BuiltAgents = { readonly dir: string } | { readonly reason: string };

/**
 * Builds the example agents from source into a directory.
 * @param buildScript - `examples/agents/build.mjs`
 * @param out - where the modules go
 * @returns the directory, or the reason in one line (a missing toolchain names the Debian packages)
 */
export function buildExampleAgents(buildScript: string, out: string): Promise<BuiltAgents> {
  if (!existsSync(buildScript)) return Promise.resolve({ reason: `${buildScript} is not here (not a repository)` });
  return new Promise((resolve) => {
    execFile(process.execPath, [buildScript, out], { timeout: 300_000 }, (error, _stdout, stderr) => {
      if (error === null) resolve({ dir: out });
      else {
        const first =
          String(stderr)
            .split('\n')
            .find((l) => l.trim() !== '') ?? errorLine(error);
        resolve({ reason: first.replace(/^build\.mjs: /, '') });
      }
    });
  });
}

/**
 * Deploys each example agent, runs its tour and checks every answer.
 * @param cluster - the demo's nodes
 * @param dir - where the built modules are
 * @param signer - the demo's author key (the nodes admit its signature)
 * @param say - one line of progress
 * @returns what each agent did
 */
export async function tourWasiAgents(
  cluster: Cluster,
  dir: string,
  signer: EnclaveSigner,
  say: (line: string) => void,
): Promise<WasiAgentsOutcome> {
  const agents: WasiAgentRun[] = [];
  for (const a of AGENTS) {
    const module = new Uint8Array(readFileSync(join(dir, a.wasm)));
    const manifest = signAgentManifest(module, signer, { isvProdId: 2, isvSvn: 1 });
    await cluster.control(a.deployOn, '/v1/agents', {
      json: {
        id: a.id,
        module: Buffer.from(module).toString('base64'),
        manifest: Buffer.from(manifest).toString('base64'),
      },
    });
    say(`deployed ${a.id} (${a.language}, built from ${a.source}) on ${a.deployOn}`);
    const user = new AgentClient({
      node: cluster.node(a.deployOn).url,
      agentId: a.id,
      policy: {
        trustedRoot: readFileSync(cluster.platforms.rootCertificate),
        mrEnclave: agentMeasurement(module, false),
        moduleHash: hashModule(module),
      },
    });
    const calls: WasiAgentCall[] = [];
    const moves: WasiAgentMove[] = [];
    let at = a.deployOn;
    for (const [k, step] of a.steps.entries()) {
      if ('move' in step) {
        const m = await cluster.control<Record<string, unknown>>(at, `/v1/agents/${a.id}/migrate`, {
          json: { to: step.move.to, stopAndCopy: step.move.stopAndCopy === true },
        });
        moves.push(moveOf(m, k));
        at = step.move.to;
        continue;
      }
      const before = step.request.startsWith('go ') ? await migrationsOf(cluster, at, a.id) : 0;
      const r = await user.call(new TextEncoder().encode(step.request));
      const response = Buffer.from(r.body).toString('utf8');
      const port = new URL(r.node).port;
      const node = cluster.nodes.find((n) => String(n.port) === port)?.name ?? r.node;
      if (step.request.startsWith('go ')) {
        // the agent moved itself: the source node's latest report for it
        const list = await cluster.control<{ migrations: Record<string, unknown>[] }>(at, '/v1/node');
        const mine = list.migrations.filter((m) => m.agentId === a.id);
        if (mine.length > before) moves.push(moveOf(mine[mine.length - 1]!, k + 0.5));
      }
      at = node;
      const ok = r.status === 'ok' && response === step.expect;
      calls.push({ step: k, node, request: step.request, response, expected: step.expect, ok });
      if (!ok) say(`  MISMATCH ${a.id} at ${node} (${step.request}): got ${JSON.stringify(response)}`);
    }
    const run: WasiAgentRun = {
      id: a.id,
      language: a.language,
      source: a.source,
      moduleBytes: module.length,
      calls,
      moves,
      node: at,
      ok: calls.every((c) => c.ok) && moves.length === movesIn(a),
    };
    agents.push(run);
  }
  return { ran: true, agents, ok: agents.every((a) => a.ok) };
}

/** How many moves a tour makes: the operator's, and the agent's own (`go NODE`). */
function movesIn(a: TourAgent): number {
  return a.steps.filter((s) => 'move' in s || s.request.startsWith('go ')).length;
}

/** How many migrations of an agent a node has reported. */
async function migrationsOf(cluster: Cluster, node: string, id: string): Promise<number> {
  const list = await cluster.control<{ migrations: Record<string, unknown>[] }>(node, '/v1/node');
  return list.migrations.filter((m) => m.agentId === id).length;
}

/** A node's migration report, as the demo shows it. */
function moveOf(m: Record<string, unknown>, step: number): WasiAgentMove {
  return {
    step,
    from: String(m.from),
    to: String(m.to),
    initiator: m.initiator === 'agent' ? 'agent' : 'operator',
    mode: String(m.mode),
    kind: String(m.kind),
    downtimeMs: Number(m.downtimeMs),
    bytesSent: Number(m.bytesSent),
  };
}

/**
 * The demo's lines for the WASI agents.
 * @param outcome - what ran, or why not
 * @returns lines of text
 */
export function wasiAgentLines(outcome: WasiAgentsOutcome): string[] {
  if (!outcome.ran) return [`WASI agents (C, Rust): not run: ${outcome.reason}`];
  const lines = ['WASI agents (built from source; their files, descriptors and memory travel with them):'];
  for (const a of outcome.agents) {
    lines.push(`  ${a.id}: ${a.language}, ${(a.moduleBytes / 1024).toFixed(0)} KiB, ${a.source}`);
    const events = [
      ...a.moves.map((m) => ({
        step: m.step,
        line: `    moved ${m.from} → ${m.to} by the ${m.initiator}: ${m.mode} ${m.kind}, downtime ${m.downtimeMs.toFixed(0)} ms, ${(m.bytesSent / 1024).toFixed(1)} KiB sent`,
      })),
      ...a.calls.map((c) => ({
        step: c.step,
        line: `    ${c.node.padEnd(7)} ${c.request.padEnd(24)} → ${JSON.stringify(c.response)}${c.ok ? '' : `  MISMATCH: expected ${JSON.stringify(c.expected)}`}`,
      })),
    ].sort((x, y) => x.step - y.step);
    for (const e of events) lines.push(e.line);
    lines.push(
      `    ${a.ok ? 'every answer as expected after each move: its state moved intact' : 'FAILED: an answer differs'}; now on ${a.node}`,
    );
  }
  return lines;
}
