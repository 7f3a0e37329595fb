/**
 * `AgentChannel`: everything an agent's enclave holds for the user channel, in one object with one serialised
 * form — the agent's id and module hash, its key, and its replay cache. The enclave creates it when the agent is
 * deployed, makes the attestation's report data from it, opens every request with it, and stores `toBytes()`
 * inside the agent's sealed snapshot, from which the next node's enclave restores it.
 *
 * `AGENTCHANNEL` (big-endian; secret — only ever inside the sealed snapshot): magic `EDCH` | version u16 = 1 |
 * agentIdLength u16 | agentId | moduleHash (32) | keyLength u32 | `AGENTKEY` | cacheLength u32 | `REPLAYCACHE`.
 * @module
 */
import { concatBytes } from '../bytes.js';
import { AgentKey } from './agent-key.js';
import { type OpenedRequest, openRequest } from './agent-side.js';
import { agentAttestationReportData, checkAgentId, encodeAgentAttestation, MODULE_HASH_SIZE } from './attestation.js';
import { asciiBytes, ByteReader, ByteWriter } from './binary.js';
import { ChannelError } from './errors.js';
import { ReplayCache, type ReplayCacheOptions } from './replay-cache.js';

const MAGIC = asciiBytes('EDCH');
/** Format version of a serialised agent channel. */
export const AGENT_CHANNEL_VERSION = 1;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** An agent's side of the user channel: id, module hash, key, replay cache. */
export class AgentChannel {
  /** The agent's id. */
  readonly agentId: string;
  readonly #moduleHash: Uint8Array;
  readonly #key: AgentKey;
  readonly #replayCache: ReplayCache;

  private constructor(agentId: string, moduleHash: Uint8Array, key: AgentKey, replayCache: ReplayCache) {
    this.agentId = agentId;
    this.#moduleHash = moduleHash;
    this.#key = key;
    this.#replayCache = replayCache;
  }

  /**
   * A new channel with a fresh key (inside the enclave, when the agent is deployed).
   * @param agentId - the agent's id
   * @param moduleHash - SHA-256 of the agent's module
   * @param options - replay cache window, skew, capacity
   * @returns the channel
   * @throws TypeError or RangeError for malformed arguments
   */
  static create(agentId: string, moduleHash: Uint8Array, options: ReplayCacheOptions = {}): AgentChannel {
    checkAgentId(agentId);
    if (!(moduleHash instanceof Uint8Array) || moduleHash.length !== MODULE_HASH_SIZE) {
      throw new RangeError(`moduleHash must be ${MODULE_HASH_SIZE} bytes`);
    }
    return new AgentChannel(agentId, moduleHash.slice(), AgentKey.generate(), new ReplayCache(options));
  }

  /**
   * Restores a channel from the agent's snapshot.
   * @param bytes - an `AGENTCHANNEL`
   * @returns the channel
   * @throws ChannelError `bad-state` or `unsupported-version`
   */
  static fromBytes(bytes: Uint8Array): AgentChannel {
    const r = new ByteReader(bytes, 'bad-state', 'agent channel');
    r.expect(MAGIC, 'magic');
    const version = r.u16('version');
    if (version !== AGENT_CHANNEL_VERSION) {
      throw new ChannelError('unsupported-version', `agent channel version ${version} is not ${AGENT_CHANNEL_VERSION}`);
    }
    const idLength = r.u16('agentIdLength');
    let agentId: string;
    try {
      agentId = UTF8.decode(r.bytes(idLength, 'agentId'));
      checkAgentId(agentId);
    } catch (e) {
      if (e instanceof ChannelError) throw e;
      return r.fail('agentId is not a valid agent id');
    }
    const moduleHash = r.bytes(MODULE_HASH_SIZE, 'moduleHash').slice();
    const key = AgentKey.fromBytes(r.bytes(r.u32('keyLength'), 'key'));
    const cache = ReplayCache.fromBytes(r.bytes(r.u32('cacheLength'), 'replayCache'));
    r.end();
    return new AgentChannel(agentId, moduleHash, key, cache);
  }

  /** The agent's user-channel public key. */
  get publicKey(): Uint8Array {
    return this.#key.publicKey;
  }

  /** SHA-256 of the agent's module. */
  get moduleHash(): Uint8Array {
    return this.#moduleHash.slice();
  }

  /** Requests held by the replay cache. */
  get heldRequests(): number {
    return this.#replayCache.size;
  }

  /**
   * The 64 bytes of report data the enclave puts in the attestation's REPORT.
   * @returns report data binding the agent id, key and module hash
   */
  reportData(): Uint8Array {
    return agentAttestationReportData({
      agentId: this.agentId,
      agentPublicKey: this.#key.publicKey,
      moduleHash: this.#moduleHash,
    });
  }

  /**
   * The attestation the node serves, around a quote of {@link AgentChannel.reportData}.
   * @param quote - the QUOTE the platform made from the enclave's REPORT
   * @returns the `AGENTATTESTATION` bytes
   */
  attestation(quote: Uint8Array): Uint8Array {
    return encodeAgentAttestation({
      agentId: this.agentId,
      agentPublicKey: this.#key.publicKey,
      moduleHash: this.#moduleHash,
      quote,
    });
  }

  /**
   * Opens a user request (see {@link openRequest}); the request is recorded in the replay cache.
   * @param request - the `REQUEST` bytes
   * @param now - the enclave's clock, in milliseconds since the epoch
   * @param maxBodySize - the largest request body accepted (default 16 MiB)
   * @returns the body and its response sealer
   * @throws ChannelError as {@link openRequest}
   */
  open(request: Uint8Array, now: number, maxBodySize?: number): OpenedRequest {
    const limit = maxBodySize === undefined ? {} : { maxBodySize };
    return openRequest(this.#key, this.agentId, request, { now, replayCache: this.#replayCache, ...limit });
  }

  /**
   * The serialised channel, private key included: only for the agent's sealed snapshot.
   * @returns an `AGENTCHANNEL`
   */
  toBytes(): Uint8Array {
    const id = checkAgentId(this.agentId);
    const key = this.#key.toBytes();
    const cache = this.#replayCache.toBytes();
    const head = new ByteWriter(4 + 2 + 2 + id.length + MODULE_HASH_SIZE)
      .raw(MAGIC)
      .u16(AGENT_CHANNEL_VERSION)
      .u16(id.length)
      .raw(id)
      .raw(this.#moduleHash)
      .done();
    const out = concatBytes(
      head,
      new ByteWriter(4).u32(key.length).done(),
      key,
      new ByteWriter(4).u32(cache.length).done(),
      cache,
    );
    key.fill(0);
    return out;
  }

  /** Prints no key material. */
  toJSON(): { kind: string; agentId: string; publicKey: string; heldRequests: number } {
    const publicKey = Buffer.from(this.#key.publicKey).toString('hex');
    return { kind: 'AgentChannel', agentId: this.agentId, publicKey, heldRequests: this.#replayCache.size };
  }
}
