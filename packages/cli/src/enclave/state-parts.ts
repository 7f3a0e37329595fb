/**
 * A persisted agent's state as a sequence of sealed *parts*, so that a state of any size crosses the enclave
 * boundary in messages far below its 64 MiB bound: `persist` encodes the snapshot once, increments the copy's
 * counter and hands out part 0; the host asks for the others one ECALL at a time (requests to the agent run in
 * between) and writes them to one file; a restore hands them back in order and the last ECALL decodes them.
 *
 * Part plaintext (inside a {@link RecordKind.state} record, bound to the copy's counter like every record):
 * `index u32 | count u32 | size u64`, then the part's bytes of the encoded snapshot (`size` is the whole
 * snapshot's length). The file is the parts in order, each `u32 BE length | sealed`. Nothing the host drops,
 * reorders, repeats or mixes from two persists opens: every part names its position, the count and the size,
 * and every part of one state shares one counter value.
 * @module
 */
import type { Inside } from './inside.js';
import { EcallError } from './payload.js';
import { type Binding, openRecord, RecordKind, sealRecord } from './sealed-record.js';

/** Bytes of encoded snapshot per part (a part is one ECALL answer or argument). */
export const STATE_PART_BYTES = 8 << 20;
const HEAD = 16;
/** Most parts a state may have (4 GiB of memory in 8 MiB parts, and its other sections). */
const MAX_PARTS = 1024;

/** A state being persisted: its encoded bytes, until the host took its last part. */
export interface PendingState {
  readonly plain: Uint8Array;
  readonly binding: Binding;
  readonly count: number;
  readonly counter: string;
}

/**
 * The number of parts a state of `size` bytes has (at least one).
 * @param size - the encoded snapshot's length
 * @returns the count
 */
export function partsOf(size: number): number {
  return Math.max(1, Math.ceil(size / STATE_PART_BYTES));
}

/**
 * Seals part `index` of a pending state.
 * @param inside - the CPU
 * @param agentId - the agent (associated data)
 * @param s - the pending state
 * @param index - which part
 * @returns the sealed part
 */
export function sealStatePart(inside: Inside, agentId: string, s: PendingState, index: number): Uint8Array {
  const from = index * STATE_PART_BYTES;
  const body = s.plain.subarray(from, Math.min(s.plain.length, from + STATE_PART_BYTES));
  const plain = new Uint8Array(HEAD + body.length);
  const dv = new DataView(plain.buffer);
  dv.setUint32(0, index);
  dv.setUint32(4, s.count);
  dv.setBigUint64(8, BigInt(s.plain.length));
  plain.set(body, HEAD);
  const sealed = sealRecord(inside, agentId, RecordKind.state, s.binding, plain);
  plain.fill(0);
  return sealed;
}

/** Opens the parts of a persisted state in order and reassembles the encoded snapshot. */
export class StateAssembly {
  #bytes: Uint8Array | null = null;
  #count = 0;
  #next = 0;
  #binding: Binding | null = null;

  /** @param agentId - the agent the parts must belong to */
  constructor(readonly agentId: string) {}

  /** Whether every part arrived. */
  get complete(): boolean {
    return this.#bytes !== null && this.#next === this.#count;
  }

  /**
   * Opens the next part.
   * @param inside - the CPU
   * @param blob - the sealed part (from the host: untrusted)
   * @throws EcallError `bad-sealed-state` (a part out of place, of another state, or malformed); RecordError
   *   when it does not open (`bad-mac`, `rolled-back`, `unknown-counter`)
   */
  async add(inside: Inside, blob: Uint8Array): Promise<void> {
    const bad = (why: string): never => {
      throw new EcallError('bad-sealed-state', `persisted state: ${why}`);
    };
    const { payload: p, binding } = await openRecord(inside, this.agentId, RecordKind.state, blob);
    try {
      if (p.length < HEAD) bad('a part too short');
      const dv = new DataView(p.buffer, p.byteOffset, p.byteLength);
      const index = dv.getUint32(0);
      const count = dv.getUint32(4);
      const size = Number(dv.getBigUint64(8));
      if (this.#bytes === null) {
        if (index !== 0) bad('the first part is missing');
        if (count < 1 || count > MAX_PARTS || count !== partsOf(size)) bad('a malformed part count');
        this.#bytes = new Uint8Array(size);
        this.#count = count;
        this.#binding = binding;
      } else {
        const b = this.#binding!;
        if (b.value !== binding.value || !sameBytes(b.counterId, binding.counterId)) bad('parts of another state');
        if (index !== this.#next || count !== this.#count || size !== this.#bytes.length) bad('a part out of place');
      }
      if (this.#next >= this.#count) bad('parts after the last');
      const from = index * STATE_PART_BYTES;
      const want = Math.min(this.#bytes!.length, from + STATE_PART_BYTES) - from;
      if (p.length - HEAD !== want) bad('a part of the wrong size');
      this.#bytes!.set(p.subarray(HEAD), from);
      this.#next++;
    } finally {
      p.fill(0);
    }
  }

  /**
   * The reassembled encoded snapshot and the binding its parts share.
   * @returns bytes and binding
   * @throws EcallError `bad-sealed-state` when parts are missing
   */
  finish(): { bytes: Uint8Array; binding: Binding } {
    if (!this.complete) throw new EcallError('bad-sealed-state', 'persisted state: parts are missing');
    return { bytes: this.#bytes!, binding: this.#binding! };
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
