/**
 * The commands that manage agents on a node: `deploy`, `ps`, `migrate`, `logs`, `stop`, `call`, and `sign` (a
 * manifest for a module). Each is a thin client of the node's HTTP API.
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { EnclaveSigner, parseManifest } from '@edgedancer/enclave-sim';
import { flag, parseArgs, positiveIntOption, stringOption, UsageError } from '../args.js';
import { AgentClient, CLIENT_POLICY_OPTIONS, clientPolicyFromArgs } from '../client/index.js';
import type { CliCommand } from '../command.js';
import { ExitCode } from '../io.js';
import { signAgentManifest } from '../node/agent-enclave-build.js';
import { callAgent, callNode } from '../node/client.js';
import type { OperatorKey } from '../node/operator-key.js';
import { agentsUrl, clientAction, NODE_CLIENT_OPTIONS, nodeUrl, operatorKey } from './node-client-options.js';

const one = (argv: readonly string[], what: string): string => {
  if (argv.length !== 1) throw new UsageError(`expected ${what}`);
  return argv[0]!;
};

/** `edgedancer sign MODULE --key KEY.der --out MANIFEST [--svn N] [--prod N] [--debug] [--allow-plain]`. */
export const signCommand: CliCommand = {
  name: 'sign',
  summary: "sign an agent module's manifest (creates the key file if absent)",
  usage:
    'usage: edgedancer sign MODULE --key KEY.der --out MANIFEST [--svn N] [--prod N] [--debug] [--allow-plain]\n\n' +
    'Measures the trusted runtime image of this build (dist/enclave-image.js) with MODULE and signs the manifest.\n' +
    '--allow-plain measures a configuration that also takes plain (unencrypted) requests; without it the agent\n' +
    'takes user-channel requests only.',
  async run(argv, io) {
    const args = parseArgs(argv, [
      { name: 'key', value: true },
      { name: 'out', value: true },
      { name: 'svn', value: true },
      { name: 'prod', value: true },
      { name: 'debug', value: false },
      { name: 'allow-plain', value: false },
    ]);
    const module = new Uint8Array(readFileSync(one(args.positionals, 'one MODULE')));
    const keyPath = stringOption(args, 'key');
    const out = stringOption(args, 'out');
    if (keyPath === undefined || out === undefined) throw new UsageError('--key and --out are required');
    let signer: EnclaveSigner;
    if (existsSync(keyPath)) signer = EnclaveSigner.fromPkcs8(new Uint8Array(readFileSync(keyPath)));
    else {
      signer = EnclaveSigner.generate();
      writeFileSync(keyPath, signer.toPkcs8(), { mode: 0o600 });
    }
    const allowPlain = flag(args, 'allow-plain');
    const manifest = signAgentManifest(module, signer, {
      isvProdId: positiveIntOption(args, 'prod') ?? 1,
      isvSvn: positiveIntOption(args, 'svn') ?? 1,
      debug: flag(args, 'debug'),
      allowPlain,
    });
    writeFileSync(out, manifest);
    const m = parseManifest(manifest);
    io.out(
      `${out}: mrEnclave ${Buffer.from(m.mrEnclave).toString('hex')} svn ${m.isvSvn}${m.debug ? ' debug' : ''}${allowPlain ? ' plain requests allowed' : ''}`,
    );
    io.out(`  mrSigner ${Buffer.from(m.mrSigner).toString('hex')} (start nodes with --allow-signer this value)`);
    return ExitCode.Ok;
  },
};

/** The agent's own limits a deploy may ask (lower than the node's): option name → `limits` field. */
const LIMIT_OPTIONS = [
  ['request-fuel', 'requestFuel'],
  ['request-ms', 'requestMs'],
  ['max-memory-pages', 'maxMemoryPages'],
  ['max-request-bytes', 'maxRequestBytes'],
] as const;

