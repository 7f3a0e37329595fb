/**
 * The pre-attestation budget of transfer connections, on real sockets in process: at the byte budget the
 * listener stops reading (the sender's bytes wait in TCP) instead of closing; once the peer is attested every
 * byte arrives, in order; a peer never attested is closed at the time limit having had at most the budget plus
 * one socket read delivered to its reader (and one more held in the paused stream); over the caps an upgrade is answered 503. No wall-time bound is asserted: waits
 * are for states, with generous limits.
 * @module
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { PendingTransfers, type TransferBudget } from '../src/node/transfer-guard.js';

/** One socket read (libuv reads at most this much at a time). */
const READ = 64 * 1024;
const BUDGET = 64 * 1024;
const SENT = 4 * 1024 * 1024;

/** Waits until `ok()` holds (polling), failing after `ms`. */
async function until(ok: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A server whose connections are admitted under a budget; each records what its reader received. */
interface Bench {
  readonly server: Server;
  readonly guard: PendingTransfers;
  readonly accepted: { socket: Socket; budget: { authenticated(): void } | null; received: Buffer[] }[];
  port: number;
}

async function bench(budget: Partial<TransferBudget>): Promise<Bench> {
  const guard = new PendingTransfers({
    maxPending: 4,
    maxPendingPerSource: 4,
    preAuthBytes: BUDGET,
    preAuthMs: 20_000,
    ...budget,
  });
  const b: Bench = { server: createServer(), guard, accepted: [], port: 0 };
  b.server.on('connection', (socket) => {
    socket.on('error', () => undefined);
    const entry = { socket, budget: guard.admit(socket), received: [] as Buffer[] };
    // the reader attaches after the guard, as the node's frame reader does
    if (entry.budget !== null) socket.on('data', (c: Buffer) => entry.received.push(c));
    b.accepted.push(entry);
  });
  await new Promise<void>((r) => b.server.listen(0, '127.0.0.1', r));
  b.port = (b.server.address() as { port: number }).port;
  return b;
}

const total = (bufs: Buffer[]): number => bufs.reduce((n, c) => n + c.length, 0);

/** A client that writes `bytes` as fast as the connection takes them. */
function sender(port: number, bytes: Buffer): { socket: Socket; closed: Promise<void> } {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  socket.write(bytes);
  return { socket, closed: new Promise((r) => socket.once('close', () => r())) };
}

describe('transfer connections before attestation', () => {
  const benches: Bench[] = [];
  const clients: Socket[] = [];
  after(async () => {
    for (const c of clients) c.destroy();
    for (const b of benches) {
      for (const a of b.accepted) a.socket.destroy();
      await new Promise((r) => b.server.close(r));
    }
  });

  it('stops reading at the byte budget, and delivers every byte once the peer is attested', async () => {
    const b = await bench({});
    benches.push(b);
    const payload = randomBytes(SENT);
    const c = sender(b.port, payload);
    clients.push(c.socket);
    await until(() => b.guard.paused === 1, 'the connection is paused at the budget');
    const a = b.accepted[0]!;
    // held, not closed, and the reader has at most the budget plus one read
    await new Promise((r) => setTimeout(r, 200));
    const early = total(a.received);
    assert.ok(early >= BUDGET && early < BUDGET + READ, `received ${early} bytes before attestation`);
    assert.ok(a.socket.readableLength <= READ, `${a.socket.readableLength} bytes held in the paused stream`);
    assert.equal(a.socket.destroyed, false, 'the connection is still open');
    assert.equal(b.guard.refused, 0);
    assert.equal(b.guard.pending, 1);
    a.budget!.authenticated();
    assert.equal(b.guard.pending, 0);
    await until(() => total(a.received) === SENT, 'every byte arrives after attestation');
    assert.ok(Buffer.concat(a.received).equals(payload), 'the bytes arrive unchanged and in order');
  });

  it('closes a peer never attested at the time limit, having read at most the budget and one read', async () => {
    const b = await bench({ preAuthMs: 300 });
    benches.push(b);
    const c = sender(b.port, Buffer.alloc(SENT, 7));
    clients.push(c.socket);
    await c.closed;
    const a = b.accepted[0]!;
    const got = total(a.received);
    assert.ok(got < BUDGET + READ, `received ${got} bytes`);
    assert.equal(b.guard.paused, 1, 'it was paused at the budget first');
    assert.equal(b.guard.refused, 1);
    assert.equal(b.guard.pending, 0);
    // attestation after the time limit changes nothing
    a.budget!.authenticated();
    assert.equal(b.guard.pending, 0);
  });

  it('closes a silent peer at the time limit too, and a peer within the budget is never paused', async () => {
    const b = await bench({ preAuthMs: 300 });
    benches.push(b);
    const quiet = sender(b.port, Buffer.alloc(1000, 1));
    clients.push(quiet.socket);
    await quiet.closed;
    assert.equal(total(b.accepted[0]!.received), 1000);
    assert.equal(b.guard.paused, 0);
    assert.equal(b.guard.refused, 1);
  });

  it('answers 503 over the cap of connections waiting for attestation', async () => {
    const b = await bench({ maxPending: 1 });
    benches.push(b);
    const first = sender(b.port, Buffer.alloc(10));
    clients.push(first.socket);
    await until(() => b.accepted.length === 1, 'the first connection is admitted');
    const second = sender(b.port, Buffer.alloc(10));
    clients.push(second.socket);
    const answer: Buffer[] = [];
    second.socket.on('data', (c: Buffer) => answer.push(c));
    await second.closed;
    assert.match(Buffer.concat(answer).toString(), /^HTTP\/1\.1 503 /);
    assert.equal(b.accepted[1]!.budget, null);
    assert.equal(b.guard.refused, 1);
    // once the first is attested, a new connection is admitted
    b.accepted[0]!.budget!.authenticated();
    const third = sender(b.port, Buffer.alloc(10));
    clients.push(third.socket);
    await until(() => b.accepted.length === 3, 'a third connection arrives');
    assert.notEqual(b.accepted[2]!.budget, null);
  });
});
