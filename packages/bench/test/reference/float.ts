/**
 * Reference implementations of matmul.c and mandelbrot.c, every operation in
 * the order and precision C gives it (f32 results rounded with Math.fround).
 * @module
 */
import { bitsOfF32, bitsOfF64, FOLD64_INIT, fold64, i64String, lcg32 } from './int.js';

const N = 40;

function fill(m: Float64Array, seed: number): void {
  let x = seed;
  for (let i = 0; i < N * N; i++) {
    x = lcg32(x, 1103515245, 12345);
    m[i] = ((x >>> 16) % 1000) / 250.0 - 2.0;
  }
}

/** matmul.c's run(n). */
export function matmulRun(n: number): string {
  const a = new Float64Array(N * N);
  const b = new Float64Array(N * N);
  const c = new Float64Array(N * N);
  fill(a, 1);
  fill(b, 2);
  let hash = FOLD64_INIT;
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) c[i * N + j] = 0;
      for (let k = 0; k < N; k++) {
        const aik = a[i * N + k]!;
        for (let j = 0; j < N; j++) c[i * N + j] = c[i * N + j]! + aik * b[k * N + j]!;
      }
    }
    a[r % (N * N)] = c[(r * 7) % (N * N)]! * 0.001;
    hash = fold64(hash, bitsOfF64(c[(r * 13) % (N * N)]!));
  }
  for (let i = 0; i < N; i++) hash = fold64(hash, bitsOfF64(c[i * N + i]!));
  return i64String(hash);
}

const WIDTH = 32;
const HEIGHT = 24;
const MAX_ITER = 64;

function frameF64(frame: number, hash: bigint): bigint {
  const scale = 3.0 / (1.0 + (frame & 7) * 0.25);
  const dx = scale / WIDTH;
  const dy = (scale * 0.75) / HEIGHT;
  for (let py = 0; py < HEIGHT; py++) {
    const ci = -scale * 0.375 + py * dy;
    for (let px = 0; px < WIDTH; px++) {
      const cr = -0.75 - scale * 0.5 + px * dx;
      let zr = 0;
      let zi = 0;
      let k = 0;
      while (k < MAX_ITER && zr * zr + zi * zi <= 4.0) {
        const t = zr * zr - zi * zi + cr;
        zi = 2.0 * zr * zi + ci;
        zr = t;
        k++;
      }
      hash = fold64(hash, BigInt(k) ^ bitsOfF64(zr));
    }
  }
  return hash;
}

function frameF32(frame: number, hash: bigint): bigint {
  const f = Math.fround;
  const scale = f(3.0 / f(1.0 + f((frame & 7) * 0.25)));
  const dx = f(scale / WIDTH);
  const dy = f(f(scale * 0.75) / HEIGHT);
  for (let py = 0; py < HEIGHT; py++) {
    const ci = f(f(-scale * 0.375) + f(py * dy));
    for (let px = 0; px < WIDTH; px++) {
      const cr = f(f(-0.75 - f(scale * 0.5)) + f(px * dx));
      let zr = 0;
      let zi = 0;
      let k = 0;
      while (k < MAX_ITER && f(f(zr * zr) + f(zi * zi)) <= 4.0) {
        const t = f(f(f(zr * zr) - f(zi * zi)) + cr);
        zi = f(f(f(2.0 * zr) * zi) + ci);
        zr = t;
        k++;
      }
      hash = fold64(hash, BigInt(k) ^ BigInt(bitsOfF32(zi)));
    }
  }
  return hash;
}

/** mandelbrot.c's run(n). */
export function mandelbrotRun(n: number): string {
  let hash = FOLD64_INIT;
  for (let frame = 0; frame < n; frame++) hash = frame & 1 ? frameF32(frame, hash) : frameF64(frame, hash);
  return i64String(hash);
}
