/**
 * A WasmGC agent migrated mid-computation between two node processes: the Kotlin/Wasm agent of
 * `examples/wordtree-kotlin/` (a persistent AVL tree of words on the GC heap) is deployed on node a, given words,
 * and asked to rebuild its tree; while the rebuild runs the operator moves it to b (platform-initiated, strong),
 * and the request is answered from b. Then, on b, it rebuilds again and moves itself back to a halfway (its own
 * `migrate`). Every response and the tree's answers to queries afterwards equal those of the same module run in
 * this process without moving (the oracle). No timing is asserted.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EnclaveSigner, parseManifest } from '@edgedancer/enclave-sim';
import { Module } from '@edgedancer/interpreter';
import { Agent } from '@edgedancer/migration';
import { wasiAgentModule, wasiConfigOf } from '../src/enclave/wasi-agent.js';
import { signAgentManifest } from '../src/node/agent-enclave-build.js';
import { callAgent } from '../src/node/client.js';
import { type Cluster, startCluster } from '../src/node/local-cluster.js';

const WORDTREE = new Uint8Array(
  readFileSync(fileURLToPath(new URL('../../../../examples/wordtree-kotlin/wordtree.wasm', import.meta.url))),
);
const MANIFEST = signAgentManifest(WORDTREE, EnclaveSigner.generate(), { isvProdId: 7, isvSvn: 1, allowPlain: true });
const ID = 'tree';
const TEXT =
  'It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of ' +
  "foolishness, it was the epoch of belief, it was the epoch of incredulity; Dickens's opening, counted.";
/** Generated words, and rebuild rounds: long enough (tens of slices of fuel) to be caught mid-computation. */
const WORDS = 300;
const ROUNDS = 5;
const HALF_ROUNDS = 2;

/** A request: the command byte, then u32 numbers (little-endian), then text. */
function req(cmd: string, nums: number[] = [], tail = ''): Uint8Array {
  const t = new TextEncoder().encode(tail);
  const out = new Uint8Array(1 + 4 * nums.length + t.length);
  out[0] = cmd.charCodeAt(0);
  nums.forEach((n, i) => {
    new DataView(out.buffer).setUint32(1 + 4 * i, n >>> 0, true);
  });
  out.set(t, 1 + 4 * nums.length);
  return out;
}

/** Queries that read the whole tree and its older versions. */
const QUERIES: Uint8Array[] = [
  req('s'),
  ...['it', 'was', 'times', "dickens's", 'absent'].map((w) => req('q', [], w)),
  ...[0, 9, 77, 250, 320].map((k) => req('k', [k])),
  req('v', [1], 'it'),
  req('v', [3], 'was'),
];

/** The same module in this process, never moved: what every answer must be. */
class Oracle {
  readonly #agent: Agent;

  constructor() {
    const module = new Module(WORDTREE);
    const wasi = wasiAgentModule(ID, wasiConfigOf(module, WORDTREE), () => {});
    this.#agent = Agent.load(module, { nodeName: 'oracle' }, { agentId: ID, hostModules: [wasi] });
    assert.equal(this.#agent.start().kind, 'done');
  }

  ask(request: Uint8Array): string {
    let out = this.#agent.serve(request, { fuel: 10_000_000 });
    while (out.kind === 'paused') out = this.#agent.continue({ fuel: 10_000_000 });
    assert.equal(out.kind, 'done', out.kind === 'trapped' ? String(out.error) : out.kind);
    return Buffer.from(out.kind === 'done' ? (out.response ?? []) : []).toString('hex');
  }
}

describe('a WasmGC (Kotlin/Wasm) agent moved mid-computation between two node processes', {
  timeout: 300_000,
}, () => {
  let root: string;
  let cluster: Cluster;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'edgedancer-gc-agent-'));
    const args = ['--request-ms', '240000'];
    cluster = await startCluster(['a', 'b'], root, {
      timeoutMs: 120_000,
      allowSigners: [Buffer.from(parseManifest(MANIFEST).mrSigner).toString('hex')],
      nodeArgs: { a: args, b: args },
    });
  });
  after(async () => {
    await cluster?.stop();
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });

  async function ask(node: string, request: Uint8Array): Promise<string> {
    const r = await callAgent(cluster.node(node).url, ID, request, { timeoutMs: 240_000 });
    assert.equal(r.status, 200, Buffer.from(r.body).toString());
    return Buffer.from(r.body).toString('hex');
  }

  async function queries(node: string): Promise<string[]> {
    const out: string[] = [];
    for (const q of QUERIES) out.push(await ask(node, q));
    return out;
  }

  it('answers a rebuild the operator moved halfway, and again one the agent moved itself, as an unmoved run', async (t) => {
    const oracle = new Oracle();
    await cluster.control('a', '/v1/agents', {
      json: {
        id: ID,
        module: Buffer.from(WORDTREE).toString('base64'),
        manifest: Buffer.from(MANIFEST).toString('base64'),
      },
      timeoutMs: 120_000,
    });
    for (const r of [req('a', [], TEXT), req('g', [WORDS, 42])]) assert.equal(await ask('a', r), oracle.ask(r));

    // platform-initiated: the rebuild is running on a when the operator moves the agent to b
    const rebuild = req('r', [ROUNDS]);
    const answer = ask('a', rebuild);
    for (let i = 0; ; i++) {
      const st = await cluster.control<{ busy: boolean }>('a', `/v1/agents/${ID}`);
      if (st.busy) break;
      assert.ok(i < 6000, 'the rebuild never started');
      await new Promise((r) => setTimeout(r, 10));
    }
    const moved = await cluster.control<{
      kind: string;
      initiator: string;
      roundBytes: number[];
      totalMs: number;
      downtimeMs: number;
    }>('a', `/v1/agents/${ID}/migrate`, { json: { to: 'b', stopAndCopy: true }, timeoutMs: 240_000 });
    assert.equal(moved.kind, 'strong', 'moved with the rebuild in progress');
    assert.equal(moved.initiator, 'platform');
    t.diagnostic(
      `move a → b: ${moved.roundBytes.join('+')} snapshot bytes, ${moved.totalMs} ms, ${moved.downtimeMs} ms down`,
    );
    assert.equal(await answer, oracle.ask(rebuild), 'the rebuild finished on b as if it had never moved');
    assert.deepEqual(
      await queries('b'),
      QUERIES.map((q) => oracle.ask(q)),
      'the tree answers on b',
    );
    assert.equal(Buffer.from(await ask('b', req('n')), 'hex').toString(), 'b');

    // agent-initiated: on b, the agent calls migrate("a") halfway through a rebuild and finishes it on a
    const expected = oracle.ask(req('r', [HALF_ROUNDS]));
    const home = await ask('b', req('r', [HALF_ROUNDS], 'a'));
    assert.equal(home.slice(0, 16), expected.slice(0, 16), 'digest');
    assert.equal(home.slice(16, 24), '00000000', 'migrate returned OK on arrival');
    assert.equal(home.slice(24), expected.slice(24), 'size and height');
    assert.deepEqual(
      await queries('a'),
      QUERIES.map((q) => oracle.ask(q)),
      'the tree answers on a',
    );
    const logs = await cluster.control<{ lines: { line: string }[] }>('a', `/v1/agents/${ID}/logs`);
    assert.ok(
      logs.lines.some((l) => l.line === 'wordtree: rebuild moved'),
      JSON.stringify(logs.lines.map((l) => l.line)),
    );
    for (const n of ['a', 'b']) assert.equal(cluster.node(n).process.exitCode, null, `node ${n} still runs`);
  });
});
