/**
 * The benchmark's chart: downtime and total time of a move against the agent's memory size (log-log), for
 * pre-copy and stop-and-copy as measured, beside the figures before this work and published anchors, written
 * as a self-contained SVG (no dependency).
 * @module
 */

/** One measured or quoted point. */
export interface ChartPoint {
  readonly bytes: number;
  readonly ms: number;
}

/** One series of a panel. */
export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly points: readonly ChartPoint[];
  /** Dashed line (earlier or quoted figures). */
  readonly dashed?: boolean;
  /** Markers only, no line (single anchors). */
  readonly markersOnly?: boolean;
}

/** A panel: one measure against memory size. */
export interface ChartPanel {
  readonly title: string;
  readonly series: readonly ChartSeries[];
}

const W = 520;
const H = 360;
const PAD = { l: 64, r: 16, t: 32, b: 48 };

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function sizeLabel(bytes: number): string {
  if (bytes >= 2 ** 30) return `${bytes / 2 ** 30} GiB`;
  if (bytes >= 2 ** 20) return `${bytes / 2 ** 20} MiB`;
  return `${bytes / 1024} KiB`;
}

function msLabel(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

function panel(p: ChartPanel, x0: number): string {
  const all = p.series.flatMap((s) => s.points).filter((q) => q.ms > 0 && q.bytes > 0);
  const lx = (b: number): number => Math.log10(b);
  const minX = Math.floor(Math.min(...all.map((q) => lx(q.bytes)))),
    maxX = Math.ceil(Math.max(...all.map((q) => lx(q.bytes))));
  const minY = Math.floor(Math.log10(Math.min(...all.map((q) => q.ms)))),
    maxY = Math.ceil(Math.log10(Math.max(...all.map((q) => q.ms))));
  const px = (b: number): number => x0 + PAD.l + ((lx(b) - minX) / Math.max(1, maxX - minX)) * (W - PAD.l - PAD.r);
  const py = (ms: number): number =>
    PAD.t + (1 - (Math.log10(ms) - minY) / Math.max(1, maxY - minY)) * (H - PAD.t - PAD.b);
  const out: string[] = [];
  out.push(`<text x="${x0 + W / 2}" y="18" text-anchor="middle" font-weight="bold">${esc(p.title)}</text>`);
  for (let e = minY; e <= maxY; e++) {
    const y = py(10 ** e);
    out.push(
      `<line x1="${x0 + PAD.l}" x2="${x0 + W - PAD.r}" y1="${y}" y2="${y}" stroke="#ddd"/><text x="${x0 + PAD.l - 6}" y="${y + 4}" text-anchor="end">${msLabel(10 ** e)}</text>`,
    );
  }
  for (const b of [2 ** 16, 2 ** 20, 2 ** 24, 2 ** 28, 2 ** 30, 2 ** 33]) {
    if (lx(b) < minX || lx(b) > maxX) continue;
    const x = px(b);
    out.push(
      `<line x1="${x}" x2="${x}" y1="${PAD.t}" y2="${H - PAD.b}" stroke="#eee"/><text x="${x}" y="${H - PAD.b + 16}" text-anchor="middle">${sizeLabel(b)}</text>`,
    );
  }
  out.push(`<text x="${x0 + W / 2}" y="${H - 8}" text-anchor="middle">agent memory</text>`);
  p.series.forEach((s, i) => {
    const pts = s.points.filter((q) => q.ms > 0);
    if (!s.markersOnly && pts.length > 1) {
      out.push(
        `<polyline fill="none" stroke="${s.color}" stroke-width="2"${s.dashed === true ? ' stroke-dasharray="5,4"' : ''} points="${pts.map((q) => `${px(q.bytes).toFixed(1)},${py(q.ms).toFixed(1)}`).join(' ')}"/>`,
      );
    }
    for (const q of pts)
      out.push(
        `<circle cx="${px(q.bytes).toFixed(1)}" cy="${py(q.ms).toFixed(1)}" r="4" fill="${s.color}"><title>${esc(`${s.label}: ${sizeLabel(q.bytes)}, ${q.ms} ms`)}</title></circle>`,
      );
    // the legend goes under the plot, in two columns, so that it never hides a point
    const lx0 = x0 + PAD.l + (i % 2) * ((W - PAD.l) / 2);
    const ly0 = H + 4 + Math.floor(i / 2) * 16;
    out.push(
      `${s.markersOnly === true ? '' : `<line x1="${lx0}" x2="${lx0 + 20}" y1="${ly0 + 5}" y2="${ly0 + 5}" stroke="${s.color}" stroke-width="2"${s.dashed === true ? ' stroke-dasharray="5,4"' : ''}/>`}<circle cx="${lx0 + 10}" cy="${ly0 + 5}" r="3.5" fill="${s.color}"/><text x="${lx0 + 26}" y="${ly0 + 9}">${esc(s.label)}</text>`,
    );
  });
  return out.join('\n');
}

/**
 * Renders panels side by side.
 * @param panels - the panels
 * @param caption - a line under them (sources, machine)
 * @returns SVG text
 */
export function renderChart(panels: readonly ChartPanel[], caption: readonly string[]): string {
  const width = W * panels.length;
  const legend = 16 * Math.ceil(Math.max(0, ...panels.map((p) => p.series.length)) / 2) + 8;
  const height = H + legend + 16 * caption.length + 8;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...panels.map((p, i) => panel(p, i * W)),
    ...caption.map((c, i) => `<text x="8" y="${H + legend + 14 + i * 16}">${esc(c)}</text>`),
    '</svg>',
    '',
  ].join('\n');
}
