/**
 * Measures live migration between two node processes on loopback (not a test): the ballast agent
 * (`examples/ballast-wat`) grown to 64 KiB, 16 MiB and 256 MiB of memory, every ballast page written, moved back
 * and forth by pre-copy (idle, and while a client keeps rewriting pages) and by stop-and-copy. Prints, per case,
 * the medians of the source's transfer report: total time, downtime, and the breakdown (attestation, capture,
 * seal, transfer, restore), with the bytes sent and the rounds. Every move is checked: the agent answers from
 * the other node with the page contents it had.
 * Downtime is reported twice: as the source measures it (freeze → `Resumed`) and as a user sees it (`user`: the
 * longest wait of a request sent during the move, from being held at the source to being served at the
 * destination, while a client keeps reading the agent; the busy case's writes are such requests too).
 * The machine's memory copy bandwidth and AES-256-GCM speed are measured in the same run.
 * Run (after `npx tsc -b`): `node packages/cli/dist/bench/migrate-bench.js [--quick] [--reps N] [--json FILE]
 * [--svg FILE] [--sizes 64KiB,16MiB,256MiB] [--modes pre-copy,pre-copy-busy,stop-and-copy] [--cpu-prof-dir DIR]
 * [--link NETNS:ADDR_A:ADDR_B] [--replot RUN.json… --svg FILE]` (with `--link`, run inside the first namespace: node b is started in NETNS;
 * `bench/edge-link.sh` sets up both namespaces, the veth pair and the link's shaping).
 * @module
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnclaveSigner, parseManifest } from '@edgedancer/enclave-sim';
import { signAgentManifest } from '../src/node/agent-enclave-build.js';
import { callAgent } from '../src/node/client.js';
import { type Cluster, startCluster } from '../src/node/local-cluster.js';
import { type ChartSeries, renderChart } from './migrate-chart.js';
import { measurePhysicalLimits } from './physical-limits.js';

const BALLAST = new Uint8Array(
  readFileSync(fileURLToPath(new URL('../../../../examples/ballast-wat/ballast.wasm', import.meta.url))),
);
const MANIFEST = signAgentManifest(BALLAST, EnclaveSigner.generate(), { isvProdId: 7, isvSvn: 1, allowPlain: true });
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const repsArg = argv.indexOf('--reps');
const REPS = repsArg >= 0 ? Number(argv[repsArg + 1]) : quick ? 1 : 3;
const jsonArg = argv.indexOf('--json');
const ALL_SIZES: readonly [string, number][] = [
  ['64 KiB', 1],
  ['16 MiB', 256],
  ['256 MiB', 4096],
];
const sizesArg = argv.indexOf('--sizes');
const SIZES =
  sizesArg >= 0
    ? ALL_SIZES.filter(([l]) => argv[sizesArg + 1]!.split(',').includes(l.replace(' ', '')))
    : quick
      ? ALL_SIZES.slice(0, 2)
      : ALL_SIZES;
const ALL_MODES = ['pre-copy', 'pre-copy, busy', 'stop-and-copy'] as const;
const modesArg = argv.indexOf('--modes');
const MODES =
  modesArg >= 0 ? ALL_MODES.filter((m) => argv[modesArg + 1]!.split(',').includes(m.replace(', ', '-'))) : ALL_MODES;
const FIELDS = ['totalMs', 'downtimeMs', 'attestationMs', 'captureMs', 'sealMs', 'transferMs', 'restoreMs'] as const;

type Report = Record<(typeof FIELDS)[number] | 'userDownMs' | 'srcExtra' | 'dstExtra', number> & {
  bytesSent: number;
  rounds: number;
  settled: boolean;
  downtimePhases?: Record<string, number> & { destination?: Record<string, number> };
};

/** The downtime's phases of a report, flattened (`stop`, …, `dst.apply`, `dst.restore`, `dst.held`). */
function phasesOf(r: Report): Record<string, number> {
  const { destination, ...own } = r.downtimePhases ?? {};
  const out: Record<string, number> = { ...(own as Record<string, number>) };
  for (const [k, v] of Object.entries(destination ?? {})) out[`dst.${k}`] = v;
  return out;
}
const svgArg = argv.indexOf('--svg');
const linkArg = argv.indexOf('--link');
const link = linkArg >= 0 ? argv[linkArg + 1]!.split(':') : null;

