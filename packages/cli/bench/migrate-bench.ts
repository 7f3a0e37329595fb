/**
 * Measures live migration between two node processes (not a test): the ballast agent (`examples/ballast-wat`)
 * grown to 64 KiB, 16 MiB and 256 MiB of memory, every ballast page written, moved back and forth by pre-copy
 * (idle, and while a client keeps rewriting pages) and by stop-and-copy. Every move is checked: the agent answers
 * from the other node with the page contents it had. Per case it keeps the medians of: the total time and the
 * breakdown of the source's transfer report (attestation, capture, seal, transfer, restore, the freeze's phases),
 * the downtime as users see it, and the extra memory of each node process against the stated budget.
 * Downtime: a client keeps calling the agent (one request at a time) during the move; the downtime is from sending
 * the first request the source did not serve to the answer of the first request the destination served (each
 * answer says where it was served: `x-edgedancer-node`, or `x-edgedancer-relayed` for a call held at the source
 * and completed at the destination). The source's own freeze → `Resumed` and the longest wait of any request
 * are kept too. The machine's memory bandwidth and AES-256-GCM speed are measured in the same run.
 * Run (after `npm run build`): `node packages/cli/dist/bench/migrate-bench.js [--quick] [--reps N] [--json FILE]
 * [--md FILE] [--svg FILE] [--sizes 64KiB,16MiB,256MiB] [--modes pre-copy,pre-copy-busy,stop-and-copy]
 * [--cpu-prof-dir DIR] [--link NETNS:ADDR_A:ADDR_B --link-desc TEXT --link-name NAME [--link-delay MS]]`: `--md` rewrites the run's region of a
 * Markdown file and `--svg` writes the chart (`migrate-report.ts`, which also does both from saved `--json` runs).
 * With `--link`, run inside the first namespace: node b is started in NETNS (`bench/edge-link.sh` sets up both
 * namespaces, the veth pair and the link's shaping); `--link-delay` adds a one-way delay in user space
 * (`delay-relay.ts`) where the kernel cannot.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnclaveSigner, parseManifest } from '@edgedancer/enclave-sim';
import { signAgentManifest } from '../src/node/agent-enclave-build.js';
import { type Cluster, startCluster } from '../src/node/local-cluster.js';
import { writeReport } from './migrate-report.js';
import { type BenchRow, type BenchRun, memoryBudgetMiB } from './migrate-results.js';
import { measurePhysicalLimits } from './physical-limits.js';

const BALLAST = new Uint8Array(
  readFileSync(fileURLToPath(new URL('../../../../examples/ballast-wat/ballast.wasm', import.meta.url))),
);
const MANIFEST = signAgentManifest(BALLAST, EnclaveSigner.generate(), { isvProdId: 7, isvSvn: 1, allowPlain: true });
const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = argv.includes('--quick');
const REPS = option('--reps') !== undefined ? Number(option('--reps')) : quick ? 1 : 3;
if (!Number.isInteger(REPS) || REPS < 1) throw new TypeError('--reps needs a positive integer');
const ALL_SIZES: readonly [string, number][] = [
  ['64 KiB', 1],
  ['16 MiB', 256],
  ['256 MiB', 4096],
];
const SIZES =
  option('--sizes') !== undefined
    ? ALL_SIZES.filter(([l]) => option('--sizes')!.split(',').includes(l.replace(' ', '')))
    : quick
      ? ALL_SIZES.slice(0, 2)
      : ALL_SIZES;
const ALL_MODES = ['pre-copy', 'pre-copy, busy', 'stop-and-copy'] as const;
const MODES =
  option('--modes') !== undefined
    ? ALL_MODES.filter((m) => option('--modes')!.split(',').includes(m.replace(', ', '-')))
    : ALL_MODES;
const FIELDS = ['totalMs', 'attestationMs', 'captureMs', 'sealMs', 'transferMs', 'restoreMs'] as const;
const link = option('--link')?.split(':') ?? null;

/** The source's transfer report (the fields the bench reads). */
type Report = Record<(typeof FIELDS)[number] | 'downtimeMs', number> & {
  bytesSent: number;
  rounds: number;
  settled: boolean;
  downtimePhases?: Record<string, number> & { destination?: Record<string, number> };
};

