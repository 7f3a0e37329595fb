/**
 * Big-endian (network order) readers and writers for the user channel's message formats. A reader checks
 * every length against what remains before it reads, and reports a shortfall with the caller's error code,
 * so a malformed message costs at most one pass over its bytes and never a large allocation.
 * @module
 */
import { ChannelError, type ChannelErrorCode } from './errors.js';

/** A bounds-checked cursor over received bytes. */
export class ByteReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #code: ChannelErrorCode;
  readonly #what: string;
  #at = 0;

  /**
   * @param bytes - the received bytes
   * @param code - the error code for a malformed structure
   * @param what - the structure's name, for messages
   */
  constructor(bytes: Uint8Array, code: ChannelErrorCode, what: string) {
    if (!(bytes instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array`);
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#code = code;
    this.#what = what;
  }

  /** Bytes not read yet. */
  get remaining(): number {
    return this.#bytes.length - this.#at;
  }

  /** The offset of the next byte. */
  get offset(): number {
    return this.#at;
  }

  /**
   * Refuses the structure.
   * @param message - what is wrong (never secret bytes)
   * @throws ChannelError with the reader's code, always
   */
  fail(message: string): never {
    throw new ChannelError(this.#code, `${this.#what}: ${message}`);
  }

  #need(n: number, field: string): number {
    if (n > this.remaining) this.fail(`truncated at ${field} (needs ${n} bytes, ${this.remaining} left)`);
    const at = this.#at;
    this.#at += n;
    return at;
  }

  /** Reads an unsigned 8-bit integer (`field` names it in messages, as in the methods below). */
  u8(field: string): number {
    return this.#view.getUint8(this.#need(1, field));
  }

  /** Reads an unsigned 16-bit big-endian integer. */
  u16(field: string): number {
    return this.#view.getUint16(this.#need(2, field));
  }

  /** Reads an unsigned 32-bit big-endian integer. */
  u32(field: string): number {
    return this.#view.getUint32(this.#need(4, field));
  }

  /** Reads an unsigned 64-bit big-endian integer that must fit a safe JavaScript integer. */
  u64(field: string): number {
    const v = this.#view.getBigUint64(this.#need(8, field));
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`${field} is out of range`);
    return Number(v);
  }

  /** Reads `n` bytes (a view into the received bytes). */
  bytes(n: number, field: string): Uint8Array {
    const at = this.#need(n, field);
    return this.#bytes.subarray(at, at + n);
  }

  /** Checks a constant (a magic or a reserved zero field). */
  expect(constant: Uint8Array, field: string): void {
    const got = this.bytes(constant.length, field);
    for (let i = 0; i < constant.length; i++) if (got[i] !== constant[i]) this.fail(`bad ${field}`);
  }

  /** Checks that every byte was read. */
  end(): void {
    if (this.remaining !== 0) this.fail(`${this.remaining} trailing bytes`);
  }
}

/** Builds a message of known size. */
export class ByteWriter {
  readonly bytes: Uint8Array;
  readonly #view: DataView;
  #at = 0;

  /** @param size - the message's exact size */
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.#view = new DataView(this.bytes.buffer);
  }

  /** Writes an unsigned 8-bit integer. */
  u8(v: number): this {
    this.#view.setUint8(this.#at, v);
    this.#at += 1;
    return this;
  }

  /** Writes an unsigned 16-bit big-endian integer. */
  u16(v: number): this {
    this.#view.setUint16(this.#at, v);
    this.#at += 2;
    return this;
  }

  /** Writes an unsigned 32-bit big-endian integer. */
  u32(v: number): this {
    this.#view.setUint32(this.#at, v);
    this.#at += 4;
    return this;
  }

  /** Writes an unsigned 64-bit big-endian integer (from a safe JavaScript integer). */
  u64(v: number): this {
    this.#view.setBigUint64(this.#at, BigInt(v));
    this.#at += 8;
    return this;
  }

  /** Writes bytes as they are. */
  raw(b: Uint8Array): this {
    this.bytes.set(b, this.#at);
    this.#at += b.length;
    return this;
  }

  /** The message, checked to be exactly full. */
  done(): Uint8Array {
    if (this.#at !== this.bytes.length)
      throw new Error(`message writer: wrote ${this.#at} of ${this.bytes.length} bytes`);
    return this.bytes;
  }
}

/**
 * ASCII bytes of a constant string.
 * @param s - the string (ASCII)
 * @returns its bytes
 */
export function asciiBytes(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'latin1'));
}
