/**
 * Writes a module with the defined functions (types and bodies) of another repeated k times: a large module of
 * real code for timing compilation (e.g. programs/large.wasm × 9 ≈ 10 MB). References keep the first copy.
 *
 * Usage: node replicate-module.mjs in.wasm k out.wasm
 */
import { readFileSync, writeFileSync } from 'node:fs';

const [inp, kArg, out] = process.argv.slice(2);
const k = Number(kArg);
const b = readFileSync(inp);
function uleb(buf, p) {
  let v = 0,
    s = 0,
    x;
  do {
    x = buf[p++];
    v += (x & 0x7f) * 2 ** s;
    s += 7;
  } while (x & 0x80);
  return [v, p];
}
function enc(v) {
  const o = [];
  do {
    let x = v % 128;
    v = Math.floor(v / 128);
    if (v) x |= 0x80;
    o.push(x);
  } while (v);
  return o;
}
const parts = [b.subarray(0, 8)];
let p = 8;
while (p < b.length) {
  const id = b[p];
  const [size, q] = uleb(b, p + 1);
  const body = b.subarray(q, q + size);
  if (id === 3 || id === 10) {
    const [n, r] = uleb(body, 0);
    const items = body.subarray(r);
    const nb = Buffer.concat([Buffer.from(enc(n * k)), ...Array(k).fill(items)]);
    parts.push(Buffer.from([id, ...enc(nb.length)]), nb);
  } else parts.push(b.subarray(p, q + size));
  p = q + size;
}
writeFileSync(out, Buffer.concat(parts));
