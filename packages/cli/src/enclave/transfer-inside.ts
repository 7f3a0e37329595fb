/**
 * The transfer endpoint inside the enclave: `sendAgent` and `receiveAgent` of `@edgedancer/migration` run
 * here, over a {@link FramePipe}, so the handshake's X25519 keys, the quotes' report data, the session keys,
 * the AEAD and the settlement key never leave. The host drives the socket, learns the decision's token (a
 * proof of the decision, not a key) and keeps sealed records. At a source, the destination's quote must come
 * from the platform the host pinned for that peer; on commit, this copy's counter is incremented before the
 * decision leaves, so no record of it here opens again.
 * @module
 */
import { createHash } from 'node:crypto';
import {
  type Agent,
  AgentStatus,
  agentSource,
  applyDelta,
  type CapturedState,
  decodeSnapshot,
  type HeldAgent,
  isSettlementToken,
  type LiveSource,
  MigrationCounters,
  receiveAgent,
  type Settlement,
  type Snapshot,
  sendAgent,
  settlementToken,
} from '@edgedancer/migration';
import type { AgentRuntime } from './agent-runtime.js';
import { insideAttester, insideVerifier, ownBuildPolicy } from './attestation-inside.js';
import { Ocall, type ReceiveResult, type SendResult, type StepResult } from './boundary-types.js';
import { ChannelState } from './channel-state.js';
import { FramePipe } from './frame-pipe.js';
import { bytes, count, EcallError, obj, text } from './payload.js';
import { movable, openRound, sealChunkPart, sealEndPart } from './round-records.js';
import { type Binding, openRecord, RecordKind, sealRecord } from './sealed-record.js';
import { relayIdOf, settleAskHashOf, settleProofOf } from './session-secrets.js';

/** Sealed parts handed to the host and not yet written before the enclave waits (bounds its memory). */
const RECORD_WINDOW = 8;
/** Written parts' buffers the host gave back, kept to seal later parts into. */
const MAX_SPARE_PARTS = RECORD_WINDOW + 1;

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const unhex = (s: string): Uint8Array => new Uint8Array((s.match(/../g) ?? []).map((x) => parseInt(x, 16)));
const utf8 = new TextEncoder();
const codeOf = (e: unknown): string => (e as { code?: string })?.code ?? 'error';
const reasonOf = (e: unknown): string | undefined => (e as { reason?: string })?.reason;

/** The transfer side of an agent's runtime. */
export class TransferInside {
  readonly #pipes = new Map<number, FramePipe>();
  /** The relay id of the held agent's session (its in-flight call's result is kept under it). */
  #relayId: string | null = null;
  /** An agent held in doubt here, with its session's settlement. */
  #held: { held: HeldAgent; settlement: Settlement } | null = null;
  #sending = false;

  /**
   * @param rt - the agent runtime
   */
  constructor(readonly rt: AgentRuntime) {}

  #pipe(p: Record<string, unknown>): FramePipe {
    const n = count(p, 'transfer');
    if (this.#pipes.has(n)) throw new EcallError('bad-ecall', 'transfer number in use');
    const pipe = new FramePipe(this.rt.inside, n);
    this.#pipes.set(n, pipe);
    return pipe;
  }

  /**
   * `transfer-frame`: a frame the host read from the socket (`frame: null` when it closed).
   * @param payload - `{ transfer, frame }`
   * @returns once the pipe has room for more (the host's back-pressure), with the buffers of frames already
   *   opened, handed back for the host to read later frames into (`recycled`)
   */
  async frame(payload: unknown): Promise<{ recycled: Uint8Array[] }> {
    const p = obj(payload);
    const pipe = this.#pipes.get(count(p, 'transfer'));
    if (pipe === undefined) return { recycled: [] };
    await pipe.push(p.frame === null ? null : bytes(p, 'frame', 64 << 20));
    return { recycled: pipe.takeReturned().map((b) => this.rt.inside.handOver(b)) };
  }

