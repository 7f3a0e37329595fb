/**
 * Reads the module `edgedancer run` is given: a binary `.wasm`, or a text `.wat` converted with the converter
 * the spec runner uses (`@edgedancer/spec-tests`' `watToBinary`, loaded only for text). A file is text when it
 * is named `.wat`/`.wast`, or when it does not start with the binary magic and its first non-blank character
 * opens an S-expression.
 * @module
 */
import { readFileSync } from 'node:fs';

/** A module file that cannot be used; `code` says why. */
export class ModuleFileError extends Error {
  override name = 'ModuleFileError';
  constructor(
    readonly code: 'wat-syntax',
    message: string,
  ) {
    super(message);
  }
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/**
 * Whether bytes are a module's text rather than its binary.
 * @param file - the file's name
 * @param bytes - its contents
 */
export function isModuleText(file: string, bytes: Uint8Array): boolean {
  if (WASM_MAGIC.every((b, i) => bytes[i] === b)) return false;
  if (/\.(wat|wast)$/i.test(file)) return true;
  const head = new TextDecoder().decode(bytes.subarray(0, 256)).replace(/^(\s|;;[^\n]*\n|\(;[\s\S]*?;\))*/, '');
  return head.startsWith('(');
}

/**
 * Reads a module file, converting text to binary.
 * @param file - the path
 * @returns the module's binary encoding
 * @throws Node's error when the file cannot be read; ModuleFileError `wat-syntax` for malformed text
 */
export async function readModuleBytes(file: string): Promise<Uint8Array> {
  const bytes = new Uint8Array(readFileSync(file));
  if (!isModuleText(file, bytes)) return bytes;
  const { watToBinary } = await import('@edgedancer/spec-tests');
  try {
    return await watToBinary(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new ModuleFileError('wat-syntax', `${file}: ${(e as Error).message}`);
  }
}
