/**
 * An SVG chart of a report: for every program (and the geomean), one
 * horizontal bar per engine showing its time as a ratio to the baseline
 * engine, on a logarithmic axis. Plain string building, no dependencies.
 * @module
 */
import { formatRatio } from './format.js';
import type { BenchReport } from './report-types.js';

/** Bar colours, one per engine in report order (colour-blind-friendly palette). */
export const PALETTE: readonly string[] = ['#4477aa', '#66ccee', '#228833', '#ccbb44', '#ee6677', '#aa3377', '#bbbbbb'];

const LABEL_WIDTH = 120;
const PLOT_WIDTH = 560;
const VALUE_WIDTH = 70;
const BAR_HEIGHT = 11;
const GROUP_GAP = 10;
const TOP = 56;
const AXIS_TICKS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

/**
 * Escapes text for use in SVG/XML content and attributes.
 * @param text any text
 * @returns the escaped text
 * @example escapeXml('a<b') // 'a&lt;b'
 */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * Renders the ratio chart.
 * @param report the report
 * @returns a standalone SVG document
 * @example writeFileSync('latest.svg', reportToSvg(report));
 */
export function reportToSvg(report: BenchReport): string {
  const engines = report.engines.filter((e) => e.available);
  const groups = [
    ...report.programs
      .filter((p) => p.kind === 'run')
      .map((p) => ({
        label: p.id,
        values: engines.map((e) => report.runs.find((r) => r.engine === e.id && r.program === p.id)),
      }))
      .map((g) => ({
        label: g.label,
        values: g.values.map((r) => (r?.ratio !== undefined ? r.ratio : r ? r.status : undefined)),
      })),
    { label: 'geomean', values: engines.map((e) => report.geomean.find((g) => g.engine === e.id)?.value ?? undefined) },
  ];
  const ratios = groups.flatMap((g) => g.values.filter((v): v is number => typeof v === 'number'));
  const maxRatio = Math.max(2, ...ratios);
  const maxTick = AXIS_TICKS.find((t) => t >= maxRatio) ?? maxRatio;
  const x = (ratio: number): number => LABEL_WIDTH + (Math.log(Math.max(ratio, 1)) / Math.log(maxTick)) * PLOT_WIDTH;
  const groupHeight = engines.length * BAR_HEIGHT + GROUP_GAP;
  const height = TOP + groups.length * groupHeight + 30;
  const width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="10">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${LABEL_WIDTH}" y="14" font-size="12" font-weight="bold">${escapeXml(`CPU time relative to ${engines.find((e) => e.id === report.baseline)?.label ?? report.baseline} (log scale, lower is better)`)}</text>`,
  );
  let legendX = LABEL_WIDTH;
  engines.forEach((e, k) => {
    out.push(`<rect x="${legendX}" y="24" width="10" height="10" fill="${PALETTE[k % PALETTE.length]}"/>`);
    out.push(`<text x="${legendX + 13}" y="33">${escapeXml(e.label)}</text>`);
    legendX += 18 + e.label.length * 6;
  });
  const axisBottom = TOP + groups.length * groupHeight;
  for (const tick of AXIS_TICKS.filter((t) => t <= maxTick)) {
    const tx = x(tick).toFixed(1);
    out.push(`<line x1="${tx}" y1="${TOP - 4}" x2="${tx}" y2="${axisBottom}" stroke="#dddddd"/>`);
    out.push(`<text x="${tx}" y="${axisBottom + 12}" text-anchor="middle">${tick}×</text>`);
  }
  groups.forEach((group, gi) => {
    const gy = TOP + gi * groupHeight;
    out.push(
      `<text x="${LABEL_WIDTH - 6}" y="${gy + (engines.length * BAR_HEIGHT) / 2 + 4}" text-anchor="end"${group.label === 'geomean' ? ' font-weight="bold"' : ''}>${escapeXml(group.label)}</text>`,
    );
    group.values.forEach((value, k) => {
      const y = gy + k * BAR_HEIGHT;
      if (typeof value === 'number') {
        const w = Math.max(1, x(value) - LABEL_WIDTH);
        out.push(
          `<rect x="${LABEL_WIDTH}" y="${y}" width="${w.toFixed(1)}" height="${BAR_HEIGHT - 2}" fill="${PALETTE[k % PALETTE.length]}"><title>${escapeXml(`${engines[k]!.label}: ${formatRatio(value)}`)}</title></rect>`,
        );
        out.push(
          `<text x="${(LABEL_WIDTH + w + 3).toFixed(1)}" y="${y + BAR_HEIGHT - 3}" font-size="8">${formatRatio(value)}</text>`,
        );
      } else if (value !== undefined) {
        out.push(
          `<text x="${LABEL_WIDTH + 3}" y="${y + BAR_HEIGHT - 3}" font-size="8" fill="#aa0000">${escapeXml(`${engines[k]!.label}: ${value}`)}</text>`,
        );
      }
    });
  });
  out.push(`<line x1="${LABEL_WIDTH}" y1="${TOP - 4}" x2="${LABEL_WIDTH}" y2="${axisBottom}" stroke="#333333"/>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
