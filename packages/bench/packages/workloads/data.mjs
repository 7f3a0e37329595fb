/**
 * Deterministic inputs of the package workloads (the same bytes in every process and on every engine).
 * @module
 */

/**
 * Pseudo-random bytes from a xorshift32 generator.
 * @param {number} n how many
 * @param {number} seed a non-zero seed
 * @returns {Uint8Array}
 */
export function bytes(n, seed = 0x9e3779b9) {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

const WORDS = [
  'edge',
  'agent',
  'snapshot',
  'memory',
  'enclave',
  'migrate',
  'resume',
  'table',
  'global',
  'frame',
  'stack',
  'module',
  'instance',
  'quote',
  'verifier',
  'counter',
  'dirty',
  'page',
  'fuel',
  'trap',
];

/**
 * Text of `n` words drawn from a small vocabulary (compressible, like logs or markup).
 * @param {number} n words
 * @returns {string}
 */
export function text(n) {
  const r = bytes(n * 2, 12345);
  const parts = [];
  for (let i = 0; i < n; i++) parts.push(WORDS[r[2 * i] % WORDS.length] + (r[2 * i + 1] % 7 === 0 ? '.\n' : ' '));
  return parts.join('');
}
