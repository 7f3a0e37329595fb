/**
 * The state the WebAssembly JS API gives the "surrounding agent": one store that every facade object lives in,
 * whether JS imports may hand a Promise back to the interpreter right now, and the Memory buffers that must be
 * detached when their memory grows.
 *
 * The default store frees the entities no live facade object reaches (`js-api-reclaim.ts`), so a long-running
 * program may instantiate and drop modules without end; freed addresses are reused.
 * @module
 */
import { Store } from './store.js';

let store: Store | undefined;

/**
 * The store that every facade object (`Instance`, `Memory`, `Table`, `Global`, Exported Functions) lives in.
 * It is created on first use; entities that no live facade object reaches are freed from it, and their
 * addresses reused (hold an Exported Function, Memory, Table or Global while you use an address yourself).
 * @returns the default store
 * @example
 * const { instance } = await instantiate(bytes);
 * const state = defaultStore().capture();
 */
export function defaultStore(): Store {
  store ??= new Store();
  return store;
}

/** Whether the innermost running call was started by `callAsync` (JS imports may return Promises). */
let asyncCall = false;
/** The JSPI context of the innermost running call when `WebAssembly.promising` started it, else null. */
let suspendable: object | null = null;

/**
 * Runs `run` with JS imports allowed (`true`) or not allowed (`false`) to return Promises, restoring the
 * previous mode afterwards.
 * @param allowPromises whether a JS import returning a Promise suspends the call instead of failing it
 * @param run the synchronous part of a call
 * @param jspi the JSPI context when a `WebAssembly.promising` function runs the call (imports wrapped in
 *   `WebAssembly.Suspending` may then suspend it); null otherwise
 * @returns what `run` returns
 */
export function withCallMode<T>(allowPromises: boolean, run: () => T, jspi: object | null = null): T {
  const previous = asyncCall;
  const previousJspi = suspendable;
  asyncCall = allowPromises;
  suspendable = jspi;
  try {
    return run();
  } finally {
    asyncCall = previous;
    suspendable = previousJspi;
    refreshBuffers();
  }
}

/** The JSPI context of the innermost running call (see {@link withCallMode}), or null. */
export function activeJspiContext(): object | null {
  return suspendable;
}

/** Whether a JS import may return a Promise in the current call. */
export function promisesAllowed(): boolean {
  return asyncCall;
}

/** Memory objects whose buffer JS has seen: each callback detaches a stale buffer, and says if still current. */
const watched = new Map<number, () => boolean>();

/**
 * Registers a Memory object whose current buffer JS holds.
 * @param memAddr the memory's address
 * @param refresh detaches the held buffer when the memory has a new one; returns whether the held one is current
 */
export function watchBuffer(memAddr: number, refresh: () => boolean): void {
  watched.set(memAddr, refresh);
}

/**
 * Detaches every Memory buffer JS holds whose memory has grown since (the JS API's "refresh the memory buffer").
 * Called wherever JS regains control from wasm: on return from a call and on entry to a JS import.
 */
export function refreshBuffers(): void {
  if (watched.size === 0) return;
  for (const [addr, refresh] of watched) if (!refresh()) watched.delete(addr);
}

type Transfer = (this: ArrayBuffer, newLength?: number) => ArrayBuffer;
type Clone = (value: unknown, options: { transfer: unknown[] }) => unknown;

/**
 * Moves the contents of `buffer` into a new ArrayBuffer and detaches `buffer`, without copying where the
 * platform allows (`ArrayBuffer.prototype.transfer`, else `structuredClone` with a transfer list).
 * @param buffer the buffer to detach
 * @returns the new buffer, or null when the platform cannot detach (then `buffer` is left as it was)
 */
export function moveBuffer(buffer: ArrayBuffer): ArrayBuffer | null {
  const transfer = (ArrayBuffer.prototype as { transfer?: Transfer }).transfer;
  if (typeof transfer === 'function') return transfer.call(buffer);
  const clone = (globalThis as { structuredClone?: Clone }).structuredClone;
  if (typeof clone === 'function') return clone(buffer, { transfer: [buffer] }) as ArrayBuffer;
  return null;
}

/**
 * Detaches a buffer the interpreter no longer uses. Zero-length buffers are left alone (they may already be
 * detached, and nothing can be read through them either way).
 * @param buffer a stale memory buffer
 */
export function detachBuffer(buffer: ArrayBuffer): void {
  if (buffer.byteLength > 0) moveBuffer(buffer);
}
