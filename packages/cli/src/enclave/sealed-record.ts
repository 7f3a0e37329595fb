/**
 * Everything the trusted runtime hands the host to keep is a sealed record: sealed with the enclave's seal key
 * (so it opens only inside this build on this platform) and bound to a monotonic counter of the platform store
 * (so it opens only while that counter still has the value it had when sealed). The plaintext starts with
 * `magic "EDRC" | version u8 | kind u8 | counterId (16) | counterValue u64 BE`, then the payload; the associated
 * data is the agent id. An agent's copy on a platform has one counter: `persist` increments it before sealing, so
 * every older record of the copy is refused as `rolled-back`; when the copy ends here (it left, was
 * refused on arrival, or the operator stopped it: {@link retireCopy}) its counter is destroyed (a held copy
 * discarded on the source's abort has its counter incremented instead), so no record of
 * it opens again (`unknown-counter`) and the platform store does not grow with every agent that passed.
 * @module
 */
import type { Inside } from './inside.js';

/** What a record holds. */
export const RecordKind = { state: 1, round: 2, settlement: 3 } as const;
/** One of {@link RecordKind}. */
export type RecordKindCode = (typeof RecordKind)[keyof typeof RecordKind];

const MAGIC = [0x45, 0x44, 0x52, 0x43];
const HEADER = 4 + 1 + 1 + 16 + 8;
const utf8 = new TextEncoder();

/** A refusal to open a record (`code`: `bad-sealed-state`, `rolled-back`, or the platform's code). */
export class RecordError extends Error {
  /**
   * @param code - what was wrong
   * @param message - for people
   */
  constructor(
    readonly code: 'bad-sealed-state' | 'rolled-back' | 'unknown-counter' | 'bad-mac',
    message: string,
  ) {
    super(message);
    this.name = 'RecordError';
  }
}

/**
 * `retire`: this copy of the agent ends here (the operator stopped it, or its deploy failed): its counter is
 * destroyed and the agent dropped. The host terminates the enclave next.
 * @param rt - the runtime's agent and binding
 * @returns whether there was a counter to destroy
 */
export async function retireCopy(rt: {
  binding: Binding | null;
  agent: unknown;
  readonly inside: Inside;
}): Promise<{ retired: boolean }> {
  const b = rt.binding;
  rt.binding = null;
  rt.agent = null;
  if (b === null) return { retired: false };
  await rt.inside.destroyCounter(b.counterId);
  return { retired: true };
}

/** A counter binding: the counter's id and the value a record is valid at. */
export interface Binding {
  readonly counterId: Uint8Array;
  readonly value: number;
}

/**
 * Seals a record.
 * @param inside - the CPU
 * @param agentId - the agent it belongs to (associated data)
 * @param kind - what it holds
 * @param binding - the counter and the value it is valid at
 * @param payload - the plaintext, or its parts (sealed as if joined, not copied)
 * @param into - a buffer to seal into when it has exactly the blob's size (else a new one)
 * @returns the sealed blob
 */
export function sealRecord(
  inside: Inside,
  agentId: string,
  kind: RecordKindCode,
  binding: Binding,
  payload: Uint8Array | readonly Uint8Array[],
  into?: Uint8Array,
): Uint8Array {
  const head = new Uint8Array(HEADER);
  head.set(MAGIC, 0);
  head[4] = 1;
  head[5] = kind;
  head.set(binding.counterId.subarray(0, 16), 6);
  new DataView(head.buffer).setBigUint64(22, BigInt(binding.value));
  const parts = [head, ...(payload instanceof Uint8Array ? [payload] : payload)];
  return inside.seal(parts, { aad: utf8.encode(agentId), ...(into === undefined ? {} : { into }) });
}

/**
 * Opens a record and checks its counter against the platform store.
 * @param inside - the CPU
 * @param agentId - the agent it must belong to
 * @param kind - what it must hold
 * @param blob - the sealed blob (from the host: untrusted)
 * @returns the binding and the payload
 * @throws RecordError `bad-sealed-state` (not a record of this agent and kind), `bad-mac` (not sealed here),
 *   `unknown-counter`, `rolled-back` (an older record than the counter allows)
 */
export async function openRecord(
  inside: Inside,
  agentId: string,
  kind: RecordKindCode,
  blob: Uint8Array,
): Promise<{ binding: Binding; payload: Uint8Array }> {
  let u: { data: Uint8Array; aad: Uint8Array };
  try {
    u = inside.unseal(blob);
  } catch (e) {
    throw new RecordError(
      'bad-mac',
      `the record does not open on this platform (${(e as { code?: string }).code ?? 'error'})`,
    );
  }
  const d = u.data;
  if (new TextDecoder().decode(u.aad) !== agentId)
    throw new RecordError('bad-sealed-state', 'a record of another agent');
  if (d.length < HEADER || MAGIC.some((b, i) => d[i] !== b) || d[4] !== 1 || d[5] !== kind)
    throw new RecordError('bad-sealed-state', 'not a record of the expected kind');
  const counterId = d.slice(6, 22);
  const value = Number(new DataView(d.buffer, d.byteOffset).getBigUint64(22));
  let current: number;
  try {
    current = await inside.readCounter(counterId);
  } catch {
    throw new RecordError('unknown-counter', 'the record is bound to a counter this platform does not hold');
  }
  if (current !== value)
    throw new RecordError(
      'rolled-back',
      `the record was sealed at counter value ${value}, the platform's counter is at ${current}: an older copy`,
    );
  return { binding: { counterId, value }, payload: d.subarray(HEADER) };
}
