/**
 * Text modules to binary through wasm-tools (`@bytecodealliance/jco-transpile`), which encodes without
 * validating, so invalid modules come out as the binaries that `assert_invalid` needs. Results, including
 * rejections, are cached in memory by text.
 * @module
 */
import { escapeNonAsciiInStrings } from './prepare-text.js';

/** The converter rejected a module text (a malformed text, for `assert_malformed`). */
export class WatSyntaxError extends Error {
  override name = 'WatSyntaxError';
}

const cache = new Map<string, Uint8Array | WatSyntaxError>();

type Parse = (text: string) => Promise<Uint8Array>;
let parser: Promise<Parse> | undefined;

/** wasm-tools compiles its own WebAssembly on import (~0.2 s): load it on the first conversion only. */
function loadParser(): Promise<Parse> {
  parser ??= import('@bytecodealliance/jco-transpile/wasm-tools').then((m) => m.parse);
  return parser;
}

/**
 * Converts one `(module …)` text to its binary encoding, without validating it.
 * @param text - a complete module text
 * @returns the module bytes (a fresh copy on every call)
 * @throws WatSyntaxError when the text is not a well-formed module
 * @example await watToBinary('(module (func (export "f")))')
 */
export async function watToBinary(text: string): Promise<Uint8Array> {
  let hit = cache.get(text);
  if (hit === undefined) {
    const parse = await loadParser();
    try {
      hit = await parse(escapeNonAsciiInStrings(text));
    } catch (e) {
      hit = new WatSyntaxError(firstLine(e instanceof Error ? e.message : String(e)));
    }
    cache.set(text, hit);
  }
  if (hit instanceof WatSyntaxError) throw hit;
  return hit.slice();
}

/**
 * Forgets every cached conversion.
 */
export function clearConversionCache(): void {
  cache.clear();
}

function firstLine(message: string): string {
  const kind = /kind: Custom\("((?:[^"\\]|\\.)*)"\)/.exec(message);
  return kind?.[1] ?? message.split('\n')[0]!;
}
