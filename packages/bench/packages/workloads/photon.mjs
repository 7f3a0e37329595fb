/**
 * photon (Rust image processing, wasm-bindgen): a 128×128 RGBA image through grayscale, Gaussian blur, sharpen
 * and a Lanczos resize to 64×64.
 * @module
 */

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { bytes } from './data.mjs';

export const meta = {
  pkg: '@silvia-odwyer/photon-node',
  kind: 'image',
  workload: '128² RGBA: grayscale, blur, sharpen, resize',
};

export async function run() {
  const photon = createRequire(import.meta.url)('@silvia-odwyer/photon-node');
  const w = 128;
  const h = 128;
  const pixels = bytes(w * h * 4, 4242);
  for (let i = 3; i < pixels.length; i += 4) pixels[i] = 255;
  const img = new photon.PhotonImage(pixels, w, h);
  photon.grayscale(img);
  photon.gaussian_blur(img, 2);
  photon.sharpen(img);
  const small = photon.resize(img, 64, 64, 5 /* Lanczos3 */);
  const out = small.get_raw_pixels();
  img.free();
  small.free();
  return createHash('sha256').update(out).digest('hex');
}
