/**
 * Encoding of the host values that `externref`s hold (`StoreState.externs`). Supported: `null`, `undefined`,
 * booleans, numbers (f64 bits, NaN canonical), strings (well-formed, UTF-8) and bigints (sign and minimal
 * little-endian magnitude). Anything else has no portable meaning on another node and fails at encode time.
 * @module
 */
import type { ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';
import { fail } from './errors.js';
import { utf8Encode } from './utf8.js';

/** Tag byte of each supported host value. */
export const ExternTag = {
  Null: 0,
  Undefined: 1,
  False: 2,
  True: 3,
  Number: 4,
  String: 5,
  BigInt: 6,
} as const;

/** The bits every NaN is written with. */
export const CANONICAL_NAN_BITS = 0x7ff8_0000_0000_0000n;

/**
 * Writes one host value.
 * @throws {SnapshotError} `unsupported-extern` for objects, functions, symbols; `bad-utf8` for lone surrogates
 */
export function writeExtern(w: ByteWriter, value: unknown, index: number): void {
  switch (typeof value) {
    case 'undefined':
      return w.u8(ExternTag.Undefined);
    case 'boolean':
      return w.u8(value ? ExternTag.True : ExternTag.False);
    case 'number':
      w.u8(ExternTag.Number);
      return w.f64(Number.isNaN(value) ? NaN : value);
    case 'string':
      w.u8(ExternTag.String);
      return w.bytes(utf8Encode(value, `externs[${index}]`));
    case 'bigint':
      w.u8(ExternTag.BigInt);
      return writeBigInt(w, value);
    default:
      if (value === null) return w.u8(ExternTag.Null);
      fail('unsupported-extern', `externs[${index}] is a ${typeof value}, which has no portable encoding`);
  }
}

function writeBigInt(w: ByteWriter, value: bigint): void {
  const negative = value < 0n;
  let hex = (negative ? -value : value).toString(16);
  if (hex === '0') hex = '';
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const mag = new Uint8Array(hex.length / 2);
  for (let i = 0; i < mag.length; i++) mag[i] = parseInt(hex.slice(hex.length - 2 * i - 2, hex.length - 2 * i), 16);
  w.u8(negative ? 1 : 0);
  w.bytes(mag);
}

/**
 * Reads one host value.
 * @throws {SnapshotError} `bad-type` for an unknown tag, `non-canonical` for a NaN other than the canonical
 * one or a bigint with a non-minimal magnitude or a negative zero, `bad-utf8`, `bad-length`
 */
export function readExtern(r: ByteReader): unknown {
  const at = r.pos;
  const tag = r.u8();
  switch (tag) {
    case ExternTag.Null:
      return null;
    case ExternTag.Undefined:
      return undefined;
    case ExternTag.False:
      return false;
    case ExternTag.True:
      return true;
    case ExternTag.Number: {
      const bits = r.f64Bits();
      const value = new Float64Array(new BigUint64Array([bits]).buffer)[0]!;
      if (Number.isNaN(value) && bits !== CANONICAL_NAN_BITS) fail('non-canonical', 'NaN with a payload', at);
      return value;
    }
    case ExternTag.String:
      return r.string();
    case ExternTag.BigInt:
      return readBigInt(r, at);
    default:
      return fail('bad-type', 'unknown host value tag', at);
  }
}

function readBigInt(r: ByteReader, at: number): bigint {
  const negative = r.bool();
  const mag = r.lengthPrefixed();
  if (mag.length > 0 && mag[mag.length - 1] === 0) fail('non-canonical', 'bigint magnitude has a zero top byte', at);
  if (mag.length === 0 && negative) fail('non-canonical', 'negative zero bigint', at);
  if (mag.length === 0) return 0n;
  const digits: string[] = new Array<string>(mag.length);
  for (let i = 0; i < mag.length; i++) digits[mag.length - 1 - i] = HEX[mag[i]!]!;
  const v = BigInt(`0x${digits.join('')}`);
  return negative ? -v : v;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
