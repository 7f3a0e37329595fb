/**
 * The sealed page store: the EPC budget holds, evicted pages come back transparently, and swapped, replayed,
 * dropped or altered pages are refused.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryPageBacking, SEALED_PAGE_HEADER_SIZE, SealedPageStore } from '../src/page-store.js';
import { assertEnclaveError, assertNoSecretIn, flipEveryBit } from './helpers.js';

function page(fill: number, size = 4096): Uint8Array {
  return new Uint8Array(size).fill(fill);
}

test('at most residentPages pages stay in the clear; the rest come back transparently', () => {
  const backing = new MemoryPageBacking();
  const s = new SealedPageStore({ residentPages: 2, backing });
  for (let i = 0; i < 6; i++) s.write(i, page(i + 1));
  assert.equal(s.residentCount, 2);
  assert.equal(backing.size, 4);
  for (let i = 0; i < 6; i++) assert.deepEqual(s.read(i), page(i + 1));
  assert.equal(s.residentCount, 2);
  assert.ok(s.stats.reloads >= 6 - 2);
  for (const blob of [backing.get(0)!, backing.get(1)!]) {
    assert.equal(blob.length, s.sealedPageSize);
    assert.ok(!Buffer.from(blob).includes(Buffer.from(page(1).subarray(0, 64))), 'ciphertext hides the page');
  }
});

test('pages never written read as zero, zero pages are not written out, clean pages are dropped without a write', () => {
  const backing = new MemoryPageBacking();
  const s = new SealedPageStore({ residentPages: 1, backing });
  assert.deepEqual(s.read(1000), page(0));
  s.write(0, page(0));
  s.write(1, page(9));
  s.read(0);
  assert.equal(backing.size, 1);
  s.read(1);
  s.read(0);
  assert.deepEqual(s.stats, { writeBacks: 1, drops: 4, reloads: 1 });
});

test('byte ranges span pages; evictAll leaves nothing in the clear; discard forgets', () => {
  const s = new SealedPageStore({ residentPages: 3, pageSize: 256 });
  const data = new Uint8Array(1000).map((_, i) => i * 7);
  s.writeBytes(100, data);
  s.evictAll();
  assert.equal(s.residentCount, 0);
  assert.deepEqual(s.readBytes(100, 1000), data);
  assert.deepEqual(s.readBytes(0, 100), new Uint8Array(100));
  s.discard(2);
  assert.deepEqual(s.readBytes(512, 100), new Uint8Array(100));
  assert.deepEqual(s.readBytes(100, 100), data.subarray(0, 100));
});

test('a stale copy of a page (replay) is refused', () => {
  const backing = new MemoryPageBacking();
  const s = new SealedPageStore({ residentPages: 1, backing });
  s.write(0, page(1));
  s.write(1, page(0xaa));
  const old = backing.get(0)!;
  s.write(0, page(2));
  s.read(1);
  backing.set(0, old);
  assertEnclaveError(() => s.read(0), 'stale-page');
});

test("a page swapped for another index, another store's page, or a missing page is refused", () => {
  const backing = new MemoryPageBacking();
  const s = new SealedPageStore({ residentPages: 1, backing });
  s.write(0, page(1));
  s.write(1, page(2));
  s.write(2, page(3));
  backing.set(0, backing.get(1)!);
  assertEnclaveError(() => s.read(0), 'page-mismatch');
  const otherBacking = new MemoryPageBacking();
  const other = new SealedPageStore({ residentPages: 1, backing: otherBacking });
  other.write(1, page(2));
  other.write(2, page(3));
  backing.set(1, otherBacking.get(1)!);
  assertEnclaveError(() => s.read(1), 'bad-mac');
  s.read(2);
  s.write(3, page(4));
  backing.delete(2);
  assertEnclaveError(() => s.read(2), 'missing-page');
  backing.set(2, new Uint8Array(10));
  assertEnclaveError(() => s.read(2), 'malformed');
});

test('flipping any bit of a sealed page is detected', () => {
  const backing = new MemoryPageBacking();
  const s = new SealedPageStore({ residentPages: 1, backing, pageSize: 256 });
  s.write(
    5,
    page(0x5a, 256).map((b, i) => b ^ i),
  );
  s.write(6, page(1, 256));
  const genuine = backing.get(5)!;
  assert.equal(genuine.length, SEALED_PAGE_HEADER_SIZE + 256 + 16);
  const { checked } = flipEveryBit(
    genuine,
    (m) => {
      backing.set(5, m);
      s.read(5);
    },
    1,
    (e) =>
      assertNoSecretIn(
        e,
        page(0x5a, 256)
          .map((b, i) => b ^ i)
          .subarray(0, 32),
      ),
  );
  assert.equal(checked, genuine.length * 8);
  backing.set(5, genuine);
  assert.deepEqual(
    s.read(5),
    page(0x5a, 256).map((b, i) => b ^ i),
  );
});

test('a sampled bit flip of 4 KiB sealed pages is detected', () => {
  const backing = new MemoryPageBacking();
  const s = new SealedPageStore({ residentPages: 1, backing });
  s.write(0, page(0x33));
  s.write(1, page(1));
  const genuine = backing.get(0)!;
  const { checked } = flipEveryBit(
    genuine,
    (m) => {
      backing.set(0, m);
      s.read(0);
    },
    7,
  );
  assert.ok(checked > 4700);
});

test('random reads and writes agree with a plain array (seeded)', () => {
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const size = 64 * 256;
  const model = new Uint8Array(size);
  const s = new SealedPageStore({ residentPages: 5, pageSize: 256 });
  for (let step = 0; step < 2000; step++) {
    const offset = rand(size - 1);
    const length = 1 + rand(Math.min(700, size - offset));
    if (rand(2) === 0) {
      const data = new Uint8Array(length).map(() => rand(256));
      s.writeBytes(offset, data);
      model.set(data, offset);
    } else {
      assert.deepEqual(s.readBytes(offset, length), model.subarray(offset, offset + length));
    }
    if (rand(50) === 0) s.evictAll();
  }
  assert.deepEqual(s.readBytes(0, size), model);
});

test('bad options and arguments are misuse', () => {
  assert.throws(() => new SealedPageStore({ residentPages: 0 }), RangeError);
  assert.throws(() => new SealedPageStore({ residentPages: 1, pageSize: 1000 }), RangeError);
  const s = new SealedPageStore({ residentPages: 1 });
  assert.throws(() => s.write(0, new Uint8Array(10)), RangeError);
  assert.throws(() => s.read(-1), RangeError);
  assert.throws(() => s.read(1.5), TypeError);
});
