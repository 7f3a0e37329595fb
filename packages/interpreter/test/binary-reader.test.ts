/**
 * Tests of `BinaryReader`: LEB128 limits (too long, too large, signed edges), fixed-width reads that keep bit
 * patterns, lengths, and strict UTF-8 names, each failure with its offset.
 * @module
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import {
  BinaryReader,
  decodeUtf8,
  INTEGER_TOO_LARGE,
  INTEGER_TOO_LONG,
  LENGTH_OUT_OF_BOUNDS,
  MALFORMED_UTF8,
  UNEXPECTED_END,
} from '../src/binary-reader.js';
import { CompileError } from '../src/errors.js';

/** The signed LEB128 of `value`, padded with `pad` redundant bytes, at most 10 bytes in all. */
function sleb64(value: bigint, pad: number): number[] {
  const out: number[] = [];
  let v = value;
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      break;
    }
    out.push(b | 0x80);
  }
  const fill = value < 0n ? 0x7f : 0x00;
  for (let i = 0; i < pad && out.length < 10; i++) {
    out[out.length - 1]! |= 0x80;
    out.push(fill);
  }
  return out;
}

function reader(...bytes: number[]): BinaryReader {
  return new BinaryReader(Uint8Array.from(bytes));
}

/** Asserts that `fn` throws a CompileError with exactly `reason` at `offset`. */
function throwsAt(fn: () => unknown, reason: string, offset: number): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof CompileError, `expected CompileError, got ${String(e)}`);
    assert.equal(e.reason, reason);
    assert.equal(e.offset, offset);
    return true;
  });
}

describe('BinaryReader construction and bytes', () => {
  it('reads within [start, end) and reports absolute offsets', () => {
    const r = new BinaryReader(Uint8Array.from([9, 1, 2, 3, 9]), 1, 4);
    assert.equal(r.pos, 1);
    assert.equal(r.remaining, 3);
    assert.equal(r.peek(), 1);
    assert.deepEqual([r.u8(), r.u8(), r.u8()], [1, 2, 3]);
    assert.equal(r.atEnd, true);
    assert.equal(r.peek(), -1);
    throwsAt(() => r.u8(), UNEXPECTED_END, 4);
  });

  it('rejects an invalid range with RangeError', () => {
    const bytes = new Uint8Array(4);
    assert.throws(() => new BinaryReader(bytes, 3, 2), RangeError);
    assert.throws(() => new BinaryReader(bytes, 0, 5), RangeError);
    assert.throws(() => new BinaryReader(bytes, -1), RangeError);
    assert.throws(() => new BinaryReader(bytes, 0.5), RangeError);
  });

  it('bytes(n) returns a view without copying and checks the end', () => {
    const data = Uint8Array.from([1, 2, 3, 4]);
    const r = new BinaryReader(data);
    const view = r.bytes(3);
    assert.deepEqual([...view], [1, 2, 3]);
    assert.equal(view.buffer, data.buffer);
    throwsAt(() => r.bytes(2), UNEXPECTED_END, 4);
    throwsAt(() => r.bytes(-1), UNEXPECTED_END, 4);
    assert.equal(r.pos, 3);
    r.skip(1);
    assert.equal(r.atEnd, true);
    throwsAt(() => r.skip(1), UNEXPECTED_END, 4);
  });
});

