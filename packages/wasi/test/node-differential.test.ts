/**
 * Every C test program runs on Node's own `node:wasi` (the oracle) and on Edgedancer — over the in-memory file
 * system with the host's clocks, in deterministic mode, and over a real temporary directory — and the exit code,
 * stdout, stderr and resulting file tree must be identical.
 * @module
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runOnEdgedancer, runOnEdgedancerHostDirectory } from './support/edgedancer-runner.js';
import { runOnNode } from './support/node-wasi-runner.js';
import { PROGRAM_CASES } from './support/program-cases.js';

describe('C programs: Edgedancer against node:wasi', () => {
  for (const c of PROGRAM_CASES) {
    it(`${c.name}: in-memory sandbox, host clocks`, async () => {
      const expected = await runOnNode(c);
      assert.deepEqual(runOnEdgedancer(c).outcome, expected);
    });
    it(`${c.name}: in-memory sandbox, deterministic mode`, async () => {
      const expected = await runOnNode(c);
      assert.deepEqual(runOnEdgedancer(c, { deterministic: true }).outcome, expected);
    });
    it(`${c.name}: host directory sandbox`, async () => {
      const expected = await runOnNode(c);
      assert.deepEqual(runOnEdgedancerHostDirectory(c).outcome, expected);
    });
  }

  it('covers every program in test-programs/', async () => {
    const { readdirSync } = await import('node:fs');
    const { PROGRAMS_DIR } = await import('./support/program-cases.js');
    const programs = readdirSync(PROGRAMS_DIR)
      .filter((f) => f.endsWith('.wasm'))
      .sort();
    const used = [...new Set(PROGRAM_CASES.map((c) => c.wasm))].sort();
    assert.deepEqual(used, programs);
  });
});