/** One move's measurements. */
interface Move {
  readonly report: Report;
  readonly downtimeMs: number;
  readonly maxWaitMs: number;
  readonly answeredAfterResumedMs: number;
  readonly firstAnswer: string;
  readonly srcExtraMiB: number;
  readonly dstExtraMiB: number;
}

/** The downtime's phases of a report, flattened (`stop`, …, `dst.apply`, `dst.restore`, `dst.held`). */
function phasesOf(r: Report): Record<string, number> {
  const { destination, ...own } = r.downtimePhases ?? {};
  const out: Record<string, number> = { ...(own as Record<string, number>) };
  for (const [k, v] of Object.entries(destination ?? {})) out[`dst.${k}`] = v;
  return out;
}

const http = new Agent({ keepAlive: true });

/** An answer of the agent and where it was served. */
interface Answer {
  readonly word: number;
  /** The node that ran the request (`x-edgedancer-node`), or `relayed` (held at the source, run at the destination). */
  readonly servedBy: string;
  /** Redirects followed to reach it. */
  readonly hops: number;
}

/** One request to the agent: a command byte and a u32 argument (follows one redirect). */
async function ask(url: string, id: string, cmd: string, arg: number, hops = 0): Promise<Answer> {
  const req = Buffer.alloc(5);
  req[0] = cmd.charCodeAt(0);
  req.writeUInt32LE(arg, 1);
  const r = await new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
    const q = httpRequest(
      new URL(`/a/${encodeURIComponent(id)}`, url),
      { method: 'POST', agent: http, headers: { 'content-length': req.length }, timeout: 600_000 },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
        res.on('error', reject);
      },
    );
    q.on('error', reject);
    q.on('timeout', () => q.destroy(new Error('request timeout')));
    q.end(req);
  });
  if (r.status === 307 && hops < 2) return ask(String(r.headers.location), id, cmd, arg, hops + 1);
  if (r.status !== 200) throw new Error(`agent answered ${r.status}: ${r.body.toString()}`);
  const servedBy = r.headers['x-edgedancer-relayed'] === '1' ? 'relayed' : String(r.headers['x-edgedancer-node']);
  return { word: r.body.readUInt32LE(0), servedBy, hops };
}

/** A node process's resident and peak resident bytes (`/proc`), or null where there is no `/proc`. */
function memoryOf(pid: number | undefined): { rss: number; peak: number } | null {
  try {
    const st = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string): number =>
      Number(/\s(\d+) kB/.exec(st.split('\n').find((l) => l.startsWith(k)) ?? '')?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS:'), peak: kb('VmHWM:') };
  } catch {
    return null;
  }
}

/** Restarts a process's peak resident size from its current size (Linux: `clear_refs` 5). */
function resetPeak(pid: number | undefined): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // not Linux, or not allowed: the peak then covers the process's life
  }
}

/** Cases that failed (printed at the end; the agent stays at its source). */
const failures: string[] = [];

/** Counts of each value: `relayed 2, redirected 1`. */
const tally = (xs: string[]): string =>
  [...new Set(xs)].map((x) => `${x} ${xs.filter((y) => y === x).length}`).join(', ');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const MiB = 1048576;

/**
 * One move of the agent from node `from` to node `to` while a client keeps calling it.
 * @returns the measurements, or null when the move failed (recorded in `failures`)
 */
