/**
 * Nodes as separate hosts: two edge node processes, each in a network namespace of its own, joined by a veth
 * pair with private addresses that exist only inside those namespaces. A migration from one to the other is
 * partitioned (both ends of the link set down) at a moment a `pause-*` fault announces — mid-transfer, before
 * `Ready`, after the commit decision (then the destination restarts, partitioned, holding the agent from its
 * recorded rounds) — and the link is restored. Each node is asked from inside its own
 * namespace: the agent ends running in exactly one place, with its state, and every request answered once.
 * Needs root and iproute2 `ip`; skipped with the reason otherwise. No traffic leaves the two namespaces.
 * @module
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EnclaveSigner, parseManifest } from '@edgedancer/enclave-sim';
import { signAgentManifest } from '../src/node/agent-enclave-build.js';
import { type ClusterPlatforms, provisionCluster } from '../src/node/local-cluster.js';
import { createOperatorKey, publicKeyPathOf } from '../src/node/operator-key.js';
import { PAUSE_MARK } from './fault-hooks.js';
import { FAULT_NODE } from './fault-node.js';

const KV = new Uint8Array(readFileSync(fileURLToPath(new URL('../../../../examples/kv-c/kv.wasm', import.meta.url))));
const MANIFEST = signAgentManifest(KV, EnclaveSigner.generate(), { isvProdId: 1, isvSvn: 2, allowPlain: true });
const SIGNER = Buffer.from(parseManifest(MANIFEST).mrSigner).toString('hex');
const CLIENT_JS = new URL('../src/node/client.js', import.meta.url).href;
const KEYS_JS = new URL('../src/node/operator-key.js', import.meta.url).href;
/** The operator key (made in the test's state root), for the control listeners inside the namespaces. */
let KEY_PATH = '';
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

const PID = process.pid;
const NS = { a: `edp-${PID}-a`, b: `edp-${PID}-b` } as const;
const VETH = { a: `eda${PID % 1_000_000}`, b: `edb${PID % 1_000_000}` } as const;
const NET = `10.200.${PID % 250}`;
const ADDR = { a: `${NET}.1`, b: `${NET}.2` } as const;
const PORT = 7070;
/** Each node's control listener: loopback inside its own namespace. */
const CONTROL_URL = `http://127.0.0.1:${PORT + 1000}/`;
const URLS = { a: `http://${ADDR.a}:${PORT}/`, b: `http://${ADDR.b}:${PORT}/` } as const;
type Side = keyof typeof NS;

/** Runs `ip …`; throws with its error output when it fails. */
function ip(...args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.error?.message ?? r.stderr.trim()}`);
}

/** Why this machine cannot run the test, or `undefined` when it can (probed with a throwaway namespace). */
function skipReason(): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  const v = spawnSync('ip', ['-V'], { encoding: 'utf8' });
  if (v.error !== undefined || v.status !== 0) return 'iproute2 `ip` is not available';
  const probe = `edp-${PID}-probe`;
  try {
    ip('netns', 'add', probe);
  } catch (e) {
    return `cannot create a network namespace: ${(e as Error).message}`;
  } finally {
    spawnSync('ip', ['netns', 'del', probe]);
  }
  return undefined;
}

/** Sets both ends of the link down (a partition) or up. */
function link(state: 'up' | 'down'): void {
  ip('-n', NS.a, 'link', 'set', VETH.a, state);
  ip('-n', NS.b, 'link', 'set', VETH.b, state);
}

/** What the client script run inside a namespace printed. */
interface Answer {
  ok: boolean;
  value?: unknown;
  code?: string;
  message?: string;
}

/**
 * One call of the node client library, from inside a namespace (`node` = JSON API, `agent` = a request).
 * @returns the parsed answer, or the client's error code
 */
function call(side: Side, kind: 'node' | 'agent', base: string, target: string, payload?: unknown): Promise<Answer> {
  const code = `import { callNode, callAgent } from ${JSON.stringify(CLIENT_JS)};
