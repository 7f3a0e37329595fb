/**
 * Reference implementation of dispatch.c: the same register machine with
 * its handlers as JS functions in a table.
 * @module
 */
import { i32String, lcg32 } from './int.js';

interface Regs {
  acc: number;
  x: number;
  y: number;
  z: number;
}

const handlers: readonly ((r: Regs, a: number) => number)[] = [
  (r, a) => ((r.acc = (r.acc + a) | 0), 1),
  (r, a) => ((r.acc = (r.acc - a) | 0), 2),
  (r, a) => ((r.acc ^= Math.imul(a, 0x9e37)), 3),
  (r, a) => ((r.acc = Math.imul(r.acc, a | 1)), 4),
  (r, a) => {
    const t = r.x;
    r.x = r.acc;
    r.acc = (t + a) | 0;
    return 5;
  },
  (r, a) => {
    const t = r.y;
    r.y = r.acc;
    r.acc = (t - a) | 0;
    return 6;
  },
  (r, a) => {
    r.z = (r.z + (r.x ^ r.y)) | 0;
    r.acc = (r.acc + (r.z >> (a & 7))) | 0;
    return 7;
  },
  (r, a) => ((r.acc = (r.acc << (a & 3)) | 1), 8),
  (r, a) => ((r.acc = (r.acc >>> (a & 7)) | 0), 9),
  (r, a) => ((r.acc = r.acc < r.x ? r.acc : (r.x + a) | 0), 10),
  (r, a) => ((r.acc = r.acc > r.y ? r.acc : (r.y - a) | 0), 11),
  (r, a) => ((r.acc = (a - r.acc) | 0), 12),
];

const methods: readonly ((w: number, h: number) => number)[] = [
  (w, h) => Math.imul(w, h),
  (w, h) => 2 * (w + h),
  (w, h) => Math.imul(w, h) >> 1,
  (w, h) => w + h + (w > h ? w : h),
];

/** dispatch.c's run(n). */
export function dispatchRun(n: number): string {
  const opcodes = new Uint8Array(256);
  const operands = new Int32Array(256);
  let seed = 7;
  for (let i = 0; i < 256; i++) {
    seed = lcg32(seed, 1664525, 1013904223);
    opcodes[i] = (seed >>> 24) % 12;
    operands[i] = (seed >>> 8) & 0xffff;
  }
  const regs: Regs = { acc: 1, x: 2, y: 3, z: 4 };
  let trace = 0;
  for (let r = 0; r < n; r++) {
    for (let pc = 0; pc < 256; pc++) trace = (trace + handlers[opcodes[pc]!]!(regs, (operands[pc]! + r) | 0)) | 0;
    for (let k = 0; k < 32; k++) trace = (trace + methods[(k + r) & 3]!(k + 1, (regs.acc & 15) + 1)) | 0;
  }
  return i32String(regs.acc ^ regs.x ^ regs.y ^ regs.z ^ trace);
}