async function moveOnce(
  cluster: Cluster,
  id: string,
  pages: number,
  mode: (typeof ALL_MODES)[number],
  from: string,
  to: string,
  label: string,
): Promise<Move | null> {
  const src = cluster.node(from);
  const probe = Math.max(0, pages - 1);
  const writing = mode === 'pre-copy, busy' && pages > 1;
  let busy = true;
  let touches = 0;
  const log: { t0: number; t1: number; where: string; how?: string }[] = [];
  // the client calls the agent one request at a time (reads; writes when busy) until the move is over and one of
  // its requests was served by the destination
  const until = () => busy || (!log.some((e) => e.where === 'dst') && log.length < 100_000);
  const client = (async () => {
    while (until()) {
      const t0 = performance.now();
      let where = 'failed';
      let how: string | undefined;
      try {
        const a = writing
          ? await ask(src.url, id, 't', 1 + (touches++ % (pages - 1)))
          : await ask(src.url, id, 'p', probe);
        where = a.servedBy === from ? 'src' : 'dst';
        how = a.servedBy === 'relayed' ? 'relayed' : a.hops > 0 ? 'redirected' : 'direct';
      } catch (e) {
        failures.push(`${label} ${mode}: a client request failed during the move (${(e as Error).message})`);
        await new Promise((r) => setTimeout(r, 50));
      }
      log.push({ t0, t1: performance.now(), where, ...(how === undefined ? {} : { how }) });
    }
  })();
  const pids = [src.process.pid, cluster.node(to).process.pid];
  const base = pids.map((pid) => {
    resetPeak(pid);
    return memoryOf(pid);
  });
  let report: Report;
  try {
    report = await cluster.control<Report>(from, `/v1/agents/${id}/migrate`, {
      json: { to, stopAndCopy: mode === 'stop-and-copy' },
      timeoutMs: 600_000,
    });
  } catch (e) {
    busy = false;
    await client.catch(() => undefined);
    // each node's latest refusal says which side gave up, and why
    const why: string[] = [];
    for (const n of [from, to]) {
      const proc = cluster.node(n).process;
      const st = await cluster
        .control<{ refusals?: unknown[] }>(n, '/v1/node')
        .catch((err: unknown) => ({ refusals: [], unreachable: (err as Error).message }));
      const dead =
        proc.exitCode !== null || proc.signalCode !== null
          ? `, exited ${proc.exitCode ?? proc.signalCode}: ${cluster.node(n).stderr.slice(-400)}`
          : '';
      const down = 'unreachable' in st ? `, status unreachable: ${st.unreachable}` : '';
      why.push(`${n}: ${JSON.stringify(st.refusals?.slice(-1) ?? [])}${down}${dead}`);
    }
    failures.push(`${label} ${mode}: ${(e as { code?: string }).code ?? (e as Error).message} (${why.join('; ')})`);
    return null;
  }
  const returned = performance.now();
  busy = false;
  // extra memory of each side during the move: its peak resident size above its size before
  const extra = pids.map((pid, i) => {
    const m = memoryOf(pid);
    return m === null || base[i] === null ? NaN : (m.peak - base[i]!.rss) / MiB;
  });
  await client;
  const held = log.find((e) => e.where !== 'src');
  const served = log.find((e) => e.where === 'dst');
  return {
    report,
    downtimeMs: held === undefined || served === undefined ? NaN : served.t1 - held.t0,
    maxWaitMs: Math.max(...log.map((e) => e.t1 - e.t0)),
    // the part of the downtime after the migrate call returned (after `Resumed`)
    firstAnswer: served?.how ?? 'none',
    answeredAfterResumedMs: served === undefined ? NaN : served.t1 - returned,
    srcExtraMiB: extra[0]!,
    dstExtraMiB: extra[1]!,
  };
}

