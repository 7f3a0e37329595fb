/**
 * Fault injection for the fault and partition tests: a node's {@link NodeHooks} made from fault names (read
 * from `EDGEDANCER_FAULT` by `fault-node.ts`, the test launcher of a misbehaving node). Each fault makes the node
 * misbehave in one documented way, from outside the product paths, as a host can: by wrapping the transports of
 * its moves, launching an arriving agent from another build, altering the quotes it carries, or acting at a
 * step of the hand-over. None reaches inside an enclave.
 * @module
 */
import { EnclaveSigner, parseManifest } from '@edgedancer/enclave-sim';
import { MessageType, type Transport } from '@edgedancer/migration';
import { agentMeasurement, allowsPlain, enclaveImage, signAgentManifest } from '../src/node/agent-enclave-build.js';
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
  /** destination: its host alters the quote its enclave made (it cannot get one over report data of its choosing) */
  | 'quote-unbound-key'
  /** source: flip one bit of the third sealed message */
  | 'tamper-ciphertext'
  /** source: after a successful migration, its host replays the frames it sent to the same peer */
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
  | 'pause-before-commit'
  /**
   * destination: its host holds the source's `Attest` for {@link SLOW_ATTEST_MS} before piping it into the enclave
   * (the source's `Begin` and first round keep arriving meanwhile), as a slow verification under load does
   */
  | 'slow-attest';

const ALL: readonly string[] = [
  'die-mid-transfer',
  'drop-mid-transfer',
  'fail-restore',
  'stall',
  'quote-debug',
  'quote-lower-svn',
  'quote-other-measurement',
  'quote-unbound-key',
  'tamper-ciphertext',
  'replay-snapshot',
  'cut-after-commit',
  'lose-ready',
  'pause-mid-transfer',
  'pause-before-ready',
  'pause-before-commit',
  'slow-attest',
];

/** How long `slow-attest` holds the source's `Attest`. */
export const SLOW_ATTEST_MS = 1500;

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
  const names = (env.EDGEDANCER_FAULT ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
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
    send: (x) => {
      if (!cut) return t.send(x);
      t.close();
      return Promise.resolve();
    },
    receive: (ms) => t.receive(ms),
    close: () => t.close(),
    cutNext: () => {
      cut = true;
    },
  };
}

const cutNext = (t: Transport): void => (t as Partial<CuttableTransport>).cutNext?.();

/** A manifest for another image's build of `module`, signed by a fresh key. */
function signAgentManifestFor(
  image: Uint8Array,
  module: Uint8Array,
  fields: { isvProdId: number; isvSvn: number; allowPlain: boolean },
): Uint8Array {
  return EnclaveSigner.generate().sign({
    mrEnclave: agentMeasurement(module, fields.allowPlain, image),
    isvProdId: fields.isvProdId,
    isvSvn: fields.isvSvn,
    debug: false,
  });
}

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
      return {
        send: (f) => {
          if (n++ === 6) {
            f = f.slice();
            f[f.length - 1]! ^= 1;
          }
          return t.send(f);
        },
        receive: (ms) => t.receive(ms),
        close: () => t.close(),
      };
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
  else if (has('slow-attest')) {
    hooks.destinationTransport = (t) => ({
      send: (f) => t.send(f),
      receive: async (ms) => {
        const f = await t.receive(ms);
        if (f[0] === MessageType.Attest) await new Promise((r) => setTimeout(r, SLOW_ATTEST_MS));
        return f;
      },
      close: () => t.close(),
    });
  } else {
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
  if (has('fail-restore'))
    hooks.beforeHold = () => {
      throw new NodeError(500, 'restore-refused', 'fault: fail-restore');
    };
  // the host hands back the quote with one bit of its signed body flipped (it cannot get one over data of its choosing)
  if (has('quote-unbound-key'))
    hooks.quote = (q) => {
      const x = q.slice();
      x[100]! ^= 1;
      return x;
    };
  if (has('quote-other-measurement')) {
    hooks.arrivalBuild = (module, manifest) => {
      const m = parseManifest(manifest);
      // another runtime build (one more byte), signed by a key of this node's own
      const image = new Uint8Array([...enclaveImage(), 0x0a]);
      return {
        image,
        manifest: signAgentManifestFor(image, module, {
          isvProdId: m.isvProdId,
          isvSvn: m.isvSvn,
          allowPlain: allowsPlain(module, manifest),
        }),
      };
    };
  } else if (has('quote-debug') || has('quote-lower-svn')) {
    hooks.arrivalBuild = (module, manifest) => {
      const m = parseManifest(manifest);
      const debug = has('quote-debug');
      const svn = debug ? m.isvSvn : Math.max(0, m.isvSvn - 1);
      return {
        manifest: signAgentManifest(module, EnclaveSigner.generate(), {
          isvProdId: m.isvProdId,
          isvSvn: svn,
          debug,
          allowPlain: allowsPlain(module, manifest),
        }),
      };
    };
  }
  if (has('replay-snapshot')) {
    // the source's host records the frames it piped out, and replays them to the same peer after the move
    let frames: Uint8Array[] = [];
    hooks.sourceTransport = (t) => {
      frames = [];
      const mine = frames;
      return {
        send: (f) => {
          mine.push(f.slice());
          return t.send(f);
        },
        receive: (ms) => t.receive(ms),
        close: () => t.close(),
      };
    };
    hooks.moved = (runner, url) => {
      const recorded = frames.filter((f) => f[0] !== MessageType.Module);
      setTimeout(
        () =>
          void (async () => {
            const n = node();
            try {
              const t = await connectTransfer(url);
              for (const f of recorded) await t.send(f);
              // reads until the destination gives up (it answers the offer, then refuses the replayed quote)
              for (let i = 0; i < 16; i++) await t.receive(5000);
              t.close();
              n.refusals.push({ at: Date.now(), agentId: runner.id, code: 'replay-sent' });
            } catch (e) {
              n.refusals.push({
                at: Date.now(),
                agentId: runner.id,
                code: (e as { code?: string }).code ?? 'error',
                reason: (e as { reason?: string }).reason ?? (e as Error).message,
              });
            }
          })(),
        5000,
      );
    };
  }
  return hooks;
}
