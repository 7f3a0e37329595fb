/**
 * Mutators for fuzzing the decoder: bit flips, byte overwrites, truncations, splices, and corruption of the
 * fields most likely to matter (section sizes, counts) with boundary values.
 * @module
 */
import type { Prng } from './prng.js';

const INTERESTING_U32 = [
  0, 1, 2, 3, 4, 7, 8, 0x7f, 0x80, 0xff, 0x100, 0xfff, 0x1000, 0xffff, 0x10000, 0x10001, 0x7fff_ffff, 0x8000_0000,
  0xffff_fffe, 0xffff_ffff,
];

/** Offsets of the section headers of a well-formed container. */
export function sectionHeaders(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let pos = 8; pos + 5 <= bytes.length; pos += 5 + view.getUint32(pos + 1, true)) out.push(pos);
  return out;
}

function setU32(bytes: Uint8Array, at: number, v: number): void {
  if (at + 4 <= bytes.length) new DataView(bytes.buffer, bytes.byteOffset).setUint32(at, v >>> 0, true);
}

/** One random mutation of `input` (never modified); `other` is a second valid input for splices. */
export function mutate(rng: Prng, input: Uint8Array, other: Uint8Array): Uint8Array {
  let b = input.slice();
  switch (rng.int(9)) {
    case 0: // bit flips
      for (let i = rng.range(1, 4); i > 0 && b.length > 0; i--) b[rng.int(b.length)] ^= 1 << rng.int(8);
      break;
    case 1: // byte overwrite
      for (let i = rng.range(1, 3); i > 0 && b.length > 0; i--)
        b[rng.int(b.length)] = rng.pick([0, 1, 0x7f, 0x80, 0xff, rng.int(256)]);
      break;
    case 2: // truncation
      b = b.slice(0, rng.int(b.length));
      break;
    case 3: {
      // trailing garbage or a section appended
      const extra = rng.bytes(rng.range(1, 16));
      const out = new Uint8Array(b.length + extra.length);
      out.set(b);
      out.set(extra, b.length);
      b = out;
      break;
    }
    case 4: {
      // delete a range
      const at = rng.int(b.length);
      const n = rng.range(1, 32);
      b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(Math.min(b.length, at + n))]);
      break;
    }
    case 5: {
      // splice with another input
      const cut = rng.int(b.length);
      const from = rng.int(other.length);
      b = Uint8Array.from([...b.subarray(0, cut), ...other.subarray(from)]);
      break;
    }
    case 6: {
      // section size corruption
      const heads = sectionHeaders(b);
      if (heads.length > 0) {
        const at = rng.pick(heads) + 1;
        const size = new DataView(b.buffer).getUint32(at, true);
        setU32(b, at, rng.pick([size + 1, size - 1, size + 4, size - 4, rng.pick(INTERESTING_U32)]));
      }
      break;
    }
    case 7: // a u32 field (any offset) set to a boundary value
      setU32(b, rng.int(Math.max(1, b.length - 3)), rng.pick(INTERESTING_U32));
      break;
    default: {
      // section id corruption
      const heads = sectionHeaders(b);
      if (heads.length > 0) b[rng.pick(heads)] = rng.int(16);
      break;
    }
  }
  return b;
}
