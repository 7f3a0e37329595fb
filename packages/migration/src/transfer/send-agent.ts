/**
 * The source's side of a migration: handshake, then the state in rounds (pre-copy while the agent runs, each
 * acknowledged by the destination once applied before the next round or the freeze; or one stop-and-copy
 * round), then the hand-over: the destination reports `Ready` (restored, persisted, not
 * running), the source decides commit (recorded through `onDecision` before anything is sent; the agent never
 * runs here again) and sends `Commit` with the commit token, the destination resumes and answers `Resumed`.
 * Any failure before the decision aborts (the agent goes on here; the abort token is recorded for a destination
 * that may hold the state). A failure after the decision leaves the migration committed but unsettled: the
 * destination settles it later with the recorded commit token (`settlement.ts`).
 * @module
 */
import { CHUNK_SIZE } from '../constants.js';
import { encodeDelta } from '../delta-codec.js';
import { hashModule } from '../digest.js';
import { encodeSnapshotPieces } from '../snapshot-codec.js';
import type { Snapshot } from '../snapshot-types.js';
import { type Session, sourceHandshake } from './handshake.js';
import { decodeMessage, encodeHead, encodeMessage, hex, hexField, MessageType, str, uint } from './messages.js';
import { chunksOf } from './round-chunks.js';
import { roundDigest } from './round-digest.js';
import { isSettlementToken, type Settlement, settlementToken } from './settlement.js';
import { isTransferError, TransferError } from './transfer-errors.js';
import type { DowntimePhases, TransferMode, TransferReport } from './transfer-report.js';
import type { AttestationEndpoint, Transport } from './transfer-shapes.js';

/** A captured state and the 4 KiB chunks written since the previous capture (per memory address). */
export interface CapturedState {
  readonly snapshot: Snapshot;
  readonly dirtyChunks?: number[][];
}

/** The source's decision for one session, with the token that proves it to the destination. */
export interface SourceDecision {
  readonly outcome: 'commit' | 'abort';
  readonly settlement: Settlement;
  /** `settlementToken(settlement, outcome)`. */
  readonly token: Uint8Array;
}

/** The agent as the source's protocol sees it. The driver implements it over an `Agent`. */
export interface LiveSource {
  /**
   * The state while the agent keeps running (`agent.capture()` between slices), with the chunks written since
   * the previous capture. Its memories may view the live ones: the round is encoded from them and the source's
   * private base updated (round 0 copied once, later rounds only their written chunks) before the agent runs
   * again. Absent when the agent has already stopped (it asked to migrate itself): the transfer is then one
   * stop-and-copy round.
   */
  precopy?(): CapturedState;
  /** Stops the agent (`move`, or the outcome of its own `migrate`); it must not run again before commit/abort. */
  freeze(): Promise<CapturedState> | CapturedState;
  /** The decision is commit: the agent never runs here again (`depart`). Called before `Commit` is sent. */
  commit(): void;
  /** The migration failed before commit: the agent goes on here (`stay`). */
  abort(error: TransferError): void;
}

/** Options of {@link sendAgent}. */
export interface SendOptions<Policy extends object> {
  readonly agentId: string;
  /** The module bytes (sent only if the destination lacks their hash). */
  readonly module: Uint8Array;
  /** Application data for the destination's decision (manifest, names); JSON-serializable. */
  readonly meta?: Record<string, unknown>;
  /** The source's attestation and what it accepts of the destination. */
  readonly endpoint: AttestationEndpoint<Policy>;
  readonly source: LiveSource;
  /** Pre-copy rounds while running before the stop (default 4; 0 = stop-and-copy). */
  readonly maxRounds?: number;
  /** Stop pre-copying once a round's delta is at most this many bytes (default 256 KiB). */
  readonly stopBelowBytes?: number;
  /**
   * Stop pre-copying (freeze and send the rest) once a delta is not below this fraction of the round before it
   * (default 0.5): the agent writes as fast as rounds travel, so more rounds would not shorten the downtime.
   */
  readonly convergeRatio?: number;
  /** Bytes per `Chunk` message (default 1 MiB). */
  readonly chunkSize?: number;
  /** Per-message timeout (default 10 s). */
  readonly timeoutMs?: number;
  /** Progress: bytes of the current round sent, of its total. */
  readonly onProgress?: (round: number, sent: number, total: number) => void;
  /**
   * The decision of the session, once, before it takes effect: `commit` before `LiveSource.commit` and before
   * `Commit` is sent (throwing turns it into an abort: record atomically); `abort` before `LiveSource.abort`,
   * only once the final round was sent (before that no destination can hold the state). Record it durably so
   * that a destination asking later gets its token.
   */
  readonly onDecision?: (decision: SourceDecision) => Promise<void> | void;
}

const DEFAULT_CHUNK = 1 << 20;