describe('u32', () => {
  const cases: [number[], number][] = [
    [[0x00], 0],
    [[0x7f], 127],
    [[0x80, 0x01], 128],
    [[0xe5, 0x8e, 0x26], 624485],
    [[0x80, 0x00], 0], // non-minimal encodings within 5 bytes are allowed
    [[0x80, 0x80, 0x80, 0x80, 0x00], 0],
    [[0xff, 0xff, 0xff, 0xff, 0x0f], 0xffffffff],
    [[0x80, 0x80, 0x80, 0x80, 0x08], 0x80000000],
  ];
  for (const [bytes, value] of cases) {
    it(`decodes ${bytes.map((b) => b.toString(16)).join(' ')} as ${value}`, () => {
      const r = reader(...bytes);
      assert.equal(r.u32(), value);
      assert.equal(r.atEnd, true);
    });
  }

  it('rejects a sixth byte: integer representation too long', () => {
    throwsAt(() => reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).u32(), INTEGER_TOO_LONG, 5);
    throwsAt(() => reader(0x82, 0x80, 0x80, 0x80, 0x80, 0x00).u32(), INTEGER_TOO_LONG, 5);
  });

  it('rejects bits above 32 in the fifth byte: integer too large', () => {
    throwsAt(() => reader(0xff, 0xff, 0xff, 0xff, 0x1f).u32(), INTEGER_TOO_LARGE, 4);
    throwsAt(() => reader(0x82, 0x80, 0x80, 0x80, 0x70).u32(), INTEGER_TOO_LARGE, 4);
    throwsAt(() => reader(0x82, 0x80, 0x80, 0x80, 0x40).u32(), INTEGER_TOO_LARGE, 4);
    // Unused bits take precedence over the continuation bit, as in the spec interpreter.
    throwsAt(() => reader(0x80, 0x80, 0x80, 0x80, 0x90, 0x00).u32(), INTEGER_TOO_LARGE, 4);
  });

  it('reports a truncated encoding at the end', () => {
    throwsAt(() => reader(0x80).u32(), UNEXPECTED_END, 1);
    throwsAt(() => reader().u32(), UNEXPECTED_END, 0);
    throwsAt(() => reader(0xff, 0xff, 0xff, 0xff).u32(), UNEXPECTED_END, 4);
  });
});

describe('s32', () => {
  const cases: [number[], number][] = [
    [[0x00], 0],
    [[0x3f], 63],
    [[0x40], -64],
    [[0x7f], -1],
    [[0xc0, 0x00], 64],
    [[0xbf, 0x7f], -65],
    [[0xff, 0xff, 0xff, 0xff, 0x07], 0x7fffffff],
    [[0x80, 0x80, 0x80, 0x80, 0x78], -0x80000000],
    [[0xff, 0xff, 0xff, 0xff, 0x7f], -1],
    [[0x80, 0x80, 0x80, 0x80, 0x00], 0],
  ];
  for (const [bytes, value] of cases) {
    it(`decodes ${bytes.map((b) => b.toString(16)).join(' ')} as ${value}`, () => {
      const r = reader(...bytes);
      assert.equal(r.s32(), value);
      assert.equal(r.atEnd, true);
    });
  }

  it('rejects unused bits that do not extend the sign', () => {
    throwsAt(() => reader(0x80, 0x80, 0x80, 0x80, 0x70).s32(), INTEGER_TOO_LARGE, 4); // 0 with bits set
    throwsAt(() => reader(0xff, 0xff, 0xff, 0xff, 0x0f).s32(), INTEGER_TOO_LARGE, 4); // -1 with bits unset
    throwsAt(() => reader(0x80, 0x80, 0x80, 0x80, 0x1f).s32(), INTEGER_TOO_LARGE, 4);
    throwsAt(() => reader(0xff, 0xff, 0xff, 0xff, 0x4f).s32(), INTEGER_TOO_LARGE, 4);
  });

  it('rejects more than 5 bytes', () => {
    throwsAt(() => reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).s32(), INTEGER_TOO_LONG, 5);
    throwsAt(() => reader(0xff, 0xff, 0xff, 0xff, 0xff, 0x7f).s32(), INTEGER_TOO_LONG, 5);
  });
});

describe('s33', () => {
  const cases: [number[], number][] = [
    [[0x40], -64],
    [[0x7f], -1],
    [[0x00], 0],
    [[0xff, 0xff, 0xff, 0xff, 0x0f], 0xffffffff],
    [[0x80, 0x80, 0x80, 0x80, 0x70], -0x100000000],
    [[0xff, 0xff, 0xff, 0xff, 0x7f], -1],
    [[0x80, 0x80, 0x80, 0x80, 0x08], 0x80000000],
  ];
  for (const [bytes, value] of cases) {
    it(`decodes ${bytes.map((b) => b.toString(16)).join(' ')} as ${value}`, () => {
      const r = reader(...bytes);
      assert.equal(r.s33(), value);
      assert.equal(r.atEnd, true);
    });
  }

  it('rejects bad unused bits and a sixth byte', () => {
    throwsAt(() => reader(0x80, 0x80, 0x80, 0x80, 0x20).s33(), INTEGER_TOO_LARGE, 4);
    throwsAt(() => reader(0xff, 0xff, 0xff, 0xff, 0x5f).s33(), INTEGER_TOO_LARGE, 4);
    throwsAt(() => reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).s33(), INTEGER_TOO_LONG, 5);
  });
});

