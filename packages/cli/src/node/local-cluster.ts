/**
 * Edge nodes as separate processes on loopback, for the demo and the tests: the driver plays the vendor and
 * provisions each node's platform first (the nodes never see the vendor key), an operator key made in the state
 * root is given to every node, each node is started with `edgedancer node --json --port 0 --control-port 0` (it
 * binds ports the system chooses: no port is picked in advance, so none can be taken in between) and is ready
 * when it prints its addresses; then every node is told about every other (`PUT /v1/peers/:name`, pinned to its
 * platform). A restarted node binds new ports, is started knowing its peers, and they are told its new address.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { provisionPlatform, VendorRoot } from '@edgedancer/enclave-sim';
import { callNode } from './client.js';
import { createOperatorKey, type OperatorKey, publicKeyPathOf } from './operator-key.js';

/** The built `edgedancer` entry point. */
export const MAIN_JS = fileURLToPath(new URL('../main.js', import.meta.url));

/** One node of a cluster. */
export interface ClusterNode {
  readonly name: string;
  /** The public listener. */
  readonly url: string;
  readonly port: number;
  /** The control listener (operators only). */
  readonly controlUrl: string;
  process: ChildProcess;
  /** Its standard error so far (for diagnostics). */
  stderr: string;
}

/** A running cluster. */
export interface Cluster {
  readonly nodes: ClusterNode[];
  /** The node of a name. */
  node(name: string): ClusterNode;
  /** The nodes' platforms. */
  readonly platforms: ClusterPlatforms;
  /** The operator key every node accepts. */
  readonly operator: OperatorKey;
  /** Calls a node's control API, signed with the operator key. */
  control<T = Record<string, unknown>>(
    name: string,
    path: string,
    options?: { method?: string; json?: unknown; timeoutMs?: number },
  ): Promise<T>;
  /**
   * Restarts one node with the same state (and optionally other faults, with a launcher); `whileStopped` runs
   * between the stop and the start (a test changing the node's files). The node is given up to 20 s to seal
   * its agents and exit before it is killed; it comes back on new ports, and its peers are told.
   */
  restart(name: string, faults?: string, whileStopped?: () => void): Promise<void>;
  /** Stops every node (SIGTERM, then SIGKILL after a second). */
  stop(): Promise<void>;
}

/** Options of {@link startCluster}. */
export interface ClusterOptions {
  /** Faults per node name (with a `launcher` that reads `EDGEDANCER_FAULT`). */
  readonly faults?: Record<string, string>;
  /** Per-message transfer timeout. */
  readonly timeoutMs?: number;
  /** A script run instead of the `edgedancer` executable (a test's fault-injecting node). */
  readonly launcher?: string;
  /** The address a node listens on (public and control) and is reached at, per node name (default 127.0.0.1). */
  readonly hosts?: Record<string, string>;
  /** `mrSigner` values (hex) every node admits. */
  readonly allowSigners?: readonly string[];
  /** More `edgedancer node` arguments per node name. */
  readonly nodeArgs?: Record<string, readonly string[]>;
  /** Node.js flags per node name, before the script (`--cpu-prof`, …). */
  readonly execArgv?: Record<string, readonly string[]>;
  /**
   * A command run in front of the node per node name (`strace … -o FILE`, or `ip netns exec NS` for another
   * network namespace): it gets the node's command line.
   */
  readonly wrap?: Record<string, readonly string[]>;
  /** Pin each peer to its platform id (default); false: trusted on first use. */
  readonly pins?: boolean;
  /** More environment variables per node name. */
  readonly env?: Record<string, Record<string, string>>;
  /** The URL peers are given for a node (a proxy in front of it) instead of its own. */
  readonly peerUrls?: Record<string, string>;
}

/** The platforms of a cluster's nodes, provisioned by the driver playing the vendor. */
export interface ClusterPlatforms {
  /** Each node's platform directory. */
  readonly dirs: Record<string, string>;
  /** Each node's platform id (hex): what its peers pin. */
  readonly ids: Record<string, string>;
  /** The vendor root certificate (public), as a file for `--vendor-cert`. */
  readonly rootCertificate: string;
}

/**
 * Plays the vendor: provisions each node's platform under `stateRoot` (`NAME.platform/`, apart from the node's
 * state directory) with the vendor root kept in `stateRoot/vendor/` (created there). Platforms already
 * provisioned are kept. Nodes are then started without the vendor key.
 * @param names - node names
 * @param stateRoot - the cluster's directory
 * @returns the platforms
 */
export function provisionCluster(names: readonly string[], stateRoot: string): ClusterPlatforms {
  const vendor = VendorRoot.open(join(stateRoot, 'vendor'));
  const dirs: Record<string, string> = {};
  const ids: Record<string, string> = {};
  for (const name of names) {
    dirs[name] = join(stateRoot, `${name}.platform`);
    ids[name] = Buffer.from(provisionPlatform(vendor, dirs[name]).platformId).toString('hex');
  }
  const rootCertificate = join(stateRoot, 'vendor-root.cert');
  writeFileSync(rootCertificate, vendor.certificate);
  return { dirs, ids, rootCertificate };
}

/**
 * Starts nodes, each on its own provisioned platform, every node told about every other (pinned to its
 * platform id unless `pins` is false: then trusted on first use).
 * @param names - node names
 * @param stateRoot - a directory for their state (one subdirectory each), their platforms, the vendor root and
 *   the operator key
 * @param options - faults, timeout, launcher, admitted signers, more arguments, pins, environment, peer URLs
 * @returns the cluster
 */
