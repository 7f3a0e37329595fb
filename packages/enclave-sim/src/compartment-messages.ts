/**
 * The messages that cross between the host and an enclave compartment, and the check every one of them
 * passes on each side: payloads are plain data only (null, undefined, booleans, numbers, bigints, strings,
 * `Uint8Array`s and `ArrayBuffer`s that are not shared, arrays and plain objects), no deeper than
 * {@link MAX_PAYLOAD_DEPTH}, with at most {@link MAX_PAYLOAD_ITEMS} values, and no larger than the
 * compartment's message limit. Functions, class instances, ports, shared memory and cycles are refused: what
 * crosses is a copy of data, never a live object of the other side.
 * @module
 */
import { EnclaveError } from './errors.js';

/** Default limit on one message's payload, in bytes (64 MiB): strings count their length, bytes their size. */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** Deepest nesting of arrays and objects in a payload. */
export const MAX_PAYLOAD_DEPTH = 32;

/** Most values (of any kind) in one payload. */
export const MAX_PAYLOAD_ITEMS = 100_000;

/** Longest ecall or ocall name. */
export const MAX_CALL_NAME = 128;

/** Longest error code or message that crosses. */
export const MAX_ERROR_MESSAGE = 1024;

/** Where a message goes: host → enclave (`ecall`, `ocall-return`) or enclave → host (`ecall-return`, `ocall`). */
export type MessageDirection = 'ecall' | 'ecall-return' | 'ocall' | 'ocall-return';

/** An error as it crosses: a code and a message, both short strings. */
export interface CrossingError {
  readonly code: string;
  readonly message: string;
}

/** Host → enclave: an entry call. */
export interface EcallMessage {
  readonly t: 'ecall';
  readonly id: number;
  readonly name: string;
  readonly payload: unknown;
}

/** Host → enclave: the answer to an ocall. */
export interface OcallReturnMessage {
  readonly t: 'ocall-return';
  readonly id: number;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: CrossingError;
}

/** Enclave → host: the answer to an ecall. */
export interface EcallReturnMessage {
  readonly t: 'ecall-return';
  readonly id: number;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: CrossingError;
}

/** Enclave → host: a call out. */
export interface OcallMessage {
  readonly t: 'ocall';
  readonly id: number;
  readonly name: string;
  readonly payload: unknown;
}

/** Enclave → host: the image has been evaluated and serves ecalls (or failed to load). */
export interface ReadyMessage {
  readonly t: 'ready';
  readonly ok: boolean;
  readonly error?: CrossingError;
  /** V8's code cache of the image, made by the bootstrap when the platform had none (see `compartment-host.ts`). */
  readonly codeCache?: Uint8Array;
}

/** Every message from the enclave to the host. */
export type FromEnclave = EcallReturnMessage | OcallMessage | ReadyMessage;

/** Every message from the host to the enclave. */
export type ToEnclave = EcallMessage | OcallReturnMessage;

/**
 * The handed-over buffers of an answer (already checked by `preparePayload`: plain data, bounded): the whole
 * buffers of its `Uint8Array`s that the sending side (the image, or the host for an ocall's answer) handed
 * over, each once.
 * @param value - the prepared answer
 * @param handedOver - the buffers handed over
 * @returns the transfer list, or `undefined` when there is nothing to move
 */
export function movedBuffers(value: unknown, handedOver: WeakSet<ArrayBuffer>): ArrayBuffer[] | undefined {
  const out: ArrayBuffer[] = [];
  const visit = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    if (v instanceof Uint8Array) {
      const b = v.buffer;
      if (b instanceof ArrayBuffer && handedOver.has(b) && v.byteLength === b.byteLength && !out.includes(b)) {
        handedOver.delete(b);
        out.push(b);
      }
      return;
    }
    if (Array.isArray(v)) for (const x of v) visit(x);
    else if (!(v instanceof ArrayBuffer)) for (const x of Object.values(v)) visit(x);
  };
  visit(value);
  return out.length > 0 ? out : undefined;
}

/**
 * Checks that `value` is plain data within the limits, measures it, and returns the form to send: a copy of
 * every array and plain object, and of every `Uint8Array` that views only part of its buffer (a structured
 * clone copies a view's whole buffer: without this, bytes beside a returned slice would cross too).
 * @param value - the payload
 * @param maxBytes - the size limit
 * @returns what to send, and its size in bytes (as counted against the limit)
 * @throws EnclaveError `bad-message`
 */