describe('s64 and skipS64', () => {
  const ff9 = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
  const x809 = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80];
  const cases: [number[], bigint][] = [
    [[0x00], 0n],
    [[0x7f], -1n],
    [[0x40], -64n],
    [[0x80, 0x01], 128n],
    [[0xff, 0xff, 0xff, 0xff, 0x0f], 0xffffffffn],
    [[...ff9, 0x00], 0x7fffffffffffffffn],
    [[...x809, 0x7f], -0x8000000000000000n],
    [[...ff9, 0x7f], -1n],
    [[...x809, 0x00], 0n],
    [[0x80, 0x80, 0x80, 0x80, 0x80, 0x40], -(2n ** 41n)],
  ];
  for (const [bytes, value] of cases) {
    it(`decodes ${bytes.map((b) => b.toString(16)).join(' ')} as ${value}`, () => {
      const r = reader(...bytes);
      assert.equal(r.s64(), value);
      assert.equal(r.atEnd, true);
      const skip = reader(...bytes);
      skip.skipS64();
      assert.equal(skip.atEnd, true);
      const words = reader(...bytes);
      assert.equal(words.s64Lo(), Number(BigInt.asIntN(32, value)));
      assert.equal(words.hi, Number(BigInt.asIntN(32, value >> 32n)));
      assert.equal(words.atEnd, true);
    });
  }

  it('s64Lo and hi agree with s64 on every encoding length, minimal or padded', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        fc.integer({ min: 0, max: 9 }),
        (value, pad) => {
          const bytes = sleb64(value, pad);
          const r = reader(...bytes);
          const lo = r.s64Lo();
          assert.equal(r.pos, bytes.length);
          assert.equal(lo, Number(BigInt.asIntN(32, value)));
          assert.equal(r.hi, Number(BigInt.asIntN(32, value >> 32n)));
          assert.equal(reader(...bytes).s64(), value);
        },
      ),
      { numRuns: 500, seed: 64 },
    );
  });

  it('s64Lo rejects what s64 rejects, at the same offset', () => {
    throwsAt(() => reader(...x809, 0x7e).s64Lo(), INTEGER_TOO_LARGE, 9);
    throwsAt(() => reader(...x809, 0x80, 0x00).s64Lo(), INTEGER_TOO_LONG, 10);
    throwsAt(() => reader(0x80, 0x80).s64Lo(), UNEXPECTED_END, 2);
  });

  it('rejects bad unused bits in the tenth byte', () => {
    for (const bad of [
      [...x809, 0x7e],
      [...ff9, 0x01],
      [...x809, 0x02],
      [...ff9, 0x41],
    ]) {
      throwsAt(() => reader(...bad).s64(), INTEGER_TOO_LARGE, 9);
      throwsAt(() => reader(...bad).skipS64(), INTEGER_TOO_LARGE, 9);
    }
  });

  it('rejects an eleventh byte', () => {
    throwsAt(() => reader(...x809, 0x80, 0x00).s64(), INTEGER_TOO_LONG, 10);
    throwsAt(() => reader(...ff9, 0xff, 0x7f).skipS64(), INTEGER_TOO_LONG, 10);
  });

  it('reports a truncated encoding at the end', () => {
    throwsAt(() => reader(0x80, 0x80).s64(), UNEXPECTED_END, 2);
  });
});

describe('fixed-width reads keep bit patterns', () => {
  it('f32Bits reads 4 bytes little-endian, NaN payloads included', () => {
    const r = reader(0x01, 0x00, 0xc0, 0x7f, 0x00, 0x00, 0x80, 0xff);
    assert.equal(r.f32Bits(), 0x7fc00001);
    assert.equal(r.f32Bits(), 0xff800000);
    throwsAt(() => r.f32Bits(), UNEXPECTED_END, 8);
  });

  it('f64Bits reads 8 bytes little-endian as an unsigned bigint', () => {
    const r = reader(0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0xff, 0x00);
    assert.equal(r.f64Bits(), 0xfff8000000000001n);
    throwsAt(() => r.f64Bits(), UNEXPECTED_END, 9);
    assert.equal(r.pos, 8); // a failed read consumes nothing
  });
});

