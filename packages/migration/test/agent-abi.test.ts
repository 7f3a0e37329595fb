/**
 * The ABI's numbers stay the same everywhere they are written: the TypeScript constants, the C header of the
 * examples, and `docs/agents.md`; and the packing of `handle`'s result.
 * @module
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ABI_EXPORTS, ABI_IMPORTS, AgentStatus, unpackResponse } from '../src/index.js';
import { repoRoot } from './agent-support.js';

const header = readFileSync(join(repoRoot(), 'examples', 'kv-c', 'edgedancer.h'), 'utf8');
const docs = readFileSync(join(repoRoot(), 'docs', 'agents.md'), 'utf8');

test('status codes: the C header and the docs give the same numbers as AgentStatus', () => {
  for (const [name, code] of Object.entries(AgentStatus)) {
    const m = header.match(new RegExp(`ED_${name} = (-?\\d+)`));
    assert.equal(Number(m?.[1]), code, `ED_${name} in edgedancer.h`);
    const row = docs.match(new RegExp(`\\| (−?\\d+) \\| \`${name}\` \\|`));
    assert.equal(Number(row?.[1]?.replace('−', '-')), code, `${name} in docs/agents.md`);
  }
});

test('every import and export of the ABI is declared in the header and documented', () => {
  for (const name of Object.keys(ABI_IMPORTS)) {
    assert.match(header, new RegExp(`ED_IMPORT\\("${name}"\\)`), `${name} in edgedancer.h`);
    assert.match(docs, new RegExp(`\\| \`${name}\\(`), `${name} in docs/agents.md`);
  }
  for (const name of ['memory', ...Object.keys(ABI_EXPORTS)])
    assert.match(docs, new RegExp(`\\| \`${name}\` \\|`), `${name} in docs/agents.md`);
});

test('handle packs its response as ptr | len << 32', () => {
  assert.deepEqual(unpackResponse(0x0000_0005_0000_1000n), { ptr: 4096, len: 5 });
  assert.deepEqual(unpackResponse(-1n), { ptr: 0xffff_ffff, len: 0xffff_ffff });
  assert.deepEqual(unpackResponse(0n), { ptr: 0, len: 0 });
});
