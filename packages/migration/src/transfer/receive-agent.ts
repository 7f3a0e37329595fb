/**
 * The destination's side of a migration: handshake, rounds assembled and applied (every snapshot and delta
 * decoded and checked before anything is built; the first round's counter checked against the node's
 * counters at once; each non-final round acknowledged with `RoundAck` once applied), the final state restored but held and recorded (`onHeld`), `Ready`, then resumed only with
 * the source's commit token. If the session fails after `Ready` (other than by the source's sealed `Abort`), the
 * outcome is in doubt: the held agent is handed back to the caller, which settles it with the source
 * (`settlement.ts`). Before `Ready`, a failure discards it. Nothing runs twice and nothing is dropped unsettled.
 * @module
 */
import type { MigrationCounters } from '../agent-counters.js';
import { applyDelta } from '../delta-codec.js';
import { SnapshotAssembler } from '../snapshot-assembler.js';
import type { Snapshot } from '../snapshot-types.js';
import { destinationHandshake, type Offer, type OfferAnswer } from './handshake.js';
import { decodeMessage, encodeMessage, hex, hexField, MessageType, str, uint } from './messages.js';
import { roundDigest } from './round-digest.js';
import { isSettlementToken, type Settlement, settlementToken } from './settlement.js';
import { codeOf, isTransferError, TransferError } from './transfer-errors.js';
import type { Transport } from './transfer-shapes.js';

/** A restored agent, held until the source commits. */
export interface HeldAgent {
  /** The source has destroyed its copy: run it (`arrive`) and serve. */
  resume(): Promise<void> | void;
  /** The migration failed: drop it. */
  discard(): void;
}

/** Options of {@link receiveAgent}. */
export interface ReceiveOptions<Policy extends object> {
  /** Whether this node holds the module of a hash (else the source sends it). */
  hasModule(hash: Uint8Array): boolean;
  /** Decides on an offer once its module is known; returns this side's attestation. Throw (with a `code`) to refuse. */
  accept(offer: Offer, module: Uint8Array | null): Promise<OfferAnswer<Policy>> | OfferAnswer<Policy>;
  /** The module bytes for a hash (after `accept`). */
  moduleFor(hash: Uint8Array, sent: Uint8Array | null): Uint8Array;
  /** This node's counters: a snapshot at or below the last seen counter of its agent is refused. */
  readonly counters: MigrationCounters;
  /**
   * Restores the final snapshot (for example `Agent.restore(snapshot, module, host, { counters })`) without
   * running it. Throwing (with a `code`) refuses the agent (`restore-failed`, or `replayed-snapshot`).
   */
  restore(snapshot: Snapshot, module: Uint8Array, offer: Offer): Promise<HeldAgent> | HeldAgent;
  /**
   * The agent is restored and about to be reported `Ready`: record it durably with its settlement (sealed), so
   * that it can be settled after a broken connection or a restart. Throwing refuses the agent (`restore-failed`).
   */
  onHeld?(settlement: Settlement, snapshot: Snapshot, offer: Offer): Promise<void> | void;
  /**
   * A round was decoded and applied (before its `RoundAck`; for the final round, before the restore): close its
   * durable record, whose bytes came by `onChunk` (round 0 a full snapshot of `size` bytes, later rounds deltas
   * to apply with `baseDigest`), so that `onHeld` need not write the whole state while the agent is stopped.
   * Throwing refuses the agent (`restore-failed`).
   */
  onRound?(round: number, size: number, baseDigest: Uint8Array | null, offer: Offer): Promise<void> | void;
  /**
   * A chunk of a round arrived (opened and in order), before the rest of its round: record it as it comes so a
   * round's record streams with the transfer (then `onRound` only closes the round). Throwing refuses the agent
   * (`restore-failed`). The bytes are valid only during the call.
   */
  onChunk?(round: number, index: number, bytes: Uint8Array, offer: Offer): Promise<void> | void;
  /** Bound on the memories of a snapshot (default 4 GiB). */
  readonly maxMemoryBytes?: number;
  /** Per-message timeout (default 10 s). */
  readonly timeoutMs?: number;
}

