/**
 * `random_get`'s source: the host's cryptographic generator, or, in deterministic mode, xoshiro128** seeded
 * through splitmix32 — reproducible, and its four state words travel with the host state. Deterministic output
 * is for tests only: it is not cryptographically secure.
 * @module
 */

import { WasiStateError } from './errors.js';
import type { ByteReader } from './state/byte-reader.js';
import type { ByteWriter } from './state/byte-writer.js';

interface HostCrypto {
  readonly crypto?: { getRandomValues(a: Uint8Array): Uint8Array };
}

/** The most bytes `getRandomValues` fills at once. */
const MAX_GET_RANDOM = 65536;

/** The random source of one WASI host. */
export class WasiRandom {
  /** Null for the host's generator; the xoshiro128** state otherwise. */
  private readonly state: Uint32Array | null;

  /** @param seed a u32 seed for deterministic mode, or `null` for the host's generator */
  constructor(seed: number | null) {
    if (seed === null) {
      this.state = null;
      return;
    }
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError('random seed must be a u32');
    // splitmix32 spreads the seed over the four words (never all zero).
    const s = new Uint32Array(4);
    let x = seed;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    this.state = s;
  }

  /** True in deterministic mode. */
  get deterministic(): boolean {
    return this.state !== null;
  }

  /** Fills `out` with random bytes. */
  fill(out: Uint8Array): void {
    if (this.state === null) {
      const c = (globalThis as unknown as HostCrypto).crypto;
      if (c === undefined) throw new TypeError('no crypto.getRandomValues on this host: use deterministic mode');
      for (let i = 0; i < out.length; i += MAX_GET_RANDOM) c.getRandomValues(out.subarray(i, i + MAX_GET_RANDOM));
      return;
    }
    let word = 0;
    for (let i = 0; i < out.length; i++) {
      if ((i & 3) === 0) word = this.next();
      out[i] = word >>> ((i & 3) * 8);
    }
  }

  /** xoshiro128**: the next u32. */
  private next(): number {
    const s = this.state!;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** Writes the mode and, in deterministic mode, the four state words. */
  encode(w: ByteWriter): void {
    if (this.state === null) {
      w.u8(0);
      return;
    }
    w.u8(1);
    for (const x of this.state) w.u32(x);
  }

  /**
   * Reads a source written by `encode`.
   * @throws WasiStateError on a bad mode, an all-zero state or truncated input
   */
  static decode(r: ByteReader): WasiRandom {
    const mode = r.u8('random mode');
    if (mode === 0) return new WasiRandom(null);
    if (mode !== 1) throw new WasiStateError('bad-value', `random mode ${mode}`);
    const rnd = new WasiRandom(0);
    for (let i = 0; i < 4; i++) rnd.state![i] = r.u32('random state');
    if (rnd.state!.every((x) => x === 0)) throw new WasiStateError('bad-value', 'random state is all zero');
    return rnd;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
