/**
 * The Markdown form of a report: the run table (times and ratios to the
 * baseline engine, geomean row), module loading, snapshots, engines and notes.
 * @module
 */
import { formatBytes, formatMs, formatRatio } from './format.js';
import type { BenchReport, RunResult } from './report-types.js';

function cell(run: RunResult | undefined, isBaseline: boolean): string {
  if (!run) return '—';
  switch (run.status) {
    case 'mismatch':
      return '✗ checksum';
    case 'error':
      return 'error';
    case 'skipped':
      return '—';
    case 'ok':
      if (run.msAtRef === undefined) return 'error';
      if (isBaseline || run.ratio === undefined) return `${formatMs(run.msAtRef)} ms`;
      return `${formatMs(run.msAtRef)} ms (${formatRatio(run.ratio)})`;
  }
}

/**
 * The run table: one row per timed program, one column per available engine,
 * a geomean row.
 * @param report the report
 * @returns the table lines
 */
export function runTable(report: BenchReport): string[] {
  const engines = report.engines.filter((e) => e.available);
  const programs = report.programs.filter((p) => p.kind === 'run');
  const lines = [
    `| program | ${engines.map((e) => e.label).join(' | ')} |`,
    `| --- | ${engines.map(() => '---:').join(' | ')} |`,
  ];
  for (const p of programs) {
    const cells = engines.map((e) =>
      cell(
        report.runs.find((r) => r.engine === e.id && r.program === p.id),
        e.id === report.baseline,
      ),
    );
    lines.push(`| ${p.id} | ${cells.join(' | ')} |`);
  }
  const geo = engines.map((e) => {
    const g = report.geomean.find((x) => x.engine === e.id);
    if (!g || g.value === null) return '—';
    const partial = g.programs < programs.length ? ` (${g.programs}/${programs.length})` : '';
    return `**${formatRatio(g.value)}**${partial}`;
  });
  lines.push(`| **geomean ratio** | ${geo.join(' | ')} |`);
  return lines;
}

/** A loading time with its throughput, e.g. `13.5 ms (81 MB/s)`, or `missing` without a time. */
function timeCell(ms: number | undefined, mbps: number | undefined, missing: string): string {
  if (ms === undefined) return missing;
  return mbps !== undefined ? `${formatMs(ms)} ms (${formatMBps(mbps)} MB/s)` : `${formatMs(ms)} ms`;
}

/** MB/s with two significant digits below 10 (`6.8`), whole numbers above (`81`). */
function formatMBps(mbps: number): string {
  return mbps < 10 ? mbps.toFixed(1) : mbps.toFixed(0);
}

function loadTable(report: BenchReport): string[] {
  if (report.load.length === 0) return ['No module-loading measurements.'];
  const lines: string[] = [];
  for (const program of report.programs.filter((p) => p.kind === 'load')) {
    const rows = report.load.filter((l) => l.program === program.id);
    if (rows.length === 0) continue;
    const s = report.settings;
    lines.push(
      `\`${program.id}.wasm\` (${formatBytes(program.bytes)}; ${program.description}), CPU ms and MB/s (10^6 bytes per`,
      `CPU second). **Steady**: median of ${s.loadReps} repetitions after ${s.loadWarmup} untimed ones, the engine's`,
      `code warmed up. **Cold**: the first call in a fresh process, median of ${s.coldReps} processes per step; for`,
      'an engine written in JS this includes running its decoder unoptimised and optimising it. Throughput targets',
      '(decode+validate ≥ 50 MB/s) are judged on the steady figure.',
      '`new Module` includes decoding and validation, and for V8 eager compilation to machine code (TurboFan on',
      'two cores); polywasm translates functions lazily, on first call.',
      '',
    );
    lines.push(
      '| engine | `validate` steady | `validate` cold | `new Module` steady | `new Module` cold | instantiate | run(1) checksum |',
    );
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const l of rows) {
      const label = report.engines.find((e) => e.id === l.engine)?.label ?? l.engine;
      const v = timeCell(l.validateMs, l.validateMBps, 'n/a');
      const vc = timeCell(l.coldValidateMs, l.coldValidateMBps, l.validateMs === undefined ? 'n/a' : '—');
      const c = timeCell(l.compileMs, l.compileMBps, 'error');
      const cc = timeCell(l.coldCompileMs, l.coldCompileMBps, '—');
      const i = l.instantiateMs !== undefined ? `${formatMs(l.instantiateMs)} ms` : '—';
      lines.push(`| ${label} | ${v} | ${vc} | ${c} | ${cc} | ${i} | ${l.checksum} |`);
    }
    lines.push('');
  }
  return lines;
}

function snapshotSection(report: BenchReport): string[] {
  const s = report.snapshots;
  if (s.status !== 'measured') return [`Not measured: ${s.reason}.`];
  const lines = [
    `Bytes: ${s.bytesMeasure}. Wall ms, median of 5: capture + encode of a suspended execution, and decode + restore`,
    'into a fresh store.',
    '',
    '| memory | stack depth | capture + encode | decode + restore | snapshot bytes |',
    '| ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const p of [...s.byMemory, ...s.byDepth]) {
    lines.push(
      `| ${formatBytes(p.memoryPages * 65536)} | ${p.stackDepth} | ${formatMs(p.captureMs)} ms | ${formatMs(p.restoreMs)} ms | ${formatBytes(p.snapshotBytes)} |`,
    );
  }
  return lines;
}

/**
 * Renders a report as Markdown.
 * @param report the report
 * @returns the Markdown text, ending with a newline
 * @example writeFileSync('latest.md', reportToMarkdown(report));
 */
export function reportToMarkdown(report: BenchReport): string {
  const env = report.environment;
  const baseline = report.engines.find((e) => e.id === report.baseline)?.label ?? report.baseline;
  const lines = [
    `# Benchmark results (${report.mode} run, ${report.createdAt.slice(0, 10)})`,
    '',
    `Node ${env.node} (V8 ${env.v8}), ${env.platform}/${env.arch}, ${env.cpu}, ${env.cores} cores.`,
    `CPU time (user + system) of \`run(n)\`, median of ${report.settings.reps} interleaved samples, scaled to each`,
    `program's reference n; in parentheses the ratio to ${baseline}. Every time counted had V8's checksum.`,
    '',
    ...runTable(report),
    '',
    "`✗ checksum`: the result differed from V8's, so the time is discarded; `error`: see the notes; `—`: not run.",
    '',
    '## Module loading',
    '',
    ...loadTable(report),
    '## Snapshots',
    '',
    ...snapshotSection(report),
    '',
    '## Engines',
    '',
    ...report.engines.map(
      (e) =>
        `- **${e.label}** (\`${e.id}\`): ${e.description}${e.available ? (e.note ? ` — ${e.note}` : '') : ` — skipped: ${e.note}`}`,
    ),
  ];
  const notes = report.runs.filter((r) => r.note !== undefined);
  const loadNotes = report.load.filter((l) => l.note !== undefined);
  if (notes.length + loadNotes.length > 0) {
    lines.push('', '## Notes', '');
    for (const r of notes) lines.push(`- ${r.engine} on ${r.program}: ${r.status}: ${r.note}`);
    for (const l of loadNotes) lines.push(`- ${l.engine} loading ${l.program}: ${l.note}`);
  }
  return `${lines.join('\n')}\n`;
}