/**
 * Moves an agent to the peer at the other end of `transport`.
 * @param transport - a connection to the destination (closed when done)
 * @param options - agent, module, attestation, the live source, pre-copy settings
 * @returns what was measured
 * @throws TransferError (the agent has been handed back to the source with `abort` first), any code
 * @example
 * const report = await sendAgent(streamTransport(socket), { agentId, module, endpoint, source });
 */
export async function sendAgent<P extends object>(
  transport: Transport,
  options: SendOptions<P>,
): Promise<TransferReport> {
  const t0 = performance.now();
  const timeoutMs = options.timeoutMs ?? 10_000;
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  const src = options.source;
  const mode: TransferMode = src.precopy !== undefined && (options.maxRounds ?? 4) > 0 ? 'pre-copy' : 'stop-and-copy';
  let committed = false;
  let frozenAt = -1;
  let captureMs = 0;
  let session: Session | null = null;
  let moduleSent = false;
  let finalCounter: bigint | null = null;
  const roundBytes: number[] = [];
  const settlementOf = (counter: bigint): Settlement => ({
    sessionId: session!.sessionId,
    agentId: options.agentId,
    counter,
    key: session!.settleKey,
  });
  try {
    const moduleHash = hashModule(options.module);
    const probe = { sent: false };
    session = await sourceHandshake(
      countingModule(transport, probe),
      { agentId: options.agentId, moduleHash, meta: options.meta ?? {} },
      options.module,
      options.endpoint,
      timeoutMs,
    );
    moduleSent = probe.sent;
    const ch = session.channel;
    await ch.send(encodeMessage(MessageType.Begin, { mode }));
    let round = 0;
    let base: Snapshot | null = null;
    const sendRound = async (
      pieces: readonly Uint8Array[],
      final: boolean,
      kind: 'full' | 'delta',
      yieldEach: boolean,
    ): Promise<void> => {
      const size = pieces.reduce((n, p) => n + p.length, 0);
      let at = 0;
      for (const chunk of chunksOf(pieces, chunkSize)) {
        // each chunk names the round's size: the destination places it as it arrives
        await ch.sendParts(encodeHead(MessageType.Chunk, { round, size }), chunk);
        at += chunk.length;
        options.onProgress?.(round, at, size);
        if (yieldEach) await new Promise((r) => setImmediate(r));
      }
      await ch.send(encodeMessage(MessageType.RoundEnd, { round, kind, final, size }));
      roundBytes.push(size);
      round++;
    };
    // round 0 travels as pieces of memory (no encoded copy): of the base's copy while the agent runs, of the
    // stopped agent's own memories when it is final; a delta is encoded, then the base patched (not after the last)
    const encodeRound = (state: CapturedState, final: boolean): { pieces: Uint8Array[]; kind: 'full' | 'delta' } => {
      const t = performance.now();
      let out: { pieces: Uint8Array[]; kind: 'full' | 'delta' };
      if (base === null) {
        if (!final) base = keepBase(null, state);
        out = { pieces: encodeSnapshotPieces(base ?? state.snapshot), kind: 'full' };
      } else {
        const delta = encodeDelta(base, state.snapshot, {
          baseDigest: roundDigest(session!.transcript, round - 1),
          ...(state.dirtyChunks === undefined ? {} : { dirtyChunks: state.dirtyChunks }),
        });
        if (!final) base = keepBase(base, state);
        out = { pieces: [delta], kind: 'delta' };
      }
      captureMs += performance.now() - t;
      return out;
    };
    if (mode === 'pre-copy') {
      const maxRounds = options.maxRounds ?? 4;
      const stopBelow = options.stopBelowBytes ?? 256 * 1024;
      const ratio = options.convergeRatio ?? 0.5;
      let previous = Infinity;
      for (let i = 0; i < maxRounds; i++) {
        const t = performance.now();
        const state = src.precopy!();
        captureMs += performance.now() - t;
        const { pieces, kind } = encodeRound(state, false);
        await sendRound(pieces, false, kind, true);
        const bytes = roundBytes[roundBytes.length - 1]!;
        // the next capture, or the freeze, only once the destination has applied this round: the final round
        // then finds it idle, and the agent keeps running (dirtying less than it would stopped) meanwhile
        const ack = decodeMessage(await ch.receive(timeoutMs), MessageType.RoundAck);
        if (uint(ack.header, 'round') !== round - 1)
          throw new TransferError('protocol-violation', 'an acknowledgement of another round');
        // converged (a small delta), or not converging (the delta did not shrink enough): freeze now
        if (kind === 'delta' && (bytes <= stopBelow || bytes > previous * ratio)) break;
        previous = bytes;
      }
    }
    frozenAt = performance.now();
    const mark = (phase: 'stop' | 'encode' | 'send' | 'ready' | 'decide' | 'resume'): void => {
      const now = performance.now();
      phases[phase] = now - lastMark;
      lastMark = now;
    };
    let lastMark = frozenAt;
    const phases: DowntimePhases = { stop: 0, encode: 0, send: 0, ready: 0, decide: 0, resume: 0 };
    const finalState = await src.freeze();
    captureMs += performance.now() - frozenAt;
    mark('stop');
    const { pieces, kind } = encodeRound(finalState, true);
    finalCounter = finalState.snapshot.migrationCounter;
    mark('encode');
    await sendRound(pieces, true, kind, false);
    mark('send');
    const ready = decodeMessage(await ch.receive(timeoutMs), MessageType.Ready);
    mark('ready');
    const restoreMs = Number(ready.header.restoreMs ?? 0);
    const final = (ready.header.final ?? {}) as Record<string, unknown>;
    const destination = {
      apply: Number(final.apply ?? 0),
      restore: Number(final.restore ?? 0),
      held: Number(final.held ?? 0),
    };
    const counter = BigInt(str(ready.header, 'counter'));
    if (counter !== finalState.snapshot.migrationCounter)
      throw new TransferError('protocol-violation', 'the destination restored another counter');
    const settlement = settlementOf(counter);
    const token = settlementToken(settlement, 'commit');
    // recorded first: if recording fails, nothing was decided and the migration aborts below
    await options.onDecision?.({ outcome: 'commit', settlement, token });
    committed = true;
    src.commit();
    mark('decide');
    let settled = false;
    try {
      await ch.send(encodeMessage(MessageType.Commit, { token: hex(token) }));
      const resumed = decodeMessage(await ch.receive(timeoutMs), MessageType.Resumed);
      settled = isSettlementToken(settlement, 'resumed', hexField(resumed.header, 'token', 32));
      if (!settled) throw new TransferError('protocol-violation', 'the resumed token does not match');
    } catch {
      // committed: the destination holds the state and settles with the recorded commit token
    }
    mark('resume');
    const downtimeMs = performance.now() - frozenAt;
    const totalMs = performance.now() - t0;
    transport.close();
    const sealMs = ch.stats.sealMs;
    return {
      agentId: options.agentId,
      mode,
      kind: finalState.snapshot.kind,
      rounds: round,
      moduleSent,
      bytesSent: ch.stats.bytesSent + (moduleSent ? options.module.length : 0),
      bytesReceived: ch.stats.bytesReceived,
      roundBytes,
      totalMs,
      downtimeMs,
      downtimePhases: { ...phases, destination },
      attestationMs: session.attestationMs,
      captureMs,
      sealMs,
      transferMs: Math.max(0, totalMs - session.attestationMs - captureMs - sealMs - restoreMs),
      restoreMs,
      counter,
      settled,
      sessionId: session.sessionId,
    };
  } catch (e) {
    const err = isTransferError(e)
      ? e
      : new TransferError('protocol-violation', `the transfer failed: ${(e as Error)?.message ?? String(e)}`, {
          cause: e,
        });
    if (!committed) {
      if (session !== null && finalCounter !== null && options.onDecision !== undefined) {
        const settlement = settlementOf(finalCounter);
        try {
          await options.onDecision({ outcome: 'abort', settlement, token: settlementToken(settlement, 'abort') });
        } catch {
          // the agent is handed back either way; a destination that asks gets no answer and keeps waiting
        }
      }
      if (session !== null) {
        try {
          await session.channel.send(encodeMessage(MessageType.Abort, { code: err.code }));
        } catch {
          // the peer may be gone; the agent is handed back below either way
        }
      }
      src.abort(err);
    }
    transport.close();
    throw err;
  }
}

