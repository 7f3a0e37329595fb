/**
 * LEB128 encoders: boundaries of one-byte forms, the largest u32, negative values.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeS32, encodeU32 } from '../src/index.js';

describe('LEB128', () => {
  it('encodes unsigned and signed values', () => {
    assert.deepEqual(encodeU32(0), [0]);
    assert.deepEqual(encodeU32(624485), [0xe5, 0x8e, 0x26]);
    assert.deepEqual(encodeU32(0xffffffff), [0xff, 0xff, 0xff, 0xff, 0x0f]);
    assert.deepEqual(encodeS32(-1), [0x7f]);
    assert.deepEqual(encodeS32(63), [0x3f]);
    assert.deepEqual(encodeS32(64), [0xc0, 0x00]);
    assert.deepEqual(encodeS32(-123456), [0xc0, 0xbb, 0x78]);
  });
});
