/**
 * `Memory`: a linear memory of the default store as the WebAssembly JS API shows it.
 *
 * `buffer` is always the memory's current ArrayBuffer. The interpreter replaces the buffer when the memory
 * grows; the facade then detaches the buffer JS last saw, as the JS API does, wherever JS regains control (on
 * return from a call into wasm, on entry to a JS import, on `grow`). Detaching needs
 * `ArrayBuffer.prototype.transfer` or `structuredClone`; where neither exists the old buffer stays attached
 * and keeps the contents it had when the memory grew.
 * @module
 */
import { defaultStore, detachBuffer, moveBuffer, watchBuffer } from './js-api-realm.js';
import { liveWrapper, registerWrapper } from './js-api-reclaim.js';
import { required, toDictionary, toU32 } from './js-api-webidl.js';
import { MAX_PAGES, type MemInst } from './runtime.js';

/** What `new Memory(descriptor)` takes. Sizes are in 64 KiB pages. */
export interface MemoryDescriptor {
  /** Initial size in pages. */
  readonly initial: number;
  /** Maximum size in pages; growth beyond it fails. */
  readonly maximum?: number;
  /** Shared memories are not supported: `true` throws a TypeError. */
  readonly shared?: boolean;
}

/** Builds a Memory object for an existing address; module-private, so user code cannot forge one. */
class FromAddress {
  constructor(readonly addr: number) {}
}

let addrOf: (v: unknown) => number | undefined;

/** A WebAssembly linear memory in the default store. */
export class Memory {
  readonly #addr: number;
  /** The buffer JS was last given, or null. */
  #seen: ArrayBuffer | null = null;
  /** The memory's grow count when JS last saw its buffer (a growth by 0 keeps the buffer but must detach it). */
  #seenGrows = 0;

  /**
   * Allocates a memory in the default store.
   * @param descriptor `{ initial, maximum? }` in 64 KiB pages
   * @throws TypeError when a size is missing or not an unsigned 32-bit integer, or `shared` is true
   * @throws RangeError when a size exceeds 65536 pages, `initial > maximum`, or allocation fails
   * @example
   * const memory = new Memory({ initial: 1, maximum: 4 });
   * new Uint8Array(memory.buffer)[0] = 42;
   */
  constructor(descriptor: MemoryDescriptor) {
    this.#addr = descriptor instanceof FromAddress ? descriptor.addr : allocate(descriptor);
    registerWrapper('mems', this.#addr, this);
  }

  /** The memory's current contents. The previous buffer is detached once the memory grows. */
  get buffer(): ArrayBuffer {
    this.#refresh();
    const inst = this.#inst();
    const current = inst.buffer;
    if (this.#seen !== current) {
      if (this.#seen !== null) detachBuffer(this.#seen);
      this.#seen = current;
      this.#seenGrows = inst.growCount;
      // Held weakly, so that a Memory whose buffer JS has seen can still be collected.
      const self = new WeakRef(this);
      watchBuffer(this.#addr, () => {
        const memory = self.deref();
        return memory !== undefined && memory.#refresh();
      });
    }
    return current;
  }

  /**
   * Grows the memory by `delta` pages (zero-filled) and detaches the previous buffer, even when `delta` is 0.
   * @param delta pages to add
   * @returns the previous size in pages
   * @throws TypeError when `delta` is not an unsigned 32-bit integer
   * @throws RangeError when the memory would exceed its maximum or allocation fails
   * @example new Memory({ initial: 1 }).grow(2) // 1
   */
  grow(delta: number): number {
    const pages = toU32(delta, 'Memory.grow: delta');
    const inst = this.#inst();
    const before = inst.buffer;
    const old = inst.grow(pages);
    if (old < 0) throw new RangeError(`Memory.grow: cannot grow a memory of ${inst.pages} pages by ${pages} pages`);
    if (inst.buffer === before) {
      const moved = moveBuffer(before);
      if (moved !== null) inst.setBuffer(moved);
    } else {
      detachBuffer(before);
    }
    this.#refresh();
    return old;
  }

  #inst(): MemInst {
    return defaultStore().mems[this.#addr]!;
  }

  /** Detaches the buffer JS holds if the memory has a new one; returns whether JS holds the current one. */
  #refresh(): boolean {
    const seen = this.#seen;
    if (seen === null) return false;
    const inst = this.#inst();
    if (seen === inst.buffer && inst.growCount === this.#seenGrows) return true;
    if (seen === inst.buffer) {
      // Grown by 0 pages (by wasm): the JS API still detaches the buffer JS holds, so the memory moves to a new one.
      const moved = moveBuffer(seen);
      if (moved !== null) inst.setBuffer(moved);
    } else {
      detachBuffer(seen);
    }
    this.#seen = null;
    return false;
  }

  static {
    addrOf = (v) => (typeof v === 'object' && v !== null && #addr in v ? v.#addr : undefined);
  }
}
Object.defineProperty(Memory.prototype, Symbol.toStringTag, { value: 'WebAssembly.Memory', configurable: true });

function allocate(descriptor: unknown): number {
  const member = toDictionary(descriptor, 'Memory: descriptor');
  const initial = toU32(required(member('initial'), 'Memory: descriptor.initial'), 'Memory: descriptor.initial');
  const max = member('maximum');
  const maximum = max === undefined ? null : toU32(max, 'Memory: descriptor.maximum');
  if (member('shared')) throw new TypeError('Memory: shared memories are not supported');
  if (initial > MAX_PAGES) throw new RangeError(`Memory: initial ${initial} is above the limit of ${MAX_PAGES} pages`);
  if (maximum !== null && maximum > MAX_PAGES) {
    throw new RangeError(`Memory: maximum ${maximum} is above the limit of ${MAX_PAGES} pages`);
  }
  if (maximum !== null && maximum < initial) {
    throw new RangeError(`Memory: maximum ${maximum} is below initial ${initial}`);
  }
  return defaultStore().memory({ limits: { min: initial, max: maximum } }).addr;
}

/**
 * The Memory object of a memory address in the default store (the same object every time).
 * @param memAddr a memory address in the default store
 */
export function memoryObject(memAddr: number): Memory {
  return liveWrapper<Memory>('mems', memAddr) ?? new Memory(new FromAddress(memAddr) as unknown as MemoryDescriptor);
}

/**
 * The memory address behind a Memory object.
 * @param v any value
 * @returns the address, or undefined when `v` is not a Memory object
 */
export function memoryAddrOf(v: unknown): number | undefined {
  return addrOf(v);
}
