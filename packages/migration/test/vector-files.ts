/**
 * Reading and writing golden vectors: lowercase hex, 64 digits a line, one file a vector, under
 * `test/vectors/v<format version>/` in the source tree.
 * @module
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The source folder of the vectors (tests run from `dist/test`). */
export const VECTORS_DIR = fileURLToPath(new URL('../../test/vectors/', import.meta.url));

/** The folder of one format version's vectors. */
export function versionDir(version: number): string {
  return `${VECTORS_DIR}v${version}/`;
}

/** Format versions that have vectors. */
export function vectorVersions(): number[] {
  if (!existsSync(VECTORS_DIR)) return [];
  return readdirSync(VECTORS_DIR)
    .flatMap((d) => (/^v\d+$/.test(d) ? [Number(d.slice(1))] : []))
    .sort((a, b) => a - b);
}

/** Bytes to wrapped hex. */
export function toHex(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  return `${(hex.match(/.{1,64}/g) ?? []).join('\n')}\n`;
}

/** Reads a vector file. */
export function readVector(version: number, name: string): Uint8Array {
  const hex = readFileSync(`${versionDir(version)}${name}.hex`, 'utf8').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Names of the vectors of a version. */
export function vectorNames(version: number): string[] {
  return readdirSync(versionDir(version))
    .flatMap((f) => (f.endsWith('.hex') ? [f.slice(0, -4)] : []))
    .sort();
}

/** Writes a vector file (the folder is created). */
export function writeVector(version: number, name: string, bytes: Uint8Array): void {
  mkdirSync(versionDir(version), { recursive: true });
  writeFileSync(`${versionDir(version)}${name}.hex`, toHex(bytes));
}
