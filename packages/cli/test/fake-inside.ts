/**
 * Enough of the enclave's CPU for sealed records in unit tests: seal/unseal with one key, one counter at value 3.
 * @module
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Inside } from '../src/enclave/inside.js';

/** Enough of the CPU for records: seal/unseal with one key, one counter at value 3. */
export function fakeInside(): Inside {
  const key = randomBytes(32);
  return {
    seal(data: Uint8Array | readonly Uint8Array[], o?: { aad?: Uint8Array }): Uint8Array {
      const iv = randomBytes(12);
      const aad = o?.aad ?? new Uint8Array(0);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(aad);
      // given in parts, sealed as if joined (as the real `seal`; `into` is only an allocation hint there)
      const parts = data instanceof Uint8Array ? [data] : data;
      const body = Buffer.concat([...parts.map((p) => c.update(p)), c.final()]);
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
