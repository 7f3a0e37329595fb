/**
 * What the attack tests share: a cluster of real node processes on loopback admitting one signer, the
 * legitimate user's agent (`examples/kv-c`) deployed and filled with data, raw HTTP and TCP from other loopback
 * addresses (127.0.0.2 …: the attacker, counted apart from the user by per-source caps), small agent modules
 * built byte by byte (a request or `init` that never ends, a huge declared memory), and checks that the user's
 * agent and data are intact.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnclaveSigner, parseManifest } from '@edgedancer/enclave-sim';
import { buildModule, I, T } from '@edgedancer/interpreter/wasm-builder';
import { signAgentManifest } from '../../src/node/agent-enclave-build.js';
import { callAgent } from '../../src/node/client.js';
import { type Cluster, type ClusterOptions, startCluster } from '../../src/node/local-cluster.js';

/** The key-value agent's bytes. */
export const KV = new Uint8Array(
  readFileSync(fileURLToPath(new URL('../../../../../examples/kv-c/kv.wasm', import.meta.url))),
);
/** The signer the nodes admit, and its manifest for `KV`. */
export const SIGNER = EnclaveSigner.generate();
export const KV_MANIFEST = signAgentManifest(KV, SIGNER, { isvProdId: 1, isvSvn: 1, allowPlain: true });
export const SIGNER_HEX = Buffer.from(parseManifest(KV_MANIFEST).mrSigner).toString('hex');
export const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

/** A started cluster with its state root. */
export interface Range {
  readonly cluster: Cluster;
  readonly root: string;
  close(): Promise<void>;
}

/**
 * Starts nodes admitting {@link SIGNER}.
 * @param names - node names
 * @param options - more cluster options
 * @returns the cluster
 */
export async function startRange(names: readonly string[], options: ClusterOptions = {}): Promise<Range> {
  const root = mkdtempSync(join(tmpdir(), 'edgedancer-attack-'));
  const cluster = await startCluster(names, root, { allowSigners: [SIGNER_HEX], timeoutMs: 3000, ...options });
  return {
    cluster,
    root,
    close: async () => {
      await cluster.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * Deploys the user's kv agent and puts `n` keys in it.
 * @param c - the cluster
 * @param node - where
 * @param id - the agent id
 * @param n - keys `k0…` with values `v0…`
 */
export async function deployUser(c: Cluster, node: string, id: string, n = 5): Promise<void> {
  await c.control(node, '/v1/agents', { json: { id, module: b64(KV), manifest: b64(KV_MANIFEST) } });
  for (let i = 0; i < n; i++) assert.equal(await ask(c.node(node).url, id, `put k${i} v${i}`), 'ok');
}

/**
 * One request to an agent (following redirects), its answer as text.
 * @param url - a node's public URL
 * @param id - the agent
 * @param req - the request text
 * @returns the response text
 */
export async function ask(url: string, id: string, req: string): Promise<string> {
  const r = await callAgent(url, id, new TextEncoder().encode(req));
  assert.equal(r.status, 200, `${id} ${req}: status ${r.status} ${Buffer.from(r.body).toString()}`);
  return Buffer.from(r.body).toString();
}

/**
 * Checks the user's agent answers with all its data.
 * @param url - a node's public URL
 * @param id - the agent
 * @param n - keys put by {@link deployUser} (and nothing else)
 */
export async function userIntact(url: string, id: string, n = 5): Promise<void> {
  for (let i = 0; i < n; i++) assert.equal(await ask(url, id, `get k${i}`), `v${i}`);
  assert.equal(await ask(url, id, 'count'), String(n));
}

/** A raw HTTP answer. */
export interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One HTTP request with exactly these headers, from an attacker's loopback address.
 * @param url - absolute URL
 * @param options - method, headers, body, source address
 * @returns the answer
 */
export function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Uint8Array | string; from?: string } = {},
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        localAddress: options.from ?? '127.0.0.2',
        agent: false,
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body === undefined ? undefined : Buffer.from(options.body));
  });
}

/**
 * A raw TCP connection from an attacker's loopback address.
 * @param url - the listener's URL
 * @param from - the source address
 * @returns the connected socket (errors swallowed)
 */
export function tcp(url: string, from = '127.0.0.2'): Promise<Socket> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect({ host: u.hostname, port: Number(u.port), localAddress: from }, () => resolve(s));
    s.once('error', reject);
  }).then((s) => {
    (s as Socket).on('error', () => undefined);
    // read what the node answers, so its closing is seen
    (s as Socket).resume();
    return s as Socket;
  });
}

/**
 * Resolves when a socket closes (or after `ms`, with `false`).
 * @param s - the socket
 * @param ms - how long to wait
 * @returns whether it closed
 */
export function closes(s: Socket, ms: number): Promise<boolean> {
  if (s.destroyed || s.readyState === 'closed') return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    s.once('close', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

const I64_EXTEND_I32_U = 0xad;
const I64_SHL = 0x86;
const I64_OR = 0x84;
const I64_CONST_32 = [0x42, 32];

/** `handle` answering its own request (ptr | len << 32). */
const ECHO = [...I.localGet(0), I64_EXTEND_I32_U, ...I.localGet(1), I64_EXTEND_I32_U, ...I64_CONST_32, I64_SHL, I64_OR];
/** A loop that never ends. */
const SPIN = [...I.loop, ...I.br(0), ...I.end];

/**
 * A small agent module.
 * @param kind - `echo` (answers its request), `spin` (a request never ends), `init-spin` (`init` never ends),
 *   `init-trap` (`init` traps), `huge` (declares 1 GiB of memory and nothing else)
 * @returns wasm bytes
 */
export function agentModule(kind: 'echo' | 'spin' | 'init-spin' | 'init-trap' | 'huge'): Uint8Array {
  if (kind === 'huge') return buildModule({ memory: { min: 16384 } });
  const funcs = [
    { params: [T.i32], results: [T.i32], body: [...I.i32Const(1024)], export: 'alloc' },
    { params: [T.i32, T.i32], results: [T.i64], body: kind === 'spin' ? [...SPIN, 0x00] : ECHO, export: 'handle' },
  ];
  if (kind === 'init-spin') funcs.push({ params: [], results: [], body: SPIN, export: 'init' } as never);
  if (kind === 'init-trap') funcs.push({ params: [], results: [], body: [0x00], export: 'init' } as never);
  return buildModule({ memory: { min: 1, max: 2 }, funcs });
}

/**
 * A manifest of {@link SIGNER} for a module (or of another signer, or a debug one).
 * @param module - wasm bytes
 * @param options - `signer` (default {@link SIGNER}), `debug`
 * @returns the manifest
 */
export function manifestFor(module: Uint8Array, options: { signer?: EnclaveSigner; debug?: boolean } = {}): Uint8Array {
  return signAgentManifest(module, options.signer ?? SIGNER, {
    isvProdId: 1,
    isvSvn: 1,
    debug: options.debug ?? false,
    allowPlain: true,
  });
}

/**
 * The resident memory of a process (Linux `/proc`), in bytes.
 * @param pid - the process
 * @returns its RSS
 */
export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m === null ? 0 : Number(m[1]) * 1024;
}
