/**
 * The migration benchmark's report from a run's data (no benchmark is run): a section replaces only its own
 * region of a Markdown file, and regenerating it changes nothing more; the targets are judged from the medians
 * (met, not met, not measured); the chart is well-formed SVG with every case and the anchors.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chartOf, regionOf, replaceRegion, resultsSection } from '../bench/migrate-report.js';
import { type BenchRow, type BenchRun, judgeTargets, memoryBudgetMiB } from '../bench/migrate-results.js';
import { allElements, parseXml } from './xml-check.js';

function row(memory: string, pages: number, mode: string, over: Partial<BenchRow> = {}): BenchRow {
  return {
    memory,
    pages,
    mode,
    reps: 3,
    totalMs: 50,
    downtimeMs: 4,
    freezeMs: 3,
    maxWaitMs: 6,
    answeredAfterResumedMs: 0.5,
    attestationMs: 10,
    captureMs: 1,
    sealMs: 1,
    transferMs: 20,
    restoreMs: 2,
    mibSent: (pages * 65536) / 1048576,
    rounds: 2,
    srcExtraMiB: 10,
    dstExtraMiB: 20,
    budgetMiB: memoryBudgetMiB(pages),
    downtimePhases: { stop: 1, 'dst.apply': 0.5 },
    ...over,
  };
}

function run(rows: BenchRow[], link: BenchRun['link'] = null): BenchRun {
  return {
    version: 2,
    started: '2026-12-08T01:00:00.000Z',
    node: 'v20.20.2',
    cpus: 2,
    loadStart: [1, 1, 1],
    loadEnd: [2, 1, 1],
    reps: 3,
    limits: { memcpyGBps: 10, freshMemGBps: 1, aesGcmMBps: 1000, aesGcmOneShotMBps: 900 },
    link,
    command: 'node packages/cli/dist/bench/migrate-bench.js --reps 3',
    rows,
    failures: [],
  };
}

describe('migration bench report', () => {
  it('states the memory budget per side: 1.25 × the agent + 64 MiB', () => {
    assert.equal(memoryBudgetMiB(4096), 384);
    assert.equal(memoryBudgetMiB(256), 84);
  });

  it('judges the targets from the medians', () => {
    const t = judgeTargets([
      row('64 KiB', 1, 'pre-copy'),
      row('16 MiB', 256, 'pre-copy', { downtimeMs: 6, totalMs: 90 }),
      row('16 MiB', 256, 'stop-and-copy', { totalMs: 101 }),
      row('16 MiB', 256, 'pre-copy, busy', { rounds: 5, dstExtraMiB: 85 }),
    ]);
    const met = (s: string): boolean | null | undefined => t.find((x) => x.target.includes(s))?.met;
    assert.equal(met('downtime ≤ 5 ms at 64 KiB'), true);
    assert.equal(met('downtime ≤ 5 ms at 16 MiB'), false);
    assert.equal(met('downtime ≤ 5 ms at 256 MiB'), null);
    assert.equal(met('16 MiB by pre-copy'), true);
    assert.equal(met('16 MiB by stop-and-copy'), false);
    assert.equal(met('256 MiB by pre-copy'), null);
    assert.equal(met('busy agent'), true);
    assert.equal(met('extra memory'), false, '85 MiB is over the 84 MiB budget of 16 MiB');
  });

  it('writes a run into its own region only, and rewriting it is idempotent', () => {
    const loop = run([row('64 KiB', 1, 'pre-copy')]);
    const edge = run([row('64 KiB', 1, 'pre-copy', { downtimeMs: 40 })], {
      netns: 'edlink-b',
      shaping: 'tbf rate 1gbit',
      name: '5ms-1gbit',
    });
    assert.equal(regionOf(loop), 'loopback');
    assert.equal(regionOf(edge), 'edge-link-5ms-1gbit');
    const doc = [
      '# Report',
      '<!-- migrate-bench:loopback -->',
      'old',
      '<!-- /migrate-bench:loopback -->',
      'between',
      '<!-- migrate-bench:edge-link-5ms-1gbit -->',
      '<!-- /migrate-bench:edge-link-5ms-1gbit -->',
      'end',
    ].join('\n');
    let text = replaceRegion(doc, regionOf(loop), resultsSection(loop));
    text = replaceRegion(text, regionOf(edge), resultsSection(edge));
    assert.ok(!text.includes('\nold\n'));
    assert.ok(text.startsWith('# Report\n'));
    assert.ok(text.includes('\nbetween\n') && text.endsWith('\nend'));
    assert.match(text, /\| 64 KiB \| pre-copy \| 50 \| \*\*4\*\* \|/);
    assert.match(text, /\| 64 KiB \| pre-copy \| 50 \| \*\*40\*\* \|/);
    assert.match(text, /idle pre-copy downtime ≤ 5 ms at 64 KiB \| 4 ms \| met \|/);
    assert.equal(replaceRegion(text, regionOf(loop), resultsSection(loop)), text);
    // a file without the region gets it appended
    assert.ok(
      replaceRegion('# Other', 'loopback', 'x').endsWith(
        '<!-- migrate-bench:loopback -->\nx\n<!-- /migrate-bench:loopback -->\n',
      ),
    );
  });

  it('draws a well-formed chart with both panels, every mode and the anchors', () => {
    const svg = chartOf(
      run([
        row('64 KiB', 1, 'pre-copy'),
        row('16 MiB', 256, 'pre-copy'),
        row('16 MiB', 256, 'stop-and-copy'),
        row('16 MiB', 256, 'pre-copy, busy'),
      ]),
    );
    const root = parseXml(svg);
    assert.equal(root.name, 'svg');
    const texts = allElements(root)
      .filter((e) => e.name === 'text')
      .map((e) => e.text);
    for (const s of [
      'Downtime a user sees (ms, log)',
      'Total time of a move (ms, log)',
      'pre-copy (this run)',
      'stop-and-copy (this run)',
      'pre-copy, busy (this run)',
      'VM handoff, 8 GB VM [1]',
      'MVVM restore, Redis [2]',
    ])
      assert.ok(texts.includes(s), s);
    assert.ok(texts.some((t) => t.startsWith('[1] K. Ha et al.')));
  });
});
