/**
 * Durable small files for the simulated platform's state: JSON written to a temporary file, flushed, and
 * renamed over the old one, so a crash leaves either the old or the new state, never a torn one. Files are
 * created readable by their owner only.
 * @module
 */

import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { EnclaveError } from './errors.js';

/**
 * {@link writeJsonAtomic} without blocking the caller's thread: the same temporary file, flush and rename, through
 * the file system's thread pool (JSON.stringify still runs here: keep such files small).
 * @param path - the file
 * @param value - JSON-serialisable value
 */
export async function writeJsonAtomicAsync(path: string, value: unknown): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const f = await open(tmp, 'w', 0o600);
  try {
    await f.writeFile(`${JSON.stringify(value, null, 2)}\n`);
    await f.sync();
  } finally {
    await f.close();
  }
  await rename(tmp, path);
  const d = await open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

/**
 * Writes `value` as JSON to `path` atomically and durably.
 * @param path - the file
 * @param value - JSON-serialisable value
 */
export function writeJsonAtomic(path: string, value: unknown): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  const dfd = openSync(dir, 'r');
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
}

/**
 * Reads a JSON file written by {@link writeJsonAtomic}.
 * @param path - the file
 * @returns the parsed value, or undefined when the file does not exist
 * @throws EnclaveError `platform-state` when it exists but cannot be read, `malformed` when it is not JSON
 */
export function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new EnclaveError('platform-state', `cannot read ${path}`, { cause: e });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new EnclaveError('malformed', `${path} is not valid JSON (a damaged file: restore it from a backup)`);
  }
}

/**
 * Reads a base64 field of a parsed state object.
 * @param obj - the parsed object
 * @param key - the field
 * @param what - the file, for messages
 * @returns the decoded bytes
 * @throws EnclaveError `malformed` when missing or not a base64 string
 */
export function base64Field(obj: Record<string, unknown>, key: string, what: string): Uint8Array {
  const v = obj[key];
  if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) {
    throw new EnclaveError('malformed', `${what}: field ${key} is missing or not base64`);
  }
  return new Uint8Array(Buffer.from(v, 'base64'));
}

/**
 * Base64 of bytes, for state files.
 * @param bytes - the bytes
 * @returns base64 text
 */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');
}
