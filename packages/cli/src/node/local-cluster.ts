/**
 * Edge nodes as separate processes on loopback, for the demo and the tests: free ports chosen first, every node
 * told about every other, each started with `edgedancer node --json` and ready when it prints its address.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built `edgedancer` entry point. */
export const MAIN_JS = fileURLToPath(new URL('../main.js', import.meta.url));

/** One node of a cluster. */
export interface ClusterNode {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  process: ChildProcess;
  /** Its standard error so far (for diagnostics). */
  stderr: string;
}

/** A running cluster. */
export interface Cluster {
  readonly nodes: ClusterNode[];
  /** The node of a name. */
  node(name: string): ClusterNode;
  /** Restarts one node with the same state (and optionally other faults, with a launcher). */
  restart(name: string, faults?: string): Promise<void>;
  /** Stops every node (SIGTERM, then SIGKILL after a second). */
  stop(): Promise<void>;
}

/**
 * A free TCP port on 127.0.0.1.
 * @returns the port
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}

/**
 * Starts nodes.
 * @param names - node names
 * @param stateRoot - a directory for their state (one subdirectory each, and the shared vendor root)
 * @param options - transfer timeout; `launcher`: a script run instead of the `edgedancer` executable (a test's
 *   fault-injecting node), with `faults` per node name in its `EDGEDANCER_FAULT`
 * @returns the cluster
 */
export async function startCluster(names: readonly string[], stateRoot: string, options: { faults?: Record<string, string>; timeoutMs?: number; launcher?: string } = {}): Promise<Cluster> {
  const ports = await Promise.all(names.map(() => freePort()));
  const urls = names.map((_, i) => `http://127.0.0.1:${ports[i]}/`);
  const nodes: ClusterNode[] = [];
  const launch = (i: number, faults: string | undefined): Promise<ClusterNode> => {
    const name = names[i]!;
    const args = [options.launcher ?? MAIN_JS, 'node', '--name', name, '--port', String(ports[i]), '--json', '--state-dir', join(stateRoot, name), '--vendor-dir', join(stateRoot, 'vendor'), '--timeout', String(options.timeoutMs ?? 5000)];
    for (let j = 0; j < names.length; j++) if (j !== i) args.push('--peer', `${names[j]}=${urls[j]}`);
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, EDGEDANCER_FAULT: options.launcher === undefined ? '' : (faults ?? '') } });
    const n: ClusterNode = { name, url: urls[i]!, port: ports[i]!, process: child, stderr: '' };
    child.stderr!.on('data', (d: Buffer) => { n.stderr += d.toString(); });
    return new Promise((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(n);
      });
      child.once('exit', (code) => reject(new Error(`node ${name} exited ${code}: ${n.stderr}`)));
    });
  };
  // the vendor root is created by the first node; the others start after it
  nodes.push(await launch(0, options.faults?.[names[0]!]));
  nodes.push(...(await Promise.all(names.slice(1).map((_, k) => launch(k + 1, options.faults?.[names[k + 1]!])))));
  const stopOne = (n: ClusterNode): Promise<void> => new Promise((resolve) => {
    if (n.process.exitCode !== null || n.process.signalCode !== null) return resolve();
    const t = setTimeout(() => n.process.kill('SIGKILL'), 1000);
    n.process.once('exit', () => { clearTimeout(t); resolve(); });
    n.process.kill('SIGTERM');
  });
  return {
    nodes,
    node: (name) => nodes.find((n) => n.name === name)!,
    async restart(name, faults) {
      const i = names.indexOf(name);
      await stopOne(nodes[i]!);
      nodes[i] = await launch(i, faults);
    },
    stop: async () => { await Promise.all(nodes.map(stopOne)); },
  };
}
