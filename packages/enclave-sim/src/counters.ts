/**
 * Monotonic counters kept by the platform (as SGX's platform services offered them), persisted in the
 * platform's own directory (the platform store), never in a host's state directory. Each counter belongs to
 * one owner (an enclave measurement or a signer and product); only that owner can read or increment it.
 * Sealed state bound to a counter value is refused once the counter has moved past it, which is what makes a
 * rolled-back copy of the state unusable.
 * @module
 */
import { join } from 'node:path';
import { bytesEqual, fromHex, toHex } from './bytes.js';
import { randomBytes, sha256 } from './crypto.js';
import { EnclaveError } from './errors.js';
import { type EnclaveIdentity, KEY_POLICY_CODE, type KeyPolicy } from './identity.js';
import { ascii } from './layout.js';
import { COUNTER_ID_SIZE } from './sealing.js';
import { readJson, writeJsonAtomic, writeJsonAtomicAsync } from './state-file.js';

const FILE_NAME = 'counters.json';
const FORMAT = 'edgedancer-enclave-sim-counters';

interface CounterEntry {
  owner: Uint8Array;
  value: number;
}

/**
 * The owner id of a counter created by `identity` with `policy`: SHA-256 over the policy and the identity
 * fields it names (measurement, or signer and product).
 * @param identity - the creating enclave
 * @param policy - which identity the counter is bound to
 * @returns 32 bytes
 */
export function counterOwner(identity: EnclaveIdentity, policy: KeyPolicy): Uint8Array {
  const prod = new Uint8Array(2);
  new DataView(prod.buffer).setUint16(0, identity.isvProdId, true);
  return sha256(
    ascii('edgedancer-enclave-sim/counter-owner/v1'),
    Uint8Array.of(KEY_POLICY_CODE[policy], identity.debug ? 1 : 0),
    policy === 'mrenclave' ? identity.mrEnclave : identity.mrSigner,
    prod,
  );
}

/** The platform's persisted counters. Internal: enclaves reach it through their context. */
export class CounterStore {
  readonly #path: string;
  readonly #counters = new Map<string, CounterEntry>();
  /** Changes made (each create, increment, destroy). */
  #version = 0;
  /** Inside {@link durably}: the change is written by {@link #flush}, not synchronously. */
  #deferred = false;
  #writing: Promise<void> | null = null;
  #next: Promise<void> | null = null;

  /**
   * Loads the counters of a platform directory.
   * @param platformDir - the platform's directory
   * @param fresh - true only at provisioning: the file is created empty; otherwise it must exist (a missing
   *   file would otherwise reset every counter, which is exactly a rollback)
   * @throws EnclaveError `malformed` when the file is corrupt or missing
   */
  constructor(platformDir: string, fresh = false) {
    this.#path = join(platformDir, FILE_NAME);
    if (fresh) {
      this.#save();
      return;
    }
    const raw = readJson(this.#path);
    if (raw === undefined)
      throw new EnclaveError('malformed', `${this.#path} is missing: the platform store is damaged`);
    const obj = raw as { format?: unknown; counters?: unknown };
    if (
      typeof raw !== 'object' ||
      raw === null ||
      obj.format !== FORMAT ||
      typeof obj.counters !== 'object' ||
      obj.counters === null
    ) {
      throw new EnclaveError('malformed', `${this.#path} is not a counter file`);
    }
    for (const [id, e] of Object.entries(obj.counters as Record<string, unknown>)) {
      const entry = e as { owner?: unknown; value?: unknown };
      if (
        !/^[0-9a-f]{32}$/.test(id) ||
        typeof entry.owner !== 'string' ||
        !/^[0-9a-f]{64}$/.test(entry.owner) ||
        typeof entry.value !== 'number' ||
        !Number.isSafeInteger(entry.value) ||
        entry.value < 0
      ) {
        throw new EnclaveError('malformed', `${this.#path}: bad counter ${id}`);
      }
      this.#counters.set(id, { owner: fromHex(entry.owner), value: entry.value });
    }
  }

  /**
   * Creates a counter at zero.
   * @param owner - the owner id
   * @returns the new counter's 16-byte id
   */
  create(owner: Uint8Array): Uint8Array {
    const id = randomBytes(COUNTER_ID_SIZE);
    this.#counters.set(toHex(id), { owner: owner.slice(), value: 0 });
    this.#save();
    return id;
  }

  /**
   * A counter's value.
   * @param owners - the caller's owner ids (one per key policy)
   * @param id - the counter id
   * @returns its value
   * @throws EnclaveError `unknown-counter` when absent or owned by someone else
   */
  read(owners: readonly Uint8Array[], id: Uint8Array): number {
    return this.#entry(owners, id).value;
  }

  /**
   * Increments a counter, durably, before returning.
   * @param owners - the caller's owner ids
   * @param id - the counter id
   * @returns the new value
   * @throws EnclaveError `unknown-counter` or `counter-exhausted`
   */
  increment(owners: readonly Uint8Array[], id: Uint8Array): number {
    const e = this.#entry(owners, id);
    if (e.value >= Number.MAX_SAFE_INTEGER) throw new EnclaveError('counter-exhausted', 'counter reached its maximum');
    e.value += 1;
    this.#save();
    return e.value;
  }

  /**
   * Deletes a counter: state bound to it can never be unsealed again.
   * @param owners - the caller's owner ids
   * @param id - the counter id
   * @throws EnclaveError `unknown-counter`
   */
  destroy(owners: readonly Uint8Array[], id: Uint8Array): void {
    this.#entry(owners, id);
    this.#counters.delete(toHex(id));
    this.#save();
  }

  #entry(owners: readonly Uint8Array[], id: Uint8Array): CounterEntry {
    const e = id.length === COUNTER_ID_SIZE ? this.#counters.get(toHex(id)) : undefined;
    if (e === undefined || !owners.some((o) => bytesEqual(e.owner, o))) {
      throw new EnclaveError('unknown-counter', 'no such counter for this enclave');
    }
    return e;
  }

  /**
   * {@link create}, {@link increment} or {@link destroy}, applied at once in memory, resolving when the file holds it.
   * The write goes through the file system's thread pool (an enclave's counter never holds the node's event loop
   * on `fsync`); changes made while a write is under way are written together by the next one.
   * @param op - the operation
   * @returns its result, once durable
   */
  async durably<T>(op: () => T): Promise<T> {
    this.#deferred = true;
    let value: T;
    try {
      value = op();
    } finally {
      this.#deferred = false;
    }
    await this.#flush();
    return value;
  }

  /** A write started after every change so far (shared by the changes made before it starts). */
  #flush(): Promise<void> {
    if (this.#next !== null) return this.#next;
    const next = (async () => {
      await this.#writing?.catch(() => undefined);
      this.#next = null;
      const done = this.#version;
      const write = writeJsonAtomicAsync(this.#path, this.#contents());
      this.#writing = write;
      await write;
      // a synchronous save made meanwhile may sit under this older write: write the latest again
      if (this.#version > done && this.#next === null) await this.#flush();
    })();
    this.#next = next;
    return next;
  }

  #contents(): unknown {
    const counters: Record<string, { owner: string; value: number }> = {};
    for (const [id, e] of this.#counters) counters[id] = { owner: toHex(e.owner), value: e.value };
    return { format: FORMAT, version: 1, counters };
  }

  #save(): void {
    this.#version++;
    if (!this.#deferred) writeJsonAtomic(this.#path, this.#contents());
  }
}
