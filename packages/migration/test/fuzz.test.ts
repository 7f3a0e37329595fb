/**
 * Fuzzing the decoder and delta application with thousands of mutated inputs: every outcome is either a
 * `SnapshotError` with a known code or a snapshot whose re-encoding is the input byte for byte (the format
 * is a bijection). Never another exception, never a hang (each test has a timeout).
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  applyDelta,
  decodeSnapshot,
  encodeDelta,
  encodeSnapshot,
  type Snapshot,
  SnapshotError,
  snapshotDigest,
} from '../src/index.js';
import { mutate } from './mutations.js';
import { Prng } from './prng.js';
import { genSnapshot } from './state-generator.js';
import { DELTA_VECTORS, SNAPSHOT_VECTORS } from './vector-fixtures.js';

const CODES = new Set([
  'bad-magic',
  'unsupported-version',
  'truncated',
  'trailing-bytes',
  'bad-section',
  'bad-length',
  'bad-type',
  'bad-index',
  'bad-value',
  'bad-utf8',
  'non-canonical',
  'module-mismatch',
  'agent-mismatch',
  'limit-exceeded',
  'base-mismatch',
  'counter-regression',
]);
const LIMIT = { maxMemoryBytes: 1 << 22 };
const MUTANTS = 6000;

function outcome(run: () => Uint8Array | null, input: Uint8Array, stats: Map<string, number>): void {
  let reencoded: Uint8Array | null;
  try {
    reencoded = run();
  } catch (e) {
    if (!(e instanceof SnapshotError) || !CODES.has(e.code)) throw e;
    stats.set(e.code, (stats.get(e.code) ?? 0) + 1);
    return;
  }
  stats.set('accepted', (stats.get('accepted') ?? 0) + 1);
  if (reencoded !== null) assert.deepStrictEqual(reencoded, input, 'an accepted input must be canonical');
}

function seeds(): Uint8Array[] {
  const rng = new Prng(0xf22);
  const out = Object.values(SNAPSHOT_VECTORS).map((s) => encodeSnapshot(s));
  for (let i = 0; i < 12; i++) out.push(encodeSnapshot(genSnapshot(rng, { maxPages: 1 })));
  return out;
}

test(`decoder: ${MUTANTS} mutated snapshots give only SnapshotError or a canonical snapshot`, {
  timeout: 120_000,
}, () => {
  const rng = new Prng(0xbad);
  const inputs = seeds();
  const stats = new Map<string, number>();
  const started = performance.now();
  for (let i = 0; i < MUTANTS; i++) {
    const m = mutate(rng, rng.pick(inputs), rng.pick(inputs));
    outcome(() => encodeSnapshot(decodeSnapshot(m, LIMIT)), m, stats);
  }
  const ms = performance.now() - started;
  assert.ok((stats.get('accepted') ?? 0) < MUTANTS / 2, 'most mutants must be rejected');
  assert.ok(stats.size > 8, `too few distinct outcomes: ${[...stats.keys()].join(', ')}`);
  assert.ok(ms < 60_000, `fuzzing took ${ms} ms`);
});

test('applyDelta: 3000 mutated deltas give only SnapshotError or the canonical state', { timeout: 120_000 }, () => {
  const rng = new Prng(0xde17a);
  const pairs: [Snapshot, Uint8Array, Uint8Array][] = [];
  for (const [base, cur] of Object.values(DELTA_VECTORS))
    pairs.push([base, encodeDelta(base, cur), snapshotDigest(encodeSnapshot(base))]);
  for (let i = 0; i < 6; i++) {
    const base = genSnapshot(rng, { maxPages: 1, kind: 'weak' });
    const cur = {
      ...genSnapshot(rng, { maxPages: 2 }),
      agentId: base.agentId,
      migrationCounter: base.migrationCounter,
    };
    pairs.push([base, encodeDelta(base, cur), snapshotDigest(encodeSnapshot(base))]);
  }
  const stats = new Map<string, number>();
  for (let i = 0; i < 3000; i++) {
    const [base, delta, baseDigest] = rng.pick(pairs);
    const m = mutate(rng, delta, rng.pick(pairs)[1]);
    outcome(() => encodeDelta(base, applyDelta(base, m, { ...LIMIT, baseDigest }), { baseDigest }), m, stats);
  }
  assert.ok(stats.size > 6, `too few distinct outcomes: ${[...stats.keys()].join(', ')}`);
});
