/**
 * The agent's side of the user channel, inside its enclave: its X25519 key pair (generated here at deploy),
 * its replay cache, and the response sealer of a request in flight. All three travel with the agent as the
 * snapshot's `channel` host section, so they exist only inside enclaves and inside encrypted snapshots and
 * sealed records. Section layout (version 1): `keyLength u32 | AGENTKEY | cacheLength u32 | replay cache |
 * pendingLength u32 | PENDINGRESPONSE (or nothing)`, big-endian.
 * @module
 */
import {
  AgentKey,
  agentAttestationReportData,
  encodeAgentAttestation,
  openRequest,
  ReplayCache,
  ResponseSealer,
} from '@edgedancer/enclave-sim/channel';
import type { HostSection, Snapshot } from '@edgedancer/migration';
import { EcallError } from './payload.js';

/** The host section's name and version. */
export const CHANNEL_SECTION = { name: 'channel', version: 1 } as const;

/** The channel state of one agent. */
export class ChannelState {
  /** The response sealer of the request being served (sealed requests only). */
  pending: ResponseSealer | null = null;
  #attestation: Uint8Array | null = null;

  private constructor(
    readonly key: AgentKey,
    readonly replay: ReplayCache,
  ) {}

  /** A new agent's channel: a fresh key pair and an empty replay cache. */
  static fresh(): ChannelState {
    return new ChannelState(AgentKey.generate(), new ReplayCache());
  }

  /**
   * The channel state carried by a snapshot.
   * @param snap - a decoded snapshot (from a sealed record or a transfer)
   * @returns the state
   * @throws EcallError `bad-sealed-state` when the section is missing or malformed
   */
  static fromSnapshot(snap: Snapshot): ChannelState {
    const s = snap.hostSections.find((h) => h.name === CHANNEL_SECTION.name);
    if (s === undefined || s.version !== CHANNEL_SECTION.version)
      throw new EcallError('bad-sealed-state', 'the snapshot carries no user-channel state');
    const parts: Uint8Array[] = [];
    const dv = new DataView(s.bytes.buffer, s.bytes.byteOffset, s.bytes.byteLength);
    let at = 0;
    for (let i = 0; i < 3; i++) {
      if (at + 4 > s.bytes.length) throw new EcallError('bad-sealed-state', 'truncated user-channel state');
      const n = dv.getUint32(at);
      at += 4;
      if (at + n > s.bytes.length) throw new EcallError('bad-sealed-state', 'truncated user-channel state');
      parts.push(s.bytes.subarray(at, at + n));
      at += n;
    }
    if (at !== s.bytes.length) throw new EcallError('bad-sealed-state', 'trailing bytes in the user-channel state');
    const c = new ChannelState(AgentKey.fromBytes(parts[0]!), ReplayCache.fromBytes(parts[1]!));
    if (parts[2]!.length > 0) c.pending = ResponseSealer.fromBytes(parts[2]!);
    return c;
  }

  /**
   * `snap` with this state as its `channel` section (replacing any).
   * @param snap - a snapshot just captured
   * @returns the snapshot to encode
   */
  into(snap: Snapshot): Snapshot {
    const parts = [
      this.key.toBytes(),
      this.replay.toBytes(),
      this.pending === null || this.pending.used ? new Uint8Array(0) : this.pending.toBytes(),
    ];
    const bytes = new Uint8Array(parts.reduce((n, p) => n + 4 + p.length, 0));
    const dv = new DataView(bytes.buffer);
    let at = 0;
    for (const p of parts) {
      dv.setUint32(at, p.length);
      bytes.set(p, at + 4);
      at += 4 + p.length;
    }
    const section: HostSection = { name: CHANNEL_SECTION.name, version: CHANNEL_SECTION.version, bytes };
    return { ...snap, hostSections: [...snap.hostSections.filter((h) => h.name !== CHANNEL_SECTION.name), section] };
  }

  /**
   * Opens a sealed user request (checks, freshness, replay) and keeps its response sealer.
   * @param agentId - this agent
   * @param request - the `REQUEST` bytes from the host
   * @returns the request body (stays inside)
   * @throws ChannelError `bad-request`, `replayed-request`, `stale-request`, `too-large`, `unsupported-version`
   */
  open(agentId: string, request: Uint8Array): Uint8Array {
    if (this.pending !== null && !this.pending.used)
      throw new EcallError('busy', 'a sealed request is already in flight');
    const opened = openRequest(this.key, agentId, request, { now: Date.now(), replayCache: this.replay });
    this.pending = opened.responder;
    return opened.body;
  }

  /**
   * Seals the response of the request in flight (once).
   * @param body - the agent's response or error text
   * @param status - `ok` or `agent-error`
   * @returns the `RESPONSE` bytes
   */
  seal(body: Uint8Array, status: 'ok' | 'agent-error' = 'ok'): Uint8Array {
    const p = this.pending;
    if (p === null || p.used) throw new EcallError('bad-state', 'no sealed request is in flight');
    this.pending = null;
    return p.seal(body, status);
  }

  /**
   * The agent attestation: a quote over the agent's public key, id and module hash (cached per enclave).
   * @param agentId - this agent
   * @param moduleHash - SHA-256 of its module
   * @param quote - turns report data into a quote (EREPORT inside, QUOTE by the platform)
   * @returns `AGENTATTESTATION` bytes
   */
  async attestation(
    agentId: string,
    moduleHash: Uint8Array,
    quote: (reportData: Uint8Array) => Promise<Uint8Array>,
  ): Promise<Uint8Array> {
    if (this.#attestation === null) {
      const fields = { agentId, agentPublicKey: this.key.publicKey, moduleHash };
      this.#attestation = encodeAgentAttestation({ ...fields, quote: await quote(agentAttestationReportData(fields)) });
    }
    return this.#attestation!;
  }
}
