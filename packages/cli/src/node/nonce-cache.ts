/**
 * The nonces of signatures seen, each kept until its signature expires: a signature used twice is a replay.
 * Bounded: when full of unexpired nonces it refuses new ones (only verified signatures reach it, so only an
 * operator can fill it).
 * @module
 */
import type { NonceStore } from './http-signatures.js';

/** A bounded cache of nonces with expiry times (seconds). */
export class NonceCache implements NonceStore {
  readonly #seen = new Map<string, number>();

  /**
   * @param capacity - the most nonces kept at once
   * @param clock - now in seconds
   */
  constructor(
    readonly capacity = 100_000,
    readonly clock: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  /** Nonces held now. */
  get size(): number {
    return this.#seen.size;
  }

  remember(nonce: string, expiresAt: number): boolean {
    const now = this.clock();
    if (this.#seen.size >= this.capacity) {
      // insertion order is roughly expiry order: drop the expired from the front
      for (const [k, exp] of this.#seen) {
        if (exp >= now) break;
        this.#seen.delete(k);
      }
    }
    const known = this.#seen.get(nonce);
    if (known !== undefined && known >= now) return false;
    if (this.#seen.size >= this.capacity) return false;
    this.#seen.set(nonce, expiresAt);
    return true;
  }
}
