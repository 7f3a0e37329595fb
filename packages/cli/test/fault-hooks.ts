/**
 * Fault injection for the fault and partition tests: a node's {@link NodeHooks} made from fault names (read
 * from `EDGEDANCER_FAULT` by `fault-node.ts`, the test launcher of a misbehaving node). Each fault makes the node
 * misbehave in one documented way, from outside the product paths: by wrapping the transports of its moves,
 * giving an arriving agent another enclave or attester, or acting at a step of the hand-over.
 * @module
 */
import { EnclaveSigner, measureAgent, parseManifest } from '@edgedancer/enclave-sim';
import { Agent, agentSource, encodeSnapshot, sendAgent, type Transport } from '@edgedancer/migration';
import { agentBuild, agentEnclave, signAgentManifest } from '../src/node/agent-enclave-build.js';
import type { EdgeNode } from '../src/node/edge-node.js';
import { NodeError } from '../src/node/http-io.js';
import type { NodeHooks } from '../src/node/node-hooks.js';
import { connectTransfer } from '../src/node/transfer-connect.js';

/** The faults a node can be told to commit. */
export type Fault =
  /** destination: exit the process after the first state chunk arrives */
  | 'die-mid-transfer'
  /** destination: drop the connection after the first state chunk */
  | 'drop-mid-transfer'
  /** destination: refuse to restore */
  | 'fail-restore'
  /** destination: stop answering after the first state chunk (the source times out) */
  | 'stall'
  /** destination: quote as a debug enclave (own manifest, debug flag) */
  | 'quote-debug'
  /** destination: quote with an SVN one below the manifest's (own manifest) */
  | 'quote-lower-svn'
  /** destination: quote as another build (another runtime version) */
  | 'quote-other-measurement'
  /** destination: quote over report data that does not bind its key */
  | 'quote-unbound-key'
  /** source: flip one bit of the third sealed message */
  | 'tamper-ciphertext'
  /** source: after a successful migration, send the same snapshot again to the same peer */
  | 'replay-snapshot'
  /** source: the Commit message is lost (the connection is cut instead of sending it) */
  | 'cut-after-commit'
  /** destination: the Ready message is lost (the connection is cut instead of sending it) */
  | 'lose-ready'
  /** destination: announce the pause and wait {@link PAUSE_MS} after the first state chunk (a test cuts the link) */
  | 'pause-mid-transfer'
  /** destination: announce and wait after recording the held agent, before `Ready` */
  | 'pause-before-ready'
  /** source: announce and wait after recording the commit decision, before `Commit` */
  | 'pause-before-commit';

const ALL: readonly string[] = [
  'die-mid-transfer', 'drop-mid-transfer', 'fail-restore', 'stall', 'quote-debug', 'quote-lower-svn',
  'quote-other-measurement', 'quote-unbound-key', 'tamper-ciphertext', 'replay-snapshot',
  'cut-after-commit', 'lose-ready', 'pause-mid-transfer', 'pause-before-ready', 'pause-before-commit',
];

/** How long a `pause-*` fault waits. */
export const PAUSE_MS = 1000;

/** The line a `pause-*` fault writes to standard error when it starts waiting, followed by the point's name. */
export const PAUSE_MARK = 'edgedancer-fault-pause';

/**
 * A `pause-*` fault: announces the point on standard error (for a test that acts at that moment), then waits.
 * @param point - where the node is (`mid-transfer`, `before-ready`, `before-commit`)
 * @returns after {@link PAUSE_MS}
 */
export async function faultPause(point: string): Promise<void> {
  process.stderr.write(`${PAUSE_MARK} ${point}\n`);
  await new Promise((r) => setTimeout(r, PAUSE_MS));
}

/**
 * The faults in the environment.
 * @param env - the environment (default `process.env`)
 * @returns the set
 * @throws TypeError for an unknown fault name
 */
export function faultsFromEnv(env: NodeJS.ProcessEnv = process.env): ReadonlySet<Fault> {
  const names = (env.EDGEDANCER_FAULT ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const n of names) if (!ALL.includes(n)) throw new TypeError(`unknown EDGEDANCER_FAULT ${n}`);
  return new Set(names as Fault[]);
}

/** A transport with a switch: after `cutNext()`, the next frame sent is lost and the connection closed. */
interface CuttableTransport extends Transport {
  cutNext(): void;
}

function cuttable(t: Transport): CuttableTransport {
  let cut = false;
  return {
    send: (x) => { if (!cut) return t.send(x); t.close(); return Promise.resolve(); },
    receive: (ms) => t.receive(ms),
    close: () => t.close(),
    cutNext: () => { cut = true; },
  };
}

const cutNext = (t: Transport): void => (t as Partial<CuttableTransport>).cutNext?.();
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/**
 * The hooks that make a node commit the given faults.
 * @param faults - fault names
 * @param node - the node, once open (the replay fault sends with its platform and verifier)
 * @returns the hooks
 */
