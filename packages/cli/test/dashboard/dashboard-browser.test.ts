/**
 * The operators' dashboard in a real browser: Debian's `chromium-headless-shell` (path in `$CHROMIUM`, else
 * found on the usual paths; missing, the test fails and says how to install it) opens a login URL minted through
 * the signed control API of a real node process (two nodes, two agents, requests, a migration), follows it to the
 * page with its session cookie, runs the page's script for a few seconds of the browser's virtual time
 * (`--virtual-time-budget`: the clock stops while a fetch is pending, so a loaded machine slows the run but does
 * not change what is drawn), and the test checks the DOM it dumps: the nodes, the agents, the agent that moved
 * away, the migration, a point per request on the latency chart. A second login URL makes a screenshot, kept as
 * a test artifact (`test-artifacts/dashboard.png` at the repository's root, or `$EDGEDANCER_TEST_ARTIFACTS`).
 * @module
 */

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MAIN } from '../spawn-cli.js';
import { type DashboardCluster, dashboardCluster } from './dashboard-cluster.js';

const ARTIFACTS =
  process.env.EDGEDANCER_TEST_ARTIFACTS ?? fileURLToPath(new URL('../../../../../test-artifacts/', import.meta.url));

/** The browser: `$CHROMIUM`, else `chromium-headless-shell` or `chromium` on the `PATH`. */
function findChromium(): string {
  if (process.env.CHROMIUM !== undefined && process.env.CHROMIUM !== '') return process.env.CHROMIUM;
  for (const dir of (process.env.PATH ?? '').split(delimiter).concat(['/usr/bin', '/usr/lib/chromium'])) {
    for (const name of ['chromium-headless-shell', 'chromium', 'headless_shell']) {
      if (dir !== '' && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  throw new Error(
    "no chromium-headless-shell: install Debian's package (apt-get install chromium-headless-shell; .ci/run does) or set $CHROMIUM",
  );
}

/** Runs the browser on a URL with a fresh profile; resolves with its standard output. */
function chromium(url: string, extra: readonly string[]): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'edgedancer-chromium-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
    '--virtual-time-budget=5000',
    ...extra,
    url,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(findChromium(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    // generous: a loaded 2-core machine; the browser's own clock is virtual
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(profile, { recursive: true, force: true });
      if (code === 0) resolve(out);
      else reject(new Error(`chromium exited ${code}: ${err.slice(-2000)}`));
    });
  });
}

/** The text of the body rows of a table in the dumped DOM, one array of cells per row. */
function tableRows(dom: string, id: string): string[][] {
  const m = new RegExp(`<table id="${id}">.*?<tbody>(.*?)</tbody>`, 's').exec(dom);
  assert.ok(m !== null, `table ${id} in the page`);
  return [...m[1]!.matchAll(/<tr>(.*?)<\/tr>/gs)].map((r) =>
    [...r[1]!.matchAll(/<td>(.*?)<\/td>/gs)].map((c) => c[1]!),
  );
}

let c: DashboardCluster;
before(
  async () => {
    c = await dashboardCluster();
  },
  { timeout: 600_000 },
);
after(async () => {
  await c?.close();
});

