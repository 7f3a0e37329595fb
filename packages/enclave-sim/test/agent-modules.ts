/**
 * The agent modules the enclave tests run, built with `@edgedancer/interpreter/wasm-builder`.
 * @module
 */

import { buildModule, I, T } from '@edgedancer/interpreter/wasm-builder';
import type { AgentBuild } from '../src/agent-build.js';

const io = { params: [T.i32, T.i32], results: [] };
const fetchSig = { params: [T.i32, T.i32], results: [T.i32] };

/**
 * An agent with:
 * - `add(a, b)`, `fail()` (traps), `spin(n)` (loops n times, returns 0),
 * - `bump()`: increments a global and the i32 at address 1024, returns the global,
 * - `load(addr)`, `store(addr, value)`, `grow(pages)`,
 * - `hello()`: calls `env.log(0, 5)` on the data segment "hello",
 * - `echo()`: calls `env.fetch(64, 16)` (an out buffer), then `env.log(64, n)` with the count it returned.
 * Imports: `env.log(ptr, len)`, `env.fetch(ptr, len) -> i32`. Memory: 2 pages, at most 8.
 */
export const AGENT_MODULE = buildModule({
  imports: [
    { module: 'env', name: 'log', ...io },
    { module: 'env', name: 'fetch', ...fetchSig },
  ],
  memory: { min: 2, max: 8 },
  globals: [0],
  funcs: [
    {
      export: 'add',
      params: [T.i32, T.i32],
      results: [T.i32],
      body: [...I.localGet(0), ...I.localGet(1), ...I.i32Add],
    },
    { export: 'fail', params: [], results: [], body: [...I.unreachable] },
    {
      export: 'spin',
      params: [T.i32],
      results: [T.i32],
      body: [
        ...I.loop,
        ...I.localGet(0),
        ...I.i32Const(1),
        ...I.i32Sub,
        ...I.localTee(0),
        ...I.brIf(0),
        ...I.end,
        ...I.localGet(0),
      ],
    },
    {
      export: 'bump',
      params: [],
      results: [T.i32],
      body: [
        ...I.globalGet(0),
        ...I.i32Const(1),
        ...I.i32Add,
        ...I.globalSet(0),
        ...I.i32Const(1024),
        ...I.i32Const(1024),
        ...I.i32Load(),
        ...I.i32Const(1),
        ...I.i32Add,
        ...I.i32Store(),
        ...I.globalGet(0),
      ],
    },
    { export: 'load', params: [T.i32], results: [T.i32], body: [...I.localGet(0), ...I.i32Load()] },
    {
      export: 'store',
      params: [T.i32, T.i32],
      results: [],
      body: [...I.localGet(0), ...I.localGet(1), ...I.i32Store()],
    },
    { export: 'grow', params: [T.i32], results: [T.i32], body: [...I.localGet(0), ...I.memoryGrow] },
    { export: 'hello', params: [], results: [], body: [...I.i32Const(0), ...I.i32Const(5), ...I.call(0)] },
    {
      export: 'echo',
      params: [],
      results: [T.i32],
      locals: [T.i32],
      body: [
        ...I.i32Const(64),
        ...I.i32Const(16),
        ...I.call(1),
        ...I.localSet(0),
        ...I.i32Const(64),
        ...I.localGet(0),
        ...I.call(0),
        ...I.localGet(0),
      ],
    },
  ],
  data: [{ offset: 0, bytes: new TextEncoder().encode('hello') }],
});

/** The agent's build: every export but `grow` declared as an ecall, both imports as ocalls with their buffers. */
export function agentBuild(overrides: Partial<AgentBuild['config']> = {}, module = AGENT_MODULE): AgentBuild {
  return {
    module,
    config: {
      maxMemoryPages: 8,
      ecalls: ['add', 'fail', 'spin', 'bump', 'load', 'store', 'hello', 'echo', 'grow'],
      ocalls: [
        { module: 'env', name: 'log', buffers: [{ ptr: 0, len: 1, direction: 'in', maxLength: 4096 }] },
        { module: 'env', name: 'fetch', buffers: [{ ptr: 0, len: 1, direction: 'out', maxLength: 4096 }] },
      ],
      ...overrides,
    },
  };
}
