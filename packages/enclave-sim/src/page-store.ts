/**
 * Sealed pages with an EPC budget, as SGX pages enclave memory: at most `residentPages` pages are held in
 * the clear (the enclave page cache); touching another page evicts the least recently used one, sealed
 * (`EWB`) into an untrusted backing store, and an evicted page comes back transparently when touched again
 * (`ELDU`). Each sealed page is bound to its store, its index and a version kept inside the store (SGX's
 * version array), so the backing store cannot swap pages, replay an older copy of a page, or drop one
 * without the next touch noticing. Pages that are all zero are not written out at all.
 * @module
 */
import { assertUint, bytesEqual } from './bytes.js';
import { AES_KEY_SIZE, aesGcmOpen, aesGcmSeal, GCM_IV_SIZE, GCM_TAG_SIZE, randomBytes } from './crypto.js';
import { EnclaveError } from './errors.js';
import { ascii, decodeStruct, defineLayout, encodeStruct, f } from './layout.js';

/** SGX's page size, the default page size of a store, in bytes. */
export const EPC_PAGE_SIZE = 4096;

/** Size of a store (region) id, in bytes. */
export const REGION_ID_SIZE = 16;

/** Largest page index (pages are addressed by u32). */
export const MAX_PAGE_INDEX = 0xffffffff;

/** Sealed page header layout (64 bytes); `pageSize` bytes of ciphertext and a 16-byte tag follow. */
export const SEALED_PAGE_HEADER_LAYOUT = defineLayout('SEALEDPAGE', [
  f('magic', 'magic', 4, 'structure tag', ascii('EDPG')),
  f('version', 'u16', 2, 'format version, 1', 1),
  f('reserved0', 'reserved', 2, 'zero'),
  f('regionId', 'bytes', REGION_ID_SIZE, 'the page store (enclave memory region) the page belongs to'),
  f('pageIndex', 'u64', 8, 'the page index'),
  f(
    'pageVersion',
    'u64',
    8,
    'a fresh value at every write-back (never reused by the store); the store keeps the current one',
  ),
  f('iv', 'bytes', GCM_IV_SIZE, 'AES-GCM nonce'),
  f('reserved1', 'reserved', 12, 'zero'),
]);

/** Size of a sealed page header, in bytes. */
export const SEALED_PAGE_HEADER_SIZE = SEALED_PAGE_HEADER_LAYOUT.size;

/** Untrusted memory where evicted pages go. Anything may happen to what it holds; the store detects it. */
export interface PageBacking {
  /** The sealed page stored for `index`, if any. */
  get(index: number): Uint8Array | undefined;
  /** Stores a sealed page. */
  set(index: number, sealedPage: Uint8Array): void;
  /** Forgets a page. */
  delete(index: number): void;
}

/** A {@link PageBacking} in process memory. */
export class MemoryPageBacking implements PageBacking {
  readonly #pages = new Map<number, Uint8Array>();
  /** @inheritDoc */
  get(index: number): Uint8Array | undefined {
    return this.#pages.get(index);
  }
  /** @inheritDoc */
  set(index: number, sealedPage: Uint8Array): void {
    this.#pages.set(index, sealedPage);
  }
  /** @inheritDoc */
  delete(index: number): void {
    this.#pages.delete(index);
  }
  /** Number of pages held. */
  get size(): number {
    return this.#pages.size;
  }
  /** Total bytes held. */
  get bytes(): number {
    let n = 0;
    for (const p of this.#pages.values()) n += p.length;
    return n;
  }
}

/** Options of a {@link SealedPageStore}. */
export interface SealedPageStoreOptions {
  /** The EPC budget: how many pages may be held in the clear at once (at least 1). */
  readonly residentPages: number;
  /** Page size in bytes, a power of two from 256 to 65536 (default {@link EPC_PAGE_SIZE}). */
  readonly pageSize?: number;
  /** Where evicted pages go (default: a new {@link MemoryPageBacking}). */
  readonly backing?: PageBacking;
}

/** Counts of what a store did. */
export interface PageStoreStats {
  /** Pages sealed and written to the backing store. */
  readonly writeBacks: number;
  /** Pages dropped from the cache without a write (clean, or zero). */
  readonly drops: number;
  /** Pages unsealed from the backing store. */
  readonly reloads: number;
}

interface Resident {
  bytes: Uint8Array;
  dirty: boolean;
}

/**
 * A sparse, page-addressed memory whose pages outside the budget live sealed in untrusted memory. Pages
 * never written read as zero. The paging key is random per store and never leaves it.
 * @example
 * const store = new SealedPageStore({ residentPages: 256 });
 * store.writeBytes(0, data);
 * const back = store.readBytes(0, data.length); // pages reload transparently
 */
export class SealedPageStore {
  readonly #key = randomBytes(AES_KEY_SIZE);
  readonly #regionId = randomBytes(REGION_ID_SIZE);
  readonly #resident = new Map<number, Resident>();
  /** The version array: the current version of every page with a sealed copy outside. */
  readonly #versions = new Map<number, bigint>();
  /** Source of versions: never repeats within a store, even after `discard`, so no old copy ever matches. */
  #clock = 0n;
  readonly #backing: PageBacking;
  #writeBacks = 0;
  #drops = 0;
  #reloads = 0;
  /** The page size in bytes. */
  readonly pageSize: number;
  /** The EPC budget in pages. */
  readonly residentPages: number;

