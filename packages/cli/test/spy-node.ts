#!/usr/bin/env node
/**
 * Test launcher of a "spy host": `node spy-node.js node --name …` runs `edgedancer node` modified to log
 * everything it handles — every message crossing an enclave's boundary in either direction (the platform's
 * tap) and every frame of every transfer connection it pipes — as raw bytes appended to the file named by
 * `EDGEDANCER_SPY_LOG`. A test then looks for secrets in that file.
 * @module
 */
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Transport } from '@edgedancer/migration';
import { runNode } from '../src/commands/node.js';
import { processIo } from '../src/io.js';

/** This launcher's compiled path. */
export const SPY_NODE = fileURLToPath(import.meta.url);

/** Every byte string and string in a payload, in order. */
export function flatten(v: unknown, out: Uint8Array[] = [], depth = 0): Uint8Array[] {
  if (depth > 64) return out;
  if (v instanceof Uint8Array) out.push(v);
  else if (ArrayBuffer.isView(v)) out.push(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  else if (v instanceof ArrayBuffer) out.push(new Uint8Array(v));
  else if (typeof v === 'string') out.push(Buffer.from(v, 'utf8'));
  else if (typeof v === 'bigint' || typeof v === 'number') out.push(Buffer.from(String(v)));
  else if (Array.isArray(v)) for (const x of v) flatten(x, out, depth + 1);
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out.push(Buffer.from(k));
      flatten(x, out, depth + 1);
    }
  return out;
}

if (process.argv[1] === SPY_NODE) {
  const log = process.env.EDGEDANCER_SPY_LOG ?? '';
  const write = (tag: string, v: unknown): void => {
    if (log === '') return;
    appendFileSync(log, Buffer.concat([Buffer.from(`\n--${tag}--\n`), ...flatten(v)]));
  };
  const spy =
    (side: string) =>
    (t: Transport): Transport => ({
      send: (f) => {
        write(`${side} frame out`, f);
        return t.send(f);
      },
      receive: async (ms) => {
        const f = await t.receive(ms);
        write(`${side} frame in`, f);
        return f;
      },
      close: () => t.close(),
    });
  process.exitCode = await runNode(process.argv.slice(3), processIo, {
    hooks: {
      tap: (direction, name, payload) => write(`${direction} ${name}`, payload),
      sourceTransport: spy('source'),
      destinationTransport: spy('destination'),
    },
  });
}
