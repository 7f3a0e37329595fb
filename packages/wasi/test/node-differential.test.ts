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

/** What `runOnNode` and the Edgedancer runners give. */
type Outcome = Awaited<ReturnType<typeof runOnNode>>;

/** The sleep lines of `clocks.c`: whether a sleep lasted at least what it asked. */
const SLEEP_LINE = /^(nanosleep|usleep) .* lasted at least .*: (\d)$/gm;

/**
 * Compares an outcome with the oracle's. Node's `poll_oneoff` waits in whole milliseconds on libuv's cached loop
 * time and can wake up to a millisecond early, so the oracle's sleep lines are not a reference: Edgedancer's must
 * say every sleep lasted at least its duration (as POSIX requires), and the rest must equal the oracle's.
 */
function assertSameAsNode(actual: Outcome, expected: Outcome): void {
  for (const m of actual.stdout.matchAll(SLEEP_LINE)) assert.equal(m[2], '1', `a sleep returned early: ${m[0]}`);
  const mask = (o: Outcome): Outcome => ({ ...o, stdout: o.stdout.replace(SLEEP_LINE, '$1 lasted at least: checked') });
  assert.deepEqual(mask(actual), mask(expected));
}

describe('C programs: Edgedancer against node:wasi', () => {
  for (const c of PROGRAM_CASES) {
    it(`${c.name}: in-memory sandbox, host clocks`, async () => {
      const expected = await runOnNode(c);
      assertSameAsNode(runOnEdgedancer(c).outcome, expected);
    });
    it(`${c.name}: in-memory sandbox, deterministic mode`, async () => {
      const expected = await runOnNode(c);
      assertSameAsNode(runOnEdgedancer(c, { deterministic: true }).outcome, expected);
    });
    it(`${c.name}: host directory sandbox`, async () => {
      const expected = await runOnNode(c);
      assertSameAsNode(runOnEdgedancerHostDirectory(c).outcome, expected);
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
