/**
 * The enclave side's replay cache for user requests. A request is identified by its HPKE encapsulated key
 * (`enc`, fresh for every request a client seals; a copy of a request carries the same one) and carries the
 * client's timestamp inside its ciphertext. The cache admits a request only when its timestamp lies in the
 * window `[now − windowMs, now + maxSkewMs]`, is above the cache's *floor*, and its `enc` is not held.
 *
 * The invariant that makes replays impossible: every request ever admitted is either still held, or has a
 * timestamp at or below the floor. Entries leave only by expiry or eviction, and both raise the floor to the
 * leaving entry's timestamp. So the host's clock (which the enclave cannot trust) decides only liveness —
 * a wrong clock can make fresh requests be refused, never an old one be accepted twice — and the memory is
 * bounded by `maxEntries` however fast requests arrive (a full cache evicts its oldest entry, raising the floor).
 *
 * The state travels with the agent (inside its sealed snapshot): `REPLAYCACHE` (big-endian): magic `EDRC` |
 * version u16 = 1 | reserved u16 = 0 | windowMs u32 | maxSkewMs u32 | maxEntries u32 | floor u64 |
 * count u32 | count × (timestamp u64 | enc (32)), oldest first.
 * @module
 */
import { asciiBytes, ByteReader, ByteWriter } from './binary.js';
import { ChannelError } from './errors.js';
import { ENC_SIZE } from './hpke.js';

/** Options of a {@link ReplayCache}. */
export interface ReplayCacheOptions {
  /** How old a request may be, in milliseconds (default 5 minutes). */
  readonly windowMs?: number;
  /** How far a request's timestamp may be ahead of the enclave's clock, in milliseconds (default 1 minute). */
  readonly maxSkewMs?: number;
  /** The most requests held (default 16384; about 170 bytes of heap each, 2.7 MB when full). */
  readonly maxEntries?: number;
}

/** Defaults of {@link ReplayCacheOptions}. */
export const REPLAY_CACHE_DEFAULTS = Object.freeze({ windowMs: 5 * 60_000, maxSkewMs: 60_000, maxEntries: 16_384 });
/** Format version of a serialised replay cache. */
export const REPLAY_CACHE_VERSION = 1;
/** Largest `maxEntries` accepted (so a serialised cache stays below 41 MiB). */
export const MAX_REPLAY_ENTRIES = 1 << 20;

const MAGIC = asciiBytes('EDRC');
const HEADER_SIZE = 4 + 2 + 2 + 4 + 4 + 4 + 8 + 4;
const ENTRY_SIZE = 8 + ENC_SIZE;
const MAX_TIME = Number.MAX_SAFE_INTEGER;

/** A held request: its timestamp and its `enc` in base64 (the map key; 44 characters). */
interface Entry {
  readonly ts: number;
  readonly key: string;
}

/** A bounded cache of accepted requests, with a floor below which every request is refused. */
export class ReplayCache {
  readonly windowMs: number;
  readonly maxSkewMs: number;
  readonly maxEntries: number;
  readonly #held = new Map<string, Entry>();
  /** A binary min-heap on the timestamp, holding the same entries as `#held`. */
  readonly #heap: Entry[] = [];
  #floor = 0;

  /**
   * @param options - window, allowed clock skew, capacity
   * @throws TypeError or RangeError for unusable options
   */
  constructor(options: ReplayCacheOptions = {}) {
    this.windowMs = checkInt(options.windowMs ?? REPLAY_CACHE_DEFAULTS.windowMs, 'windowMs', 1, 0xffff_ffff);
    this.maxSkewMs = checkInt(options.maxSkewMs ?? REPLAY_CACHE_DEFAULTS.maxSkewMs, 'maxSkewMs', 0, 0xffff_ffff);
    this.maxEntries = checkInt(
      options.maxEntries ?? REPLAY_CACHE_DEFAULTS.maxEntries,
      'maxEntries',
      1,
      MAX_REPLAY_ENTRIES,
    );
  }

  /** Requests held. */
  get size(): number {
    return this.#held.size;
  }

  /** Every request with a timestamp at or below this (milliseconds since the epoch) is refused. */
  get floor(): number {
    return this.#floor;
  }

  /**
   * Whether a request with this encapsulated key is held (a cheap check before decrypting).
   * @param enc - the request's encapsulated key
   * @returns true when it was admitted and is still held
   */
  has(enc: Uint8Array): boolean {
    return this.#held.has(keyOf(enc));
  }

