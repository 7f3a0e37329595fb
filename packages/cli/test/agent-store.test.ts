/**
 * The agent store's saves: a save that fails (its directory removed or unusable while it writes, as when an
 * agent is stopped or leaves during its persist) rejects to its caller only, never as an unhandled rejection,
 * which would end the node's process; the next save of the same agent still runs.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadAgents, removeAgentLater, saveAgent } from '../src/node/agent-store.js';
import { readStateParts } from '../src/node/sealed-state-file.js';

const agent = (sealed: number) => ({
  id: 'a1',
  module: new Uint8Array([0, 97, 115, 109]),
  manifest: new Uint8Array([1, 2, 3]),
  parts: [new Uint8Array(1024).fill(sealed)],
});

describe('agent store saves', () => {
  const root = mkdtempSync(join(tmpdir(), 'edgedancer-agent-store-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('a failed save rejects to its caller, with no unhandled rejection, and the next save runs', async () => {
    const unhandled: unknown[] = [];
    const note = (e: unknown): void => {
      unhandled.push(e);
    };
    process.on('unhandledRejection', note);
    try {
      // the agents directory is a file: the save cannot make the agent's directory
      mkdirSync(root, { recursive: true });
      writeFileSync(join(root, 'agents'), 'not a directory');
      await assert.rejects(saveAgent(root, agent(1)));
      // a failure while another save of the same agent waits behind it
      const first = saveAgent(root, agent(2));
      const second = saveAgent(root, agent(3));
      await assert.rejects(first);
      await assert.rejects(second);
      // a few turns of the event loop for a rejection left unhandled to be reported
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      assert.deepEqual(unhandled, []);
      rmSync(join(root, 'agents'));
      await saveAgent(root, agent(4));
      const [back] = loadAgents(root);
      assert.equal(back?.id, 'a1');
      const file = await open(back!.statePath);
      const parts: Uint8Array[] = [];
      try {
        for await (const part of readStateParts(file)) parts.push(part);
      } finally {
        await file.close();
      }
      assert.deepEqual(parts, agent(4).parts);
    } finally {
      process.off('unhandledRejection', note);
    }
  });

  it('a removal in the background runs in order with the saves of the same agent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgedancer-agent-store-rm-'));
    try {
      // save, remove, save again (an agent that left and came back): the second save survives the removal
      const saved = saveAgent(dir, agent(5));
      const removed = removeAgentLater(dir, 'a1');
      const again = saveAgent(dir, agent(6));
      await Promise.all([saved, removed, again]);
      const [back] = loadAgents(dir);
      assert.equal(back?.id, 'a1');
      // save then remove: nothing is left, and a removal of nothing resolves
      await Promise.all([saveAgent(dir, agent(7)), removeAgentLater(dir, 'a1')]);
      assert.deepEqual(loadAgents(dir), []);
      await removeAgentLater(dir, 'a1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
