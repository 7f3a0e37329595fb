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
 * @param {Record<string, object[]>} runs by engine (`v8`, `facade`, `facade-js`): what `child.mjs` printed, or
 *   `{ engine, error }`
 */
export function summarize(id, meta, runs) {
  const ok = (e) => (runs[e] ?? []).filter((x) => x.error === undefined);
  const cpu = (e) => (ok(e).length > 0 ? median(ok(e).map((x) => x.cpuMs)) : null);
  const wall = (e) => (ok(e).length > 0 ? median(ok(e).map((x) => x.ms)) : null);
  const all = Object.keys(runs).flatMap(ok);
  const digests = new Set(all.map((x) => x.digest));
  const engines = Object.keys(runs).filter((e) => ok(e).length > 0);
  return {
    id,
    ...meta,
    v8Ms: cpu('v8'),
    facadeMs: cpu('facade'),
    tierMs: cpu('facade-js'),
    v8WallMs: wall('v8'),
    facadeWallMs: wall('facade'),
    tierWallMs: wall('facade-js'),
    equal: ok('v8').length > 0 && engines.length > 1 ? digests.size === 1 : null,
    tier: ok('facade-js')[0]?.tier ?? null,
    errors: Object.values(runs)
      .flat()
      .filter((x) => x.error !== undefined)
      .map((x) => `${x.engine}: ${x.error}`),
  };
}

const geo = (xs) => (xs.length > 0 ? Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length) : null);

/**
 * The Markdown table of the rows, with the geomeans of the ratios where both engines ran and all agreed, then
 * what the JavaScript tier translated per package.
 * @param {object[]} rows from {@link summarize}
 * @param {{ load?: number[][] }} [run] the load averages (1, 5, 15 min) at the start and the end of the run
 * @returns {string}
 */
export function render(rows, run = {}) {
  const fmt = (ms) => (ms === null || ms === undefined ? '✗' : ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
  const loads = (run.load ?? []).map((l) => l.map((x) => x.toFixed(1)).join(' ')).join(' → ');
  const lines = [
    `packages run of ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} CPUs` +
      `${loads === '' ? '' : `, load average ${loads}`} (CPU time of the process tree, start-up and compile ` +
      'included; wall-time ratios beside them). Interpreter: the facade alone; JS tier: the facade with ' +
      "`tier: 'auto'`.",
    '',
    '| package | kind | workload | V8 CPU ms | interpreter CPU ms | ratio | JS tier CPU ms | ratio | wall ratios | results equal |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |',
  ];
  const ratios = { facade: [], tier: [], facadeWall: [], tierWall: [] };
  const ratioOf = (a, b) => (a !== null && b !== null && a > 0 ? b / a : null);
  const show = (x) => (x === null ? '—' : `${x.toFixed(1)}×`);
  for (const r of rows) {
    const facade = ratioOf(r.v8Ms, r.facadeMs);
    const tier = ratioOf(r.v8Ms, r.tierMs);
    const facadeWall = ratioOf(r.v8WallMs, r.facadeWallMs);
    const tierWall = ratioOf(r.v8WallMs, r.tierWallMs);
    if (r.equal) {
      for (const [k, v] of Object.entries({ facade, tier, facadeWall, tierWall })) if (v !== null) ratios[k].push(v);
    }
    const eq =
      r.equal === null
        ? `✗ ${r.errors.join('; ')}`
        : `${r.equal ? '✓' : '✗ differ'}${r.errors.length > 0 ? ` (${r.errors.join('; ')})` : ''}`;
    lines.push(
      `| ${r.pkg} | ${r.kind} | ${r.workload} | ${fmt(r.v8Ms)} | ${fmt(r.facadeMs)} | ${show(facade)} | ` +
        `${fmt(r.tierMs)} | ${show(tier)} | ${show(facadeWall)} / ${show(tierWall)} | ${eq} |`,
    );
  }
  lines.push(
    `| **geomean** | | ${ratios.facade.length} / ${ratios.tier.length} of ${rows.length} packages | | | ` +
      `**${show(geo(ratios.facade))}** | | **${show(geo(ratios.tier))}** | ` +
      `${show(geo(ratios.facadeWall))} / ${show(geo(ratios.tierWall))} | |`,
  );
  const tiered = rows.filter((r) => r.tier !== null);
  if (tiered.length > 0) {
    lines.push(
      '',
      'JS tier: functions translated, and functions that ran but stayed interpreted, by the features that keep ' +
        'them there (a function counts under each feature it uses; main process only):',
      '',
      '| package | translated | interpreted | why (functions) |',
      '| --- | ---: | ---: | --- |',
    );
    for (const r of tiered) {
      const why = Object.entries(r.tier.reasons)
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
      lines.push(`| ${r.pkg} | ${r.tier.translated} | ${r.tier.declined} | ${why === '' ? '—' : why} |`);
    }
  }
  return lines.join('\n');
}
