/**
 * The agent's long-term user-channel key: an X25519 key pair generated inside the agent's enclave, kept there
 * and carried to the next node inside the encrypted snapshot (never given to the host). Clients learn its public
 * half from the agent attestation and encrypt requests to it with HPKE.
 *
 * Serialised form (`AGENTKEY`, 72 bytes, big-endian): magic `EDAK` | version u16 = 1 | kemId u16 = 0x0020 |
 * private key (32) | public key (32). Decoding checks that the public key is the private key's.
 * @module
 */
import { bytesEqual } from '../bytes.js';
import { asciiBytes, ByteReader, ByteWriter } from './binary.js';
import { ChannelError } from './errors.js';
import { deriveKeyPair, type HpkeKeyPair, KEM_X25519_HKDF_SHA256, keyPairFromPrivate } from './hpke.js';
import { X25519_KEY_SIZE, x25519Generate } from './hpke-primitives.js';

/** Magic of a serialised agent key. */
const AGENT_KEY_MAGIC = asciiBytes('EDAK');
/** Format version of a serialised agent key. */
export const AGENT_KEY_VERSION = 1;
/** Size of a serialised agent key, in bytes. */
export const AGENT_KEY_SIZE = 4 + 2 + 2 + X25519_KEY_SIZE + X25519_KEY_SIZE;

/**
 * An agent's user-channel key pair. The private key stays in a private field; `toBytes()` is for the sealed
 * snapshot only, and the object prints (`toJSON`, `toString`) its public key only.
 */
export class AgentKey {
  readonly #private: Uint8Array;
  readonly #pair: HpkeKeyPair;

  private constructor(sk: Uint8Array) {
    this.#private = sk;
    this.#pair = keyPairFromPrivate(sk);
  }

  /**
   * A fresh key pair from the platform's random source (inside the enclave).
   * @returns the key
   */
  static generate(): AgentKey {
    return new AgentKey(x25519Generate().sk);
  }

  /**
   * A key pair determined by `ikm` (RFC 9180 `DeriveKeyPair`): for fixed examples and tests, or for a key
   * derived from an enclave secret.
   * @param ikm - at least 32 bytes of secret entropy
   * @returns the key
   */
  static derive(ikm: Uint8Array): AgentKey {
    return new AgentKey(deriveKeyPair(ikm).sk);
  }

  /**
   * Decodes a serialised key (from the agent's snapshot).
   * @param bytes - an `AGENTKEY`
   * @returns the key
   * @throws ChannelError `bad-state` or `unsupported-version`
   */
  static fromBytes(bytes: Uint8Array): AgentKey {
    const r = new ByteReader(bytes, 'bad-state', 'agent key');
    r.expect(AGENT_KEY_MAGIC, 'magic');
    const version = r.u16('version');
    if (version !== AGENT_KEY_VERSION)
      throw new ChannelError('unsupported-version', `agent key version ${version} is not ${AGENT_KEY_VERSION}`);
    if (r.u16('kemId') !== KEM_X25519_HKDF_SHA256) r.fail('kemId is not DHKEM(X25519, HKDF-SHA256)');
    const sk = r.bytes(X25519_KEY_SIZE, 'private key').slice();
    const pk = r.bytes(X25519_KEY_SIZE, 'public key');
    r.end();
    const key = new AgentKey(sk);
    if (!bytesEqual(key.publicKey, pk))
      throw new ChannelError('bad-state', "agent key: the public key is not the private key's");
    return key;
  }

  /** The 32-byte public key (a copy). */
  get publicKey(): Uint8Array {
    return this.#pair.publicKey.slice();
  }

  /** @internal The HPKE key pair, for opening requests. */
  get keyPair(): HpkeKeyPair {
    return this.#pair;
  }

  /**
   * The serialised key, private half included: only for the agent's sealed snapshot.
   * @returns an `AGENTKEY` (72 bytes)
   */
  toBytes(): Uint8Array {
    return new ByteWriter(AGENT_KEY_SIZE)
      .raw(AGENT_KEY_MAGIC)
      .u16(AGENT_KEY_VERSION)
      .u16(KEM_X25519_HKDF_SHA256)
      .raw(this.#private)
      .raw(this.#pair.publicKey)
      .done();
  }

  /** Overwrites the private key bytes held here (the imported key object is left to the collector). */
  destroy(): void {
    this.#private.fill(0);
  }

  /** Prints the public key only. */
  toJSON(): { kind: string; publicKey: string } {
    return { kind: 'AgentKey', publicKey: Buffer.from(this.#pair.publicKey).toString('hex') };
  }

  /** Prints the public key only. */
  toString(): string {
    return `AgentKey(${Buffer.from(this.#pair.publicKey).toString('hex')})`;
  }
}

/**
 * Generates an agent's user-channel key pair (call it inside the enclave, at deployment).
 * @returns the key
 * @example
 * const key = generateAgentKey();
 * snapshot.channelKey = key.toBytes();          // travels sealed with the agent
 * const again = AgentKey.fromBytes(snapshot.channelKey);
 */
export function generateAgentKey(): AgentKey {
  return AgentKey.generate();
}