/** `edgedancer deploy MODULE --manifest FILE [--id ID] [--request-fuel N] [--request-ms N] [--max-memory-pages N] [--max-request-bytes N]`. */
export const deployCommand: CliCommand = {
  name: 'deploy',
  summary: 'deploy an agent (module + signed manifest) to a node',
  usage:
    'usage: edgedancer deploy MODULE --manifest FILE [--id ID] [--request-fuel N] [--request-ms N] [--max-memory-pages N]\n' +
    '         [--max-request-bytes N] [--node CONTROL-URL] [--operator-key FILE] [--json]\n\n' +
    "The limit options ask lower limits than the node's for this agent (never higher: refused); they are kept with\n" +
    "the agent's id and travel with it, each node applying the lower of its own and the agent's.",
  async run(argv, io) {
    const args = parseArgs(argv, [
      ...NODE_CLIENT_OPTIONS,
      { name: 'manifest', value: true },
      { name: 'id', value: true },
      ...LIMIT_OPTIONS.map(([name]) => ({ name, value: true })),
    ]);
    const limits: Record<string, number> = {};
    for (const [name, field] of LIMIT_OPTIONS) {
      const v = positiveIntOption(args, name);
      if (v !== undefined) limits[field] = v;
    }
    const module = readFileSync(one(args.positionals, 'one MODULE'));
    const mf = stringOption(args, 'manifest');
    if (mf === undefined) throw new UsageError('--manifest is required');
    const json = flag(args, 'json');
    return clientAction(io, json, async () => {
      const id = stringOption(args, 'id');
      const a = await callNode(nodeUrl(args), '/v1/agents', {
        json: {
          module: module.toString('base64'),
          manifest: readFileSync(mf).toString('base64'),
          ...(id === undefined ? {} : { id }),
          ...(Object.keys(limits).length === 0 ? {} : { limits }),
        },
        operator: operatorKey(args),
      });
      io.out(
        json
          ? JSON.stringify(a)
          : `deployed ${String(a.id)} on ${String(a.node)} (mrEnclave ${String(a.mrEnclave).slice(0, 16)}…)`,
      );
    });
  },
};

/** `edgedancer ps`. */
export const psCommand: CliCommand = {
  name: 'ps',
  summary: "list a node's agents",
  usage: 'usage: edgedancer ps [--node CONTROL-URL] [--operator-key FILE] [--json]',
  async run(argv, io) {
    const args = parseArgs(argv, NODE_CLIENT_OPTIONS);
    const json = flag(args, 'json');
    return clientAction(io, json, async () => {
      const { agents } = await callNode<{ agents: Record<string, unknown>[] }>(nodeUrl(args), '/v1/agents', {
        operator: operatorKey(args),
      });
      if (json) return io.out(JSON.stringify(agents));
      io.out(
        `${'ID'.padEnd(24)} ${'NODE'.padEnd(10)} ${'STATE'.padEnd(10)} ${'SERVED'.padStart(7)} ${'MEMORY'.padStart(10)} COUNTER`,
      );
      for (const a of agents)
        io.out(
          `${String(a.id).padEnd(24)} ${String(a.node).padEnd(10)} ${String(a.state).padEnd(10)} ${String(a.served).padStart(7)} ${String(a.memoryBytes).padStart(10)} ${String(a.counter)}`,
        );
    });
  },
};

/** `edgedancer migrate AGENT --to NAME [--stop-and-copy]`. */
export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'move an agent to a peer node (live, pre-copy by default)',
  usage:
    'usage: edgedancer migrate AGENT --to NAME [--stop-and-copy] [--node CONTROL-URL] [--operator-key FILE] [--json]',
  async run(argv, io) {
    const args = parseArgs(argv, [
      ...NODE_CLIENT_OPTIONS,
      { name: 'to', value: true },
      { name: 'stop-and-copy', value: false },
    ]);
    const id = one(args.positionals, 'one AGENT');
    const to = stringOption(args, 'to');
    if (to === undefined) throw new UsageError('--to NAME is required');
    const json = flag(args, 'json');
    return clientAction(io, json, async () => {
      const operator = operatorKey(args);
      if (!json) io.err(`migrating ${id} to ${to}…`);
      const progress = json ? null : showProgress(io, nodeUrl(args), id, operator);
      let r: Record<string, number | string | boolean>;
      try {
        r = await callNode(nodeUrl(args), `/v1/agents/${encodeURIComponent(id)}/migrate`, {
          json: { to, stopAndCopy: flag(args, 'stop-and-copy') },
          timeoutMs: 3_600_000,
          operator,
        });
      } finally {
        await progress?.stop();
      }
      if (json) return io.out(JSON.stringify(r));
      const ms = (k: string): string => `${Number(r[k]).toFixed(1)} ms`;
      io.out(
        `${id}: ${String(r.from)} → ${String(r.to)} ${String(r.mode)} ${String(r.kind)}, ${String(r.rounds)} round(s), ${(Number(r.bytesSent) / 1024).toFixed(1)} KiB sent`,
      );
      io.out(
        `  total ${ms('totalMs')}, downtime ${ms('downtimeMs')} (attestation ${ms('attestationMs')}, capture ${ms('captureMs')}, seal ${ms('sealMs')}, transfer ${ms('transferMs')}, restore ${ms('restoreMs')})`,
      );
      if (r.settled === false)
        io.out('  committed; the destination confirms once it has settled the hand-over with this node');
    });
  },
};