async function measure(cluster: Cluster, label: string, pages: number): Promise<BenchRow[]> {
  const id = `ballast-${pages}`;
  const names = ['a', 'b'];
  await cluster.control('a', '/v1/agents', {
    json: { id, module: Buffer.from(BALLAST).toString('base64'), manifest: Buffer.from(MANIFEST).toString('base64') },
  });
  if ((await ask(cluster.node('a').url, id, 'f', pages)).word !== pages) throw new Error('the agent did not grow');
  const probe = Math.max(0, pages - 1);
  let at = 0;
  const rows: BenchRow[] = [];
  for (const mode of MODES) {
    const moves: Move[] = [];
    for (let rep = 0; rep < REPS; rep++) {
      const before = (await ask(cluster.node(names[at]!).url, id, 'p', probe)).word;
      const m = await moveOnce(cluster, id, pages, mode, names[at]!, names[1 - at]!, label);
      if (m === null) break;
      at = 1 - at;
      const here = cluster.node(names[at]!).url;
      // the arriving node persists the agent (sealing all of its memory in its enclave) after its first request:
      // the next move starts once that is done, not queued behind it
      await ask(here, id, 'p', probe);
      await new Promise((r) => setTimeout(r, Math.max(500, ((pages * 65536) / 20e6) * 1000)));
      const after = await ask(here, id, 'p', probe);
      if (after.servedBy !== names[at]) throw new Error('the agent is not served where it moved');
      if (mode !== 'pre-copy, busy' && after.word !== before) throw new Error('the state differs after the move');
      if (!m.report.settled) throw new Error('a move was left unsettled');
      moves.push(m);
    }
    if (moves.length === 0) continue;
    const med = (f: (m: Move) => number, digits = 1): number => Number(median(moves.map(f)).toFixed(digits));
    const phases: Record<string, number> = {};
    for (const k of Object.keys(phasesOf(moves[0]!.report))) phases[k] = med((m) => phasesOf(m.report)[k] ?? NaN, 2);
    const row: BenchRow = {
      memory: label,
      pages,
      mode,
      reps: moves.length,
      totalMs: med((m) => m.report.totalMs),
      downtimeMs: med((m) => m.downtimeMs, 2),
      freezeMs: med((m) => m.report.downtimeMs, 2),
      maxWaitMs: med((m) => m.maxWaitMs),
      answeredAfterResumedMs: med((m) => m.answeredAfterResumedMs),
      firstAnswers: tally(moves.map((m) => m.firstAnswer)),
      attestationMs: med((m) => m.report.attestationMs),
      captureMs: med((m) => m.report.captureMs),
      sealMs: med((m) => m.report.sealMs),
      transferMs: med((m) => m.report.transferMs),
      restoreMs: med((m) => m.report.restoreMs),
      mibSent: med((m) => m.report.bytesSent / MiB, 2),
      rounds: med((m) => m.report.rounds, 0),
      srcExtraMiB: med((m) => m.srcExtraMiB),
      dstExtraMiB: med((m) => m.dstExtraMiB),
      budgetMiB: memoryBudgetMiB(pages),
      downtimePhases: phases,
    };
    rows.push(row);
    console.log(format(row));
    console.log(
      `         freeze phases (ms): ${Object.entries(phases)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  }
  await cluster.control(names[at]!, `/v1/agents/${id}`, { method: 'DELETE' });
  return rows;
}

const COLUMNS: [keyof BenchRow, string][] = [
  ['totalMs', 'total'],
  ['downtimeMs', 'downtime'],
  ['freezeMs', 'freeze'],
  ['maxWaitMs', 'max wait'],
  ['attestationMs', 'attest'],
  ['captureMs', 'capture'],
  ['sealMs', 'seal'],
  ['transferMs', 'transfer'],
  ['restoreMs', 'restore'],
  ['mibSent', 'MiB sent'],
  ['rounds', 'rounds'],
  ['srcExtraMiB', 'src MiB'],
  ['dstExtraMiB', 'dst MiB'],
  ['budgetMiB', 'budget'],
];

function format(r: BenchRow): string {
  return `${r.memory.padEnd(8)} ${r.mode.padEnd(15)} ${COLUMNS.map(([k, h]) => String(r[k]).padStart(Math.max(8, h.length))).join(' ')}`;
}

/**
 * Puts a delay relay (`delay-relay.ts`, in this namespace) on the path between the two nodes: each is told the
 * other's address at the relay, so every connection between them crosses the veth once and the relay once.
 */
async function delayLink(c: Cluster, delayMs: number, hostA: string): Promise<ChildProcess> {
  const hostPort = (n: string): string => new URL(c.node(n).url).host;
  const relay = spawn(
    process.execPath,
    [fileURLToPath(new URL('./delay-relay.js', import.meta.url)), String(delayMs), hostA, hostPort('b'), hostPort('a')],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = (await once(relay.stdout!, 'data')) as [Buffer];
  const [toB, toA] = JSON.parse(line.toString()) as [number, number];
  const tell = (n: string, peer: string, port: number): Promise<unknown> =>
    c.control(n, `/v1/peers/${peer}`, {
      method: 'PUT',
      json: { url: `http://${hostA}:${port}`, platformId: c.platforms.ids[peer] },
    });
  await tell('a', 'b', toB);
  await tell('b', 'a', toA);
  return relay;
}

