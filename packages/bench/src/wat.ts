/**
 * WAT → wasm at run time, through the wabt npm package (wabt.js), for
 * modules the harness generates (the snapshot probe).
 * @module
 */
import { createRequire } from 'node:module';

interface WabtModule {
  parseWat(name: string, text: string): { toBinary(options: object): { buffer: Uint8Array }; destroy(): void };
}

/**
 * Loads wabt.js once and returns a compiler from module text to bytes.
 * @returns `(text) => bytes`; it throws wabt's error on invalid text
 * @example const toWasm = await loadWabt(); toWasm('(module)').length // 8
 */
export async function loadWabt(): Promise<(text: string) => Uint8Array> {
  const require = createRequire(import.meta.url);
  const factory = require('wabt') as () => Promise<WabtModule>;
  const wabt = await factory();
  return (text) => {
    const parsed = wabt.parseWat('generated.wat', text);
    try {
      return parsed.toBinary({}).buffer;
    } finally {
      parsed.destroy();
    }
  };
}
