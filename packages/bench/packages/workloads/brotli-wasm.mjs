/**
 * brotli-wasm (Rust, wasm-bindgen): compress 64 KiB of text at quality 5 and decompress it again.
 * @module
 */

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { text } from './data.mjs';

export const meta = { pkg: 'brotli-wasm', kind: 'compression', workload: 'compress 64 KiB text (q5) + decompress' };

export async function run() {
  const brotli = await createRequire(import.meta.url)('brotli-wasm');
  const input = new TextEncoder().encode(text(12_000)).subarray(0, 64 << 10);
  const packed = brotli.compress(input, { quality: 5 });
  const unpacked = brotli.decompress(packed);
  if (Buffer.compare(Buffer.from(unpacked), Buffer.from(input)) !== 0) throw new Error('brotli round trip differs');
  return `${packed.length}:${createHash('sha256').update(packed).digest('hex')}`;
}
