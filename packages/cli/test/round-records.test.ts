/**
 * The streamed durable record of an arriving round: sealed parts reassemble into the round's bytes, and a host
 * that drops, repeats, reorders, cuts or mixes parts gets nothing that opens as a round.
 * @module
 */
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Inside } from '../src/enclave/inside.js';
import { openRound, sealChunkPart, sealEndPart } from '../src/enclave/round-records.js';

/** Enough of the CPU for records: seal/unseal with one key, one counter at value 3. */
function fakeInside(): Inside {
  const key = randomBytes(32);
  return {
    seal(data: Uint8Array, o?: { aad?: Uint8Array }): Uint8Array {
      const iv = randomBytes(12);
      const aad = o?.aad ?? new Uint8Array(0);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(aad);
      const body = Buffer.concat([c.update(data), c.final()]);
      const head = Buffer.alloc(2);
      head.writeUInt16BE(aad.length);
      return new Uint8Array(Buffer.concat([head, aad, iv, c.getAuthTag(), body]));
    },
    unseal(blob: Uint8Array): { data: Uint8Array; aad: Uint8Array } {
      const b = Buffer.from(blob);
      const n = b.readUInt16BE(0);
      const aad = b.subarray(2, 2 + n);
      const d = createDecipheriv('aes-256-gcm', key, b.subarray(2 + n, 14 + n));
      d.setAAD(aad);
      d.setAuthTag(b.subarray(14 + n, 30 + n));
      return {
        data: new Uint8Array(Buffer.concat([d.update(b.subarray(30 + n)), d.final()])),
        aad: new Uint8Array(aad),
      };
    },
    readCounter: async () => 3,
  } as unknown as Inside;
}

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
