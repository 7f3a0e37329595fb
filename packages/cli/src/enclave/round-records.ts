/**
 * The arriving state's durable record, streamed: each chunk of a round is sealed inside as it arrives (a *part*
 * record) and handed to the host, which appends it to the round's file; a round closes with an *end* part naming
 * how many parts and bytes it has and, for a delta, the digest of its base. The host so writes while the
 * transfer runs, never a whole round at once, and nothing it drops, reorders or repeats opens as a round:
 * every part names its round and position, and the end part its count and size.
 *
 * Part plaintext: `round u32 | index u32 | tag u8`, then for tag 0 (data) the chunk's bytes, for tag 1 (end)
 * `hasBase u8 | base (32) | size u64 | parts u32`. A round's file is the sealed parts, each as `u32 BE length | blob`.
 * @module
 */
import type { Inside } from './inside.js';
import { EcallError } from './payload.js';
import { type Binding, openRecord, RecordKind, sealRecord } from './sealed-record.js';

const PART_HEAD = 9;
const END_SIZE = PART_HEAD + 1 + 32 + 8 + 4;
/** Most parts a round may have (a round of 4 GiB in 1 MiB chunks, and its end). */
const MAX_PARTS = 1 << 16;

/**
 * Seals one chunk of a round as it arrived.
 * @param inside - the CPU
 * @param agentId - the agent (associated data)
 * @param binding - the arriving copy's counter
 * @param round - the round
 * @param index - the chunk's position in the round
 * @param chunk - its bytes (plaintext; not kept)
 * @param into - a buffer to seal into when it has exactly the part's size (one the host gave back)
 * @returns the sealed part
 */
export function sealChunkPart(
  inside: Inside,
  agentId: string,
  binding: Binding,
  round: number,
  index: number,
  chunk: Uint8Array,
  into?: Uint8Array,
): Uint8Array {
  const head = new Uint8Array(PART_HEAD);
  const dv = new DataView(head.buffer);
  dv.setUint32(0, round);
  dv.setUint32(4, index);
  head[8] = 0;
  return sealRecord(inside, agentId, RecordKind.round, binding, [head, chunk], into);
}

/**
 * Seals the end of a round.
 * @param inside - the CPU
 * @param agentId - the agent
 * @param binding - the arriving copy's counter
 * @param round - the round
 * @param parts - chunk parts sealed before it
 * @param size - the round's bytes
 * @param baseDigest - the digest a delta applies against (`null` for round 0)
 * @returns the sealed part
 */
export function sealEndPart(
  inside: Inside,
  agentId: string,
  binding: Binding,
  round: number,
  parts: number,
  size: number,
  baseDigest: Uint8Array | null,
): Uint8Array {
  const plain = new Uint8Array(END_SIZE);
  const dv = new DataView(plain.buffer);
  dv.setUint32(0, round);
  dv.setUint32(4, parts);
  plain[8] = 1;
  if (baseDigest !== null) {
    plain[9] = 1;
    plain.set(baseDigest, 10);
  }
  dv.setBigUint64(42, BigInt(size));
  dv.setUint32(50, parts);
  return sealRecord(inside, agentId, RecordKind.round, binding, plain);
}

/** A round reassembled from its parts. */
export interface OpenedRound {
  readonly bytes: Uint8Array;
  readonly baseDigest: Uint8Array | null;
  readonly binding: Binding;
}

/**
 * Opens the record of round `round` (its file as the host kept it) and reassembles its bytes.
 * @param inside - the CPU
 * @param agentId - the agent
 * @param round - which round the file must hold
 * @param file - the parts, each `u32 BE length | sealed`
 * @returns the round's bytes, its base digest and the binding its parts share
 * @throws EcallError `bad-sealed-state` for a missing, extra, reordered or foreign part; RecordError when a part does not open
 */
export async function openRound(
  inside: Inside,
  agentId: string,
  round: number,
  file: Uint8Array,
): Promise<OpenedRound> {
  const bad = (why: string): never => {
    throw new EcallError('bad-sealed-state', `round ${round}: ${why}`);
  };
  const fv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const chunks: Uint8Array[] = [];
  let binding: Binding | null = null;
  let at = 0;
  let total = 0;
  for (let index = 0; ; index++) {
    if (index > MAX_PARTS) bad('too many parts');
    if (at + 4 > file.length) bad('the record ends before its end part');
    const len = fv.getUint32(at);
    if (at + 4 + len > file.length) bad('a part is cut short');
    const { payload: p, binding: b } = await openRecord(
      inside,
      agentId,
      RecordKind.round,
      file.subarray(at + 4, at + 4 + len),
    );
    at += 4 + len;
    if (binding !== null && (b.value !== binding.value || !sameBytes(b.counterId, binding.counterId)))
      bad('parts of another session');
    binding = b;
    if (p.length < PART_HEAD) bad('a part too short');
    const dv = new DataView(p.buffer, p.byteOffset, p.byteLength);
    if (dv.getUint32(0) !== round || dv.getUint32(4) !== index) bad('a part out of place');
    if (p[8] === 0) {
      chunks.push(p.subarray(PART_HEAD));
      total += p.length - PART_HEAD;
      continue;
    }
    if (p[8] !== 1 || p.length !== END_SIZE) bad('a malformed end part');
    if (dv.getUint32(50) !== index || Number(dv.getBigUint64(42)) !== total)
      bad('the end part does not match its parts');
    if (at !== file.length) bad('parts after the end');
    const bytes = new Uint8Array(total);
    let o = 0;
    for (const c of chunks) {
      bytes.set(c, o);
      c.fill(0);
      o += c.length;
    }
    return { bytes, baseDigest: p[9] === 1 ? p.slice(10, 42) : null, binding: binding! };
  }
}

/**
 * The transfer list that moves `b`'s buffer to the host, when `b` spans all of it (never a pooled or shared one).
 * @param b - bytes about to leave
 * @returns the list, or undefined (then they are copied)
 */
export function movable(b: Uint8Array): ArrayBuffer[] | undefined {
  return b.byteOffset === 0 &&
    b.byteLength > 0 &&
    b.byteLength === b.buffer.byteLength &&
    b.buffer instanceof ArrayBuffer
    ? [b.buffer]
    : undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
