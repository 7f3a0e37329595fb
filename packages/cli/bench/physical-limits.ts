/**
 * The machine's physical limits for a migration, measured in the benchmark's own run: memory copy bandwidth
 * (one buffer into another, as a round's bytes are placed) and AES-256-GCM throughput of `node:crypto` (as every
 * chunk is sealed and opened). A move of N bytes cannot take less than N over the slower of the two, per side.
 * @module
 */
import { createCipheriv, randomBytes } from 'node:crypto';

/** What was measured (medians). */
export interface PhysicalLimits {
  /** Copy bandwidth between two resident buffers, GB/s (10⁹ bytes per second). */
  readonly memcpyGBps: number;
  /** AES-256-GCM sealing in 1 MiB updates, MB/s (10⁶ bytes per second). */
  readonly aesGcmMBps: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Measures both, with `reps` repetitions each.
 * @param reps - repetitions (the median is kept)
 * @returns the limits
 */
export function measurePhysicalLimits(reps = 5): PhysicalLimits {
  const size = 64 << 20;
  const src = Buffer.alloc(size, 0x5a);
  const dst = Buffer.alloc(size, 1);
  const copy: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    dst.set(src);
    copy.push(size / ((performance.now() - t) / 1000) / 1e9);
  }
  const key = randomBytes(32);
  const chunk = src.subarray(0, 1 << 20);
  const aes: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    for (let n = 0; n < 32; n++) {
      const iv = Buffer.alloc(12);
      iv.writeUInt32BE(n, 8);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.update(chunk);
      c.final();
      c.getAuthTag();
    }
    aes.push((32 << 20) / ((performance.now() - t) / 1000) / 1e6);
  }
  return { memcpyGBps: Number(median(copy).toFixed(2)), aesGcmMBps: Math.round(median(aes)) };
}
