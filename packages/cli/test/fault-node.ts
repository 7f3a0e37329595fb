#!/usr/bin/env node
/**
 * Test launcher of a misbehaving node: `node fault-node.js node --name … ` runs `edgedancer node` with the
 * hooks of the faults named in `EDGEDANCER_FAULT` (see `fault-hooks.ts`). The product's own executable has no
 * fault injection.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { runNode } from '../src/commands/node.js';
import { processIo } from '../src/io.js';
import type { EdgeNode } from '../src/node/edge-node.js';
import { faultHooks, faultsFromEnv } from './fault-hooks.js';

/** This launcher's compiled path. */
export const FAULT_NODE = fileURLToPath(import.meta.url);

if (process.argv[1] === FAULT_NODE) {
  let node: EdgeNode | undefined;
  const hooks = faultHooks(faultsFromEnv(), () => node!);
  process.exitCode = await runNode(process.argv.slice(3), processIo, {
    hooks,
    opened: (n) => {
      node = n;
    },
  });
}
