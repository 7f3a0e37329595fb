/**
 * `Memory`: a linear memory of the default store as the WebAssembly JS API shows it.
 *
 * `buffer` is always the memory's current ArrayBuffer. The interpreter replaces the buffer when the memory
 * grows; the facade then detaches the buffer JS last saw, as the JS API does, wherever JS regains control (on
 * return from a call into wasm, on entry to a JS import, on `grow`). Detaching needs
 * `ArrayBuffer.prototype.transfer` or `structuredClone`; where neither exists the old buffer stays attached
 * and keeps the contents it had when the memory grew.
 *
 * A shared memory (`{ shared: true, maximum }`, threads) is a growable `SharedArrayBuffer` that is never
 * detached: `buffer` is always that one object, and grows in place (`buffer.growable` is true, unlike V8, whose
 * shared `buffer` is a new fixed-length SharedArrayBuffer after each growth). To reach other workers as
 * Emscripten's pthreads send it, a shared Memory object carries two own enumerable properties that survive
 * `postMessage`'s structured clone: `buffer` and `edgedancerSharedMemory` (its control block and maximum). The
 * clone is not a Memory object, but the facade adopts it wherever a Memory is expected (an import, or
 * `new Memory(clone)`), as a Memory over the same bytes; see `shared-memory.ts` for what adoption counts.
 * @module
 */
import { MAX_PAGES_64 } from './address-type.js';
import { type AddressType, fromAddressValue, toAddress64, toAddressValue } from './js-api-address.js';
import { defaultStore, detachBuffer, moveBuffer, watchBuffer } from './js-api-realm.js';
import { liveWrapper, registerWrapper } from './js-api-reclaim.js';
import { required, toDictionary } from './js-api-webidl.js';
import { MAX_PAGES, type MemInst } from './runtime.js';
import { type SharedMemoryHandle, sharedMemoryType } from './shared-memory.js';

/** What `new Memory(descriptor)` takes. Sizes are in 64 KiB pages. */
export interface MemoryDescriptor {
  /** Initial size in pages (a BigInt for `address: 'i64'`). */
  readonly initial: number | bigint;
  /** Maximum size in pages; growth beyond it fails. */
  readonly maximum?: number | bigint;
  /** Memory64: `'i64'` for a memory addressed by `i64` (sizes are then BigInts); default `'i32'`. */
  readonly address?: AddressType;
  /** A shared memory (threads): backed by a SharedArrayBuffer; needs `maximum`. */
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
    const shared = this.#inst().shared;
    if (shared !== null) {
      // What a structured clone carries to another worker (see the module comment).
      const mark: SharedMemoryMark = { control: shared.control };
      Object.defineProperty(this, 'buffer', { value: shared.buffer, enumerable: true });
      Object.defineProperty(this, SHARED_MARK, { value: mark, enumerable: true });
    }
  }

  /** The memory's current contents. The previous buffer is detached once the memory grows. */
  get buffer(): ArrayBuffer {
    // (A shared memory's own `buffer` property hides this getter.)
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
        // biome-ignore lint/complexity/useOptionalChain: `?.` on a private method makes tsc 5.9's emitter crash.
        return memory !== undefined && memory.#refresh();
      });
    }
    return current;
  }

  /**
   * Grows the memory by `delta` pages (zero-filled) and detaches the previous buffer, even when `delta` is 0.
   * @param delta pages to add (a BigInt for a memory64 memory)
   * @returns the previous size in pages (a BigInt for a memory64 memory)
   * @throws TypeError when `delta` is not an unsigned 32-bit integer (memory64: a u64 BigInt)
   * @throws RangeError when the memory would exceed its maximum or allocation fails
   * @example new Memory({ initial: 1 }).grow(2) // 1
   */
  grow(delta: number | bigint): number | bigint {
    const inst = this.#inst();
    const wide = inst.type.address64 === true;
    const pages = toAddressValue(delta, wide, 'Memory.grow: delta');
    const before = inst.buffer;
    const old = inst.grow(pages);
    if (old < 0) throw new RangeError(`Memory.grow: cannot grow a memory of ${inst.pages} pages by ${pages} pages`);
    if (inst.shared !== null) return fromAddressValue(old, wide); // grown in place, never detached
    if (inst.buffer === before) {
      const moved = moveBuffer(before);
      if (moved !== null) inst.setBuffer(moved);
    } else {
      detachBuffer(before);
    }
    this.#refresh();
    return fromAddressValue(old, wide);
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

/** The own property of a shared Memory object that lets its structured clone be adopted in another worker. */
const SHARED_MARK = 'edgedancerSharedMemory';

/** What `edgedancerSharedMemory` holds (the maximum is the buffer's `maxByteLength`). */
interface SharedMemoryMark {
  readonly control: Int32Array;
}

/**
 * The memory address of a shared Memory's structured clone (from another worker), adopted into the default
 * store as a memory over the same bytes; undefined when `v` is no such clone.
 */
function adoptClone(v: unknown): number | undefined {
  if (typeof v !== 'object' || v === null || !Object.hasOwn(v, SHARED_MARK)) return undefined;
  const { buffer } = v as { buffer?: unknown };
  const mark = (v as Record<string, unknown>)[SHARED_MARK] as Partial<SharedMemoryMark> | null;
  const handle = { buffer, control: mark?.control } as SharedMemoryHandle;
  try {
    sharedMemoryType(handle);
  } catch {
    return undefined;
  }
  return defaultStore().adoptSharedMemory(handle).addr;
}

function allocate(descriptor: unknown): number {
  const adopted = adoptClone(descriptor);
  if (adopted !== undefined) return adopted;
  const member = toDictionary(descriptor, 'Memory: descriptor');
  // Dictionary members in lexicographic order, as Web IDL reads them.
  const wide = toAddress64(member('address'), 'Memory: descriptor.address');
  const first = required(member('initial'), 'Memory: descriptor.initial');
  const initial = toAddressValue(first, wide, 'Memory: descriptor.initial');
  const max = member('maximum');
  const maximum = max === undefined ? null : toAddressValue(max, wide, 'Memory: descriptor.maximum');
  const shared = Boolean(member('shared'));
  if (shared && maximum === null) throw new TypeError('Memory: a shared memory needs a maximum');
  if (initial > MAX_PAGES) throw new RangeError(`Memory: initial ${initial} is above the limit of ${MAX_PAGES} pages`);
  const top = wide ? MAX_PAGES_64 : MAX_PAGES;
  if (maximum !== null && maximum > top) {
    throw new RangeError(`Memory: maximum ${maximum} is above the limit of ${top} pages`);
  }
  if (maximum !== null && maximum < initial) {
    throw new RangeError(`Memory: maximum ${maximum} is below initial ${initial}`);
  }
  const limits = { min: initial, max: maximum };
  const type = shared ? { limits, shared } : { limits };
  return defaultStore().memory(wide ? { ...type, address64: true } : type).addr;
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
  const addr = addrOf(v);
  if (addr !== undefined) return addr;
  // A shared Memory's structured clone from another worker: adopted once per clone object.
  if (typeof v !== 'object' || v === null) return undefined;
  const known = adoptedClones.get(v);
  if (known !== undefined) return known;
  const adopted = adoptClone(v);
  if (adopted !== undefined) {
    adoptedClones.set(v, adopted);
    memoryObject(adopted);
  }
  return adopted;
}

/** Clones of shared memories already adopted, so that importing one clone twice gives one memory. */
const adoptedClones = new WeakMap<object, number>();
