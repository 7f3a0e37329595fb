/**
 * The bytes of an agent's `state.sealed`: the sealed parts of its persisted state in order, each
 * `u32 BE length | sealed part` (see `enclave/state-parts.ts`). The host only joins and splits them; the
 * enclave opens and checks every part.
 * @module
 */

/** Largest sealed part the host hands in (an 8 MiB part, its header and the seal's overhead). */
const MAX_PART = (8 << 20) + 4096;

/**
 * Joins sealed parts into a state file's bytes.
 * @param parts - the parts in order
 * @returns the file's bytes
 */
export function joinStateFile(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + 4 + p.length, 0));
  const dv = new DataView(out.buffer);
  let at = 0;
  for (const p of parts) {
    dv.setUint32(at, p.length);
    out.set(p, at + 4);
    at += 4 + p.length;
  }
  return out;
}

/**
 * Splits a state file (untrusted: read from the state directory) into its parts, as views of `file`.
 * @param file - the file's bytes
 * @returns the parts in order
 * @throws Error with `code` `bad-sealed-state` when a length runs past the end or exceeds a part's bound
 */
export function splitStateFile(file: Uint8Array): Uint8Array[] {
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < file.length; ) {
    const len = at + 4 <= file.length ? dv.getUint32(at) : -1;
    if (len <= 0 || len > MAX_PART || at + 4 + len > file.length)
      throw Object.assign(new Error('the sealed state file does not split into parts'), { code: 'bad-sealed-state' });
    parts.push(file.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  if (parts.length === 0)
    throw Object.assign(new Error('the sealed state file is empty'), { code: 'bad-sealed-state' });
  return parts;
}
