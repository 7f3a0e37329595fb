/**
 * The fixed-size formats: their sizes are part of the documented format, and decoding checks magic,
 * version and reserved bytes.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CERTIFICATE_LAYOUT } from '../src/certificate.js';
import { KEY_DERIVATION_LAYOUT } from '../src/key-derivation.js';
import { ascii, decodeStruct, defineLayout, encodeStruct, f, layoutToMarkdown } from '../src/layout.js';
import { MANIFEST_LAYOUT } from '../src/manifest.js';
import { SEALED_PAGE_HEADER_LAYOUT } from '../src/page-store.js';
import { QUOTE_HEADER_LAYOUT, QUOTE_LAYOUT } from '../src/quote.js';
import { REPORT_BODY_LAYOUT, REPORT_LAYOUT, TARGET_INFO_LAYOUT } from '../src/report.js';
import { SEALED_HEADER_LAYOUT } from '../src/sealing.js';
import { assertEnclaveError } from './helpers.js';

test('every structure has its documented size', () => {
  const sizes = Object.fromEntries(
    [
      CERTIFICATE_LAYOUT,
      MANIFEST_LAYOUT,
      REPORT_BODY_LAYOUT,
      REPORT_LAYOUT,
      TARGET_INFO_LAYOUT,
      QUOTE_HEADER_LAYOUT,
      QUOTE_LAYOUT,
      KEY_DERIVATION_LAYOUT,
      SEALED_HEADER_LAYOUT,
      SEALED_PAGE_HEADER_LAYOUT,
    ].map((l) => [l.name, l.size]),
  );
  assert.deepEqual(sizes, {
    CERTIFICATE: 192,
    SIGSTRUCT: 256,
    REPORTBODY: 160,
    REPORT: 224,
    TARGETINFO: 64,
    QUOTEHEADER: 48,
    QUOTE: 848,
    KEYDERIVATION: 128,
    SEALEDHEADER: 96,
    SEALEDPAGE: 64,
  });
});

const T = defineLayout('T', [
  f('magic', 'magic', 2, 'tag', ascii('TT')),
  f('version', 'u16', 2, 'version', 1),
  f('a', 'u32', 4, 'a'),
  f('b', 'u64', 8, 'b'),
  f('r', 'reserved', 4, 'zero'),
  f('c', 'bytes', 3, 'c'),
]);

test('encode and decode round-trip, little-endian', () => {
  const bytes = encodeStruct(T, { a: 0x01020304, b: 0x0102030405060708n, c: Uint8Array.of(9, 8, 7) });
  assert.deepEqual([...bytes], [0x54, 0x54, 1, 0, 4, 3, 2, 1, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 9, 8, 7]);
  assert.deepEqual(decodeStruct(T, bytes), {
    version: 1,
    a: 0x01020304,
    b: 0x0102030405060708n,
    c: Uint8Array.of(9, 8, 7),
  });
});

test('decode refuses wrong size, magic, version and non-zero reserved bytes', () => {
  const good = encodeStruct(T, { c: new Uint8Array(3) });
  assertEnclaveError(() => decodeStruct(T, good.subarray(1)), 'malformed');
  assertEnclaveError(() => decodeStruct(T, Uint8Array.of(...good, 0)), 'malformed');
  for (const at of [0, 1, 2, 3, 16, 17, 18, 19]) {
    const m = good.slice();
    m[at]! ^= 0x10;
    assertEnclaveError(() => decodeStruct(T, m), 'malformed');
  }
  assert.doesNotThrow(() => decodeStruct(T, Uint8Array.of(...good, 0), true));
});

test('encode refuses values that do not fit', () => {
  assert.throws(() => encodeStruct(T, { a: -1, c: new Uint8Array(3) }), RangeError);
  assert.throws(() => encodeStruct(T, { a: 2 ** 32, c: new Uint8Array(3) }), RangeError);
  assert.throws(() => encodeStruct(T, { b: -1n, c: new Uint8Array(3) }), RangeError);
  assert.throws(() => encodeStruct(T, { c: new Uint8Array(2) }), RangeError);
});

test('a layout renders as a Markdown table with offsets', () => {
  const md = layoutToMarkdown(T);
  assert.match(md, /\| 0 \| 2 \| magic `magic` \| tag \(`TT`\) \|/);
  assert.match(md, /\| 20 \| 3 \| `c` \| c \|/);
  assert.match(md, /\| 23 \| \| \| total \|/);
});
