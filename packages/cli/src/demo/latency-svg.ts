/**
 * The demo's picture: request latency over time as an SVG document (no script, no external resource). Each
 * request is a point (x: when it was sent, from the first request on; y: its latency on a log scale), a request that was in flight during a
 * migration is drawn in another colour, and each migration is a shaded band from its start to its end, labelled
 * with its route. Every text taken from data is escaped.
 * @module
 */

/** One request as drawn. */
export interface ChartRequest {
  /** When it was sent, ms since the start of the run. */
  readonly atMs: number;
  readonly latencyMs: number;
  /** Whether it was in flight while a migration was under way. */
  readonly inFlight: boolean;
  /** What it was (shown as the point's tooltip). */
  readonly label: string;
}

/** One migration as drawn. */
export interface ChartMigration {
  /** Start and end, ms since the start of the run. */
  readonly startMs: number;
  readonly endMs: number;
  /** Its route, e.g. `edge-1 → edge-2`. */
  readonly label: string;
}

/**
 * Escapes text for XML content and attribute values.
 * @param s - text
 * @returns escaped text
 */
export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const W = 960;
const H = 420;
const M = { left: 64, right: 20, top: 36, bottom: 48 };

/**
 * Renders the chart.
 * @param requests - the requests
 * @param migrations - the migrations
 * @param title - the chart's title
 * @returns an SVG document
 */
export function latencySvg(
  requests: readonly ChartRequest[],
  migrations: readonly ChartMigration[],
  title: string,
): string {
  // time runs from the first request (or migration): the nodes' start-up before it is not drawn
  const start = Math.min(...requests.map((r) => r.atMs), ...migrations.map((m) => m.startMs));
  const origin = Number.isFinite(start) ? start : 0;
  const end = Math.max(
    1,
    ...requests.map((r) => r.atMs + r.latencyMs - origin),
    ...migrations.map((m) => m.endMs - origin),
  );
  const lo = Math.max(0.1, Math.min(1, ...requests.map((r) => r.latencyMs)));
  const hi = Math.max(10, ...requests.map((r) => r.latencyMs));
  const logLo = Math.floor(Math.log10(lo));
  const logHi = Math.ceil(Math.log10(hi));
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (ms: number): number => M.left + (Math.min(Math.max(ms - origin, 0), end) / end) * pw;
  const tick = (ms: number): number => M.left + (ms / end) * pw;
  const decade = (v: number): string =>
    v >= 1000 ? `${(v / 1000).toFixed(0)} s` : v >= 1 ? `${v.toFixed(0)} ms` : `${v} ms`;
  const y = (ms: number): number =>
    M.top + ph - ((Math.log10(Math.max(ms, lo)) - logLo) / Math.max(1, logHi - logLo)) * ph;
  const f = (n: number): string => n.toFixed(1);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<title>${xmlEscape(title)}</title>`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${M.left}" y="22" font-size="15" font-weight="bold">${xmlEscape(title)}</text>`,
  ];
  out.push('<g class="migrations">');
  migrations.forEach((m, k) => {
    const x0 = x(m.startMs);
    const x1 = Math.max(x(m.endMs), x0 + 1);
    out.push(
      `<rect class="migration" x="${f(x0)}" y="${M.top}" width="${f(x1 - x0)}" height="${ph}" fill="#f5a623" fill-opacity="0.25"><title>${xmlEscape(`${m.label}: ${(m.endMs - m.startMs).toFixed(0)} ms`)}</title></rect>`,
    );
    // labels on three staggered lines, so that close migrations stay readable
    out.push(
      `<text x="${f(x0 + 2)}" y="${M.top + 12 + (k % 3) * 12}" font-size="10" fill="#8a5a00">${xmlEscape(m.label)}</text>`,
    );
  });
  out.push('</g>');
  // axes: latency decades on the left, seconds along the bottom
  out.push(`<g class="axes" stroke="#999999">`);
  out.push(
    `<line x1="${M.left}" y1="${M.top + ph}" x2="${M.left + pw}" y2="${M.top + ph}"/>`,
    `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${M.top + ph}"/>`,
  );
  out.push('</g><g class="ticks" fill="#444444">');
  for (let d = logLo; d <= logHi; d++) {
    const v = 10 ** d;
    out.push(`<text x="${M.left - 6}" y="${f(y(v) + 4)}" text-anchor="end">${decade(v)}</text>`);
    out.push(`<line x1="${M.left}" y1="${f(y(v))}" x2="${M.left + pw}" y2="${f(y(v))}" stroke="#eeeeee"/>`);
  }
  const stepS = Math.max(1, Math.ceil(end / 1000 / 10));
  for (let s = 0; s * 1000 <= end; s += stepS)
    out.push(`<text x="${f(tick(s * 1000))}" y="${M.top + ph + 16}" text-anchor="middle">${s} s</text>`);
  out.push(
    `<text x="${M.left + pw / 2}" y="${H - 8}" text-anchor="middle">time since the first request (s); shaded: a migration under way</text>`,
  );
  out.push(
    `<text x="14" y="${M.top + ph / 2}" text-anchor="middle" transform="rotate(-90 14 ${M.top + ph / 2})">request latency (ms, log scale)</text>`,
  );
  out.push('</g><g class="requests">');
  for (const r of requests) {
    out.push(
      `<circle class="request${r.inFlight ? ' in-flight' : ''}" cx="${f(x(r.atMs))}" cy="${f(y(r.latencyMs))}" r="3" fill="${r.inFlight ? '#d0021b' : '#4a90e2'}"><title>${xmlEscape(`${r.label}: ${r.latencyMs.toFixed(1)} ms`)}</title></circle>`,
    );
  }
  out.push('</g>');
  out.push(
    `<g class="legend" font-size="11"><circle cx="${W - 250}" cy="22" r="3" fill="#4a90e2"/><text x="${W - 243}" y="26">request</text>` +
      `<circle cx="${W - 180}" cy="22" r="3" fill="#d0021b"/><text x="${W - 173}" y="26">in flight during a migration</text></g>`,
  );
  out.push('</svg>', '');
  return out.join('\n');
}