export function preparePayload(value: unknown, maxBytes: number): { value: unknown; bytes: number } {
  let bytes = 0;
  let items = 0;
  const seen = new Set<object>();
  const add = (n: number): void => {
    bytes += n;
    if (bytes > maxBytes) throw new EnclaveError('bad-message', `a message is larger than ${maxBytes} bytes`);
  };
  const visit = (v: unknown, depth: number): unknown => {
    if (++items > MAX_PAYLOAD_ITEMS)
      throw new EnclaveError('bad-message', `a message holds more than ${MAX_PAYLOAD_ITEMS} values`);
    switch (typeof v) {
      case 'undefined':
      case 'boolean':
        add(1);
        return v;
      case 'number':
      case 'bigint':
        add(8);
        return v;
      case 'string':
        add(v.length);
        return v;
      case 'object': {
        if (v === null) {
          add(1);
          return v;
        }
        if (depth >= MAX_PAYLOAD_DEPTH)
          throw new EnclaveError('bad-message', `a message nests deeper than ${MAX_PAYLOAD_DEPTH}`);
        if (seen.has(v))
          throw new EnclaveError('bad-message', 'a message holds a value twice (a cycle or a shared reference)');
        seen.add(v);
        if (v instanceof Uint8Array) {
          if (!(v.buffer instanceof ArrayBuffer))
            throw new EnclaveError('bad-message', 'a message holds shared memory');
          add(v.byteLength);
          return v.byteOffset === 0 && v.byteLength === v.buffer.byteLength ? v : new Uint8Array(v);
        }
        if (v instanceof ArrayBuffer) {
          add(v.byteLength);
          return v;
        }
        if (Array.isArray(v)) return v.map((x) => visit(x, depth + 1));
        const proto = Object.getPrototypeOf(v) as unknown;
        if (proto !== Object.prototype && proto !== null) {
          throw new EnclaveError('bad-message', 'a message holds an object that is not plain data');
        }
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) {
          add(k.length);
          out[k] = visit(x, depth + 1);
        }
        return out;
      }
      default:
        throw new EnclaveError('bad-message', `a message holds a ${typeof v}`);
    }
  };
  const out = visit(value, 0);
  return { value: out, bytes };
}

/**
 * Checks a call name.
 * @param name - the name
 * @returns it
 * @throws EnclaveError `bad-message`
 */
export function checkCallName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_CALL_NAME) {
    throw new EnclaveError('bad-message', `a call name must be a string of 1 to ${MAX_CALL_NAME} characters`);
  }
  return name;
}

/**
 * Checks a message id.
 * @param id - the id
 * @returns it
 * @throws EnclaveError `bad-message`
 */
export function checkId(id: unknown): number {
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0)
    throw new EnclaveError('bad-message', 'a message id must be a non-negative integer');
  return id;
}

/**
 * The crossing form of an error: its `code` (when it is a short lowercase word) and message. An error without
 * a code crosses as `error` with only its name, unless `revealMessage` (debug enclaves), so that an accident
 * (a `TypeError` quoting data) does not carry data across.
 * @param e - what was thrown
 * @param revealMessage - forward the message of errors without a code as well
 * @returns the crossing error
 */
export function toCrossingError(e: unknown, revealMessage: boolean): CrossingError {
  const code = (e as { code?: unknown } | null)?.code;
  const hasCode = typeof code === 'string' && /^[a-z][a-z0-9-]{0,63}$/.test(code);
  const name = e instanceof Error ? e.name : typeof e;
  const message = e instanceof Error ? e.message : String(e);
  return {
    code: hasCode ? code : 'error',
    message: (hasCode || revealMessage ? message : `${name} (message withheld: not a debug enclave)`).slice(
      0,
      MAX_ERROR_MESSAGE,
    ),
  };
}

/**
 * Checks an error that crossed.
 * @param e - the received value
 * @returns it, typed
 * @throws EnclaveError `bad-message`
 */
export function checkCrossingError(e: unknown): CrossingError {
  const o = e as { code?: unknown; message?: unknown } | null;
  if (
    typeof o !== 'object' ||
    o === null ||
    typeof o.code !== 'string' ||
    !/^[a-z][a-z0-9-]{0,63}$/.test(o.code) ||
    typeof o.message !== 'string' ||
    o.message.length > MAX_ERROR_MESSAGE
  ) {
    throw new EnclaveError('bad-message', 'a crossing error must have a short lowercase code and a short message');
  }
  return { code: o.code, message: o.message };
}