test('the dashboard in chromium: nodes, agents, migrations and latency of real nodes; a screenshot kept', {
  timeout: 900_000,
}, async () => {
  const browser = findChromium();
  assert.ok(existsSync(browser), `${browser} is missing`);
  {
    const edge1 = c.cluster.node('edge-1');
    const edge2 = c.cluster.node('edge-2');
    const dom = await chromium(await c.login('edge-1'), ['--dump-dom']);
    // the script ran, fetched with the session cookie and drew at least once
    assert.match(dom, /<body data-status="live" data-updates="[1-9]\d*"/, dom.slice(0, 2000));
    assert.match(dom, /<span id="node-name">edge-1<\/span>/);
    const nodes = tableRows(dom, 'nodes');
    assert.deepEqual(
      nodes.map((r) => [r[0], r[1], r[2]]),
      [
        ['edge-1', 'this node', edge1.url],
        ['edge-2', 'peer', edge2.url],
      ],
    );
    assert.equal(nodes[1]![5], '1 to it');
    const agents = tableRows(dom, 'agents');
    assert.equal(agents.length, 1);
    const [id, signer, state, memory, served] = agents[0]!;
    assert.equal(id, 'kv-staying');
    assert.match(signer!, /^[0-9a-f]{16}…$/);
    assert.equal(state, 'idle');
    assert.match(memory!, /^\d+\.\d (KiB|MiB)$/);
    assert.equal(served, '3');
    assert.match(dom, /<li>kv-moving → http:\/\/127\.0\.0\.1:\d+\/<\/li>/);
    const migrations = tableRows(dom, 'migrations');
    assert.equal(migrations.length, 1);
    assert.deepEqual(migrations[0]!.slice(1, 4), ['kv-moving', 'edge-1 → edge-2', 'operator']);
    assert.match(migrations[0]![6]!, /^\d+\.\d ms$/);
    assert.equal((dom.match(/<g class="migration-mark">/g) ?? []).length, 1);
    // a point per request answered on edge-1 (the last one answered 307: the agent had moved)
    assert.equal((dom.match(/<circle class="point"/g) ?? []).length, c.requestsOnEdge1);
    assert.match(dom, new RegExp(`<p id="latency-summary">${c.requestsOnEdge1} requests since the node started`));
    assert.equal((dom.match(/<rect class="migration"/g) ?? []).length, 1);

    mkdirSync(ARTIFACTS, { recursive: true });
    const png = join(ARTIFACTS, 'dashboard.png');
    rmSync(png, { force: true });
    await chromium(await c.login('edge-1'), ['--window-size=1280,1100', `--screenshot=${png}`]);
    assert.ok(existsSync(png) && statSync(png).size > 10_000, 'a screenshot was written');
    assert.deepEqual([...readFileSync(png).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    // a spent login URL signs nobody in: the page says how to sign in and runs no script
    const spent = await c.login('edge-2');
    await chromium(spent, ['--dump-dom']);
    const again = await chromium(spent, ['--dump-dom']);
    assert.match(again, /<body data-status="signed-out">/);
    assert.doesNotMatch(again, /app\.js/);
  }
});

test('edgedancer dashboard prints a login URL of the node it asks, good once', async () => {
  const control = c.cluster.node('edge-2').controlUrl;
  const r = spawnSync(process.execPath, [MAIN, 'dashboard', '--node', control, '--operator-key', c.operatorKeyPath], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const url = r.stdout.trim();
  assert.match(
    url,
    new RegExp(`^${control.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}dashboard/login\\?token=[A-Za-z0-9_-]{43}$`),
  );
  assert.match(r.stderr, /open it within 60 s; it works once/);
  assert.equal((await get(url)).status, 303);
  assert.equal((await get(url)).status, 401);
  // without the operator key: refused, one line
  const bad = spawnSync(
    process.execPath,
    [MAIN, 'dashboard', '--node', control, '--operator-key', join(tmpdir(), 'no-such-key.pem')],
    { encoding: 'utf8' },
  );
  assert.equal(bad.status, 1);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
});

/** One plain HTTP request (no fetch: it would add its own `Sec-Fetch-*` fields). */
function get(
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        body += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const sessionOf = (setCookie: string[] | undefined): string => /^([^=]+=[^;]+)/.exec(setCookie?.[0] ?? '')![1]!;

test('access: a signed request mints a single-use login URL; the session cookie is HttpOnly, SameSite=Strict, per listener', async () => {
  const control = c.cluster.node('edge-1').controlUrl;
  // minting needs an operator's signature
  const unsigned = await get(new URL('/v1/dashboard/login', control).toString(), {}, 'POST');
  assert.equal(unsigned.status, 401);
  const url = await c.login('edge-1');
  assert.ok(url.startsWith(`${control}dashboard/login?token=`), url);
  // another site's page cannot spend it (and does not burn it)
  assert.equal((await get(url, { 'sec-fetch-site': 'cross-site' })).status, 403);
  const first = await get(url, { 'sec-fetch-site': 'none' });
  assert.equal(first.status, 303);
  assert.equal(first.headers.location, '/dashboard/');
  const set = first.headers['set-cookie']![0]!;
  assert.match(
    set,
    /^edgedancer-dashboard-\d+=[A-Za-z0-9_-]{43}; Path=\/dashboard; HttpOnly; SameSite=Strict; Max-Age=\d+$/,
  );
  const cookie = sessionOf(first.headers['set-cookie']);
  // single use
  assert.equal((await get(url)).status, 401);
  assert.equal((await get(new URL('/dashboard/login?token=x', control).toString())).status, 401);
  // the page and the state need the session; the page carries its policy; no CORS
  assert.equal((await get(new URL('/dashboard/api/state', control).toString())).status, 401);
  const page = await get(new URL('/dashboard/', control).toString(), { cookie });
  assert.equal(page.status, 200);
  assert.match(String(page.headers['content-security-policy']), /default-src 'none'; script-src 'self'/);
  assert.equal(page.headers['x-frame-options'], 'DENY');
  const state = await get(new URL('/dashboard/api/state', control).toString(), {
    cookie,
    'sec-fetch-site': 'same-origin',
  });
  assert.equal(state.status, 200);
  assert.equal(state.headers['access-control-allow-origin'], undefined);
  assert.equal((JSON.parse(state.body) as { node: { name: string } }).node.name, 'edge-1');
  // the destination's dashboard shows the arrival
  const control2 = c.cluster.node('edge-2').controlUrl;
  const login2 = await get(await c.login('edge-2'));
  const state2 = await get(new URL('/dashboard/api/state', control2).toString(), {
    cookie: sessionOf(login2.headers['set-cookie']),
  });
  const s2 = JSON.parse(state2.body) as {
    agents: { id: string }[];
    arrivals: { agentId: string }[];
    migrations: unknown[];
  };
  assert.deepEqual(
    s2.agents.map((a) => a.id),
    ['kv-moving'],
  );
  assert.deepEqual(
    s2.arrivals.map((a) => a.agentId),
    ['kv-moving'],
  );
  assert.equal(s2.migrations.length, 0);
  // another site's page, a rebound name, another node's listener: refused
  assert.equal(
    (await get(new URL('/dashboard/api/state', control).toString(), { cookie, origin: 'http://evil.example' })).status,
    403,
  );
  assert.equal(
    (await get(new URL('/dashboard/api/state', control).toString(), { cookie, 'sec-fetch-site': 'cross-site' })).status,
    403,
  );
  assert.equal(
    (await get(new URL('/dashboard/api/state', control).toString(), { cookie, host: 'evil.example' })).status,
    421,
  );
  assert.equal(
    (await get(new URL('/dashboard/api/state', c.cluster.node('edge-2').controlUrl).toString(), { cookie })).status,
    401,
  );
  // the public listener has no dashboard
  assert.equal((await get(new URL('/dashboard/', c.cluster.node('edge-1').url).toString(), { cookie })).status, 404);
  // signing out ends the session
  const origin = control.replace(/\/$/, '');
  assert.equal((await get(new URL('/dashboard/logout', control).toString(), { cookie, origin }, 'POST')).status, 200);
  assert.equal((await get(new URL('/dashboard/api/state', control).toString(), { cookie })).status, 401);
});