  /**
   * Checks a request's freshness and records it: call after its ciphertext was authenticated.
   * @param enc - the request's encapsulated key (32 bytes)
   * @param timestamp - the client's timestamp from inside the ciphertext (ms since the epoch)
   * @param now - the enclave's clock (ms since the epoch)
   * @throws ChannelError `replayed-request` (held) or `stale-request` (outside the window, or at or below the floor)
   */
  admit(enc: Uint8Array, timestamp: number, now: number): void {
    if (!(enc instanceof Uint8Array) || enc.length !== ENC_SIZE) throw new TypeError(`enc must be ${ENC_SIZE} bytes`);
    checkInt(timestamp, 'timestamp', 0, MAX_TIME);
    checkInt(now, 'now', 0, MAX_TIME);
    this.#expire(now);
    const key = keyOf(enc);
    if (this.#held.has(key)) throw new ChannelError('replayed-request', 'this request was already accepted');
    if (timestamp < now - this.windowMs)
      throw new ChannelError('stale-request', `the request is older than the ${this.windowMs} ms window`);
    if (timestamp > now + this.maxSkewMs)
      throw new ChannelError('stale-request', `the request is dated more than ${this.maxSkewMs} ms ahead`);
    if (this.#held.size >= this.maxEntries) this.#evictOldest();
    if (timestamp <= this.#floor)
      throw new ChannelError('stale-request', 'the request is not newer than the replay floor');
    this.#insert({ ts: timestamp, key });
  }

  /**
   * The serialised cache (for the agent's sealed snapshot).
   * @returns a `REPLAYCACHE`
   */
  toBytes(): Uint8Array {
    const entries = [...this.#heap].sort((a, b) => a.ts - b.ts);
    const w = new ByteWriter(HEADER_SIZE + entries.length * ENTRY_SIZE)
      .raw(MAGIC)
      .u16(REPLAY_CACHE_VERSION)
      .u16(0)
      .u32(this.windowMs)
      .u32(this.maxSkewMs)
      .u32(this.maxEntries)
      .u64(this.#floor)
      .u32(entries.length);
    for (const e of entries) w.u64(e.ts).raw(Buffer.from(e.key, 'base64'));
    return w.done();
  }

  /**
   * Decodes a serialised cache.
   * @param bytes - a `REPLAYCACHE`
   * @returns the cache, with the window, skew and capacity it was saved with
   * @throws ChannelError `bad-state` or `unsupported-version`
   */
  static fromBytes(bytes: Uint8Array): ReplayCache {
    const r = new ByteReader(bytes, 'bad-state', 'replay cache');
    r.expect(MAGIC, 'magic');
    const version = r.u16('version');
    if (version !== REPLAY_CACHE_VERSION) {
      throw new ChannelError('unsupported-version', `replay cache version ${version} is not ${REPLAY_CACHE_VERSION}`);
    }
    if (r.u16('reserved') !== 0) r.fail('reserved field is not zero');
    const windowMs = r.u32('windowMs');
    const maxSkewMs = r.u32('maxSkewMs');
    const maxEntries = r.u32('maxEntries');
    if (windowMs < 1 || maxEntries < 1 || maxEntries > MAX_REPLAY_ENTRIES) r.fail('window or capacity out of range');
    const floor = r.u64('floor');
    const count = r.u32('count');
    if (count > maxEntries) r.fail(`holds ${count} entries, more than its capacity ${maxEntries}`);
    if (count * ENTRY_SIZE !== r.remaining)
      r.fail(`${count} entries need ${count * ENTRY_SIZE} bytes, ${r.remaining} follow`);
    const cache = new ReplayCache({ windowMs, maxSkewMs, maxEntries });
    cache.#floor = floor;
    for (let i = 0; i < count; i++) {
      const ts = r.u64('timestamp');
      const key = keyOf(r.bytes(ENC_SIZE, 'enc'));
      // An entry may sit at the floor: evicting one of several requests with the same timestamp raises the floor
      // to that timestamp while the others stay held.
      if (ts < floor) r.fail('an entry is below the floor');
      if (cache.#held.has(key)) r.fail('an entry is held twice');
      cache.#insert({ ts, key });
    }
    r.end();
    return cache;
  }

  /** Drops entries older than the window, raising the floor to each. */
  #expire(now: number): void {
    const oldest = now - this.windowMs;
    while (this.#heap.length > 0 && this.#heap[0]!.ts < oldest) this.#evictOldest();
  }

  #evictOldest(): void {
    const e = this.#pop();
    this.#held.delete(e.key);
    if (e.ts > this.#floor) this.#floor = e.ts;
  }

  #insert(e: Entry): void {
    this.#held.set(e.key, e);
    const h = this.#heap;
    h.push(e);
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (h[parent]!.ts <= h[i]!.ts) break;
      [h[parent], h[i]] = [h[i]!, h[parent]!];
      i = parent;
    }
  }

  #pop(): Entry {
    const h = this.#heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l]!.ts < h[m]!.ts) m = l;
        if (r < h.length && h[r]!.ts < h[m]!.ts) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
}

function keyOf(enc: Uint8Array): string {
  return Buffer.from(enc.buffer, enc.byteOffset, enc.length).toString('base64');
}

function checkInt(v: unknown, what: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`${what} must be an integer`);
  if (v < min || v > max) throw new RangeError(`${what} must be in [${min}, ${max}]`);
  return v;
}
