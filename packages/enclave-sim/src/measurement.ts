/**
 * The measurement log: what `ECREATE`, `EADD` and `EEXTEND` do to `MRENCLAVE` in SGX. Each step appends a
 * 64-byte record (an 8-byte ASCII tag and seven little-endian u64 fields), followed by the bytes it loads,
 * to one running SHA-256; the final digest is `mrEnclave`. Every record also stays in a readable log, so a
 * mismatch can be explained step by step.
 * @module
 */

import { toHex } from './bytes.js';
import { createSha256, type Sha256Stream, sha256 } from './crypto.js';
import { ascii } from './layout.js';

/** Size of a measurement record header, in bytes. */
export const MEASUREMENT_RECORD_SIZE = 64;

/** Number of u64 fields in a record header. */
export const MEASUREMENT_RECORD_FIELDS = 7;

/** One step of the log, as kept for inspection. */
export interface MeasurementRecord {
  /** The step's tag (`ECREATE`, `RUNTIME`, `MODULE`, …). */
  readonly tag: string;
  /** The seven u64 fields. */
  readonly fields: readonly bigint[];
  /** Hex SHA-256 of the bytes the step loaded (empty string when it loaded none). */
  readonly dataDigest: string;
  /** Number of bytes loaded. */
  readonly dataLength: number;
}

/**
 * An append-only measurement log.
 * @example
 * const log = new MeasurementLog();
 * log.extend('ECREATE', [1n]);
 * log.extend('MODULE', [BigInt(bytes.length)], bytes);
 * const mrEnclave = log.finish();
 */
export class MeasurementLog {
  readonly #hash: Sha256Stream = createSha256();
  readonly #records: MeasurementRecord[] = [];
  #final: Uint8Array | undefined;

  /**
   * Appends one step.
   * @param tag - 1 to 8 ASCII characters
   * @param fields - up to seven unsigned 64-bit values (missing ones are zero)
   * @param data - bytes loaded by this step, if any
   * @throws RangeError on a bad tag or field; Error once the log is finished
   */
  extend(tag: string, fields: readonly (bigint | number)[], data?: Uint8Array): void {
    if (this.#final !== undefined) throw new Error('measurement log already finished');
    if (!/^[\x20-\x7e]{1,8}$/.test(tag)) throw new RangeError('tag must be 1 to 8 printable ASCII characters');
    if (fields.length > MEASUREMENT_RECORD_FIELDS) throw new RangeError(`at most ${MEASUREMENT_RECORD_FIELDS} fields`);
    const header = new Uint8Array(MEASUREMENT_RECORD_SIZE);
    header.set(ascii(tag), 0);
    const view = new DataView(header.buffer);
    const values: bigint[] = [];
    for (let i = 0; i < MEASUREMENT_RECORD_FIELDS; i++) {
      const v = BigInt(fields[i] ?? 0);
      if (v < 0n || v > 0xffffffffffffffffn) throw new RangeError('fields must be u64');
      view.setBigUint64(8 + 8 * i, v, true);
      values.push(v);
    }
    this.#hash.update(header);
    if (data !== undefined) this.#hash.update(data);
    this.#records.push({
      tag,
      fields: values,
      dataDigest: data === undefined ? '' : toHex(sha256(data)),
      dataLength: data?.length ?? 0,
    });
  }

  /**
   * Ends the log.
   * @returns `mrEnclave` (32 bytes); the same value on later calls
   */
  finish(): Uint8Array {
    this.#final ??= this.#hash.digest();
    return this.#final.slice();
  }

  /** The steps so far. */
  get records(): readonly MeasurementRecord[] {
    return this.#records;
  }
}