/**
 * The base the next delta is made against, private to the source: the state's memories copied (round 0, or
 * when a memory changed size), or the previous base patched with the chunks written since (synchronously, before
 * the agent runs again, so the live memories still hold exactly the captured state).
 */
function keepBase(previous: Snapshot | null, state: CapturedState): Snapshot {
  const live = state.snapshot.store.mems;
  const old = previous?.store.mems;
  const dirty = state.dirtyChunks;
  const mems = live.map((m, i) => {
    const o = old?.[i];
    const d = dirty?.[i];
    if (o === undefined || d === undefined || o.bytes.length !== m.bytes.length)
      return { type: m.type, bytes: m.bytes.slice() };
    for (const c of d) {
      const at = c * CHUNK_SIZE;
      o.bytes.set(m.bytes.subarray(at, at + CHUNK_SIZE), at);
    }
    return { type: m.type, bytes: o.bytes };
  });
  return { ...state.snapshot, store: { ...state.snapshot.store, mems } };
}

/** Notes whether the handshake sent the module. */
function countingModule(t: Transport, probe: { sent: boolean }): Transport {
  return {
    send: (f) => {
      if (f[0] === MessageType.Module) probe.sent = true;
      return t.send(f);
    },
    receive: (ms) => t.receive(ms),
    close: () => t.close(),
  };
}
