/**
 * The destination of the cross-process tests (run as a child process, not a test): reads an encoded agent
 * snapshot from stdin, restores it on a node named by its second argument, lets it arrive, serves the requests
 * given as a JSON list of strings, and prints what happened as JSON: outcomes (responses in hex), the memory's
 * SHA-256, the globals, the counter, the log lines of this node, and finally the answer to `where`.
 *
 * Usage: node agent-child.js <agent.wasm> <node name> '<["request", ...]>' < snapshot
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, type AgentOutcome } from '../src/index.js';

const [wasmPath, nodeName, requestsJson] = process.argv.slice(2);
const lines: string[] = [];
const host = {
  nodeName: nodeName!,
  log: (line: string) => {
    lines.push(line);
  },
  authorizeMigration: () => 0,
};
const agent = Agent.restore(new Uint8Array(readFileSync(0)), new Uint8Array(readFileSync(wasmPath!)), host);

/** An outcome as plain JSON: kind and, when done, the response in hex. */
function summary(out: AgentOutcome): { kind: string; response: string | null } {
  return {
    kind: out.kind,
    response: out.kind === 'done' && out.response !== null ? Buffer.from(out.response).toString('hex') : null,
  };
}

function drive(out: AgentOutcome): AgentOutcome {
  let o = out;
  while (o.kind === 'paused') o = agent.continue({ fuel: 10_000 });
  return o;
}

const arrival = summary(drive(agent.arrive({ fuel: 10_000 })));
const responses = (JSON.parse(requestsJson ?? '[]') as string[]).map((r) =>
  summary(drive(agent.serve(new TextEncoder().encode(r)))),
);
const store = agent.store;
const state = {
  arrival,
  responses,
  memory: createHash('sha256').update(agent.memory()).digest('hex'),
  globals: store.globalTypes.map((_, a) => String((store.getGlobal(a) as { value: unknown }).value)),
  counter: String(agent.migrationCounter),
};
const where = drive(agent.serve(new TextEncoder().encode('where')));
process.stdout.write(
  JSON.stringify({
    state,
    lines,
    where: where.kind === 'done' ? new TextDecoder().decode(where.response!) : where.kind,
  }),
);
