/**
 * The machine's physical limits for a migration, measured in the benchmark's own run: memory copy bandwidth
 * (one buffer into another, as a round's bytes are placed), the rate at which fresh memory is touched (a new
 * buffer's pages faulted in, as every buffer a move allocates), and AES-256-GCM throughput of `node:crypto` (as
 * every chunk is sealed and opened). A move of N bytes cannot take less than N over the slower of them, per side.
 * AES-GCM is measured the way the transfer channel seals (a cipher per 1 MiB chunk, fed in 64 KiB pieces whose
 * outputs the allocator recycles) and, for comparison, in one 1 MiB update per chunk, whose output is a fresh
 * 1 MiB buffer each time: on a virtual machine whose page faults are dear, the second measures page faults.
 * @module
 */
import { createCipheriv, randomBytes } from 'node:crypto';

/** What was measured (medians). */
export interface PhysicalLimits {
  /** Copy bandwidth between two resident buffers, GB/s (10⁹ bytes per second). */
  readonly memcpyGBps: number;
  /** Fresh memory: a new 64 MiB buffer allocated and filled, GB/s. */
  readonly freshMemGBps: number;
  /** AES-256-GCM sealing of 1 MiB chunks in 64 KiB updates, MB/s (10⁶ bytes per second). */
  readonly aesGcmMBps: number;
  /** AES-256-GCM sealing of 1 MiB chunks in one update each (a fresh 1 MiB output per chunk), MB/s. */
  readonly aesGcmOneShotMBps: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** MB/s of sealing 32 MiB in 1 MiB chunks, each fed to its cipher in pieces of `piece` bytes. */
function sealRate(key: Buffer, chunk: Buffer, piece: number): number {
  const t = performance.now();
  for (let n = 0; n < 32; n++) {
    const iv = Buffer.alloc(12);
    iv.writeUInt32BE(n, 8);
    const c = createCipheriv('aes-256-gcm', key, iv);
    for (let o = 0; o < chunk.length; o += piece) c.update(chunk.subarray(o, o + piece));
    c.final();
    c.getAuthTag();
  }
  return (32 << 20) / ((performance.now() - t) / 1000) / 1e6;
}

/**
 * Measures them, with `reps` repetitions each.
 * @param reps - repetitions (the median is kept)
 * @returns the limits
 */
export function measurePhysicalLimits(reps = 5): PhysicalLimits {
  const size = 64 << 20;
  const src = Buffer.alloc(size, 0x5a);
  const dst = Buffer.alloc(size, 1);
  const copy: number[] = [];
  const fresh: number[] = [];
  for (let i = 0; i < reps; i++) {
    let t = performance.now();
    dst.set(src);
    copy.push(size / ((performance.now() - t) / 1000) / 1e9);
    t = performance.now();
    const b = Buffer.allocUnsafeSlow(size);
    b.fill(i);
    fresh.push(size / ((performance.now() - t) / 1000) / 1e9);
  }
  const key = randomBytes(32);
  const chunk = src.subarray(0, 1 << 20);
  const pieces: number[] = [];
  const oneShot: number[] = [];
  for (let i = 0; i < reps; i++) {
    pieces.push(sealRate(key, chunk, 64 << 10));
    oneShot.push(sealRate(key, chunk, 1 << 20));
  }
  return {
    memcpyGBps: Number(median(copy).toFixed(2)),
    freshMemGBps: Number(median(fresh).toFixed(2)),
    aesGcmMBps: Math.round(median(pieces)),
    aesGcmOneShotMBps: Math.round(median(oneShot)),
  };
}