/**
 * Polls the agent's transfer progress while a migration runs and writes `sent X of Y MiB` lines to standard
 * error (each round's first report, then at most one line every half second while bytes move).
 * @param io - where to write
 * @param url - the source node
 * @param id - the agent
 * @param operator - the key that signs
 * @returns a handle to stop polling
 */
function showProgress(
  io: { err(line: string): void },
  url: string,
  id: string,
  operator: OperatorKey,
): { stop(): Promise<void> } {
  let active = true;
  let lastRound = -1;
  let lastAt = 0;
  let lastBytes = -1;
  const mib = (n: number): string => (n / 1048576).toFixed(1);
  const loop = (async () => {
    while (active) {
      await new Promise((ok) => setTimeout(ok, 200));
      if (!active) return;
      try {
        const a = await callNode<{ transfer?: { round: number; sent: number; total: number; bytes: number } }>(
          url,
          `/v1/agents/${encodeURIComponent(id)}`,
          { timeoutMs: 2000, operator },
        );
        const t = a.transfer;
        if (t === undefined || !active) continue;
        if (t.round !== lastRound || (t.bytes !== lastBytes && Date.now() - lastAt >= 500)) {
          const pct = t.total === 0 ? 100 : Math.floor((100 * t.sent) / t.total);
          io.err(
            `  round ${t.round}: sent ${mib(t.sent)} of ${mib(t.total)} MiB (${pct}%), ${mib(t.bytes)} MiB in all`,
          );
          lastRound = t.round;
          lastBytes = t.bytes;
          lastAt = Date.now();
        }
      } catch {
        // the agent may have left (redirected) or the node is busy: the migration's own answer decides
      }
    }
  })();
  return {
    stop: async () => {
      active = false;
      await loop;
    },
  };
}

/** `edgedancer logs AGENT [--follow]`. */
export const logsCommand: CliCommand = {
  name: 'logs',
  summary: "show an agent's log lines",
  usage: 'usage: edgedancer logs AGENT [--follow] [--node CONTROL-URL] [--operator-key FILE] [--json]',
  async run(argv, io) {
    const args = parseArgs(argv, [...NODE_CLIENT_OPTIONS, { name: 'follow', value: false }]);
    const id = one(args.positionals, 'one AGENT');
    const json = flag(args, 'json');
    return clientAction(io, json, async () => {
      const operator = operatorKey(args);
      let since = 0;
      for (;;) {
        const r = await callNode<{ node: string; lines: { at: number; line: string }[] }>(
          nodeUrl(args),
          `/v1/agents/${encodeURIComponent(id)}/logs?since=${since}`,
          { operator },
        );
        for (const l of r.lines) {
          io.out(json ? JSON.stringify({ node: r.node, ...l }) : `${new Date(l.at).toISOString()} ${r.node} ${l.line}`);
          since = Math.max(since, l.at);
        }
        if (!flag(args, 'follow')) return;
        await new Promise((ok) => setTimeout(ok, 500));
      }
    });
  },
};

/** `edgedancer stop AGENT`. */
export const stopCommand: CliCommand = {
  name: 'stop',
  summary: 'stop an agent and forget it',
  usage: 'usage: edgedancer stop AGENT [--node CONTROL-URL] [--operator-key FILE] [--json]',
  async run(argv, io) {
    const args = parseArgs(argv, NODE_CLIENT_OPTIONS);
    const id = one(args.positionals, 'one AGENT');
    const json = flag(args, 'json');
    return clientAction(io, json, async () => {
      const r = await callNode(nodeUrl(args), `/v1/agents/${encodeURIComponent(id)}`, {
        method: 'DELETE',
        operator: operatorKey(args),
      });
      io.out(json ? JSON.stringify(r) : `stopped ${id}`);
    });
  },
};

/**
 * `edgedancer call AGENT TEXT`: one request to an agent, following it wherever it went. With `--trust-root` and
 * an enclave policy, end to end: the agent's attestation is verified and the request and response are encrypted
 * (docs/client-protocol.md); without, a plain request, shown as such.
 */