const started = new Date().toISOString();
const loadStart = os.loadavg();
const root = mkdtempSync(join(tmpdir(), 'edgedancer-migrate-bench-'));
const nodeLimits = ['--max-memory-pages', '8192', '--request-ms', '600000'];
const prof = option('--cpu-prof-dir');
const execArgv = prof !== undefined ? ['--cpu-prof', '--cpu-prof-dir', prof] : [];
const limitsNow = measurePhysicalLimits();
const cluster = await startCluster(['a', 'b'], root, {
  execArgv: { a: execArgv, b: execArgv },
  ...(link === null ? {} : { wrap: { b: ['ip', 'netns', 'exec', link[0]!] }, hosts: { a: link[1]!, b: link[2]! } }),
  timeoutMs: 120_000,
  allowSigners: [Buffer.from(parseManifest(MANIFEST).mrSigner).toString('hex')],
  nodeArgs: { a: nodeLimits, b: nodeLimits },
});
const linkDelay = option('--link-delay');
let relay: ChildProcess | null = null;
try {
  if (link !== null && linkDelay !== undefined) relay = await delayLink(cluster, Number(linkDelay), link[1]!);
  console.log(
    `median of ${REPS}; times in ms ${link === null ? 'on loopback' : `over the link to namespace ${link[0]}`}, node ${process.version}; load average ${loadStart
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `physical limits (this run): memory copy ${limitsNow.memcpyGBps} GB/s, fresh memory ${limitsNow.freshMemGBps} GB/s, AES-256-GCM ${limitsNow.aesGcmMBps} MB/s (1 MiB chunks in 64 KiB updates; ${limitsNow.aesGcmOneShotMBps} MB/s in one update each)`,
  );
  console.log(
    `${'memory'.padEnd(8)} ${'mode'.padEnd(15)} ${COLUMNS.map(([, h]) => h.padStart(Math.max(8, h.length))).join(' ')}`,
  );
  console.log(
    '(downtime: first request held at the source → first answer from the destination; freeze: freeze → Resumed at the source; max wait: the longest request during the move; src/dst MiB: peak extra resident memory of each node process during the move; budget: 1.25 × agent + 64 MiB)',
  );
  const rows: BenchRow[] = [];
  for (const [label, pages] of SIZES) rows.push(...(await measure(cluster, label, pages)));
  for (const f of failures) console.log(`failed: ${f}`);
  const run: BenchRun = {
    version: 2,
    started,
    node: process.version,
    cpus: os.cpus().length,
    loadStart,
    loadEnd: os.loadavg(),
    reps: REPS,
    limits: limitsNow,
    link:
      link === null
        ? null
        : { netns: link[0]!, shaping: option('--link-desc') ?? 'veth', name: option('--link-name') ?? 'veth' },
    command: process.env.EDGE_LINK_COMMAND ?? `node packages/cli/dist/bench/migrate-bench.js ${argv.join(' ')}`,
    rows,
    failures,
  };
  console.log(`load average at the end: ${run.loadEnd.map((x) => x.toFixed(1)).join(' ')}`);
  const json = option('--json');
  if (json !== undefined) writeFileSync(json, `${JSON.stringify(run, null, 2)}\n`);
  writeReport([run], option('--md') ?? null, option('--svg') ?? null);
} catch (e) {
  for (const n of ['a', 'b']) {
    const st = await cluster.control<{ refusals?: unknown[] }>(n, '/v1/node').catch(() => ({ refusals: [] }));
    console.error(
      `node ${n}: refusals ${JSON.stringify(st.refusals?.slice(-3))}\n${cluster.node(n).stderr.slice(-3000)}`,
    );
  }
  throw e;
} finally {
  http.destroy();
  relay?.kill();
  await cluster.stop();
  rmSync(root, { recursive: true, force: true });
}
