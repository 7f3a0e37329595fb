/**
 * A persisted state in sealed parts: the parts reassemble into the encoded state, and a host that drops,
 * repeats, reorders, cuts, mixes or adds parts gets nothing that opens as a state.
 * @module
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Inside } from '../src/enclave/inside.js';
import {
  type PendingState,
  partsOf,
  STATE_PART_BYTES,
  StateAssembly,
  sealStatePart,
} from '../src/enclave/state-parts.js';
import { readStateParts, stateFilePieces } from '../src/node/sealed-state-file.js';
import { fakeInside } from './fake-inside.js';

const binding = { counterId: new Uint8Array(16).fill(7), value: 3 };

function sealAll(inside: Inside, agentId: string, plain: Uint8Array): Uint8Array[] {
  const s: PendingState = { plain, binding, count: partsOf(plain.length), counter: '1' };
  return Array.from({ length: s.count }, (_, i) => sealStatePart(inside, agentId, s, i));
}

async function assemble(inside: Inside, parts: Uint8Array[], agentId = 'agent-1'): Promise<Uint8Array> {
  const a = new StateAssembly(agentId);
  for (const p of parts) await a.add(inside, p);
  return a.finish().bytes;
}

const dir = mkdtempSync(join(tmpdir(), 'edgedancer-state-parts-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** Writes a state file's bytes and reads its parts back as the node does. */
async function throughFile(bytes: Uint8Array | readonly Uint8Array[]): Promise<Uint8Array[]> {
  const path = join(dir, `state-${files++}.sealed`);
  writeFileSync(path, Buffer.concat(bytes instanceof Uint8Array ? [bytes] : bytes));
  const f = await open(path, 'r');
  try {
    const out: Uint8Array[] = [];
    for await (const p of readStateParts(f)) out.push(p);
    return out;
  } finally {
    await f.close();
  }
}

describe('persisted state parts', () => {
  const inside = fakeInside();
  // two whole parts and a short one
  const plain = new Uint8Array(2 * STATE_PART_BYTES + 1000);
  plain.set(randomBytes(4096), 0);
  plain.set(randomBytes(4096), STATE_PART_BYTES - 100);
  plain.set(randomBytes(1000), 2 * STATE_PART_BYTES);
  const parts = sealAll(inside, 'agent-1', plain);

  it('reassembles the state from its parts, through the state file', async () => {
    assert.equal(parts.length, 3);
    const pieces = stateFilePieces(parts);
    assert.equal(pieces.length, 6);
    assert.ok(pieces[1] === parts[0], 'a part is written as it is, not copied');
    const read = await throughFile(pieces);
    assert.ok(
      read.every((p) => p.byteOffset === 0 && p.byteLength === p.buffer.byteLength),
      'a buffer per part',
    );
    const back = await assemble(inside, read);
    assert.ok(Buffer.from(back).equals(Buffer.from(plain)));
    const small = sealAll(inside, 'agent-1', new Uint8Array([1, 2, 3]));
    assert.deepEqual([...(await assemble(inside, small))], [1, 2, 3]);
    assert.equal(sealAll(inside, 'agent-1', new Uint8Array(0)).length, 1);
  });

  it('refuses dropped, repeated, reordered, extra, foreign and missing parts', async () => {
    const refused = async (list: Uint8Array[], agentId = 'agent-1'): Promise<void> => {
      await assert.rejects(assemble(inside, list, agentId), (e: unknown) =>
        ['bad-sealed-state', 'bad-mac'].includes((e as { code?: string }).code ?? ''),
      );
    };
    await refused([parts[0]!, parts[2]!]);
    await refused([parts[0]!, parts[0]!, parts[1]!, parts[2]!]);
    await refused([parts[1]!, parts[0]!, parts[2]!]);
    await refused([parts[0]!, parts[1]!]);
    await refused([...parts, parts[2]!]);
    await refused(parts, 'agent-2');
    await refused(sealAll(fakeInside(), 'agent-1', plain));
    // a part of another state of the same agent (another size)
    await refused([parts[0]!, sealAll(inside, 'agent-1', new Uint8Array(STATE_PART_BYTES + 5))[1]!, parts[2]!]);
  });

  it('refuses a state file that does not split into parts', async () => {
    const file = Buffer.concat(stateFilePieces(parts.slice(0, 2)));
    const tooLong = new Uint8Array(4);
    new DataView(tooLong.buffer).setUint32(0, (8 << 20) + 4097);
    for (const bad of [
      new Uint8Array(0),
      file.subarray(0, 100),
      file.subarray(0, file.length - 1),
      file.subarray(0, parts[0]!.length + 6),
      new Uint8Array([0, 0, 0, 0]),
      tooLong,
    ])
      await assert.rejects(throughFile(bad), (e: unknown) => (e as { code?: string }).code === 'bad-sealed-state');
  });
});
