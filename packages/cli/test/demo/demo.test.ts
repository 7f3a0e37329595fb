/**
 * `edgedancer demo`: a short run (`--quick`: the same five moves, fewer requests between them) over three real
 * node processes; checks the printed tables' headers, one explanation per migration, the counter's explanation,
 * and the SVG it writes (well-formed, a point per request, a band per migration). Also the report's pure parts:
 * which requests count as in flight, and how the script's reasons are matched to the nodes' reports.
 * @module
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  type DemoMigration,
  type DemoRequest,
  overlappingMigrations,
  reasonsFor,
  requestTable,
} from '../../src/demo/demo-report.js';
import { latencySvg } from '../../src/demo/latency-svg.js';
import { wasiAgentLines } from '../../src/demo/wasi-agents.js';
import { MAIN } from '../spawn-cli.js';
import { allElements, parseXml } from '../xml-check.js';

function run(args: readonly string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

test('demo --quick: tables with headers, one line per migration, an SVG with points and migration marks', {
  timeout: 600_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgedancer-demo-test-'));
  try {
    const svgPath = join(dir, 'latency.svg');
    const r = await run(['demo', '--quick', '--svg', svgPath], dir);
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    const out = r.stdout;
    // the migrations' table header and the requests' table header
    assert.match(out, /^\s+#\s+from\s+to\s+by\s+mode\s+kind\s+rounds\s+total\s+downtime\s+sent\s+module\s+counter$/m);
    assert.match(out, /^\s+#\s+sent at\s+node\s+latency\s+mig\s+request\s+why slow \/ note$/m);
    // five moves, each explained in one line: why, from → to, how, downtime
    const explained =
      out.match(
        /^\s+\d\. edge-\d → edge-\d at [\d.]+ s, by the (operator|agent): .+; (pre-copy|stop-and-copy) (weak|strong).*downtime \d+ ms$/gm,
      ) ?? [];
    assert.equal(explained.length, 5, out);
    assert.ok(!/unexpected: the script made no such move/.test(out), out);
    assert.match(out, /migration counter \d+ after 5 moves: it counts snapshots of the agent's state, not moves/);
    assert.match(out, /every response \(\d+\) equals the unmigrated run's: OK/);
    // the long computations are explained
    assert.match(out, /digest 3000 edge-3\s+a long computation during which the agent moved itself/);
    // only requests in flight during a migration are marked, and not all of them
    const rows = out.split('\n').filter((l) => /^\s+\d+\s+[\d.]+ s\s+edge-\d/.test(l));
    const marked = rows.filter((l) => /ms\s+\*\s+/.test(l));
    assert.ok(marked.length > 0 && marked.length < rows.length, out);
    assert.ok(out.includes(`latency over time, migrations marked: ${svgPath}`));
    // the WASI example agents (C and Rust, built from source: CI has the toolchains, .ci/run installs them) ran,
    // moved by the operator and by themselves, and answered from their moved files as expected
    assert.ok(!/WASI agents \(C, Rust\): not run/.test(out), out);
    for (const id of ['notes-c', 'wordcount-rust']) assert.match(out, new RegExp(`^  ${id}: `, 'm'));
    const wasiMoves = out.match(/^ {4}moved edge-\d → edge-\d by the (operator|agent): .+ KiB sent$/gm) ?? [];
    assert.equal(wasiMoves.length, 4, out);
    assert.ok(
      wasiMoves.some((m) => m.includes('by the agent')),
      out,
    );
    assert.equal((out.match(/every answer as expected after each move: its state moved intact/g) ?? []).length, 2, out);
    assert.match(out, /edge-3 +list +→ "buy bread\\ncall home\\nfix the bike\\nmoved to edge-3\\n"/);
    assert.match(out, /edge-1 +text +→ "the cat saw the dog\\nthe end\\n"/);
    assert.ok(!/MISMATCH/.test(out), out);
    assert.ok(existsSync(svgPath));
    const svg = parseXml(readFileSync(svgPath, 'utf8'));
    assert.equal(svg.name, 'svg');
    assert.equal(svg.attributes.get('xmlns'), 'http://www.w3.org/2000/svg');
    const els = allElements(svg);
    const requests = Number(/every response \((\d+)\)/.exec(out)![1]);
    assert.equal(
      els.filter((e) => e.name === 'circle' && (e.attributes.get('class') ?? '').startsWith('request')).length,
      requests,
    );
    assert.equal(els.filter((e) => e.name === 'rect' && e.attributes.get('class') === 'migration').length, 5);
    assert.equal(
      els.filter((e) => e.name === 'circle' && e.attributes.get('class') === 'request in-flight').length,
      marked.length,
    );
    for (const c of els.filter((e) => e.name === 'circle')) {
      assert.ok(Number.isFinite(Number(c.attributes.get('cx'))) && Number.isFinite(Number(c.attributes.get('cy'))));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const mig = (startMs: number, endMs: number): DemoMigration => ({
  from: 'edge-1',
  to: 'edge-2',
  initiator: 'platform',
  mode: 'pre-copy',
  kind: 'weak',
  rounds: 3,
  bytesSent: 2048,
  moduleSent: true,
  totalMs: endMs - startMs,
  downtimeMs: 10,
  counter: '3',
  startMs,
  endMs,
  why: 'because',
});

test('in flight: a request overlapping a migration, not one just before or after', () => {
  const ms = [mig(100, 200), mig(500, 520)];
  assert.deepEqual(overlappingMigrations(50, 40, ms), []);
  assert.deepEqual(overlappingMigrations(50, 60, ms), [0]);
  assert.deepEqual(overlappingMigrations(150, 10, ms), [0]);
  assert.deepEqual(overlappingMigrations(200, 10, ms), []);
  assert.deepEqual(overlappingMigrations(150, 400, ms), [0, 1]);
});

test('reasons: matched by initiator and destination in order; an unknown move says so', () => {
  const expected = [
    { initiator: 'platform' as const, to: 'edge-2', why: 'a' },
    { initiator: 'agent' as const, to: 'edge-3', why: 'b' },
    { initiator: 'platform' as const, to: 'edge-2', why: 'c' },
  ];
  assert.deepEqual(
    reasonsFor(
      [
        { initiator: 'agent', to: 'edge-3' },
        { initiator: 'platform', to: 'edge-2' },
        { initiator: 'platform', to: 'edge-2' },
        { initiator: 'agent', to: 'edge-1' },
      ],
      expected,
    ),
    ['b', 'a', 'c', 'unexpected: the script made no such move'],
  );
});

test('request table: a header, remarkable rows kept, runs folded, slow requests explained', () => {
  const req = (i: number, at: number, ms: number, inFlight = false): DemoRequest => ({
    i,
    request: `get k${i}`,
    at,
    ms,
    node: 'edge-1',
    hops: 0,
    ok: true,
    inFlight,
  });
  const rs = [req(0, 0, 10), req(1, 10, 10), req(2, 20, 10), req(3, 150, 400, true), req(4, 600, 10), req(5, 610, 10)];
  const lines = requestTable(rs, [mig(100, 300)]);
  assert.match(lines[0]!, /#\s+sent at\s+node\s+latency\s+mig\s+request/);
  assert.equal(lines.length, 1 + 5);
  assert.match(lines[2]!, /2 more requests/);
  assert.match(lines[3]!, /\*\s+get k3\s+migration 1 \(edge-1 → edge-2\) took 200 ms of it/);
});

test('latency SVG: well-formed, data escaped', () => {
  const doc = latencySvg(
    [
      { atMs: 0, latencyMs: 5, inFlight: false, label: '<put> & "x"' },
      { atMs: 100, latencyMs: 5000, inFlight: true, label: 'y' },
    ],
    [{ startMs: 50, endMs: 150, label: 'a → b & c' }],
    'title <&>',
  );
  const root = parseXml(doc);
  const els = allElements(root);
  assert.equal(els.filter((e) => e.name === 'circle' && e.attributes.get('class')?.startsWith('request')).length, 2);
  assert.ok(els.some((e) => e.name === 'title' && e.text === 'title <&>'));
  assert.throws(() => parseXml('<svg><g></svg>'));
  assert.throws(() => parseXml('<svg a="1" a="2"/>'));
  assert.throws(() => parseXml('<svg>a & b</svg>'));
});

test('WASI agents not built: one line saying why, and the demo goes on', () => {
  assert.deepEqual(wasiAgentLines({ ran: false, reason: 'clang not found (apt-get install clang lld wasi-libc)' }), [
    'WASI agents (C, Rust): not run: clang not found (apt-get install clang lld wasi-libc)',
  ]);
});

test('WASI agents: calls and moves in the order they happened; a wrong answer is marked', () => {
  const lines = wasiAgentLines({
    ran: true,
    ok: false,
    agents: [
      {
        id: 'notes-c',
        language: 'C',
        source: 'notes.c',
        moduleBytes: 2048,
        node: 'edge-2',
        ok: false,
        calls: [
          { step: 0, node: 'edge-1', request: 'add x', response: 'note 1', expected: 'note 1', ok: true },
          { step: 2, node: 'edge-2', request: 'list', response: '', expected: 'x\n', ok: false },
        ],
        moves: [
          {
            step: 1,
            from: 'edge-1',
            to: 'edge-2',
            initiator: 'operator',
            mode: 'pre-copy',
            kind: 'weak',
            downtimeMs: 3,
            bytesSent: 4096,
          },
        ],
      },
    ],
  });
  assert.match(lines[2]!, /edge-1 +add x +→ "note 1"$/);
  assert.match(lines[3]!, /moved edge-1 → edge-2 by the operator: pre-copy weak, downtime 3 ms, 4\.0 KiB sent/);
  assert.match(lines[4]!, /list +→ "" {2}MISMATCH: expected "x\\n"/);
  assert.match(lines[5]!, /FAILED/);
});
