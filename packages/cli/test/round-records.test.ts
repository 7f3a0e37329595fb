/**
 * The streamed durable record of an arriving round: sealed parts reassemble into the round's bytes, and a host
 * that drops, repeats, reorders, cuts or mixes parts gets nothing that opens as a round.
 * @module
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Inside } from '../src/enclave/inside.js';
import { openRound, sealChunkPart, sealEndPart } from '../src/enclave/round-records.js';
import { fakeInside } from './fake-inside.js';

const binding = { counterId: new Uint8Array(16).fill(7), value: 3 };
const frame = (parts: Uint8Array[]): Uint8Array => {
  const out: Buffer[] = [];
  for (const p of parts) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(p.length);
    out.push(len, Buffer.from(p));
  }
  return new Uint8Array(Buffer.concat(out));
};

function partsOf(
  inside: Inside,
  round: number,
  bytes: Uint8Array,
  size: number,
  base: Uint8Array | null,
): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let at = 0, i = 0; at < bytes.length; at += size, i++)
    parts.push(sealChunkPart(inside, 'agent-1', binding, round, i, bytes.subarray(at, at + size)));
  parts.push(sealEndPart(inside, 'agent-1', binding, round, parts.length, bytes.length, base));
  return parts;
}

describe('round records', () => {
  const inside = fakeInside();
  const bytes = new Uint8Array(randomBytes(10_000));
  const base = new Uint8Array(32).fill(9);

  it('reassembles a round from its parts, with its base digest', async () => {
    const r = await openRound(inside, 'agent-1', 2, frame(partsOf(inside, 2, bytes, 3000, base)));
    assert.deepEqual(r.bytes, bytes);
    assert.deepEqual(r.baseDigest, base);
    assert.equal(r.binding.value, 3);
    const r0 = await openRound(inside, 'agent-1', 0, frame(partsOf(inside, 0, bytes, 4096, null)));
    assert.equal(r0.baseDigest, null);
  });

  it('refuses dropped, repeated, reordered, cut, extra and foreign parts', async () => {
    const parts = partsOf(inside, 1, bytes, 3000, base);
    const refused = async (file: Uint8Array, round = 1): Promise<void> => {
      await assert.rejects(openRound(inside, 'agent-1', round, file), (e: unknown) =>
        ['bad-sealed-state', 'bad-mac'].includes((e as { code?: string }).code ?? ''),
      );
    };
    await refused(frame([parts[0]!, parts[2]!, parts[3]!, parts[4]!]));
    await refused(frame([parts[0]!, parts[0]!, ...parts.slice(1)]));
    await refused(frame([parts[1]!, parts[0]!, ...parts.slice(2)]));
    await refused(frame(parts.slice(0, -1)));
    await refused(frame(parts).subarray(0, 100));
    await refused(frame([...parts, parts[0]!]));
    await refused(frame(parts), 2);
    await refused(frame(partsOf(fakeInside(), 1, bytes, 3000, base)));
    await assert.rejects(
      openRound(inside, 'agent-2', 1, frame(parts)),
      (e: unknown) => (e as { code?: string }).code === 'bad-sealed-state',
    );
  });
});
