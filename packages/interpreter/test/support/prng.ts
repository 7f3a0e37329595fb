/**
 * The tests' seeded PRNG: mulberry32, small and fast, the same sequence on every run.
 * @module
 */

/**
 * A mulberry32 generator.
 * @param seed - any integer; the same seed gives the same sequence
 * @returns a function giving the next uint32
 * @example const next = prng(42); next(); // an integer in [0, 2^32)
 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * A mulberry32 generator of fractions.
 * @param seed - any integer
 * @returns a function giving the next number in [0, 1)
 */
export function prngFraction(seed: number): () => number {
  const next = prng(seed);
  return () => next() / 2 ** 32;
}
