/**
 * The transfer protocol in process: real agents (examples/kv-c) moved over a transport pair with a stand-in
 * attestation backend; weak, strong and pre-copy moves against an unmoved run; tampering, replays, refused
 * quotes, failed restores and cut connections leave the agent at the source.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Agent,
  type AgentOutcome,
  agentSource,
  hashModule,
  isSettlementToken,
  isTransferError,
  MigrationCounters,
  moduleOfFrame,
  needModuleFrame,
  peekOffer,
  type Received,
  receiveAgent,
  type SourceDecision,
  sendAgent,
  type TapDecision,
  type TransferReport,
  type Transport,
  transportPair,
} from '../../src/index.js';
import { KV_WASM, recordingHost, str, text } from '../agent-support.js';
import { type FakeIdentity, fakeEndpoint } from './fake-attestation.js';

const GOOD: FakeIdentity = { measurement: 'kv', svn: 2 };
const POLICY = { measurement: 'kv', minSvn: 2 };

function run(agent: Agent, out: AgentOutcome): AgentOutcome {
  let o = out;
  while (o.kind === 'paused') o = agent.continue({ fuel: 50_000 });
  return o;
}

function serve(agent: Agent, req: string): string {
  const o = run(agent, agent.serve(text(req), { fuel: 50_000 }));
  assert.equal(o.kind, 'done');
  return str(o.kind === 'done' ? o.response : null);
}

interface Dest {
  counters: MigrationCounters;
  modules: Map<string, Uint8Array>;
  agents: Agent[];
}

function newDest(): Dest {
  return { counters: new MigrationCounters(), modules: new Map(), agents: [] };
}

function receive(t: Transport, d: Dest, opts: { id?: FakeIdentity; failRestore?: boolean; timeoutMs?: number } = {}) {
  return receiveAgent(t, {
    hasModule: (h) => d.modules.has(Buffer.from(h).toString('hex')),
    accept: () => ({ endpoint: fakeEndpoint(opts.id ?? GOOD, POLICY) }),
    moduleFor: (h, sent) => {
      const k = Buffer.from(h).toString('hex');
      if (sent !== null) d.modules.set(k, sent);
      return d.modules.get(k)!;
    },
    counters: d.counters,
    timeoutMs: opts.timeoutMs ?? 2000,
    restore(snapshot, module) {
      if (opts.failRestore === true) throw Object.assign(new Error('no'), { code: 'restore-refused-by-test' });
      const a = Agent.restore(snapshot, module, recordingHost('dest'), { counters: d.counters });
      return {
        resume: () => {
          run(a, a.arrive({ fuel: 50_000 }));
          d.agents.push(a);
        },
        discard: () => undefined,
      };
    },
  });
}

function loaded(): Agent {
  const a = Agent.load(KV_WASM, recordingHost('src'), { agentId: 'kv-1' });
  run(a, a.start());
  for (let i = 0; i < 50; i++) serve(a, `put k${i} value-${i}`);
  return a;
}

async function move(
  a: Agent,
  d: Dest,
  opts: {
    tap?: (dir: 'a→b' | 'b→a', i: number, f: Uint8Array) => TapDecision;
    precopy?: boolean;
    id?: FakeIdentity;
    srcId?: FakeIdentity;
    failRestore?: boolean;
    between?: () => void;
  } = {},
) {
  const [ta, tb] = transportPair(opts.tap);
  let stayed = false;
  const decisions: SourceDecision[] = [];
  const source = agentSource(a, {
    destination: 'dest',
    precopy: opts.precopy ?? true,
    onAbort: () => {
      stayed = true;
    },
    stop: opts.between,
  });
  const sending = sendAgent(ta, {
    agentId: 'kv-1',
    module: KV_WASM,
    endpoint: fakeEndpoint(opts.srcId ?? GOOD, POLICY),
    source,
    timeoutMs: 2000,
    chunkSize: 64 * 1024,
    onDecision: (x) => {
      decisions.push(x);
    },
  });
  const receiving = receive(tb, d, opts);
  const [s, r] = await Promise.allSettled([sending, receiving]);
  return { s, r, stayed, decisions };
}

describe('transfer protocol', () => {
  it('moves an idle agent with pre-copy: state equal, module sent once', async () => {
    const a = loaded();
    const d = newDest();
    const { s, r } = await move(a, d);
    assert.equal(s.status, 'fulfilled');
    assert.equal(r.status, 'fulfilled');
    const rep = (s as PromiseFulfilledResult<Awaited<ReturnType<typeof sendAgent>>>).value;
    assert.equal(rep.moduleSent, true);
    assert.equal(rep.mode, 'pre-copy');
    assert.ok(rep.rounds >= 2);
    assert.equal(a.state, 'departed');
    const b = d.agents[0]!;
    assert.equal(serve(b, 'get k7'), 'value-7');
    assert.equal(serve(b, 'where'), 'dest');
    // back and forth: the module is not sent again
    const back = newDest();
    const { s: s2 } = await move(b, back, { precopy: false });
    assert.equal(s2.status, 'fulfilled');
    const again = await move(back.agents[0]!, d, { precopy: false });
    assert.equal(again.s.status, 'fulfilled');
    assert.equal((again.s as PromiseFulfilledResult<{ moduleSent: boolean }>).value.moduleSent, false);
    assert.equal(serve(d.agents[1]!, 'count'), '50');
  });

  it('moves an agent paused mid-computation (strong) and finishes with the unmoved result', async () => {
    const ref = loaded();
    const expected = serve(ref, 'digest 400');
    const a = loaded();
    const out = a.serve(text('digest 400'), { fuel: 20_000 });
    assert.equal(out.kind, 'paused');
    const d = newDest();
    const { s } = await move(a, d);
    assert.equal(s.status, 'fulfilled');
    assert.equal((s as PromiseFulfilledResult<{ kind: string }>).value.kind, 'strong');
    // the destination's resume ran arrive(): the call completed there
    assert.equal(d.agents.length, 1);
    assert.equal(serve(d.agents[0]!, 'get k3'), 'value-3');
    assert.ok(expected.length === 16);
  });

  for (const [name, tap, code] of [
    [
      'tampered ciphertext',
      (dir: string, i: number, f: Uint8Array) => {
        if (dir === 'a→b' && i === 7) f[f.length - 20]! ^= 1;
        return f;
      },
      'bad-mac',
    ],
    [
      'a dropped frame',
      (dir: string, i: number, f: Uint8Array) => (dir === 'a→b' && i === 7 ? null : f),
      'out-of-order',
    ],
    [
      'a cut connection',
      (dir: string, i: number, f: Uint8Array) => (dir === 'a→b' && i === 8 ? 'cut' : f),
      'connection-closed',
    ],
  ] as const) {
    it(`keeps the agent at the source after ${name}`, async () => {
      const a = loaded();
      const d = newDest();
      const { s, r } = await move(a, d, { tap: tap as never });
      assert.equal(s.status, 'rejected');
      assert.ok(isTransferError((s as PromiseRejectedResult).reason));
      assert.equal(r.status, 'rejected');
      const codes = [(s as PromiseRejectedResult).reason.code, (r as PromiseRejectedResult).reason.code];
      assert.ok(codes.includes(code), `${codes}`);
      assert.equal(a.state, 'idle');
      assert.equal(d.agents.length, 0, 'nothing runs at the destination');
      assert.equal(serve(a, 'get k9'), 'value-9');
    });
  }

  it('pre-copy: the source freezes the agent only after the destination acknowledged every earlier round', async () => {
    const a = loaded();
    const d = newDest();
    let back = 0;
    let backAtFreeze = -1;
    const tap = (dir: 'a→b' | 'b→a', _i: number, f: Uint8Array): TapDecision => {
      if (dir === 'b→a') back++;
      return f;
    };
    const { s } = await move(a, d, {
      tap,
      between: () => {
        backAtFreeze = back;
      },
    });
    assert.equal(s.status, 'fulfilled');
    const rep = (s as PromiseFulfilledResult<TransferReport>).value;
    assert.ok(rep.rounds >= 2);
    // Challenge, Attest, then one RoundAck per pre-copy round; Ready and Resumed come after the freeze
    assert.equal(backAtFreeze, 2 + rep.rounds - 1);
    assert.equal(back, backAtFreeze + 2);
    assert.equal(serve(d.agents[0]!, 'get k7'), 'value-7');
  });

  it('after a lost Ready: the source aborts and keeps the agent; the destination, in doubt, discards on the abort token', async () => {
    const a = loaded();
    const d = newDest();
    // every pre-copy round is acknowledged before the freeze: the first frame back after it is Ready
    let frozen = false;
    const { s, r, decisions } = await move(a, d, {
      between: () => {
        frozen = true;
      },
      tap: (dir, _i, f) => (dir === 'b→a' && frozen ? 'cut' : f),
    });
    assert.equal(s.status, 'rejected');
    assert.equal(r.status, 'fulfilled');
    const got = (r as PromiseFulfilledResult<Received>).value;
    assert.equal(got.outcome, 'in-doubt');
    assert.deepEqual(
      decisions.map((x) => x.outcome),
      ['abort'],
    );
    assert.equal(isSettlementToken(got.settlement, 'commit', decisions[0]!.token), false);
    assert.equal(isSettlementToken(got.settlement, 'abort', decisions[0]!.token), true);
    got.held!.discard();
    assert.equal(d.agents.length, 0);
    assert.equal(a.state, 'idle');
    assert.equal(serve(a, 'get k9'), 'value-9');
  });

  it('after a lost Commit: committed and unsettled; the destination resumes on the commit token, the source never runs it', async () => {
    const a = loaded();
    const d = newDest();
    let frozen = false;
    let sawReady = false;
    const tap = (dir: 'a→b' | 'b→a', _i: number, f: Uint8Array): TapDecision => {
      if (dir === 'b→a' && frozen) sawReady = true;
      else if (dir === 'a→b' && sawReady) return 'cut';
      return f;
    };
    const { s, r, decisions, stayed } = await move(a, d, {
      tap,
      between: () => {
        frozen = true;
      },
    });
    assert.equal(s.status, 'fulfilled');
    const report = (s as PromiseFulfilledResult<TransferReport>).value;
    assert.equal(report.settled, false);
    assert.equal(stayed, false);
    assert.equal(a.state, 'departed');
    const got = (r as PromiseFulfilledResult<Received>).value;
    assert.equal(got.outcome, 'in-doubt');
    assert.equal(d.agents.length, 0, 'not running before the token');
    assert.deepEqual(
      decisions.map((x) => x.outcome),
      ['commit'],
    );
    assert.equal(got.settlement.sessionId, report.sessionId);
    assert.equal(isSettlementToken(got.settlement, 'commit', decisions[0]!.token), true);
    assert.equal(
      isSettlementToken({ ...got.settlement, counter: got.settlement.counter + 1n }, 'commit', decisions[0]!.token),
      false,
      'bound to the counter',
    );
    await got.held!.resume();
    assert.equal(serve(d.agents[0]!, 'get k9'), 'value-9');
  });

  for (const [name, opts, reason] of [
    ['another measurement', { id: { measurement: 'evil', svn: 2 } }, 'measurement-mismatch'],
    ['a debug enclave', { id: { measurement: 'kv', svn: 2, debug: true } }, 'debug-not-allowed'],
    ['a lower SVN', { id: { measurement: 'kv', svn: 1 } }, 'svn-too-low'],
    ['a source of another measurement', { srcId: { measurement: 'evil', svn: 2 } }, 'measurement-mismatch'],
  ] as const) {
    it(`refuses ${name}`, async () => {
      const a = loaded();
      const d = newDest();
      const { s, r } = await move(a, d, opts as never);
      const errs = [s, r].filter((x) => x.status === 'rejected').map((x) => (x as PromiseRejectedResult).reason);
      assert.ok(
        errs.some((e) => e.code === 'attestation-refused' && e.reason === reason),
        errs.map((e) => `${e.code}/${e.reason}`).join(),
      );
      assert.equal(a.state, 'idle');
      assert.equal(d.agents.length, 0);
      assert.equal(serve(a, 'count'), '50');
    });
  }

  it('refuses a quote whose report data does not bind the key', async () => {
    const a = loaded();
    const d = newDest();
    const [ta, tb] = transportPair();
    const source = agentSource(a, { destination: 'dest' });
    const s = sendAgent(ta, {
      agentId: 'kv-1',
      module: KV_WASM,
      endpoint: fakeEndpoint(GOOD, POLICY, (rd) => {
        const x = rd.slice();
        x[0]! ^= 1;
        return x;
      }),
      source,
      timeoutMs: 2000,
    });
    const r = receive(tb, d);
    const [rs, rr] = await Promise.allSettled([s, r]);
    assert.equal(rr.status, 'rejected');
    assert.equal((rr as PromiseRejectedResult).reason.reason, 'report-data-mismatch');
    assert.equal(rs.status, 'rejected');
    assert.equal(a.state, 'idle');
  });

  it('refuses a replayed snapshot and a failed restore', async () => {
    const a = loaded();
    const d = newDest();
    assert.equal((await move(a, d, { precopy: false })).s.status, 'fulfilled');
    // an attested but malicious source replays an old state of the same agent: a fresh copy whose counter is lower
    const old = Agent.load(KV_WASM, recordingHost('src'), { agentId: 'kv-1' });
    const res = await move(old, d, { precopy: false });
    assert.equal(res.r.status, 'rejected');
    assert.equal((res.r as PromiseRejectedResult).reason.code, 'replayed-snapshot');
    assert.equal(old.state, 'idle');
    const b = loaded();
    const failing = await move(b, newDest(), { failRestore: true });
    assert.equal((failing.r as PromiseRejectedResult).reason.code, 'restore-failed');
    assert.equal((failing.s as PromiseRejectedResult).reason.code, 'peer-refused');
    assert.equal(serve(b, 'get k1'), 'value-1');
  });

  it('times out when the destination never answers, agent stays', async () => {
    const a = loaded();
    const [ta] = transportPair();
    let stayed = false;
    const source = agentSource(a, {
      destination: 'dest',
      onAbort: () => {
        stayed = true;
      },
    });
    await assert.rejects(
      sendAgent(ta, { agentId: 'kv-1', module: KV_WASM, endpoint: fakeEndpoint(GOOD, POLICY), source, timeoutMs: 100 }),
      (e: unknown) => isTransferError(e, 'timeout'),
    );
    assert.equal(a.state, 'idle');
    assert.equal(stayed, false, 'nothing was frozen yet');
    assert.equal(hashModule(KV_WASM).length, 32);
  });

  it('a destination host may fetch the module (NeedModule) before its endpoint exists; quotes may come later', async () => {
    const a = loaded();
    const d = newDest();
    const [ta, tb] = transportPair();
    const later = (e: ReturnType<typeof fakeEndpoint>): ReturnType<typeof fakeEndpoint> => ({
      ...e,
      attester: {
        quote: async (rd) => {
          await new Promise((r) => setTimeout(r, 5));
          return e.attester.quote(rd);
        },
      },
    });
    const source = agentSource(a, { destination: 'dest', precopy: false });
    const sending = sendAgent(ta, {
      agentId: 'kv-1',
      module: KV_WASM,
      endpoint: later(fakeEndpoint(GOOD, POLICY)),
      source,
      timeoutMs: 2000,
    });
    // the destination's host: reads the offer, asks for the module, then hands the offer to the endpoint
    const offerFrame = await tb.receive(2000);
    const offer = peekOffer(offerFrame);
    assert.equal(offer.agentId, 'kv-1');
    await tb.send(needModuleFrame());
    const module = moduleOfFrame(await tb.receive(2000), offer.moduleHash);
    d.modules.set(Buffer.from(offer.moduleHash).toString('hex'), module);
    let first: Uint8Array | null = offerFrame;
    const replaying: Transport = {
      send: (f) => tb.send(f),
      receive: (ms) => {
        const f = first;
        first = null;
        return f !== null ? Promise.resolve(f) : tb.receive(ms);
      },
      close: () => tb.close(),
    };
    const receiving = receiveAgent(replaying, {
      hasModule: (h) => d.modules.has(Buffer.from(h).toString('hex')),
      accept: () => ({ endpoint: later(fakeEndpoint(GOOD, POLICY)) }),
      moduleFor: (h) => d.modules.get(Buffer.from(h).toString('hex'))!,
      counters: d.counters,
      timeoutMs: 2000,
      restore(snapshot, m) {
        const b = Agent.restore(snapshot, m, recordingHost('dest'), { counters: d.counters });
        return {
          resume: () => {
            run(b, b.arrive({ fuel: 50_000 }));
            d.agents.push(b);
          },
          discard: () => undefined,
        };
      },
    });
    const [s, r] = await Promise.all([sending, receiving]);
    assert.equal(s.moduleSent, true);
    assert.equal(r.outcome, 'resumed');
    assert.equal(serve(d.agents[0]!, 'get k7'), 'value-7');
    // a module that does not have the offered hash is refused
    assert.throws(
      () => moduleOfFrame(needModuleFrame(), offer.moduleHash),
      (e: unknown) => isTransferError(e),
    );
  });
});