describe('length', () => {
  it('accepts a length up to the bytes left counted from its own first byte', () => {
    // The spec interpreter's rule: 3 <= 4 - 0 even though only 3 bytes follow the length byte.
    assert.equal(reader(0x03, 1, 2, 3).length(), 3);
    assert.equal(reader(0x04, 1, 2, 3).length(), 4);
  });

  it('rejects a larger length: length out of bounds at the length', () => {
    throwsAt(() => reader(0x05, 1, 2, 3).length(), LENGTH_OUT_OF_BOUNDS, 0);
    throwsAt(() => reader(0xff, 0xff, 0xff, 0xff, 0x0f).length(), LENGTH_OUT_OF_BOUNDS, 0);
  });
});

describe('name (strict UTF-8)', () => {
  const utf8 = (s: string) => [...new TextEncoder().encode(s)];
  const named = (payload: number[]) => reader(payload.length, ...payload);

  for (const s of ['', 'abc', 'é', '€', '😀', 'a\u0000b', '\u{10ffff}', '\ufeffBOM', 'mixé€😀z']) {
    it(`round-trips ${JSON.stringify(s)}`, () => {
      const r = named(utf8(s));
      assert.equal(r.name(), s);
      assert.equal(r.atEnd, true);
    });
  }

  const bad: [string, number[], number][] = [
    ['a lone continuation byte', [0x80], 1],
    ['overlong 2-byte NUL (c0 80)', [0xc0, 0x80], 1],
    ['overlong 2-byte (c1 bf)', [0xc1, 0xbf], 1],
    ['overlong 3-byte (e0 80 80)', [0xe0, 0x80, 0x80], 1],
    ['overlong 3-byte (e0 9f bf)', [0xe0, 0x9f, 0xbf], 1],
    ['overlong 4-byte (f0 8f bf bf)', [0xf0, 0x8f, 0xbf, 0xbf], 1],
    ['a high surrogate (ed a0 80)', [0xed, 0xa0, 0x80], 1],
    ['a low surrogate (ed bf bf)', [0xed, 0xbf, 0xbf], 1],
    ['a code point above U+10FFFF (f4 90 80 80)', [0xf4, 0x90, 0x80, 0x80], 1],
    ['a 5-byte lead (f8)', [0xf8, 0x88, 0x80, 0x80, 0x80], 1],
    ['an f5 lead', [0xf5, 0x80, 0x80, 0x80], 1],
    ['an ff byte', [0x61, 0xff], 2],
    ['a truncated 2-byte sequence', [0x61, 0xc3], 2],
    ['a truncated 3-byte sequence', [0xe2, 0x82], 1],
    ['a truncated 4-byte sequence', [0xf0, 0x9f, 0x98], 1],
    ['a bad continuation byte', [0xe2, 0x28, 0xa1], 1],
  ];
  for (const [what, payload, offset] of bad) {
    it(`rejects ${what}`, () => {
      throwsAt(() => named(payload).name(), MALFORMED_UTF8, offset);
    });
  }

  it('does not let a sequence run past the name into the following bytes', () => {
    // Length 1 covers only the lead byte; the continuation byte after it belongs to something else.
    throwsAt(() => reader(0x01, 0xc3, 0xa9).name(), MALFORMED_UTF8, 1);
  });

  it('reports a name longer than the bytes left', () => {
    throwsAt(() => reader(0x05, 0x61).name(), LENGTH_OUT_OF_BOUNDS, 0);
    throwsAt(() => reader(0x02, 0x61).name(), UNEXPECTED_END, 2);
  });

  it('decodes long names (beyond one chunk)', () => {
    const s = 'é'.repeat(5000) + 'x'.repeat(9000);
    const bytes = new TextEncoder().encode(s);
    assert.equal(decodeUtf8(bytes, 0, bytes.length), s);
    const ascii = new TextEncoder().encode('y'.repeat(10000));
    assert.equal(decodeUtf8(ascii, 0, ascii.length), 'y'.repeat(10000));
  });
});