/** One request to the agent: a command byte and a u32 argument. */
async function ask(url: string, id: string, cmd: string, arg: number): Promise<DataView> {
  const req = new Uint8Array(5);
  req[0] = cmd.charCodeAt(0);
  new DataView(req.buffer).setUint32(1, arg, true);
  const r = await callAgent(url, id, req);
  if (r.status !== 200) throw new Error(`agent answered ${r.status}: ${Buffer.from(r.body).toString()}`);
  return new DataView(r.body.buffer, r.body.byteOffset, r.body.byteLength);
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

/** Issue #18's measurements of the transfer before the pipelined stream (one repetition, loopback). */
const BEFORE: Record<string, [number, number, number][]> = {
  'pre-copy': [
    [64 << 10, 45, 17.8],
    [16 << 20, 883, 26.4],
    [256 << 20, 12_500, 24.4],
  ],
  'stop-and-copy': [
    [16 << 20, 568, 561],
    [256 << 20, 9_000, 8_900],
  ],
};

/** Cases that failed (printed at the end; the agent stays at its source). */
const failures: string[] = [];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(cluster: Cluster, label: string, pages: number): Promise<Record<string, unknown>[]> {
  const id = `ballast-${pages}`;
  const nodes = [cluster.node('a').url, cluster.node('b').url];
  await cluster.control('a', '/v1/agents', {
    json: { id, module: Buffer.from(BALLAST).toString('base64'), manifest: Buffer.from(MANIFEST).toString('base64') },
  });
  if ((await ask(nodes[0]!, id, 'f', pages)).getUint32(0, true) !== pages) throw new Error('the agent did not grow');
  const probe = Math.max(0, pages - 1);
  let at = 0;
  const rows: Record<string, unknown>[] = [];
  for (const mode of MODES) {
    const reports: Report[] = [];
    for (let rep = 0; rep < REPS; rep++) {
      const before = (await ask(nodes[at]!, id, 'p', probe)).getUint32(0, true);
      const writing = mode === 'pre-copy, busy';
      let busy = true;
      let touches = 0;
      let userDown = 0;
      // a client keeps calling the agent during the move (reads; writes when busy): its longest wait is the
      // downtime a user sees, from the first request held at the source to the first served at the destination
      const client = (async () => {
        while (busy) {
          const t = performance.now();
          try {
            if (writing && pages > 1) await ask(nodes[at]!, id, 't', 1 + (touches++ % (pages - 1)));
            else await ask(nodes[at]!, id, 'p', probe);
          } catch (e) {
            failures.push(
              `${label} ${mode}: a client request failed during the move (${(e as { code?: string }).code ?? (e as Error).message})`,
            );
            await new Promise((r) => setTimeout(r, 50));
          }
          userDown = Math.max(userDown, performance.now() - t);
        }
      })();
      const to = at === 0 ? 'b' : 'a';
      const pids = [cluster.node(at === 0 ? 'a' : 'b').process.pid, cluster.node(to).process.pid];
      const base = pids.map((pid) => {
        resetPeak(pid);
        return memoryOf(pid);
      });
      let r: Report;
      try {
        r = await cluster.control<Report>(at === 0 ? 'a' : 'b', `/v1/agents/${id}/migrate`, {
          json: { to, stopAndCopy: mode === 'stop-and-copy' },
          timeoutMs: 600_000,
        });
      } catch (e) {
        // a failed move leaves the agent at the source: note it, and go on with the next case
        busy = false;
        await client.catch(() => undefined);
        // each node's latest refusal says which side gave up, and why
        const why: string[] = [];
        for (const n of ['a', 'b']) {
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
        break;
      }
      busy = false;
      // extra memory of each side during the move: its peak resident size above its size before, per agent byte
      const extra = pids.map((pid, i) => {
        const m = memoryOf(pid);
        return m === null || base[i] === null ? NaN : (m.peak - base[i]!.rss) / (pages * 65536);
      });
      await client.catch(() => undefined);
      at = 1 - at;
      // the arriving node persists the agent (sealing all of its memory in its enclave) right after it resumed:
      // the next move starts once that is done, not queued behind it
      await ask(nodes[at]!, id, 'p', probe);
      await new Promise((r) => setTimeout(r, Math.max(500, ((pages * 65536) / 20e6) * 1000)));
      const after = await ask(nodes[at]!, id, 'p', probe);
      if (mode !== 'pre-copy, busy' && after.getUint32(0, true) !== before)
        throw new Error('the state differs after the move');
      if (!r.settled) throw new Error('a move was left unsettled');
      reports.push({ ...r, userDownMs: userDown, srcExtra: extra[0]!, dstExtra: extra[1]! });
    }
    if (reports.length === 0) continue;
    const row: Record<string, unknown> = { memory: label, pages, mode, reps: reports.length };
    for (const f of [...FIELDS, 'userDownMs'] as const) row[f] = Number(median(reports.map((x) => x[f])).toFixed(1));
    row.mibSent = Number((median(reports.map((x) => x.bytesSent)) / 1048576).toFixed(2));
    row.rounds = median(reports.map((x) => x.rounds));
    row.srcExtra = Number(median(reports.map((x) => x.srcExtra)).toFixed(2));
    const phases: Record<string, number> = {};
    for (const k of Object.keys(phasesOf(reports[0]!)))
      phases[k] = Number(median(reports.map((x) => phasesOf(x)[k] ?? NaN)).toFixed(2));
    row.downtimePhases = phases;
    row.dstExtra = Number(median(reports.map((x) => x.dstExtra)).toFixed(2));
    rows.push(row);
    console.log(format(row));
    console.log(
      `         downtime phases (ms): ${Object.entries(phases)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  }
  await cluster.control(at === 0 ? 'a' : 'b', `/v1/agents/${id}`, { method: 'DELETE' });
  return rows;
}

function format(r: Record<string, unknown>): string {
  const ms = (k: string): string => String(r[k]).padStart(8);
  return `${String(r.memory).padEnd(8)} ${String(r.mode).padEnd(15)} ${ms('totalMs')} ${ms('downtimeMs')} ${ms('userDownMs')} ${ms('attestationMs')} ${ms('captureMs')} ${ms('sealMs')} ${ms('transferMs')} ${ms('restoreMs')} ${String(r.mibSent).padStart(9)} ${String(r.rounds).padStart(6)} ${String(r.srcExtra).padStart(6)} ${String(r.dstExtra).padStart(6)}`;
}

const root = mkdtempSync(join(tmpdir(), 'edgedancer-migrate-bench-'));
const limits = ['--max-memory-pages', '8192', '--request-ms', '600000'];
const profArg = argv.indexOf('--cpu-prof-dir');
const execArgv = profArg >= 0 ? ['--cpu-prof', '--cpu-prof-dir', argv[profArg + 1]!] : [];
const replotArg = argv.indexOf('--replot');
if (replotArg >= 0) {
  // charts and prints earlier runs' JSON files (rows of later files replace earlier rows of the same case)
  const files = argv.slice(replotArg + 1).filter((a) => a.endsWith('.json'));
  const byCase = new Map<string, Record<string, unknown>>();
  let lim = { memcpyGBps: Infinity, aesGcmMBps: Infinity };
  let load = 0;
  for (const f of files) {
    const j = JSON.parse(readFileSync(f, 'utf8')) as {
      limits: typeof lim;
      loadavg: number[];
      rows: Record<string, unknown>[];
    };
    lim = {
      memcpyGBps: Math.min(lim.memcpyGBps, j.limits.memcpyGBps),
      aesGcmMBps: Math.min(lim.aesGcmMBps, j.limits.aesGcmMBps),
    };
    load = Math.max(load, j.loadavg[0]!);
    for (const r of j.rows) byCase.set(`${String(r.memory)} ${String(r.mode)}`, r);
  }
  const rows = [...byCase.values()].sort((a, b) => Number(a.pages) - Number(b.pages));
  for (const r of rows) console.log(format(r));
  if (svgArg >= 0) writeFileSync(argv[svgArg + 1]!, chartOf(rows, lim, load));
  process.exit(0);
}
const limitsNow = measurePhysicalLimits();
const cluster = await startCluster(['a', 'b'], root, {
  execArgv: { a: execArgv, b: execArgv },
  ...(link === null ? {} : { wrap: { b: ['ip', 'netns', 'exec', link[0]!] }, hosts: { a: link[1]!, b: link[2]! } }),
  timeoutMs: 120_000,
  allowSigners: [Buffer.from(parseManifest(MANIFEST).mrSigner).toString('hex')],
  nodeArgs: { a: limits, b: limits },
});
try {
  console.log(
    `median of ${REPS}; times in ms ${link === null ? 'on loopback' : `over the link to namespace ${link[0]}`}, node ${process.version}; load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `physical limits (this run): memory copy ${limitsNow.memcpyGBps} GB/s, fresh memory ${limitsNow.freshMemGBps} GB/s, AES-256-GCM ${limitsNow.aesGcmMBps} MB/s (1 MiB chunks in 64 KiB updates; ${limitsNow.aesGcmOneShotMBps} MB/s in one update each)`,
  );
  console.log(
    `${'memory'.padEnd(8)} ${'mode'.padEnd(15)} ${'total'.padStart(8)} ${'down'.padStart(8)} ${'user'.padStart(8)} ${'attest'.padStart(8)} ${'capture'.padStart(8)} ${'seal'.padStart(8)} ${'transfer'.padStart(8)} ${'restore'.padStart(8)} ${'MiB sent'.padStart(9)} ${'rounds'.padStart(6)} ${'src ×'.padStart(6)} ${'dst ×'.padStart(6)}`,
  );
  console.log(
    '(user: the longest request a client waited during the move; src ×, dst ×: peak extra resident memory of each node process during the move, per byte of agent memory)',
  );
  const rows: Record<string, unknown>[] = [];
  for (const [label, pages] of SIZES) rows.push(...(await measure(cluster, label, pages)));
  for (const f of failures) console.log(`failed: ${f}`);
  if (jsonArg >= 0)
    writeFileSync(
      argv[jsonArg + 1]!,
      JSON.stringify({ limits: limitsNow, loadavg: os.loadavg(), rows, failures }, null, 2),
    );
  if (svgArg >= 0) writeFileSync(argv[svgArg + 1]!, chartOf(rows, limitsNow));
} catch (e) {
  for (const n of ['a', 'b']) {
    const st = await cluster.control<{ refusals?: unknown[] }>(n, '/v1/node').catch(() => ({ refusals: [] }));
    console.error(
      `node ${n}: refusals ${JSON.stringify(st.refusals?.slice(-3))}\n${cluster.node(n).stderr.slice(-3000)}`,
    );
  }
  throw e;
} finally {
  await cluster.stop();
  rmSync(root, { recursive: true, force: true });
}

/** The chart: this run's medians, the figures before, and published anchors. */
function chartOf(
  rows: Record<string, unknown>[],
  limits: { memcpyGBps: number; aesGcmMBps: number },
  load = os.loadavg()[0]!,
): string {
  const of = (mode: string, f: string): { bytes: number; ms: number }[] =>
    rows.filter((r) => r.mode === mode).map((r) => ({ bytes: Number(r.pages) * 65536, ms: Number(r[f]) }));
  const series = (f: 'totalMs' | 'userDownMs', i: 1 | 2): ChartSeries[] => [
    { label: 'pre-copy (this run)', color: '#1f77b4', points: of('pre-copy', f) },
    { label: 'pre-copy, busy (this run)', color: '#9467bd', points: of('pre-copy, busy', f) },
    { label: 'stop-and-copy (this run)', color: '#d62728', points: of('stop-and-copy', f) },
    {
      label: 'pre-copy before (issue #18)',
      color: '#1f77b4',
      dashed: true,
      points: BEFORE['pre-copy']!.map((p) => ({ bytes: p[0], ms: p[i] })),
    },
    {
      label: 'stop-and-copy before (issue #18)',
      color: '#d62728',
      dashed: true,
      points: BEFORE['stop-and-copy']!.map((p) => ({ bytes: p[0], ms: p[i] })),
    },
    // VM handoff (Ha et al., SEC 2017): an 8 GB VM in about a minute over 5–25 Mbps, downtime a few tens of seconds
    {
      label: 'VM handoff, 8 GB VM [1]',
      color: '#2ca02c',
      markersOnly: true,
      points: [{ bytes: 8 * 2 ** 30, ms: i === 1 ? 60_000 : 20_000 }],
    },
    // MVVM: a Redis agent restored in 0.4 ms (as quoted in issue #18)
    ...(i === 2
      ? [
          {
            label: 'MVVM restore, Redis [2]',
            color: '#ff7f0e',
            markersOnly: true,
            points: [{ bytes: 16 << 20, ms: 0.4 }],
          },
        ]
      : []),
  ];
  return renderChart(
    [
      { title: 'Downtime a user sees (ms, log)', series: series('userDownMs', 2) },
      { title: 'Total time of a move (ms, log)', series: series('totalMs', 1) },
    ],
    [
      `Medians of up to ${REPS} (see the report), ${link === null ? 'loopback' : 'emulated link'}, node ${process.version}, load average ${load.toFixed(1)}; memory copy ${limits.memcpyGBps} GB/s, AES-256-GCM ${limits.aesGcmMBps} MB/s (slowest run).`,
      '[1] K. Ha et al., "You can teach elephants to dance: agile VM handoff for edge computing", SEC 2017 (8 GB in about a minute; downtime a few tens of seconds; plotted at 20 s).',
      '[2] MVVM, Redis agent restore 0.4 ms, as cited in issue #18 (memory size not given there; plotted at 16 MiB).',
    ],
  );
}
