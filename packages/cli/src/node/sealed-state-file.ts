/**
 * The bytes of an agent's `state.sealed`: the sealed parts of its persisted state in order, each
 * `u32 BE length | sealed part` (see `enclave/state-parts.ts`). The host never joins the parts into one buffer:
 * it writes them as they came (one gathered write of the length headers and the parts) and reads them back one
 * part at a time; the enclave opens and checks every part.
 * @module
 */
import type { FileHandle } from 'node:fs/promises';

/** Largest sealed part the host hands in (an 8 MiB part, its header and the seal's overhead). */
const MAX_PART = (8 << 20) + 4096;

const badFile = (message: string): Error => Object.assign(new Error(message), { code: 'bad-sealed-state' });

/**
 * The pieces of a state file, for one gathered write: each part's 4-byte length, then the part itself (the
 * parts are not copied).
 * @param parts - the sealed parts in order
 * @returns the pieces in file order
 */
export function stateFilePieces(parts: readonly Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const p of parts) {
    const head = new Uint8Array(4);
    new DataView(head.buffer).setUint32(0, p.length);
    out.push(head, p);
  }
  return out;
}

/** Reads exactly `into.length` bytes at `position`; false at the end of the file before any byte. */
async function readFully(file: FileHandle, into: Uint8Array, position: number): Promise<boolean> {
  let got = 0;
  while (got < into.length) {
    const { bytesRead } = await file.read(into, got, into.length - got, position + got);
    if (bytesRead === 0) {
      if (got === 0) return false;
      throw badFile('the sealed state file ends inside a part');
    }
    got += bytesRead;
  }
  return true;
}

/**
 * Reads a state file (untrusted: from the state directory) one part at a time, each into a buffer of its own
 * (never the whole file at once).
 * @param file - the open file
 * @returns the parts in order
 * @throws Error with `code` `bad-sealed-state` when a length runs past the end or exceeds a part's bound, or
 *   the file holds no part
 */
export async function* readStateParts(file: FileHandle): AsyncGenerator<Uint8Array> {
  const head = new Uint8Array(4);
  const dv = new DataView(head.buffer);
  let at = 0;
  for (;;) {
    if (!(await readFully(file, head, at))) break;
    const len = dv.getUint32(0);
    if (len === 0 || len > MAX_PART) throw badFile('the sealed state file does not split into parts');
    const part = new Uint8Array(len);
    if (!(await readFully(file, part, at + 4))) throw badFile('the sealed state file ends inside a part');
    at += 4 + len;
    yield part;
  }
  if (at === 0) throw badFile('the sealed state file is empty');
}
