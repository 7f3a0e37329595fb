/**
 * The replay cache: its rules one by one, its bound on memory, its serialised form, and a property test of the
 * invariant that no request is ever admitted twice whatever the clock does, across save and restore.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ChannelError } from '../../src/channel/errors.js';
import { ReplayCache } from '../../src/channel/replay-cache.js';

const T0 = 1_800_000_000_000;
const encOf = (n: number) => {
  const e = new Uint8Array(32);
  new DataView(e.buffer).setUint32(0, n);
  return e;
};

function codeOf(f: () => unknown): string {
  try {
    f();
    return 'accepted';
  } catch (e) {
    if (!(e instanceof ChannelError)) throw e;
    return e.code;
  }
}

test('the window, the skew and the floor', () => {
  const c = new ReplayCache({ windowMs: 1000, maxSkewMs: 100, maxEntries: 3 });
  assert.equal(
    codeOf(() => c.admit(encOf(1), T0, T0)),
    'accepted',
  );
  assert.equal(
    codeOf(() => c.admit(encOf(1), T0, T0)),
    'replayed-request',
  );
  assert.equal(
    codeOf(() => c.admit(encOf(2), T0 - 1001, T0)),
    'stale-request',
  );
  assert.equal(
    codeOf(() => c.admit(encOf(2), T0 + 101, T0)),
    'stale-request',
  );
  assert.equal(
    codeOf(() => c.admit(encOf(2), T0 + 100, T0)),
    'accepted',
  );
  assert.equal(
    codeOf(() => c.admit(encOf(3), T0 - 500, T0)),
    'accepted',
  );
  assert.equal(c.size, 3);
  // full: the oldest (T0 - 500) is evicted and becomes the floor
  assert.equal(
    codeOf(() => c.admit(encOf(4), T0 + 1, T0)),
    'accepted',
  );
  assert.equal(c.size, 3);
  assert.equal(c.floor, T0 - 500);
  assert.equal(
    codeOf(() => c.admit(encOf(3), T0 - 500, T0)),
    'stale-request',
    'the evicted request stays refused',
  );
  assert.equal(
    codeOf(() => c.admit(encOf(5), T0 - 600, T0)),
    'stale-request',
  );
  // time passes: everything expires, the floor rises to the newest expired entry
  assert.equal(
    codeOf(() => c.admit(encOf(6), T0 + 5000, T0 + 5000)),
    'accepted',
  );
  assert.equal(c.size, 1);
  assert.equal(c.floor, T0 + 100);
  assert.throws(() => new ReplayCache({ maxEntries: 0 }), RangeError);
  assert.throws(() => c.admit(new Uint8Array(31), T0, T0), TypeError);
});

test('the serialised cache restores the same decisions and refuses malformed state', () => {
  const c = new ReplayCache({ windowMs: 1000, maxEntries: 4 });
  for (let i = 0; i < 6; i++) c.admit(encOf(i), T0 + i, T0 + i);
  const bytes = c.toBytes();
  assert.equal(bytes.length, 32 + 4 * 40);
  const d = ReplayCache.fromBytes(bytes);
  assert.deepEqual(d.toBytes(), bytes);
  assert.deepEqual([d.windowMs, d.maxEntries, d.floor, d.size], [1000, 4, T0 + 1, 4]);
  for (let i = 0; i < 6; i++)
    assert.notEqual(
      codeOf(() => d.admit(encOf(i), T0 + i, T0 + 10)),
      'accepted',
    );
  const bad = (mutate: (b: Uint8Array) => Uint8Array) => codeOf(() => ReplayCache.fromBytes(mutate(bytes.slice())));
  assert.equal(
    bad((b) => b.subarray(0, b.length - 1)),
    'bad-state',
  );
  assert.equal(
    bad((b) => ((b[0] = 0), b)),
    'bad-state',
  );
  assert.equal(
    bad((b) => ((b[5] = 9), b)),
    'unsupported-version',
  );
  assert.equal(
    bad((b) => (new DataView(b.buffer).setUint32(16, 3), b)),
    'bad-state',
    'more entries than capacity',
  );
  assert.equal(
    bad((b) => (b.set(b.subarray(40, 72), 80), b)),
    'bad-state',
    'an entry twice',
  );
  assert.equal(
    bad((b) => (new DataView(b.buffer).setBigUint64(20, BigInt(T0 + 9)), b)),
    'bad-state',
    'an entry below the floor',
  );
});

test('no request is ever admitted twice, whatever the clock does, with bounded memory, across restores', () => {
  fc.assert(
    fc.property(
      // a request's enc and timestamp come together (a copy of a request has both; another timestamp under the
      // same enc would not decrypt), so each of 12 requests gets one timestamp
      fc.array(fc.integer({ min: -1500, max: 1500 }), { minLength: 12, maxLength: 12 }),
      fc.array(
        fc.record({
          req: fc.integer({ min: 0, max: 11 }),
          now: fc.integer({ min: -1500, max: 1500 }),
          save: fc.boolean(),
        }),
        { maxLength: 200 },
      ),
      fc.integer({ min: 1, max: 6 }),
      (timestamps, steps, maxEntries) => {
        let c = new ReplayCache({ windowMs: 1000, maxSkewMs: 200, maxEntries });
        const admitted = new Set<number>();
        for (const s of steps) {
          const code = codeOf(() => c.admit(encOf(s.req), T0 + timestamps[s.req]!, T0 + s.now));
          if (code === 'accepted') {
            assert.ok(!admitted.has(s.req), `request ${s.req} admitted twice`);
            admitted.add(s.req);
          }
          assert.ok(c.size <= maxEntries);
          if (s.save) c = ReplayCache.fromBytes(c.toBytes());
        }
      },
    ),
    { numRuns: 500 },
  );
});

test('a cache whose floor equals a held timestamp (ties at eviction) saves and restores', () => {
  // Three requests with one timestamp and room for two: the third evicts one, the floor rises to their shared
  // timestamp and the third is refused; the entry still held sits at the floor, which a restore must accept.
  const c = new ReplayCache({ windowMs: 1000, maxSkewMs: 200, maxEntries: 2 });
  c.admit(encOf(11), T0 - 5, T0);
  c.admit(encOf(1), T0 - 5, T0);
  assert.equal(
    codeOf(() => c.admit(encOf(0), T0 - 5, T0)),
    'stale-request',
  );
  const d = ReplayCache.fromBytes(c.toBytes());
  assert.deepEqual([d.floor, d.size], [T0 - 5, 1]);
  for (const r of [0, 1, 11])
    assert.notEqual(
      codeOf(() => d.admit(encOf(r), T0 - 5, T0)),
      'accepted',
    );
});