export function faultHooks(faults: ReadonlySet<Fault>, node: () => EdgeNode): NodeHooks {
  const has = (f: Fault): boolean => faults.has(f);
  const hooks: { -readonly [K in keyof NodeHooks]: NodeHooks[K] } = {};
  // source: the frame after the commit decision (Commit itself) is lost and the connection cut
  if (has('cut-after-commit')) hooks.sourceTransport = cuttable;
  else if (has('tamper-ciphertext')) {
    hooks.sourceTransport = (t) => {
      let n = 0;
      return { send: (f) => { if (n++ === 6) { f = f.slice(); f[f.length - 1]! ^= 1; } return t.send(f); }, receive: (ms) => t.receive(ms), close: () => t.close() };
    };
  }
  if (has('cut-after-commit') || has('pause-before-commit')) {
    hooks.afterDecision = async (d, t) => {
      if (d.outcome !== 'commit') return;
      if (has('cut-after-commit')) cutNext(t);
      if (has('pause-before-commit')) await faultPause('before-commit');
    };
  }
  // destination: switched on once the held agent is recorded: the next frame (Ready) is lost and the connection cut
  if (has('lose-ready')) hooks.destinationTransport = cuttable;
  else {
    const mid = (['die-mid-transfer', 'drop-mid-transfer', 'stall', 'pause-mid-transfer'] as const).find(has);
    if (mid !== undefined) {
      hooks.destinationTransport = (t) => {
        let n = 0;
        return {
          send: (f) => t.send(f),
          receive: async (ms) => {
            const f = await t.receive(ms);
            if (++n === 6) {
              if (mid === 'die-mid-transfer') process.exit(70);
              if (mid === 'drop-mid-transfer') t.close();
              if (mid === 'stall') await new Promise(() => undefined);
              if (mid === 'pause-mid-transfer') await faultPause('mid-transfer');
            }
            return f;
          },
          close: () => t.close(),
        };
      };
    }
  }
  if (has('pause-before-ready') || has('lose-ready')) {
    hooks.afterHeld = async (t) => {
      if (has('pause-before-ready')) await faultPause('before-ready');
      if (has('lose-ready')) cutNext(t);
    };
  }
  if (has('fail-restore')) hooks.beforeRestore = () => { throw new NodeError(500, 'restore-refused', 'fault: fail-restore'); };
  if (has('quote-unbound-key')) hooks.arrivalAttester = (enclave) => ({ quote: (rd) => { const x = rd.slice(); x[0]! ^= 1; return enclave.quote(x); } });
  if (has('quote-other-measurement')) {
    hooks.arrivalEnclave = (module, manifest) => {
      const m = parseManifest(manifest);
      // another runtime version: another measurement, signed by a key of this node's own
      const other = EnclaveSigner.generate().sign({ mrEnclave: measureAgent(agentBuild(module, '1-evil')).mrEnclave, isvProdId: m.isvProdId, isvSvn: m.isvSvn });
      return agentEnclave(node().platform, module, other, '1-evil');
    };
  } else if (has('quote-debug') || has('quote-lower-svn')) {
    hooks.arrivalEnclave = (module, manifest) => {
      const m = parseManifest(manifest);
      const debug = has('quote-debug');
      const svn = debug ? m.isvSvn : Math.max(0, m.isvSvn - 1);
      return agentEnclave(node().platform, module, signAgentManifest(module, EnclaveSigner.generate(), { isvProdId: m.isvProdId, isvSvn: svn, debug }));
    };
  }
  if (has('replay-snapshot')) {
    // an old copy of the agent, sent to the same peer again after the move
    const copies = new Map<string, Uint8Array>();
    hooks.moveStarts = (runner, frozen) => {
      copies.set(runner.id, encodeSnapshot(runner.agent.state === 'idle' ? runner.agent.capture({ copyMemory: true }) : frozen!.snapshot));
    };
    hooks.moved = (runner, url, to) => {
      const bytes = copies.get(runner.id);
      copies.delete(runner.id);
      if (bytes === undefined) return;
      setTimeout(() => void (async () => {
        const n = node();
        const old = Agent.restore(bytes, runner.module, { nodeName: n.name });
        old.arrive();
        try {
          await sendAgent(await connectTransfer(url), {
            agentId: runner.id, module: runner.module, meta: { manifest: hex(runner.manifest), from: n.name },
            endpoint: n.endpoint(runner.module, runner.manifest, agentEnclave(n.platform, runner.module, runner.manifest).enclave),
            source: agentSource(old, { destination: to, precopy: false }),
            timeoutMs: n.options.timeoutMs ?? 10_000,
          });
          n.refusals.push({ at: Date.now(), agentId: runner.id, code: 'replay-accepted' });
        } catch (e) {
          n.refusals.push({ at: Date.now(), agentId: runner.id, code: (e as { code?: string }).code ?? 'error', reason: (e as { reason?: string }).reason ?? (e as Error).message });
        }
      })(), 1500);
    };
  }
  return hooks;
}
