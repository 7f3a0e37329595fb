/**
 * The OCALLs an agent's enclave makes, served by the node: log lines, quotes (the enclave's REPORT handed to
 * the platform's quoting service), transfer frames to write and connections to close, the freeze of the
 * agent's slices before its final round, progress, the peer platform a transfer verified (trust on first use),
 * the source's decision to record, the destination's sealed rounds and settlement to keep, and the news that a
 * held agent resumed or was discarded. Each payload is checked: the enclave is trusted code, but its messages
 * cross a boundary like any other.
 * @module
 */
import { hashModule } from '@edgedancer/migration';
import { Ocall } from '../enclave/boundary-types.js';
import { removeAgentLater } from './agent-store.js';
import type { EdgeNode } from './edge-node.js';
import type { HostedAgent } from './hosted-agent.js';
import { removeInDoubt, saveInDoubtPart, saveInDoubtSettlement } from './in-doubt-store.js';
import type { DecisionRecord } from './node-hooks.js';

const fail = (message: string): Error => Object.assign(new Error(message), { code: 'bad-ocall' });

function obj(p: unknown): Record<string, unknown> {
  if (p === null || typeof p !== 'object' || Array.isArray(p)) throw fail('the payload must be an object');
  return p as Record<string, unknown>;
}
function bytes(p: Record<string, unknown>, name: string): Uint8Array {
  const v = p[name];
  if (!(v instanceof Uint8Array)) throw fail(`${name} must be bytes`);
  return v;
}
function str(p: Record<string, unknown>, name: string): string {
  const v = p[name];
  if (typeof v !== 'string' || v.length > 4096) throw fail(`${name} must be a string`);
  return v;
}
/** A relay id the enclave derived from its session's settlement key (64 hex digits). */
function relayId(p: Record<string, unknown>): string {
  const v = p.relayId;
  if (typeof v !== 'string' || !/^[0-9a-f]{64}$/.test(v)) throw fail('relayId must be 64 hex digits');
  return v;
}
function num(p: Record<string, unknown>, name: string): number {
  const v = p[name];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw fail(`${name} must be a non-negative integer`);
  return v;
}

/**
 * The OCALL handler of one agent's enclave.
 * @param node - the node
 * @param runner - the agent (its runner exists before its enclave runs anything)
 * @returns the handler
 */
export function ocallHandler(node: EdgeNode, runner: HostedAgent): (name: string, payload: unknown) => unknown {
  const { stateDir } = node.options;
  const progress = { before: 0, current: -1, total: 0 };
  return async (name, payload) => {
    const p = obj(payload);
    switch (name) {
      case Ocall.log:
        runner.log(str(p, 'line'));
        return null;
      case Ocall.quote: {
        const quote = node.platform.quote(bytes(p, 'report'));
        return { quote: node.hooks.quote?.(quote) ?? quote };
      }
      case Ocall.transferFrame: {
        const frame = bytes(p, 'frame');
        // a frame already written out goes back (moved) for the enclave to seal a later frame into
        const free = await node.links.send(num(p, 'transfer'), frame);
        return free ? { recycled: runner.enclave.handle.handOver(frame) } : null;
      }
      case Ocall.transferClose:
        node.links.close(num(p, 'transfer'));
        return null;
      case Ocall.freeze:
        await runner.freeze();
        return null;
      case Ocall.progress: {
        const round = num(p, 'round');
        if (round !== progress.current) {
          if (progress.current >= 0) progress.before += progress.total;
          progress.current = round;
        }
        progress.total = num(p, 'total');
        runner.progress = {
          round,
          sent: num(p, 'sent'),
          total: progress.total,
          bytes: progress.before + num(p, 'sent'),
        };
        return null;
      }
      case Ocall.peerPlatform:
        node.pins.learn(str(p, 'peer'), str(p, 'platformId'));
        return null;
      case Ocall.peerAttested:
        runner.attested?.();
        return null;
      case Ocall.decision: {
        const outcome = str(p, 'outcome');
        if (outcome !== 'commit' && outcome !== 'abort') throw fail('outcome must be commit or abort');
        const d: DecisionRecord = {
          outcome,
          sessionId: str(p, 'sessionId'),
          agentId: str(p, 'agentId'),
          counter: str(p, 'counter'),
          token: bytes(p, 'token'),
          ...(typeof p.ackHash === 'string' ? { ackHash: p.ackHash } : {}),
          ...(typeof p.askHash === 'string' ? { askHash: p.askHash } : {}),
        };
        node.outcomes.record(d);
        // the enclave already made every record of this copy stale (its counter is gone); the files go too, in the
        // background, off the hand-over's path (a crash before leaves stale files, refused at start-up; removed
        // again, awaited, once the move's result is taken: `moves-out.ts`)
        if (outcome === 'commit') void removeAgentLater(stateDir, runner.id);
        if (runner.transport !== null) await node.hooks.afterDecision?.(d, runner.transport);
        return null;
      }
      case Ocall.heldRound: {
        const sealed = bytes(p, 'sealed');
        saveInDoubtPart(
          stateDir,
          { id: runner.id, module: runner.module, manifest: runner.manifest },
          num(p, 'round'),
          num(p, 'part'),
          sealed,
        );
        // written (synchronously): its buffer goes back for the enclave to seal a later part into
        return { recycled: runner.enclave.handle.handOver(sealed) };
      }
      case Ocall.held:
        node.hooks.beforeHold?.(runner.id);
        saveInDoubtSettlement(stateDir, runner.id, bytes(p, 'sealed'));
        // a call in flight with the agent completes here: its result is kept, once, for the source that asks
        node.relays.expect(relayId(p));
        if (runner.transport !== null) await node.hooks.afterHeld?.(runner.transport);
        return null;
      case Ocall.resumed: {
        const counter = BigInt(str(p, 'counter'));
        const reg = node.registry;
        // the id is bound to the arriving agent's signer and module (another deploy of the id is refused)
        node.ids.bind(
          runner.id,
          Buffer.from(runner.enclave.handle.identity.mrSigner).toString('hex'),
          Buffer.from(hashModule(runner.module)).toString('hex'),
          runner.asked,
        );
        reg.agents.set(runner.id, runner);
        reg.gone.delete(runner.id);
        reg.inDoubt.delete(runner.id);
        runner.log(`arrived (counter ${counter})`);
        if (node.arrivals.push({ agentId: runner.id, at: Date.now(), counter: String(counter) }) > 500)
          node.arrivals.shift();
        runner.arrived(p.relayId === undefined ? null : relayId(p));
        // off the hand-over's path: the held rounds stay until the first persist here succeeded (they are the
        // agent's only durable state on this node until then), and that persist waits until it served again
        runner.heldOnDisk = true;
        node.persistSoon(runner, true);
        return null;
      }
      case Ocall.discarded:
        node.registry.inDoubt.delete(runner.id);
        removeInDoubt(stateDir, runner.id);
        void runner.enclave.terminate();
        return null;
      default:
        throw fail(`unknown ocall ${name}`);
    }
  };
}
