/**
 * Measures live migration between two node processes on loopback (not a test): the ballast agent
 * (`examples/ballast-wat`) grown to 64 KiB, 16 MiB and 256 MiB of memory, every ballast page written, moved back
 * and forth by pre-copy (idle, and while a client keeps rewriting pages) and by stop-and-copy. Prints, per case,
 * the medians of the source's transfer report: total time, downtime, and the breakdown (attestation, capture,
 * seal, transfer, restore), with the bytes sent and the rounds. Every move is checked: the agent answers from
 * the other node with the page contents it had.
 * Run (after `npx tsc -b`): `node packages/cli/dist/bench/migrate-bench.js [--quick] [--reps N] [--json FILE]`.
 * @module
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnclaveSigner, parseManifest } from '@edgedancer/enclave-sim';
import { signAgentManifest } from '../src/node/agent-enclave-build.js';
import { callAgent } from '../src/node/client.js';
import { startCluster, type Cluster } from '../src/node/local-cluster.js';

const BALLAST = new Uint8Array(readFileSync(fileURLToPath(new URL('../../../../examples/ballast-wat/ballast.wasm', import.meta.url))));
const MANIFEST = signAgentManifest(BALLAST, EnclaveSigner.generate(), { isvProdId: 7, isvSvn: 1, allowPlain: true });
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const repsArg = argv.indexOf('--reps');
const REPS = repsArg >= 0 ? Number(argv[repsArg + 1]) : quick ? 1 : 3;
const jsonArg = argv.indexOf('--json');
const SIZES: readonly [string, number][] = quick ? [['64 KiB', 1], ['16 MiB', 256]] : [['64 KiB', 1], ['16 MiB', 256], ['256 MiB', 4096]];
const MODES = ['pre-copy', 'pre-copy, busy', 'stop-and-copy'] as const;
const FIELDS = ['totalMs', 'downtimeMs', 'attestationMs', 'captureMs', 'sealMs', 'transferMs', 'restoreMs'] as const;

type Report = Record<(typeof FIELDS)[number], number> & { bytesSent: number; rounds: number; settled: boolean };

/** One request to the agent: a command byte and a u32 argument. */
async function ask(url: string, id: string, cmd: string, arg: number): Promise<DataView> {
  const req = new Uint8Array(5);
  req[0] = cmd.charCodeAt(0);
  new DataView(req.buffer).setUint32(1, arg, true);
  const r = await callAgent(url, id, req);
  if (r.status !== 200) throw new Error(`agent answered ${r.status}: ${Buffer.from(r.body).toString()}`);
  return new DataView(r.body.buffer, r.body.byteOffset, r.body.byteLength);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(cluster: Cluster, label: string, pages: number): Promise<Record<string, unknown>[]> {
  const id = `ballast-${pages}`;
  const nodes = [cluster.node('a').url, cluster.node('b').url];
  await cluster.control('a', '/v1/agents', { json: { id, module: Buffer.from(BALLAST).toString('base64'), manifest: Buffer.from(MANIFEST).toString('base64') } });
  if ((await ask(nodes[0]!, id, 'f', pages)).getUint32(0, true) !== pages) throw new Error('the agent did not grow');
  const probe = Math.max(0, pages - 1);
  let at = 0;
  const rows: Record<string, unknown>[] = [];
  for (const mode of MODES) {
    const reports: Report[] = [];
    for (let rep = 0; rep < REPS; rep++) {
      const before = (await ask(nodes[at]!, id, 'p', probe)).getUint32(0, true);
      let busy = mode === 'pre-copy, busy';
      let touches = 0;
      const toucher = (async () => {
        while (busy && pages > 1) {
          await ask(nodes[at]!, id, 't', 1 + (touches++ % (pages - 1)));
        }
      })();
      const to = at === 0 ? 'b' : 'a';
      const r = await cluster.control<Report>(at === 0 ? 'a' : 'b', `/v1/agents/${id}/migrate`, { json: { to, stopAndCopy: mode === 'stop-and-copy' }, timeoutMs: 600_000 });
      busy = false;
      await toucher;
      at = 1 - at;
      const after = await ask(nodes[at]!, id, 'p', probe);
      if (mode !== 'pre-copy, busy' && after.getUint32(0, true) !== before) throw new Error('the state differs after the move');
      if (!r.settled) throw new Error('a move was left unsettled');
      reports.push(r);
    }
    const row: Record<string, unknown> = { memory: label, pages, mode, reps: REPS };
    for (const f of FIELDS) row[f] = Number(median(reports.map((x) => x[f])).toFixed(1));
    row.mibSent = Number((median(reports.map((x) => x.bytesSent)) / 1048576).toFixed(2));
    row.rounds = median(reports.map((x) => x.rounds));
    rows.push(row);
    console.log(format(row));
  }
  await cluster.control(at === 0 ? 'a' : 'b', `/v1/agents/${id}`, { method: 'DELETE' });
  return rows;
}

function format(r: Record<string, unknown>): string {
  const ms = (k: string): string => String(r[k]).padStart(8);
  return `${String(r.memory).padEnd(8)} ${String(r.mode).padEnd(15)} ${ms('totalMs')} ${ms('downtimeMs')} ${ms('attestationMs')} ${ms('captureMs')} ${ms('sealMs')} ${ms('transferMs')} ${ms('restoreMs')} ${String(r.mibSent).padStart(9)} ${String(r.rounds).padStart(6)}`;
}

const root = mkdtempSync(join(tmpdir(), 'edgedancer-migrate-bench-'));
const limits = ['--max-memory-pages', '8192', '--request-ms', '600000'];
const cluster = await startCluster(['a', 'b'], root, { timeoutMs: 120_000, allowSigners: [Buffer.from(parseManifest(MANIFEST).mrSigner).toString('hex')], nodeArgs: { a: limits, b: limits } });
try {
  console.log(`median of ${REPS}; times in ms on loopback, node ${process.version}`);
  console.log(`${'memory'.padEnd(8)} ${'mode'.padEnd(15)} ${'total'.padStart(8)} ${'down'.padStart(8)} ${'attest'.padStart(8)} ${'capture'.padStart(8)} ${'seal'.padStart(8)} ${'transfer'.padStart(8)} ${'restore'.padStart(8)} ${'MiB sent'.padStart(9)} ${'rounds'.padStart(6)}`);
  const rows: Record<string, unknown>[] = [];
  for (const [label, pages] of SIZES) rows.push(...(await measure(cluster, label, pages)));
  if (jsonArg >= 0) writeFileSync(argv[jsonArg + 1]!, JSON.stringify(rows, null, 2));
} finally {
  await cluster.stop();
  rmSync(root, { recursive: true, force: true });
}