import { loadOperatorKey } from ${JSON.stringify(KEYS_JS)};
const [kind, base, target, payload] = process.argv.slice(1);
try {
  const operator = loadOperatorKey(${JSON.stringify(KEY_PATH)});
  const v = kind === 'node'
    ? await callNode(${JSON.stringify(CONTROL_URL)}, target, payload === undefined ? { timeoutMs: 30000, operator } : { json: JSON.parse(payload), timeoutMs: 30000, operator })
    : Buffer.from((await callAgent(base, target, new TextEncoder().encode(payload))).body).toString();
  process.stdout.write(JSON.stringify({ ok: true, value: v }));
} catch (e) {
  process.stdout.write(JSON.stringify({ ok: false, code: e.code ?? 'error', message: e.message }));
}`;
  const args = ['netns', 'exec', NS[side], process.execPath, '--input-type=module', '-e', code, kind, base, target];
  if (payload !== undefined) args.push(typeof payload === 'string' ? payload : JSON.stringify(payload));
  return new Promise((resolve, reject) => {
    const child = spawn('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.once('error', reject);
    child.once('exit', () => {
      try {
        resolve(JSON.parse(out) as Answer);
      } catch {
        reject(new Error(`client in ${NS[side]} printed ${out} ${err}`));
      }
    });
  });
}

/** A node's own view, asked from its own namespace (works during the partition). */
async function nodeOk<T>(side: Side, path: string, payload?: unknown): Promise<T> {
  const a = await call(side, 'node', URLS[side], path, payload);
  assert.ok(a.ok, `${side} ${path}: ${a.code} ${a.message}`);
  return a.value as T;
}

async function agentText(side: Side, id: string, req: string): Promise<string> {
  const a = await call(side, 'agent', URLS[side], id, req);
  assert.ok(a.ok, `${side} ${id} ${req}: ${a.code} ${a.message}`);
  return a.value as string;
}

/** The nodes where the agent runs (listed and not stopped for a move), each asked itself. */
async function where(id: string): Promise<Side[]> {
  const out: Side[] = [];
  for (const side of ['a', 'b'] as const) {
    const { agents } = await nodeOk<{ agents: { id: string; state: string }[] }>(side, '/v1/agents');
    if (agents.some((x) => x.id === id && x.state !== 'migrating')) out.push(side);
  }
  return out;
}

async function until(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A node process in its namespace. */
interface NsNode {
  side: Side;
  child: ChildProcess;
  stderr: string;
  marks: ((point: string) => void)[];
}

const reason = skipReason();

describe('a migration partitioned between network namespaces', { skip: reason ?? false, timeout: 240_000 }, () => {
  let root = '';
  let platforms: ClusterPlatforms;
  const nodes: Partial<Record<Side, NsNode>> = {};

  /** Starts (or restarts) one node with the given faults; resolves once it listens. */
  async function start(side: Side, faults: string): Promise<void> {
    await stop(side);
    const other: Side = side === 'a' ? 'b' : 'a';
    const args = [
      'netns',
      'exec',
      NS[side],
      process.execPath,
      FAULT_NODE,
      'node',
      '--name',
      side,
      '--host',
      ADDR[side],
      '--port',
      String(PORT),
      '--json',
      '--state-dir',
      join(root, side),
      '--platform-dir',
      platforms.dirs[side]!,
      '--vendor-cert',
      platforms.rootCertificate,
      '--timeout',
      '5000',
      '--peer',
      `${other}=${URLS[other]}#${platforms.ids[other]}`,
      '--control-host',
      '127.0.0.1',
      '--operator-key-file',
      publicKeyPathOf(KEY_PATH),
      '--allow-signer',
      SIGNER,
    ];
    // `ip netns exec` execs the command: the child's pid is the node's
    const child = spawn('ip', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, EDGEDANCER_FAULT: faults },
    });
    const n: NsNode = { side, child, stderr: '', marks: [] };
    nodes[side] = n;
    child.stderr!.on('data', (d: Buffer) => {
      n.stderr += d.toString();
      for (const line of d.toString().split('\n'))
        if (line.startsWith(PAUSE_MARK)) for (const m of n.marks.splice(0)) m(line.slice(PAUSE_MARK.length + 1));
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`node ${side} exited ${code}: ${n.stderr}`)));
    });
  }

  function stop(side: Side): Promise<void> {
    const n = nodes[side];
    if (n === undefined || n.child.exitCode !== null || n.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => n.child.kill('SIGKILL'), 2000);
      n.child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      n.child.kill('SIGTERM');
    });
  }

  /** Resolves when a node announces a fault pause. */
  const paused = (side: Side): Promise<string> => new Promise((r) => nodes[side]!.marks.push(r));

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'edgedancer-partition-'));
    KEY_PATH = join(root, 'operator-key.pem');
    createOperatorKey(KEY_PATH);
    // the test plays the vendor: each node's platform is provisioned before it starts
    platforms = provisionCluster(['a', 'b'], root);
    ip('netns', 'add', NS.a);
    ip('netns', 'add', NS.b);
    ip('link', 'add', VETH.a, 'netns', NS.a, 'type', 'veth', 'peer', 'name', VETH.b, 'netns', NS.b);
    ip('-n', NS.a, 'addr', 'add', `${ADDR.a}/24`, 'dev', VETH.a);
    ip('-n', NS.b, 'addr', 'add', `${ADDR.b}/24`, 'dev', VETH.b);
    for (const side of ['a', 'b'] as const) ip('-n', NS[side], 'link', 'set', 'lo', 'up');
    link('up');
    await start('a', '');
    await start('b', '');
  });

  after(async () => {
    await Promise.all([stop('a'), stop('b')]);
    for (const ns of Object.values(NS)) spawnSync('ip', ['netns', 'del', ns]);
    if (root !== '') rmSync(root, { recursive: true, force: true });
  });

  /** Deploys a kv agent on a with 20 keys. */
  async function deploy(id: string): Promise<void> {
    await nodeOk('a', '/v1/agents', { id, module: b64(KV), manifest: b64(MANIFEST) });
    for (let i = 0; i < 20; i++) assert.equal(await agentText('a', id, `put k${i} v${i}`), 'ok');
  }

  /** Migrates a → b, cutting the link when `pausing` announces its fault; returns the migration's answer. */
  async function partitioned(id: string, pausing: Side, during?: () => Promise<void>): Promise<Answer> {
    const mark = paused(pausing);
    const migration = call('a', 'node', URLS.a, `/v1/agents/${id}/migrate`, { to: 'b' });
    await Promise.race([
      mark,
      migration.then((m) => assert.fail(`migration ended before the pause: ${JSON.stringify(m)}`)),
    ]);
    link('down');
    try {
      await during?.();
      return await migration;
    } finally {
      link('up');
    }
  }

  it('cut mid-transfer: the source aborts and keeps the agent, the destination keeps nothing', async () => {
    await start('b', 'pause-mid-transfer');
    await deploy('kv-mid');
    const m = await partitioned('kv-mid', 'b', async () => {
      // a request arriving at the source during the partition is answered there, once
      assert.equal(await agentText('a', 'kv-mid', 'put during cut'), 'ok');
    });
    assert.equal(m.ok, false, JSON.stringify(m));
    assert.ok(m.code === 'timeout' || m.code === 'connection-closed', m.code);
    await until(
      'the destination holds nothing',
      async () => (await nodeOk<{ inDoubt: string[] }>('b', '/v1/node')).inDoubt.length === 0,
    );
    assert.deepEqual(await where('kv-mid'), ['a'], 'running in exactly one place');
    assert.equal(await agentText('a', 'kv-mid', 'get during'), 'cut');
    assert.equal(await agentText('a', 'kv-mid', 'count'), '21');
  });

  it('cut before Ready: the source aborts, the destination settles the held copy as aborted once the link is back', async () => {
    await start('b', 'pause-before-ready');
    await deploy('kv-ready');
    const m = await partitioned('kv-ready', 'b', async () => {
      await until('the destination holds the agent in doubt', async () =>
        (await nodeOk<{ inDoubt: string[] }>('b', '/v1/node')).inDoubt.includes('kv-ready'),
      );
      assert.deepEqual(await where('kv-ready'), ['a'], 'held at the destination, running at the source only');
    });
    assert.equal(m.ok, false, JSON.stringify(m));
    await until('the destination settled', async () => {
      const info = await nodeOk<{ inDoubt: string[]; refusals: { agentId: string; code: string }[] }>('b', '/v1/node');
      return (
        info.inDoubt.length === 0 && info.refusals.some((x) => x.agentId === 'kv-ready' && x.code === 'settled-abort')
      );
    });
    assert.deepEqual(await where('kv-ready'), ['a'], 'running in exactly one place');
    assert.equal(await agentText('a', 'kv-ready', 'get k7'), 'v7');
    assert.equal(await agentText('a', 'kv-ready', 'put x y'), 'ok');
    assert.equal(await agentText('a', 'kv-ready', 'count'), '21');
  });

  it('cut after the commit decision, destination restarted: it settles as committed once the link is back, the agent runs there only', async () => {
    await start('b', '');
    await start('a', 'pause-before-commit');
    await deploy('kv-commit');
    const before1 = await agentText('a', 'kv-commit', 'stats');
    const m = await partitioned('kv-commit', 'a', async () => {
      await until('the destination holds the agent in doubt', async () =>
        (await nodeOk<{ inDoubt: string[] }>('b', '/v1/node')).inDoubt.includes('kv-commit'),
      );
      assert.deepEqual(await where('kv-commit'), [], 'decided but not yet resumed: running nowhere, never twice');
      // the destination restarts while partitioned: it holds the agent again from its recorded rounds
      await start('b', '');
      assert.deepEqual((await nodeOk<{ inDoubt: string[] }>('b', '/v1/node')).inDoubt, ['kv-commit']);
    });
    assert.equal(m.ok, true, JSON.stringify(m));
    assert.equal(
      (m.value as { settled: boolean }).settled,
      false,
      'the Resumed confirmation could not cross the partition',
    );
    await until('the destination resumed it', async () => (await where('kv-commit')).includes('b'));
    assert.deepEqual(await where('kv-commit'), ['b'], 'running in exactly one place');
    await until(
      'the source got the acknowledgement',
      async () => (await nodeOk<{ unsettled: unknown[] }>('a', '/v1/node')).unsettled.length === 0,
    );
    // through the old node: redirected across the restored link, answered once by the destination
    assert.equal(await agentText('a', 'kv-commit', 'get k19'), 'v19');
    assert.equal(await agentText('a', 'kv-commit', 'put after heal'), 'ok');
    assert.equal(await agentText('b', 'kv-commit', 'count'), '21');
    const requests = (s: string): number => Number(/requests (\d+)/.exec(s)?.[1] ?? NaN);
    const after1 = await agentText('b', 'kv-commit', 'stats');
    assert.equal(requests(after1), requests(before1) + 4, `${before1} → ${after1}: every request counted once`);
  });
});
