/**
 * summarizeRuns, and the Markdown, SVG and JSON renderings of a report.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  escapeXml,
  formatBytes,
  formatMs,
  formatRatio,
  RESULTS_END,
  RESULTS_START,
  replaceResults,
  reportToJson,
  reportToMarkdown,
  reportToSvg,
  writeReport,
} from '../src/index.js';
import { sampleReport } from './fixtures.js';

describe('summarizeRuns', () => {
  const report = sampleReport();
  const find = (engine: string, program: string) =>
    report.runs.find((r) => r.engine === engine && r.program === program)!;
  it('scales the median to nRef and divides by the baseline', () => {
    assert.equal(find('turbofan', 'fib').msAtRef, 10);
    assert.equal(find('turbofan', 'fib').ratio, 1);
    assert.equal(find('liftoff', 'fib').ratio, 2);
    assert.equal(find('polywasm', 'fib').msAtRef, 40);
    assert.equal(find('polywasm', 'fib').ratio, 4);
    assert.equal(find('liftoff', 'sieve').msAtRef, 20);
    assert.equal(find('liftoff', 'sieve').ratio, 4);
  });
  it('keeps mismatches without a time and leaves them out of the geomean', () => {
    const bad = find('polywasm', 'sieve');
    assert.equal(bad.status, 'mismatch');
    assert.equal(bad.msAtRef, undefined);
    const poly = report.geomean.find((g) => g.engine === 'polywasm')!;
    assert.equal(poly.programs, 1);
    assert.equal(poly.value, 4);
    const lift = report.geomean.find((g) => g.engine === 'liftoff')!;
    assert.ok(Math.abs(lift.value! - Math.sqrt(8)) < 1e-12);
  });
});

describe('reportToMarkdown', () => {
  const md = reportToMarkdown(sampleReport());
  it('has a row per timed program with times and ratios, and a geomean row', () => {
    assert.match(md, /\| program \| V8 TurboFan \| V8 Liftoff \| polywasm \|/);
    assert.match(md, /\| fib \| 10\.0 ms \| 20\.0 ms \(2\.00×\) \| 40\.0 ms \(4\.00×\) \|/);
    assert.match(md, /\| sieve \| 5\.00 ms \| 20\.0 ms \(4\.00×\) \| ✗ checksum \|/);
    assert.match(md, /\| \*\*geomean ratio\*\* \| \*\*1\.00×\*\* \| \*\*2\.83×\*\* \| \*\*4\.00×\*\* \(1\/2\) \|/);
  });
  it('lists loading, skipped engines and notes', () => {
    assert.match(
      md,
      /\| V8 TurboFan \| 3\.00 ms \(400 MB\/s\) \| 6\.00 ms \(200 MB\/s\) \| 300 ms \(4\.0 MB\/s\) \| 400 ms \(3\.0 MB\/s\) \| 0\.200 ms \| ok \|/,
    );
    assert.match(md, /\| polywasm \| n\/a \| n\/a \| 20\.0 ms \(60 MB\/s\) \| — \| 1\.00 ms \| ok \|/);
    assert.match(md, /\*\*Steady\*\*: median of 3 repetitions after 2 untimed ones/);
    assert.match(md, /\*\*Cold\*\*: the first call in a fresh process, median of 3 processes/);
    assert.match(md, /judged on the steady figure/);
    assert.match(md, /skipped: wasm-interp not found/);
    assert.match(md, /polywasm on sieve: mismatch: checksum 3 at n=1/);
    assert.match(md, /Not measured: not requested\./);
  });
});

describe('reportToSvg', () => {
  const svg = reportToSvg(sampleReport());
  it('is one SVG document with a bar per ratio and escaped text', () => {
    assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
    assert.ok(svg.trimEnd().endsWith('</svg>'));
    assert.equal((svg.match(/<rect /g) ?? []).length, 1 + 3 + 5 + 3);
    assert.match(svg, />polywasm: mismatch</);
    assert.match(svg, /<title>V8 Liftoff: 2\.00×<\/title>/);
    assert.ok(!/[<>&](?![a-z/!?#]|amp;|lt;|gt;|quot;|apos;)/.test(svg.replace(/<[^>]*>/g, '')));
  });
  it('escapes XML', () => {
    assert.equal(escapeXml(`a<b & "c" 'd'>`), 'a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;');
  });
});

describe('JSON and files', () => {
  it('round-trips through JSON', () => {
    const report = sampleReport();
    assert.deepEqual(JSON.parse(reportToJson(report)), JSON.parse(JSON.stringify(report)));
  });
  it('writes .json, .md and .svg', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
    try {
      const paths = writeReport(sampleReport(), dir, 'x');
      assert.equal(JSON.parse(readFileSync(paths.json, 'utf8')).schema, 'edgedancer-bench/2');
      assert.match(readFileSync(paths.markdown, 'utf8'), /^# Benchmark results/);
      assert.match(readFileSync(paths.svg, 'utf8'), /^<svg/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('formatting', () => {
  it('formats milliseconds, ratios and sizes', () => {
    assert.equal(formatMs(0.1234), '0.123');
    assert.equal(formatMs(4.567), '4.57');
    assert.equal(formatMs(78.94), '78.9');
    assert.equal(formatMs(1234.4), '1234');
    assert.equal(formatRatio(2.414), '2.41×');
    assert.equal(formatRatio(18.66), '18.7×');
    assert.equal(formatRatio(179.2), '179×');
    assert.equal(formatBytes(292), '292 B');
    assert.equal(formatBytes(2458), '2.4 KiB');
    assert.equal(formatBytes(1141427), '1.09 MiB');
  });
});

describe('replaceResults', () => {
  it('puts the run table between the markers and keeps the rest', () => {
    const text = `# x\n\nbefore\n${RESULTS_START}\nold table\n${RESULTS_END}\nafter\n`;
    const out = replaceResults(text, sampleReport());
    assert.ok(out.startsWith('# x\n\nbefore\n<!-- results:start -->\nquick run of 2026-01-02'));
    assert.ok(out.endsWith(`${RESULTS_END}\nafter\n`));
    assert.ok(!out.includes('old table'));
    assert.match(out, /\| fib \| 10\.0 ms \|/);
    assert.equal(replaceResults(out, sampleReport()), out);
  });
  it('needs both markers', () => {
    assert.throws(() => replaceResults('no markers', sampleReport()), RangeError);
  });
});