export const callCommand: CliCommand = {
  name: 'call',
  summary: 'send one request to an agent (follows redirects; end to end with --trust-root)',
  usage:
    'usage: edgedancer call AGENT TEXT [--node PUBLIC-URL] [--json]\n' +
    '       [--trust-root FILE (--manifest FILE | --mr-enclave HEX… | --mr-signer HEX --isv-prod-id N)\n' +
    '        [--min-svn N] [--min-cpu-svn N] [--module FILE] [--agent-key HEX] [--allow-debug]]\n\n' +
    '--node is the public listener here (default $EDGEDANCER_AGENTS or http://127.0.0.1:7070/).',
  async run(argv, io) {
    const args = parseArgs(argv, [...NODE_CLIENT_OPTIONS, ...CLIENT_POLICY_OPTIONS]);
    if (args.positionals.length !== 2) throw new UsageError('expected AGENT and TEXT');
    const json = flag(args, 'json');
    const policy = clientPolicyFromArgs(args);
    if (policy !== undefined) {
      return clientAction(io, json, async () => {
        const client = new AgentClient({ node: agentsUrl(args), agentId: args.positionals[0]!, policy });
        const r = await client.call(new TextEncoder().encode(args.positionals[1]!));
        const text = Buffer.from(r.body).toString('utf8');
        const platform = Buffer.from(r.agent.platformId).toString('hex');
        io.out(
          json
            ? JSON.stringify({
                encrypted: true,
                status: r.status,
                node: r.node,
                platformId: platform,
                redirects: r.redirects,
                body: text,
              })
            : text,
        );
        if (r.status !== 'ok') throw Object.assign(new Error('the agent failed'), { code: 'agent-error' });
      });
    }
    return clientAction(io, json, async () => {
      const r = await callAgent(agentsUrl(args), args.positionals[0]!, new TextEncoder().encode(args.positionals[1]!));
      const text = Buffer.from(r.body).toString('utf8');
      io.out(
        json ? JSON.stringify({ encrypted: false, status: r.status, url: r.url, hops: r.hops, body: text }) : text,
      );
      if (r.status !== 200) throw Object.assign(new Error(`status ${r.status}`), { code: 'agent-error' });
    });
  },
};

/** `edgedancer node-status`: the node's status as its operator sees it. */
export const nodeStatusCommand: CliCommand = {
  name: 'node-status',
  summary: "show a node's status (operators only)",
  usage: 'usage: edgedancer node-status [--node CONTROL-URL] [--operator-key FILE] [--json]',
  async run(argv, io) {
    const args = parseArgs(argv, NODE_CLIENT_OPTIONS);
    const json = flag(args, 'json');
    return clientAction(io, json, async () => {
      const s = await callNode<Record<string, unknown>>(nodeUrl(args), '/v1/node', { operator: operatorKey(args) });
      if (json) return io.out(JSON.stringify(s));
      io.out(
        `node ${String(s.name)} (pid ${String(s.pid)}): ${String(s.agents)} agent(s), ${(s.migrations as unknown[]).length} migration(s), ${(s.inDoubt as unknown[]).length} in doubt, ${(s.unsettled as unknown[]).length} unsettled`,
      );
      io.out(
        `  peers: ${
          Object.entries(s.peers as Record<string, string>)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ') || 'none'
        }`,
      );
      io.out(
        `  allowed signers: ${(s.allowSigners as string[]).join(' ') || 'none'}${s.debugEnclaves === true ? ' (debug enclaves allowed)' : ''}`,
      );
    });
  },
};

/** `edgedancer persist`: seal the node's idle agents now. */
export const persistCommand: CliCommand = {
  name: 'persist',
  summary: "seal a node's idle agents into its state directory now",
  usage: 'usage: edgedancer persist [--node CONTROL-URL] [--operator-key FILE] [--json]',
  async run(argv, io) {
    const args = parseArgs(argv, NODE_CLIENT_OPTIONS);
    const json = flag(args, 'json');
    return clientAction(io, json, async () => {
      const r = await callNode<{ written: number }>(nodeUrl(args), '/v1/persist', {
        method: 'POST',
        operator: operatorKey(args),
      });
      io.out(json ? JSON.stringify(r) : `sealed ${r.written} agent(s)`);
    });
  },
};