/** What the destination got. */
export interface Received {
  readonly offer: Offer;
  readonly counter: bigint;
  readonly rounds: number;
  readonly restoreMs: number;
  /** `resumed`: the agent runs here. `in-doubt`: it is held, not running, until settled with the source. */
  readonly outcome: 'resumed' | 'in-doubt';
  /** Facts and key for settling (and for the source's acknowledgement token). */
  readonly settlement: Settlement;
  /** With `in-doubt`: the held agent, to resume on a valid commit token or discard on a valid abort token. */
  readonly held?: HeldAgent;
  /** With `resumed`: whether `Resumed` could be sent (if not, tell the source with the `resumed` token). */
  readonly confirmed?: boolean;
  /** The error that ended the session, with `in-doubt`. */
  readonly error?: TransferError;
}

/**
 * Receives one agent from the source at the other end of `transport`.
 * @param transport - the connection (closed when done)
 * @param options - module store, acceptance, counters, restore
 * @returns what was received, after the agent resumed here
 * @throws TransferError any code; nothing is kept
 */
export async function receiveAgent<P extends object>(
  transport: Transport,
  options: ReceiveOptions<P>,
): Promise<Received> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  let held: HeldAgent | null = null;
  let channel: { send(m: Uint8Array): Promise<void> } | null = null;
  try {
    const { offer, session } = await destinationHandshake(transport, options.hasModule, options.accept, timeoutMs);
    const ch = session.channel;
    channel = ch;
    const module = options.moduleFor(offer.moduleHash, session.module);
    decodeMessage(await ch.receive(timeoutMs), MessageType.Begin);
    const expect = {
      moduleHashes: [offer.moduleHash],
      agentId: offer.agentId,
      ...(options.maxMemoryBytes === undefined ? {} : { maxMemoryBytes: options.maxMemoryBytes }),
    };
    let state: Snapshot | null = null;
    let round = 0;
    let restoreMs = 0;
    let lastApplyMs = 0;
    // a round's bytes: its memories, at most maxMemoryBytes, and the rest of the state (globals, tables, stacks)
    const maxRound = (options.maxMemoryBytes ?? 2 ** 32) + MAX_ROUND_STATE;
    for (;;) {
      // round 0 (a full snapshot) is decoded as it arrives, its chunks placed straight into the memories; a
      // delta is assembled in a buffer that grows with the bytes that arrived, then applied
      let assembler: SnapshotAssembler | null = null;
      let buffer: Uint8Array | null = null;
      let total = -1;
      let size = 0;
      let index = 0;
      let end: Record<string, unknown>;
      for (;;) {
        // a chunk's bytes are placed (or recorded) before the next message is opened into the same buffer
        const m = decodeMessage(await ch.receiveTransient(timeoutMs), MessageType.Chunk, MessageType.RoundEnd);
        if (uint(m.header, 'round') !== round)
          throw new TransferError('protocol-violation', 'a chunk of another round');
        if (m.type === MessageType.RoundEnd) {
          end = m.header;
          break;
        }
        const named = uint(m.header, 'size');
        if (total < 0) {
          if (named > maxRound)
            throw new TransferError('protocol-violation', `a round of ${named} bytes exceeds ${maxRound}`);
          total = named;
          if (state === null) assembler = new SnapshotAssembler(total, expect);
        }
        if (named !== total || size + m.body.length > total || m.body.length === 0)
          throw new TransferError('protocol-violation', 'a chunk outside its round');
        if (assembler !== null) assembler.push(m.body);
        else {
          // the buffer grows with the bytes that actually arrived (at most doubling), up to the round's named size
          let into: Uint8Array = buffer ?? new Uint8Array(0);
          if (size + m.body.length > into.length) {
            const grown = new Uint8Array(
              Math.min(total, Math.max(INITIAL_ROUND_BUFFER, into.length * 2, size + m.body.length)),
            );
            grown.set(into.subarray(0, size));
            into = grown;
          }
          into.set(m.body, size);
          buffer = into;
        }
        try {
          await options.onChunk?.(round, index, m.body, offer);
        } catch (e) {
          throw new TransferError('restore-failed', `round ${round} could not be recorded`, {
            reason: codeOf(e),
            cause: e,
          });
        }
        index++;
        size += m.body.length;
      }
      if (uint(end, 'size') !== size || (buffer !== null && buffer.length !== size))
        throw new TransferError('protocol-violation', 'round size differs from its chunks');
      const bytes = buffer ?? new Uint8Array(0);
      const kind = str(end, 'kind');
      const t = performance.now();
      const baseDigest = round === 0 ? null : roundDigest(session.transcript, round - 1);
      try {
        if (kind === 'full' && state === null) {
          state = (assembler ?? emptyRound(expect)).finish();
          options.counters.check(offer.agentId, state.migrationCounter);
        } else if (kind === 'delta' && state !== null) {
          state = applyDelta(state, bytes, { ...expect, baseDigest: baseDigest!, consumeBase: true });
        } else throw new TransferError('protocol-violation', `unexpected ${kind} round`);
      } catch (e) {
        if (isTransferError(e)) throw e;
        const c = codeOf(e);
        throw new TransferError(
          c === 'replayed-snapshot' ? 'replayed-snapshot' : 'restore-failed',
          `round ${round} refused: ${c ?? 'error'}`,
          { reason: c, cause: e },
        );
      }
      try {
        await options.onRound?.(round, size, baseDigest, offer);
      } catch (e) {
        throw new TransferError('restore-failed', `round ${round} could not be recorded`, {
          reason: codeOf(e),
          cause: e,
        });
      }
      const applyMs = performance.now() - t;
      restoreMs += applyMs;
      lastApplyMs = applyMs;
      if (end.final === true) {
        round++;
        break;
      }
      // applied: the source captures its next round (or freezes the agent) only after this
      await ch.send(encodeMessage(MessageType.RoundAck, { round, applyMs }));
      round++;
    }
    const t = performance.now();
    try {
      held = await options.restore(state, module, offer);
    } catch (e) {
      const c = codeOf(e);
      throw new TransferError(
        c === 'replayed-snapshot' ? 'replayed-snapshot' : 'restore-failed',
        `restore refused: ${c ?? 'error'}`,
        { reason: c, cause: e },
      );
    }
    const finalRestoreMs = performance.now() - t;
    restoreMs += finalRestoreMs;
    const settlement: Settlement = {
      sessionId: session.sessionId,
      agentId: offer.agentId,
      counter: state.migrationCounter,
      key: session.settleKey,
    };
    try {
      await options.onHeld?.(settlement, state, offer);
    } catch (e) {
      throw new TransferError('restore-failed', 'the restored agent could not be recorded', {
        reason: codeOf(e),
        cause: e,
      });
    }
    const heldMs = performance.now() - t - finalRestoreMs;
    const base = { offer, counter: state.migrationCounter, rounds: round, restoreMs, settlement };
    const h = held;
    held = null;
    try {
      // the final round's steps here, for the source's account of the downtime
      const final = { apply: lastApplyMs, restore: finalRestoreMs, held: heldMs };
      await ch.send(encodeMessage(MessageType.Ready, { counter: String(state.migrationCounter), restoreMs, final }));
      const commit = decodeMessage(await ch.receive(timeoutMs), MessageType.Commit);
      if (!isSettlementToken(settlement, 'commit', hexField(commit.header, 'token', 32)))
        throw new TransferError('protocol-violation', 'the commit token does not match');
    } catch (e) {
      const err = isTransferError(e)
        ? e
        : new TransferError('protocol-violation', 'the hand-over failed', { cause: e });
      transport.close();
      if (err.code === 'peer-refused') {
        // the source's sealed Abort: it decided abort, the agent goes on there
        h.discard();
        throw err;
      }
      return { ...base, outcome: 'in-doubt', held: h, error: err };
    }
    await h.resume();
    let confirmed = true;
    try {
      await ch.send(encodeMessage(MessageType.Resumed, { token: hex(settlementToken(settlement, 'resumed')) }));
    } catch {
      confirmed = false;
    }
    transport.close();
    return { ...base, outcome: 'resumed', confirmed };
  } catch (e) {
    const err = isTransferError(e)
      ? e
      : new TransferError('protocol-violation', `the transfer failed: ${(e as Error)?.message ?? String(e)}`, {
          cause: e,
        });
    held?.discard();
    if (channel !== null && err.code !== 'peer-refused') {
      try {
        await channel.send(encodeMessage(MessageType.Abort, { code: err.code }));
      } catch {
        // the source may be gone; nothing was kept here either way
      }
    }
    transport.close();
    throw err;
  }
}

/** Bound on a round's bytes beyond its memories (globals, tables, stacks, host sections). */
const MAX_ROUND_STATE = 64 * 1024 * 1024;
/** A round's buffer starts at most this large, then grows with what arrives (a named size alone allocates no more). */
const INITIAL_ROUND_BUFFER = 64 * 1024 * 1024;

/** A round 0 that had no chunk: decoded from no bytes (the decoder says what is wrong). */
function emptyRound(expect: ConstructorParameters<typeof SnapshotAssembler>[1]): SnapshotAssembler {
  return new SnapshotAssembler(0, expect);
}
