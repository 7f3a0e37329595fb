/**
 * hash-wasm (hand-written C compiled per algorithm): SHA-256, SHA3-512, BLAKE3, xxHash64 and MD5 of 256 KiB, and
 * one Argon2id derivation (256 KiB of memory, 1 pass).
 * @module
 */
import { createRequire } from 'node:module';
import { bytes } from './data.mjs';

export const meta = { pkg: 'hash-wasm', kind: 'hashing', workload: '5 digests of 256 KiB + argon2id (256 KiB, t=1)' };

export async function run() {
  const hw = createRequire(import.meta.url)('hash-wasm');
  const data = bytes(256 << 10);
  const out = [
    await hw.sha256(data),
    await hw.sha3(data, 512),
    await hw.blake3(data),
    await hw.xxhash64(data),
    await hw.md5(data),
    await hw.argon2id({
      password: 'edgedancer',
      salt: bytes(16, 7),
      parallelism: 1,
      iterations: 1,
      memorySize: 256,
      hashLength: 32,
      outputType: 'hex',
    }),
  ];
  return out.join(',');
}
