/**
 * Delta snapshots: the current state against an earlier snapshot of the same agent, carrying only the
 * memory chunks that changed (everything else in full), bound to the base by its digest and counter.
 * @module
 */
import { ByteReader } from './byte-reader.js';
import { DELTA_MAGIC, DIGEST_SIZE, SectionId } from './constants.js';
import { readContainer } from './container-read.js';
import { writeContainer } from './container-write.js';
import { snapshotDigest } from './digest.js';
import { fail } from './errors.js';
import { changedRuns } from './memory-scan.js';
import { checkMemoryContent } from './memory-section.js';
import { readDeltaBase } from './sections-read.js';
import { buildSnapshot } from './snapshot-build.js';
import { prepareSnapshot } from './snapshot-check.js';
import { encodeSnapshot } from './snapshot-codec.js';
import { parseSnapshot } from './snapshot-parse.js';
import type { ApplyDeltaOptions, DeltaBase, DeltaOptions, Snapshot } from './snapshot-types.js';

const NO_MEMORY = new Uint8Array(0);

function digestOf(base: Snapshot, given: Uint8Array | undefined): Uint8Array {
  if (given === undefined) return snapshotDigest(encodeSnapshot(base));
  if (!(given instanceof Uint8Array) || given.length !== DIGEST_SIZE)
    throw new TypeError(`baseDigest must be ${DIGEST_SIZE} bytes`);
  return given;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Encodes `current` as a delta against `base`: each memory carries only the chunks that differ from the
 * base's (a memory new or grown since reads as zero there); all other state is carried in full. Canonical
 * for a given base and current state, with or without `dirtyChunks` (as long as the list is complete).
 * @param base the snapshot the receiver holds
 * @param current the state now; its counter must not be below the base's
 * @param options the base's digest if known, dirty chunks if the interpreter tracked them, an output buffer
 * @throws {SnapshotError} as `encodeSnapshot`, or `counter-regression`
 * @throws {RangeError} if a dirty chunk index is outside its memory
 * @example
 * const delta = encodeDelta(sent, { ...sent, store: store.capture() }, { baseDigest: snapshotDigest(sentBytes) });
 */
export function encodeDelta(base: Snapshot, current: Snapshot, options: DeltaOptions = {}): Uint8Array {
  const prepared = prepareSnapshot(current);
  if (current.migrationCounter < base.migrationCounter)
    fail('counter-regression', 'current counter is below the base counter');
  const digest = digestOf(base, options.baseDigest);
  const plans = current.store.mems.map((m, i) => ({
    type: m.type,
    bytes: m.bytes,
    runs: changedRuns(m.bytes, base.store.mems[i]?.bytes ?? NO_MEMORY, options.dirtyChunks?.[i]),
  }));
  return writeContainer(
    DELTA_MAGIC,
    { digest, migrationCounter: base.migrationCounter },
    prepared,
    plans,
    options.into,
  );
}

/**
 * Applies a delta to its base, validating it completely first (as `decodeSnapshot`, plus the binding to
 * the base and that every chunk it carries differs from the base's).
 * @param base the snapshot the delta was made against (left untouched)
 * @param delta the delta's encoding
 * @returns exactly the state the delta was made from
 * @throws {SnapshotError} `base-mismatch` if the delta belongs to another base, `counter-regression`, or
 * any decoding error
 * @example
 * const now = applyDelta(held, deltaBytes, { baseDigest: heldDigest });
 */
export function applyDelta(base: Snapshot, delta: Uint8Array, options: ApplyDeltaOptions = {}): Snapshot {
  const parsed = parseSnapshot(delta, DELTA_MAGIC, options, (b, at) => {
    if (b.migrationCounter !== base.migrationCounter)
      fail('base-mismatch', 'delta was made against another counter', at);
    if (!equalBytes(b.digest, digestOf(base, options.baseDigest)))
      fail('base-mismatch', 'delta was made against another snapshot', at);
  });
  const baseMems = base.store.mems.map((m) => m.bytes);
  parsed.mems.forEach((m, i) => checkMemoryContent(m, baseMems[i] ?? NO_MEMORY));
  return buildSnapshot(parsed, baseMems, options.consumeBase === true);
}

/**
 * Reads what a delta is bound to, so a receiver can find the base it needs. Checks the header and the
 * section table only.
 * @throws {SnapshotError} `bad-magic`, `unsupported-version`, `truncated`, `bad-section`, `bad-length`
 */
export function readDeltaBaseOf(delta: Uint8Array): DeltaBase {
  const ranges = readContainer(delta, DELTA_MAGIC, true);
  const [start, end] = ranges[SectionId.DeltaBase]!;
  const r = new ByteReader(delta, start, end);
  const base = readDeltaBase(r);
  r.expectEnd();
  return base;
}
