/**
 * The platform store does not grow with every agent that passes (real node processes on loopback): each copy of
 * an agent holds one counter in its node's platform store while it lives there, and the counter is destroyed
 * when the copy ends — it moved away, it was stopped, its deploy failed, or a transfer to the node was refused
 * after the arriving copy's counter was made. The counters are read from the platform stores' files, as the
 * node's operator could.
 * @module
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ClientError } from '../../src/node/client.js';
import { agentModule, b64, deployUser, manifestFor, type Range, startRange, userIntact } from './attack-kit.js';

/** The counters of a node's platform store (ids). */
const countersOf = (range: Range, node: string): string[] =>
  Object.keys(
    (
      JSON.parse(readFileSync(join(range.cluster.platforms.dirs[node]!, 'counters.json'), 'utf8')) as {
        counters: Record<string, unknown>;
      }
    ).counters,
  );

/** Waits until `f` holds (generous: the end of a copy reaches the platform store after the move's answer). */
async function eventually(f: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !f(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(f(), what);
}

describe('platform counters of agents that are gone', { timeout: 120_000 }, () => {
  let range: Range;
  before(async () => {
    range = await startRange(['a', 'b'], { timeoutMs: 15_000 });
  });
  after(async () => range.close());

  it('a copy that moved away or was stopped leaves no counter behind; a failed deploy none either', async () => {
    const c = range.cluster;
    const baseA = countersOf(range, 'a').length;
    const baseB = countersOf(range, 'b').length;
    await deployUser(c, 'a', 'walker', 3);
    assert.equal(countersOf(range, 'a').length, baseA + 1, 'a deployed agent has one counter');
    // there and back again, twice: one counter per live copy, on the node that holds it
    for (let round = 0; round < 2; round++) {
      await c.control('a', '/v1/agents/walker/migrate', { json: { to: 'b' } });
      await eventually(
        () => countersOf(range, 'a').length === baseA && countersOf(range, 'b').length === baseB + 1,
        `round ${round}: the counter moved to b`,
      );
      await userIntact(c.node('b').url, 'walker', 3);
      await c.control('b', '/v1/agents/walker/migrate', { json: { to: 'a' } });
      await eventually(
        () => countersOf(range, 'b').length === baseB && countersOf(range, 'a').length === baseA + 1,
        `round ${round}: the counter moved back to a`,
      );
      await userIntact(c.node('a').url, 'walker', 3);
    }
    // a failed deploy (init traps): its enclave's counter goes with it
    const trap = agentModule('init-trap');
    await assert.rejects(
      c.control('a', '/v1/agents', { json: { id: 'trap', module: b64(trap), manifest: b64(manifestFor(trap)) } }),
      (e: unknown) => e instanceof ClientError && e.code === 'init-failed',
    );
    assert.equal(countersOf(range, 'a').length, baseA + 1, 'a failed deploy leaves no counter');
    // the operator stops the agent: its counter is destroyed
    await c.control('a', '/v1/agents/walker', { method: 'DELETE' });
    await eventually(() => countersOf(range, 'a').length === baseA, 'a stopped agent leaves no counter');
    assert.equal(countersOf(range, 'b').length, baseB);
  });
});
