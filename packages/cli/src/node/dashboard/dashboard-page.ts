/**
 * The operators' dashboard as static text: a page, its style sheet and its script (no framework, nothing
 * loaded from elsewhere; the page's Content-Security-Policy allows only these, from the same origin). The
 * script polls `/dashboard/api/state` every second with the session cookie and draws, with `textContent` and
 * DOM calls only (nothing from the node is parsed as HTML): the nodes (this one and its peers), the agents (id,
 * signer, state, memory, requests served, migration counter) and those that moved away, migrations sent from
 * this node and agents that arrived here on a timeline, and request latency over time as an SVG chart. `body[data-updates]` counts the updates drawn and
 * `body[data-status]` says `live`, `signed-out` or `error`.
 * @module
 */

/** The page (`/dashboard/`). */
export const DASHBOARD_HTML = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>edgedancer node</title>
<link rel="stylesheet" href="/dashboard/app.css">
<script src="/dashboard/app.js" defer></script>
</head>
<body data-status="loading" data-updates="0">
<header><h1>edgedancer node <span id="node-name">…</span></h1><span id="status">connecting…</span>
<form method="post" action="/dashboard/logout"><button type="submit">sign out</button></form></header>
<main>
<section><h2>Nodes</h2><table id="nodes"><thead><tr><th>node</th><th>role</th><th>address</th><th>platform</th><th>agents</th><th>migrations out</th></tr></thead><tbody></tbody></table></section>
<section><h2>Agents</h2><table id="agents"><thead><tr><th>id</th><th>signer</th><th>state</th><th>memory</th><th>served</th><th>counter</th><th>queued</th></tr></thead><tbody></tbody></table>
<p id="gone-title" hidden>Moved away (their URLs redirect):</p><ul id="gone"></ul></section>
<section><h2>Migrations</h2><svg id="timeline" class="chart" viewBox="0 0 900 90" width="900" height="90" role="img" aria-label="migrations on a timeline"></svg>
<table id="migrations"><thead><tr><th>when</th><th>agent</th><th>from → to</th><th>by</th><th>how</th><th>total</th><th>downtime</th><th>sent</th></tr></thead><tbody></tbody></table></section>
<section><h2>Request latency</h2><p id="latency-summary"></p><svg id="latency-chart" class="chart" viewBox="0 0 900 260" width="900" height="260" role="img" aria-label="request latency over time"></svg></section>
</main>
</body>
</html>
`;

/** The style sheet (`/dashboard/app.css`). */
export const DASHBOARD_CSS = String.raw`body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
header { display: flex; align-items: center; gap: 16px; padding: 10px 20px; background: #1d2330; color: #fff; }
header h1 { font-size: 18px; margin: 0; flex: 1; }
header form { margin: 0; }
main { padding: 8px 20px 20px; }
section { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: 8px 14px 12px; margin: 12px 0; }
h2 { font-size: 15px; margin: 4px 0 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid #eef0f3; font-variant-numeric: tabular-nums; }
th { color: #5b6475; font-weight: 600; }
code { font-size: 12px; }
body[data-status="error"] #status, body[data-status="signed-out"] #status { color: #ffb4b4; }
.chart { max-width: 100%; height: auto; background: #fbfcfd; }
`;

/** The script (`/dashboard/app.js`). */
export const DASHBOARD_JS = String.raw`'use strict';
(function () {
  var SVG = 'http://www.w3.org/2000/svg';
  var updates = 0;
  function $(id) { return document.getElementById(id); }
  function cell(tr, text, tag) { var c = document.createElement(tag || 'td'); c.textContent = text; tr.appendChild(c); return c; }
  function rows(tableId, items, fill) {
    var body = $(tableId).tBodies[0];
    while (body.firstChild) body.removeChild(body.firstChild);
    items.forEach(function (it) { var tr = document.createElement('tr'); fill(tr, it); body.appendChild(tr); });
  }
  function svg(parent, tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) e.textContent = text;
    parent.appendChild(e);
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function bytes(n) { return n === undefined || n === null ? '' : n >= 1048576 ? (n / 1048576).toFixed(1) + ' MiB' : (n / 1024).toFixed(1) + ' KiB'; }
  function ms(n) { return n === undefined || n === null ? '' : Number(n).toFixed(1) + ' ms'; }
  function clock(t) { var d = new Date(t); return d.toLocaleTimeString(); }
  function short(hex) { return typeof hex === 'string' ? hex.slice(0, 16) + '…' : ''; }

  function drawTimeline(s) {
    var e = $('timeline'); clear(e);
    var t1 = s.now, t0 = Math.min(s.node.startedAt, t1 - 1000);
    var x = function (t) { return 10 + (t - t0) / (t1 - t0) * 880; };
    svg(e, 'line', { x1: 10, y1: 60, x2: 890, y2: 60, stroke: '#9aa3b2' });
    svg(e, 'text', { x: 10, y: 80, 'font-size': 11, fill: '#5b6475' }, clock(t0));
    svg(e, 'text', { x: 890, y: 80, 'font-size': 11, fill: '#5b6475', 'text-anchor': 'end' }, clock(t1));
    s.migrations.forEach(function (m, k) {
      var xs = x(m.at - m.totalMs), xe = x(m.at);
      var g = svg(e, 'g', { 'class': 'migration-mark' });
      svg(g, 'rect', { x: xs.toFixed(1), y: 46, width: Math.max(2, xe - xs).toFixed(1), height: 28 - 14, fill: m.initiator === 'agent' ? '#7b61ff' : '#f5a623' });
      svg(g, 'text', { x: xs.toFixed(1), y: 16 + (k % 3) * 12, 'font-size': 11 }, m.agentId + ' ' + m.from + ' → ' + m.to);
      svg(g, 'title', {}, m.agentId + ': ' + m.from + ' → ' + m.to + ', ' + m.mode + ' ' + m.kind + ', downtime ' + ms(m.downtimeMs));
    });
    s.arrivals.forEach(function (a) {
      var g = svg(e, 'g', { 'class': 'arrival-mark' });
      svg(g, 'circle', { cx: x(a.at).toFixed(1), cy: 60, r: 5, fill: '#2e9e5b' });
      svg(g, 'text', { x: x(a.at).toFixed(1), y: 44, 'font-size': 11 }, a.agentId + ' arrived');
      svg(g, 'title', {}, a.agentId + ' arrived and resumed here (counter ' + a.counter + ')');
    });
  }

  function drawLatency(s) {
    var e = $('latency-chart'); clear(e);
    var pts = s.latency.requests;
    var W = 900, H = 260, L = 56, R = 10, T = 10, B = 30;
    var t1 = s.now, t0 = pts.length > 0 ? Math.min(pts[0].at - pts[0].ms, t1 - 1000) : t1 - 60000;
    var hi = 10; pts.forEach(function (p) { if (p.ms > hi) hi = p.ms; });
    var lo = 0.1, dHi = Math.ceil(Math.log10(hi)), dLo = Math.floor(Math.log10(lo));
    var x = function (t) { return L + (t - t0) / (t1 - t0) * (W - L - R); };
    var y = function (v) { return T + (H - T - B) * (1 - (Math.log10(Math.max(v, lo)) - dLo) / (dHi - dLo)); };
    for (var d = dLo; d <= dHi; d++) {
      svg(e, 'line', { x1: L, x2: W - R, y1: y(Math.pow(10, d)).toFixed(1), y2: y(Math.pow(10, d)).toFixed(1), stroke: '#eef0f3' });
      svg(e, 'text', { x: L - 6, y: (y(Math.pow(10, d)) + 4).toFixed(1), 'font-size': 11, 'text-anchor': 'end', fill: '#5b6475' }, Math.pow(10, d) + ' ms');
    }
    s.migrations.forEach(function (m) {
      if (m.at < t0) return;
      var xs = x(Math.max(t0, m.at - m.totalMs)), xe = x(m.at);
      svg(e, 'rect', { 'class': 'migration', x: xs.toFixed(1), y: T, width: Math.max(2, xe - xs).toFixed(1), height: H - T - B, fill: '#f5a623', 'fill-opacity': 0.25 });
    });
    svg(e, 'text', { x: L, y: H - 8, 'font-size': 11, fill: '#5b6475' }, clock(t0));
    svg(e, 'text', { x: W - R, y: H - 8, 'font-size': 11, fill: '#5b6475', 'text-anchor': 'end' }, clock(t1) + ' (shaded: a migration)');
    pts.forEach(function (p) {
      var c = svg(e, 'circle', { 'class': 'point', cx: x(p.at - p.ms).toFixed(1), cy: y(p.ms).toFixed(1), r: 3, fill: p.status < 400 ? '#4a90e2' : '#d0021b' });
      svg(c, 'title', {}, p.agent + ': ' + ms(p.ms) + ' (' + p.status + ')');
    });
    var sorted = pts.map(function (p) { return p.ms; }).sort(function (a, b) { return a - b; });
    $('latency-summary').textContent = sorted.length === 0 ? 'no requests yet'
      : s.latency.total + ' requests since the node started; the latest ' + sorted.length + ': median ' + ms(sorted[Math.floor(sorted.length / 2)]) + ', max ' + ms(sorted[sorted.length - 1]);
  }

  function render(s) {
    $('node-name').textContent = s.node.name;
    document.title = 'edgedancer node ' + s.node.name;
    var out = {};
    s.migrations.forEach(function (m) { out[m.to] = (out[m.to] || 0) + 1; });
    var nodes = [{ name: s.node.name, role: 'this node', url: s.node.url, pin: s.node.platformId, agents: String(s.agents.length), moves: String(s.migrations.length) }];
    s.peers.forEach(function (p) { nodes.push({ name: p.name, role: 'peer', url: p.url, pin: p.pin || 'not pinned yet', agents: '', moves: out[p.name] ? String(out[p.name]) + ' to it' : '' }); });
    rows('nodes', nodes, function (tr, n) { cell(tr, n.name); cell(tr, n.role); cell(tr, n.url); cell(tr, short(n.pin)); cell(tr, n.agents); cell(tr, n.moves); });
    rows('agents', s.agents, function (tr, a) {
      cell(tr, a.id); cell(tr, short(a.mrSigner)); cell(tr, a.state); cell(tr, bytes(a.memoryBytes)); cell(tr, String(a.served));
      cell(tr, a.counter === undefined ? '' : String(a.counter)); cell(tr, String(a.queued));
    });
    var gone = $('gone'); clear(gone);
    s.gone.forEach(function (g) { var li = document.createElement('li'); li.textContent = g.id + ' → ' + g.location; gone.appendChild(li); });
    $('gone-title').hidden = s.gone.length === 0;
    var moves = s.migrations.map(function (m) { return { at: m.at, m: m }; })
      .concat(s.arrivals.map(function (a) { return { at: a.at, a: a }; }))
      .sort(function (p, q) { return q.at - p.at; });
    rows('migrations', moves, function (tr, v) {
      var m = v.m, a = v.a;
      cell(tr, clock(v.at));
      if (a !== undefined) { cell(tr, a.agentId); cell(tr, 'a peer → ' + s.node.name); cell(tr, ''); cell(tr, 'arrived, counter ' + a.counter); cell(tr, ''); cell(tr, ''); cell(tr, ''); return; }
      cell(tr, m.agentId); cell(tr, m.from + ' → ' + m.to); cell(tr, m.initiator === 'agent' ? 'agent' : 'operator');
      cell(tr, m.mode + ' ' + m.kind); cell(tr, ms(m.totalMs)); cell(tr, ms(m.downtimeMs)); cell(tr, bytes(m.bytesSent));
    });
    drawTimeline(s);
    drawLatency(s);
    updates++;
    document.body.setAttribute('data-updates', String(updates));
    document.body.setAttribute('data-status', 'live');
    $('status').textContent = 'live, updated ' + clock(s.now);
  }

  function poll() {
    fetch('/dashboard/api/state', { credentials: 'same-origin', cache: 'no-store' }).then(function (r) {
      if (r.status === 401) {
        document.body.setAttribute('data-status', 'signed-out');
        $('status').textContent = 'signed out: run edgedancer dashboard for a new login link';
        return null;
      }
      if (!r.ok) throw new Error('status ' + r.status);
      return r.json();
    }).then(function (s) {
      if (s === null) return;
      render(s);
      setTimeout(poll, 1000);
    }).catch(function (e) {
      document.body.setAttribute('data-status', 'error');
      $('status').textContent = 'cannot reach the node (' + e.message + '), retrying';
      setTimeout(poll, 3000);
    });
  }
  poll();
})();
`;

/** The page shown without a session (no script). */
export const SIGNED_OUT_HTML = String.raw`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>edgedancer node: sign in</title><link rel="stylesheet" href="/dashboard/app.css"></head>
<body data-status="signed-out"><main><section><h2>Sign in</h2>
<p>This dashboard is for the node's operators. Run <code>edgedancer dashboard --node CONTROL-URL</code> with your operator key
and open the link it prints within 60 seconds (each link works once).</p></section></main></body></html>
`;