  /**
   * `send`: moves the agent to the peer at the other end of the host's connection (pre-copy unless told
   * otherwise; stop-and-copy of the agent's own `migrate`). Resolves when the transfer ended.
   * @param payload - `{ transfer, destination, pin, precopy, timeoutMs, meta }`
   * @returns the report, or the failure and the step the agent continues from
   */
  async send(payload: unknown): Promise<SendResult> {
    const p = obj(payload);
    const rt = this.rt;
    const inside = rt.inside;
    const agent = rt.need();
    const destination = text(p, 'destination', 255);
    const pin = p.pin === null || p.pin === undefined ? null : text(p, 'pin', 128);
    const frozen = agent.state === 'migrating' ? rt.leaving : null;
    if (agent.state === 'migrating' && frozen === null)
      throw new EcallError('bad-state', 'the agent is already leaving');
    if (this.#sending) throw new EcallError('agent-migrating', 'a transfer of this agent is already under way');
    const pipe = this.#pipe(p);
    this.#sending = true;
    let aborted: StepResult | null = null;
    const live = agentSource(agent, {
      destination,
      ...(frozen === null ? {} : { frozen }),
      precopy: p.precopy === true,
      stop: async () => {
        await inside.ocall(Ocall.freeze, {});
      },
      onAbort: (o) => {
        aborted = rt.result(o);
      },
    });
    // every state that leaves carries the user channel (key pair, replay cache, response in flight)
    const channel = rt.chan();
    const withChannel = (c: CapturedState): CapturedState => ({ ...c, snapshot: channel.into(c.snapshot) });
    const source: LiveSource = {
      freeze: async () => withChannel(await live.freeze()),
      commit: () => live.commit(),
      abort: (e) => live.abort(e),
      ...(live.precopy === undefined ? {} : { precopy: () => withChannel(live.precopy!()) }),
    };
    let last = -1;
    let relayId = '';
    try {
      const report = await sendAgent(pipe, {
        agentId: rt.agentId,
        module: inside.module,
        meta: (p.meta ?? {}) as Record<string, unknown>,
        endpoint: {
          attester: insideAttester(inside),
          verifier: insideVerifier(inside, pin, (id) => {
            void inside.ocall(Ocall.peerPlatform, { peer: destination, platformId: id }).catch(() => undefined);
          }),
          policy: ownBuildPolicy(inside),
        },
        source,
        timeoutMs: count(p, 'timeoutMs', 10_000),
        onProgress: (round, sent, total) => {
          if (round === last && sent < total && sent % (4 << 20) !== 0) return;
          last = round;
          void inside.ocall(Ocall.progress, { round, sent, total }).catch(() => undefined);
        },
        onDecision: async (d) => {
          const s = d.settlement;
          if (d.outcome === 'commit' && rt.binding !== null) {
            // before the decision leaves: no record of this copy opens here again (its counter is gone)
            const gone = rt.binding.counterId;
            rt.binding = null;
            await inside.destroyCounter(gone);
          }
          const ackHash =
            d.outcome === 'commit'
              ? createHash('sha256').update(settlementToken(s, 'resumed')).digest('hex')
              : undefined;
          // the relay id and the ask proof's hash are derived here: the settlement key stays inside
          if (d.outcome === 'commit') relayId = relayIdOf(s);
          await inside.ocall(Ocall.decision, {
            outcome: d.outcome,
            sessionId: s.sessionId,
            agentId: s.agentId,
            counter: s.counter.toString(),
            token: d.token,
            askHash: settleAskHashOf(s),
            ...(ackHash === undefined ? {} : { ackHash }),
          });
        },
      });
      rt.leaving = null;
      rt.agent = null;
      rt.channel = null;
      return { ok: true, report: { ...report, counter: report.counter.toString(), relayId } };
    } catch (e) {
      rt.leaving = null;
      let step: StepResult = aborted ?? { kind: 'idle' };
      if (aborted === null && agent.state === 'migrating') step = rt.result(agent.stay(AgentStatus.FAILED));
      else if (aborted === null && agent.state === 'paused') step = { kind: 'paused' };
      const reason = reasonOf(e);
      return { ok: false, code: codeOf(e), ...(reason === undefined ? {} : { reason }), step };
    } finally {
      this.#sending = false;
      this.#pipes.delete(pipe.transfer);
    }
  }

  /**
   * `receive`: takes an agent on the host's connection (whose first frame, the offer, the host read to launch
   * this enclave and passes in again). Resolves when the agent resumed here, is held in doubt, or was refused.
   * @param payload - `{ transfer, agentId, nodeName, peers, timeoutMs, lastCounter? }`
   * @returns what happened
   */
  async receive(payload: unknown): Promise<ReceiveResult> {
    const p = obj(payload);
    const rt = this.rt;
    const inside = rt.inside;
    if (rt.agent !== null || this.#held !== null)
      throw new EcallError('agent-exists', 'this enclave already holds an agent');
    const agentId = text(p, 'agentId', 256);
    rt.place(p);
    const last =
      p.lastCounter === undefined || p.lastCounter === null
        ? []
        : [[agentId, BigInt(text(p, 'lastCounter', 40))] as const];
    const counters = new MigrationCounters(last);
    const pipe = this.#pipe(p);
    let binding: Binding | null = null;
    let heldSealed = false;
    const recording: Promise<void>[] = [];
    // the host gives each written part's buffer back (moved): later parts are sealed into those
    const spareParts: Uint8Array[] = [];
    // awaited in order later; marked handled now, so a failure waits for its turn instead of crashing the enclave
    const record = (p: Promise<unknown>): void => {
      const q = p.then((answer) => {
        const b = (answer as { recycled?: unknown } | null)?.recycled;
        if (b instanceof Uint8Array && spareParts.length < MAX_SPARE_PARTS) spareParts.push(b);
      });
      q.catch(() => undefined);
      recording.push(q);
    };
    const partsOf = new Map<number, number>();
    try {
      const got = await receiveAgent(pipe, {
        hasModule: (h) => hex(h) === hex(rt.moduleHash),
        moduleFor: () => inside.module,
        counters,
        timeoutMs: count(p, 'timeoutMs', 10_000),
        accept: async (offer) => {
          if (offer.agentId !== agentId)
            throw new EcallError('agent-mismatch', 'the offer names another agent than the host announced');
          const counterId = await inside.createCounter();
          binding = { counterId, value: await inside.readCounter(counterId) };
          // compiled now, while the rounds are still to come, not in the downtime's restore (a module that does
          // not compile is refused there, as before)
          try {
            rt.module();
          } catch {
            // the restore reports it
          }
          // once the source's quote verified, the host lifts the connection's pre-attestation budget
          const seen = (): void => {
            void inside.ocall(Ocall.peerAttested, {}).catch(() => undefined);
          };
          return {
            endpoint: {
              attester: insideAttester(inside),
              verifier: insideVerifier(inside, null, seen),
              policy: ownBuildPolicy(inside),
            },
          };
        },
        restore: (snapshot) => {
          const channel = ChannelState.fromSnapshot(snapshot);
          return this.#holdAgent(rt.restoreAgent(snapshot, { counters }), channel, binding!);
        },
        // each chunk is sealed as it arrives and handed to the host (moved, not copied) while the next ones come in;
        // a round is acknowledged only once every part of it was written
        onChunk: (round, index, chunk) => {
          const sealed = sealChunkPart(inside, agentId, binding!, round, index, chunk, spareParts.pop());
          partsOf.set(round, index + 1);
          record(inside.ocall(Ocall.heldRound, { round, part: index, sealed }, movable(sealed)));
          return recording.length >= RECORD_WINDOW ? recording.shift() : undefined;
        },
        onRound: async (round, size, baseDigest) => {
          const parts = partsOf.get(round) ?? 0;
          const sealed = sealEndPart(inside, agentId, binding!, round, parts, size, baseDigest);
          record(inside.ocall(Ocall.heldRound, { round, part: parts, sealed }, movable(sealed)));
          while (recording.length > 0) await recording.shift();
        },
        onHeld: async (s, _snap, offer) => {
          const rec = utf8.encode(
            JSON.stringify({
              sessionId: s.sessionId,
              counter: s.counter.toString(),
              key: hex(s.key),
              from: String(offer.meta.from ?? ''),
            }),
          );
          const sealed = sealRecord(inside, agentId, RecordKind.settlement, binding!, rec);
          heldSealed = true;
          rec.fill(0);
          this.#relayId = relayIdOf(s);
          await inside.ocall(Ocall.held, {
            sealed,
            sessionId: s.sessionId,
            counter: s.counter.toString(),
            from: String(offer.meta.from ?? ''),
            relayId: this.#relayId,
          });
        },
      });
      rt.agentId = agentId;
      if (got.outcome === 'in-doubt') {
        this.#held = { held: got.held!, settlement: got.settlement };
        return {
          outcome: 'in-doubt',
          agentId,
          counter: got.counter.toString(),
          sessionId: got.settlement.sessionId,
          settleProof: settleProofOf(got.settlement),
        };
      }
      this.#held = { held: { resume: () => undefined, discard: () => undefined }, settlement: got.settlement };
      return {
        outcome: 'resumed',
        agentId,
        counter: got.counter.toString(),
        sessionId: got.settlement.sessionId,
        confirmed: got.confirmed === true,
      };
    } catch (e) {
      // refused before anything was held here: this copy's counter ends with it
      const unused = heldSealed ? null : (binding as Binding | null);
      if (unused !== null) await inside.destroyCounter(unused.counterId).catch(() => undefined);
      const reason = reasonOf(e);
      return {
        outcome: 'refused',
        agentId,
        code: codeOf(e),
        ...(reason === undefined ? {} : { reason }),
        message: String((e as Error)?.message ?? e).slice(0, 500),
      };
    } finally {
      await Promise.allSettled(recording);
      this.#pipes.delete(pipe.transfer);
    }
  }

  /** A restored agent held, not running: resumed (it runs here) or discarded (its records here die). */
  #holdAgent(agent: Agent, channel: ChannelState, binding: Binding): HeldAgent {
    const rt = this.rt;
    return {
      resume: async () => {
        rt.agent = agent;
        rt.channel = channel;
        rt.binding = binding;
        await rt.inside.ocall(Ocall.resumed, {
          counter: agent.migrationCounter.toString(),
          ...(this.#relayId === null ? {} : { relayId: this.#relayId }),
        });
      },
      discard: () => {
        void rt.inside
          .incrementCounter(binding.counterId)
          .catch(() => undefined)
          .then(() => rt.inside.ocall(Ocall.discarded, {}))
          .catch(() => undefined);
      },
    };
  }

  /**
   * `revive-held`: after a restart, an agent that was held in doubt, from its sealed rounds and settlement.
   * @param payload - `{ agentId, nodeName, peers, rounds: sealed[], settlement: sealed }`
   * @returns the session to settle, the node it came from, the relay id and the ask proof of the session
   */
  async reviveHeld(
    payload: unknown,
  ): Promise<{ sessionId: string; counter: string; from: string; relayId: string; settleProof: string }> {
    const p = obj(payload);
    const rt = this.rt;
    if (rt.agent !== null || this.#held !== null)
      throw new EcallError('agent-exists', 'this enclave already holds an agent');
    const agentId = text(p, 'agentId', 256);
    rt.place(p);
    const rounds = p.rounds;
    if (
      !Array.isArray(rounds) ||
      rounds.length === 0 ||
      rounds.length > 1024 ||
      !rounds.every((r) => r instanceof Uint8Array)
    )
      throw new EcallError('bad-ecall', 'rounds must be a non-empty list of records');
    const s = await openRecord(rt.inside, agentId, RecordKind.settlement, bytes(p, 'settlement'));
    const j = JSON.parse(new TextDecoder().decode(s.payload)) as {
      sessionId: string;
      counter: string;
      key: string;
      from: string;
    };
    const expect = { moduleHashes: [rt.moduleHash], agentId };
    let snap: Snapshot | null = null;
    for (const [i, r] of (rounds as Uint8Array[]).entries()) {
      const { bytes: data, baseDigest, binding } = await openRound(rt.inside, agentId, i, r);
      if (binding.value !== s.binding.value || hex(binding.counterId) !== hex(s.binding.counterId))
        throw new EcallError('bad-sealed-state', 'rounds of another session');
      if ((baseDigest === null) !== (i === 0)) throw new EcallError('bad-sealed-state', 'rounds out of order');
      snap =
        snap === null
          ? decodeSnapshot(data, expect)
          : applyDelta(snap, data, { ...expect, baseDigest: baseDigest!, consumeBase: true });
    }
    if (snap!.migrationCounter.toString() !== j.counter)
      throw new EcallError('bad-sealed-state', 'the rounds do not end at the settled counter');
    const channel = ChannelState.fromSnapshot(snap!);
    const agent = rt.restoreAgent(snap!);
    rt.agentId = agentId;
    const settlement: Settlement = {
      sessionId: j.sessionId,
      agentId,
      counter: snap!.migrationCounter,
      key: unhex(j.key),
    };
    this.#held = { held: this.#holdAgent(agent, channel, s.binding), settlement };
    this.#relayId = relayIdOf(settlement);
    return {
      sessionId: j.sessionId,
      counter: j.counter,
      from: j.from,
      relayId: this.#relayId,
      settleProof: settleProofOf(settlement),
    };
  }

  /**
   * `settle`: the source's answer about a held agent; checked here with the session's settlement key.
   * @param payload - `{ outcome: 'commit' | 'abort', token }`
   * @returns `commit` (resumed), `abort` (discarded) or `null` (the token does not prove it)
   */
  async settle(payload: unknown): Promise<{ settled: 'commit' | 'abort' | null }> {
    const p = obj(payload);
    const h = this.#held;
    if (h === null) throw new EcallError('bad-state', 'no agent is held here');
    const outcome = p.outcome === 'commit' ? 'commit' : p.outcome === 'abort' ? 'abort' : null;
    if (outcome === null || !isSettlementToken(h.settlement, outcome, bytes(p, 'token', 64))) return { settled: null };
    this.#held = null;
    if (outcome === 'commit') {
      this.#held = { held: { resume: () => undefined, discard: () => undefined }, settlement: h.settlement };
      await h.held.resume();
    } else h.held.discard();
    return { settled: outcome };
  }

  /**
   * `resumed-token`: the token that tells the source this agent resumed here (a proof, not a key).
   * @returns the session id and the token
   */
  resumedToken(): { sessionId: string; token: Uint8Array } {
    const h = this.#held;
    if (h === null) throw new EcallError('bad-state', 'no settled session here');
    return { sessionId: h.settlement.sessionId, token: settlementToken(h.settlement, 'resumed') };
  }
}