export async function startCluster(
  names: readonly string[],
  stateRoot: string,
  options: ClusterOptions = {},
): Promise<Cluster> {
  const platforms = provisionCluster(names, stateRoot);
  const hostOf = (name: string): string => options.hosts?.[name] ?? '127.0.0.1';
  const keyPath = join(stateRoot, 'operator-key.pem');
  const operator = createOperatorKey(keyPath, { force: true });
  const nodes: ClusterNode[] = [];
  /** What node `j`'s peers are told: its URL (or the proxy's in front of it) and its platform. */
  const peerOf = (j: number): { url: string; platformId?: string } => {
    const url = options.peerUrls?.[names[j]!] ?? nodes[j]!.url;
    return options.pins === false ? { url } : { url, platformId: platforms.ids[names[j]!]! };
  };
  /** Tells node `i` where node `j` is (not a node that was stopped: it learns on its own restart). */
  const tellPeer = async (i: number, j: number): Promise<void> => {
    const n = nodes[i]!;
    if (n.process.exitCode !== null || n.process.signalCode !== null) return;
    await callNode(n.controlUrl, `/v1/peers/${encodeURIComponent(names[j]!)}`, {
      method: 'PUT',
      json: peerOf(j),
      operator,
    });
  };
  /** Starts node `i`; `withPeers`: told about the others on its command line (a restart: they are running). */
  const launch = (i: number, faults: string | undefined, withPeers: boolean): Promise<ClusterNode> => {
    const name = names[i]!;
    const args = [
      ...(options.execArgv?.[name] ?? []),
      options.launcher ?? MAIN_JS,
      'node',
      '--name',
      name,
      '--port',
      '0',
      '--control-port',
      '0',
      '--operator-key-file',
      publicKeyPathOf(keyPath),
      '--json',
      '--state-dir',
      join(stateRoot, name),
      '--platform-dir',
      platforms.dirs[name]!,
      '--vendor-cert',
      platforms.rootCertificate,
      '--timeout',
      String(options.timeoutMs ?? 5000),
    ];
    if (options.hosts?.[name] !== undefined) args.push('--host', hostOf(name), '--control-host', hostOf(name));
    for (const s of options.allowSigners ?? []) args.push('--allow-signer', s);
    if (withPeers)
      for (let j = 0; j < names.length; j++)
        if (j !== i) {
          const p = peerOf(j);
          args.push('--peer', `${names[j]}=${p.url}${p.platformId === undefined ? '' : `#${p.platformId}`}`);
        }
    args.push(...(options.nodeArgs?.[name] ?? []));
    const wrapper = options.wrap?.[name] ?? [];
    const child = spawn(
      wrapper[0] ?? process.execPath,
      wrapper.length === 0 ? args : [...wrapper.slice(1), process.execPath, ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          ...options.env?.[name],
          EDGEDANCER_FAULT: options.launcher === undefined ? '' : (faults ?? ''),
        },
      },
    );
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    return new Promise((resolve, reject) => {
      let out = '';
      const onOut = (d: Buffer): void => {
        out += d.toString();
        const nl = out.indexOf('\n');
        if (nl < 0) return;
        child.stdout!.off('data', onOut);
        child.stdout!.resume();
        // the node's first line: the addresses it bound
        let said: { url: string; controlUrl: string };
        try {
          said = JSON.parse(out.slice(0, nl)) as { url: string; controlUrl: string };
        } catch {
          reject(new Error(`node ${name} did not print its addresses: ${out.slice(0, nl)}`));
          return;
        }
        const n: ClusterNode = {
          name,
          url: said.url,
          port: Number(new URL(said.url).port),
          controlUrl: said.controlUrl,
          process: child,
          get stderr() {
            return stderr;
          },
          set stderr(s: string) {
            stderr = s;
          },
        };
        resolve(n);
      };
      child.stdout!.on('data', onOut);
      child.once('exit', (code) => reject(new Error(`node ${name} exited ${code}: ${stderr}`)));
    });
  };
  nodes.push(...(await Promise.all(names.map((n, k) => launch(k, options.faults?.[n], false)))));
  await Promise.all(names.flatMap((_, i) => names.map((_, j) => (i === j ? null : tellPeer(i, j)))));
  /** SIGTERM (the node seals its idle agents), SIGKILL if it has not exited within `graceMs`. */
  const stopOne = (n: ClusterNode, graceMs: number): Promise<void> =>
    new Promise((resolve) => {
      if (n.process.exitCode !== null || n.process.signalCode !== null) return resolve();
      const t = setTimeout(() => n.process.kill('SIGKILL'), graceMs);
      n.process.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      n.process.kill('SIGTERM');
    });
  const node = (name: string): ClusterNode => {
    const n = nodes.find((x) => x.name === name);
    if (n === undefined) throw new Error(`no node ${name} in the cluster`);
    return n;
  };
  return {
    nodes,
    platforms,
    node,
    operator,
    control: (name, path, o = {}) => callNode(node(name).controlUrl, path, { ...o, operator }),
    async restart(name, faults, whileStopped) {
      const i = names.indexOf(name);
      // what the restarted node finds is what it sealed on the way down: it is given time to finish
      await stopOne(nodes[i]!, 20_000);
      whileStopped?.();
      nodes[i] = await launch(i, faults, true);
      // its peers are told its new address
      await Promise.all(names.map((_, j) => (j === i ? null : tellPeer(j, i))));
    },
    stop: async () => {
      await Promise.all(nodes.map((n) => stopOne(n, 1000)));
    },
  };
}
