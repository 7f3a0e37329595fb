/**
 * The package benchmark's summary and Markdown table (used by `run.mjs`).
 * @module
 */
import { cpus } from 'node:os';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * One table row from the runs of a workload on each engine (medians of the successful runs).
 * @param {string} id the workload
 * @param {{ pkg: string, kind: string, workload: string }} meta what it is
 * @param {{ v8: object[], facade: object[] }} runs what `child.mjs` printed, or `{ engine, error }`
 */
export function summarize(id, meta, runs) {
  const ok = (xs) => xs.filter((x) => x.error === undefined);
  const v8 = ok(runs.v8);
  const facade = ok(runs.facade);
  const digests = new Set([...v8, ...facade].map((x) => x.digest));
  return {
    id,
    ...meta,
    v8Ms: v8.length > 0 ? median(v8.map((x) => x.cpuMs)) : null,
    facadeMs: facade.length > 0 ? median(facade.map((x) => x.cpuMs)) : null,
    v8WallMs: v8.length > 0 ? median(v8.map((x) => x.ms)) : null,
    facadeWallMs: facade.length > 0 ? median(facade.map((x) => x.ms)) : null,
    equal: v8.length > 0 && facade.length > 0 ? digests.size === 1 : null,
    errors: [...runs.v8, ...runs.facade].filter((x) => x.error !== undefined).map((x) => `${x.engine}: ${x.error}`),
  };
}

/**
 * The Markdown table of the rows, with the geomean of the ratios where both engines ran and agreed.
 * @param {object[]} rows from {@link summarize}
 * @returns {string}
 */
export function render(rows) {
  const fmt = (ms) => (ms === null || ms === undefined ? '✗' : ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
  const lines = [
    `packages run of ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} CPUs ` +
      '(CPU time of the process tree, start-up and compile included; wall-time ratio beside it)',
    '',
    '| package | kind | workload | V8 CPU ms | facade CPU ms | ratio | wall ratio | results equal |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | :---: |',
  ];
  const ratios = [];
  const wallRatios = [];
  const ratioOf = (a, b) => (a !== null && b !== null && a > 0 ? b / a : null);
  const show = (x) => (x === null ? '—' : `${x.toFixed(1)}×`);
  for (const r of rows) {
    const ratio = ratioOf(r.v8Ms, r.facadeMs);
    const wall = ratioOf(r.v8WallMs, r.facadeWallMs);
    if (ratio !== null && r.equal) ratios.push(ratio);
    if (wall !== null && r.equal) wallRatios.push(wall);
    const eq = r.equal === null ? `✗ ${r.errors.join('; ')}` : r.equal ? '✓' : '✗ differ';
    lines.push(
      `| ${r.pkg} | ${r.kind} | ${r.workload} | ${fmt(r.v8Ms)} | ${fmt(r.facadeMs)} | ${show(ratio)} | ${show(wall)} | ${eq} |`,
    );
  }
  const geo = (xs) => (xs.length > 0 ? Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length) : null);
  lines.push(
    `| **geomean** | | ${ratios.length} of ${rows.length} packages | | | **${show(geo(ratios))}** | ${show(geo(wallRatios))} | |`,
  );
  return lines.join('\n');
}