  /**
   * @param options - budget, page size and backing store
   * @throws TypeError or RangeError on bad options
   */
  constructor(options: SealedPageStoreOptions) {
    this.residentPages = assertUint(options?.residentPages, 'residentPages', 2 ** 31);
    if (this.residentPages < 1) throw new RangeError('residentPages must be at least 1');
    this.pageSize = options.pageSize ?? EPC_PAGE_SIZE;
    if (
      !Number.isInteger(this.pageSize) ||
      this.pageSize < 256 ||
      this.pageSize > 65536 ||
      (this.pageSize & (this.pageSize - 1)) !== 0
    ) {
      throw new RangeError('pageSize must be a power of two from 256 to 65536');
    }
    this.#backing = options.backing ?? new MemoryPageBacking();
  }

  /** Size of one sealed page in the backing store, in bytes. */
  get sealedPageSize(): number {
    return SEALED_PAGE_HEADER_SIZE + this.pageSize + GCM_TAG_SIZE;
  }

  /** Pages currently held in the clear. */
  get residentCount(): number {
    return this.#resident.size;
  }

  /** What the store did so far. */
  get stats(): PageStoreStats {
    return { writeBacks: this.#writeBacks, drops: this.#drops, reloads: this.#reloads };
  }

  /**
   * A copy of page `index` (zeros when never written).
   * @param index - page index
   * @returns `pageSize` bytes
   * @throws EnclaveError `bad-mac`, `page-mismatch`, `stale-page`, `missing-page` or `malformed` when a
   *   reload finds the backing store tampered with
   */
  read(index: number): Uint8Array {
    return this.#touch(index).bytes.slice();
  }

  /**
   * Replaces page `index`.
   * @param index - page index
   * @param bytes - exactly `pageSize` bytes
   * @throws as {@link SealedPageStore.read} (a write may evict another page)
   */
  write(index: number, bytes: Uint8Array): void {
    if (!(bytes instanceof Uint8Array) || bytes.length !== this.pageSize) {
      throw new RangeError(`a page is ${this.pageSize} bytes`);
    }
    const r = this.#touch(index, true);
    r.bytes.set(bytes);
    r.dirty = true;
  }

  /**
   * Reads a byte range that may span pages.
   * @param offset - first byte
   * @param length - number of bytes
   * @param target - where to put them (default: a new array)
   * @returns the bytes
   */
  readBytes(offset: number, length: number, target: Uint8Array = new Uint8Array(length)): Uint8Array {
    this.#checkRange(offset, length);
    let done = 0;
    while (done < length) {
      const at = offset + done;
      const index = Math.floor(at / this.pageSize);
      const inPage = at - index * this.pageSize;
      const n = Math.min(this.pageSize - inPage, length - done);
      target.set(this.#touch(index).bytes.subarray(inPage, inPage + n), done);
      done += n;
    }
    return target;
  }

  /**
   * Writes a byte range that may span pages.
   * @param offset - first byte
   * @param bytes - the data
   */
  writeBytes(offset: number, bytes: Uint8Array): void {
    this.#checkRange(offset, bytes.length);
    let done = 0;
    while (done < bytes.length) {
      const at = offset + done;
      const index = Math.floor(at / this.pageSize);
      const inPage = at - index * this.pageSize;
      const n = Math.min(this.pageSize - inPage, bytes.length - done);
      const r = this.#touch(index, n === this.pageSize);
      r.bytes.set(bytes.subarray(done, done + n), inPage);
      r.dirty = true;
      done += n;
    }
  }

  /**
   * Evicts page `index` if it is resident.
   * @param index - page index
   */
  evict(index: number): void {
    const r = this.#resident.get(index);
    if (r !== undefined) this.#writeBack(index, r);
  }

  /** Evicts every resident page (the store keeps only versions in the clear afterwards). */
  evictAll(): void {
    for (const [index, r] of [...this.#resident]) this.#writeBack(index, r);
  }

  /**
   * Forgets pages from `fromIndex` on (they read as zero again), in the cache and in the backing store.
   * @param fromIndex - first page to forget (default 0: everything)
   */
  discard(fromIndex = 0): void {
    for (const [index, r] of [...this.#resident]) {
      if (index >= fromIndex) {
        r.bytes.fill(0);
        this.#resident.delete(index);
      }
    }
    for (const index of [...this.#versions.keys()]) {
      if (index >= fromIndex) {
        this.#versions.delete(index);
        this.#backing.delete(index);
      }
    }
  }

  #checkRange(offset: number, length: number): void {
    assertUint(offset, 'offset', Number.MAX_SAFE_INTEGER);
    assertUint(length, 'length', Number.MAX_SAFE_INTEGER);
    if (offset + length > (MAX_PAGE_INDEX + 1) * this.pageSize) throw new RangeError('range beyond the last page');
  }

  #touch(index: number, overwriteWhole = false): Resident {
    assertUint(index, 'page index', MAX_PAGE_INDEX);
    const hit = this.#resident.get(index);
    if (hit !== undefined) {
      this.#resident.delete(index);
      this.#resident.set(index, hit);
      return hit;
    }
    if (this.#resident.size >= this.residentPages) {
      const [lruIndex, lru] = this.#resident.entries().next().value as [number, Resident];
      this.#writeBack(lruIndex, lru);
    }
    const bytes = overwriteWhole || !this.#versions.has(index) ? new Uint8Array(this.pageSize) : this.#reload(index);
    const r: Resident = { bytes, dirty: false };
    this.#resident.set(index, r);
    return r;
  }

  #writeBack(index: number, r: Resident): void {
    this.#resident.delete(index);
    if (!r.dirty) {
      this.#drops++;
      r.bytes.fill(0);
      return;
    }
    if (isZero(r.bytes)) {
      this.#versions.delete(index);
      this.#backing.delete(index);
      this.#drops++;
      return;
    }
    const version = ++this.#clock;
    const iv = randomBytes(GCM_IV_SIZE);
    const header = encodeStruct(SEALED_PAGE_HEADER_LAYOUT, {
      regionId: this.#regionId,
      pageIndex: BigInt(index),
      pageVersion: version,
      iv,
    });
    const sealed = aesGcmSeal(this.#key, iv, r.bytes, header);
    r.bytes.fill(0);
    const blob = new Uint8Array(header.length + sealed.length);
    blob.set(header, 0);
    blob.set(sealed, header.length);
    this.#versions.set(index, version);
    this.#backing.set(index, blob);
    this.#writeBacks++;
  }

  #reload(index: number): Uint8Array {
    const blob = this.#backing.get(index);
    if (blob === undefined)
      throw new EnclaveError('missing-page', `evicted page ${index} is missing from the backing store`);
    if (!(blob instanceof Uint8Array) || blob.length !== this.sealedPageSize) {
      throw new EnclaveError('malformed', `sealed page ${index} has the wrong size`);
    }
    const header = blob.subarray(0, SEALED_PAGE_HEADER_SIZE);
    const v = decodeStruct(SEALED_PAGE_HEADER_LAYOUT, header);
    const bytes = aesGcmOpen(this.#key, v.iv as Uint8Array, blob.subarray(SEALED_PAGE_HEADER_SIZE), header);
    if (v.pageIndex !== BigInt(index) || !bytesEqual(v.regionId as Uint8Array, this.#regionId)) {
      bytes.fill(0);
      throw new EnclaveError('page-mismatch', `the backing store returned page ${v.pageIndex} for page ${index}`);
    }
    if (v.pageVersion !== this.#versions.get(index)) {
      bytes.fill(0);
      throw new EnclaveError('stale-page', `page ${index} is an old version`);
    }
    this.#reloads++;
    return bytes;
  }
}

function isZero(bytes: Uint8Array): boolean {
  const words =
    bytes.byteOffset % 4 === 0 && bytes.length % 4 === 0
      ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)
      : bytes;
  for (let i = 0; i < words.length; i++) if (words[i] !== 0) return false;
  return true;
}
