/**
 * Frames over a socket: a peer that ends its side fails the waiting receiver with `connection-closed` at once
 * (after the frames already read). The chunk stream's memory reuse: `streamTransport` reads a frame into a buffer given back with `recycle`
 * (same size only) and says which sent frames are written out; `SecureChannel.receiveTransient` opens every
 * message into one reused buffer; `SecureChannel` seals into a buffer its transport offers.
 * @module
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import { SecureChannel } from '../../src/transfer/secure-channel.js';
import { streamTransport } from '../../src/transfer/stream-transport.js';
import type { Transport } from '../../src/transfer/transfer-shapes.js';
import { transportPair } from '../../src/transfer/transport-pair.js';

/** A connected pair on loopback; `halfOpen`: the accepted side stays writable after the peer's end. */
async function socketPair(halfOpen = false): Promise<[Socket, Socket]> {
  const server = createServer({ allowHalfOpen: halfOpen });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  const accepted = once(server, 'connection');
  const a = connect(port, '127.0.0.1');
  await once(a, 'connect');
  const [b] = (await accepted) as [Socket];
  server.close();
  return [a, b];
}

const filled = (n: number, v: number): Uint8Array => new Uint8Array(n).fill(v);

test('a peer that ends the connection fails a waiting receive with connection-closed, after the frames read', async () => {
  // half-open (as an upgraded HTTP connection may be): the peer's end alone emits no 'close' here
  const [sa, sb] = await socketPair(true);
  const b = streamTransport(sb);
  try {
    // one whole frame, then the peer ends its side (a FIN, not a reset: everything it sent was read)
    const len = Buffer.alloc(4);
    len.writeUInt32BE(3);
    sa.end(Buffer.concat([len, Buffer.from([1, 2, 3])]));
    assert.deepEqual(await b.receive(5000), new Uint8Array([1, 2, 3]));
    const t = performance.now();
    await assert.rejects(b.receive(60_000), (e: { code?: string }) => e.code === 'connection-closed');
    assert.ok(performance.now() - t < 30_000, 'not by the timeout');
  } finally {
    b.close();
    sa.destroy();
  }
});

test('streamTransport reads a frame into a recycled buffer of its size, and only of its size', async () => {
  const [sa, sb] = await socketPair();
  const a = streamTransport(sa);
  const b = streamTransport(sb);
  try {
    await a.send(filled(4096, 1));
    const first = await b.receive(5000);
    assert.deepEqual(first, filled(4096, 1));
    b.recycle!(first);
    await a.send(filled(1000, 2));
    const other = await b.receive(5000);
    assert.notEqual(other.buffer, first.buffer, 'a frame of another size takes a buffer of its own');
    await a.send(filled(4096, 3));
    const second = await b.receive(5000);
    assert.equal(second.buffer, first.buffer, 'the recycled buffer is reused');
    assert.deepEqual(second, filled(4096, 3));
    // a view of part of a buffer is not kept
    b.recycle!(new Uint8Array(8192).subarray(0, 4096));
    await a.send(filled(4096, 4));
    const third = await b.receive(5000);
    assert.equal(third.byteLength, third.buffer.byteLength);
    assert.deepEqual(third, filled(4096, 4));
  } finally {
    a.close();
    b.close();
  }
});

test('streamTransport tells a frame written out from one still queued', async () => {
  const [sa, sb] = await socketPair();
  const a = streamTransport(sa);
  const b = streamTransport(sb);
  try {
    const small = filled(512, 7);
    await a.send(small);
    assert.equal(a.written!(small), true, 'an idle socket takes a small frame at once');
    assert.equal(a.written!(filled(512, 7)), false, 'a frame never sent is not written');
    assert.deepEqual(await b.receive(5000), small);
  } finally {
    a.close();
    b.close();
  }
});

test('receiveTransient opens every message into one buffer; the channel seals into a buffer it is offered', async () => {
  const [ta, tb] = transportPair();
  const k1 = filled(32, 9);
  const k2 = filled(32, 10);
  const offered: Uint8Array[] = [];
  const sent: Uint8Array[] = [];
  const sender: Transport = {
    send: async (f) => {
      sent.push(f);
      await ta.send(f.slice());
    },
    receive: (t) => ta.receive(t),
    close: () => ta.close(),
    frameBuffer: (size) => {
      const b = new Uint8Array(size);
      offered.push(b);
      return b;
    },
  };
  const src = new SecureChannel(sender, k1, k2, true);
  const dst = new SecureChannel(tb, k2, k1, false);
  await src.sendParts(filled(3, 1), filled(5000, 2));
  await src.send(filled(100, 3));
  assert.equal(sent[0], offered[0], 'the frame is sealed into the offered buffer');
  const m1 = await dst.receiveTransient(5000);
  assert.deepEqual(m1, new Uint8Array([1, 1, 1, ...filled(5000, 2)]));
  const buffer = m1.buffer;
  const m2 = await dst.receiveTransient(5000);
  assert.equal(m2.buffer, buffer, 'the second message is opened into the same buffer');
  assert.deepEqual(m2, filled(100, 3));
  // a changed frame still fails authentication through the reused buffer
  const [tc, td] = transportPair((_d, i, f) => {
    if (i !== 0) return f;
    const g = f.slice();
    g[20]! ^= 1;
    return g;
  });
  const c = new SecureChannel(tc, k1, k2, true);
  const d = new SecureChannel(td, k2, k1, false);
  await c.send(filled(64, 5));
  await assert.rejects(d.receiveTransient(5000), (e: { code?: string }) => e.code === 'bad-mac');
});
