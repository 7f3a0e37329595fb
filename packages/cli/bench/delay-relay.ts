/**
 * A TCP relay that adds a fixed one-way delay in each direction (not a test): the emulated edge link's latency
 * where the kernel has no `sch_netem` (`edge-link.sh` then shapes only the rate, with `tbf`). Each byte read on
 * one side is written to the other `DELAY_MS` later, in order; a side whose writes back up stops being read
 * (back-pressure), so the relay holds at most what the link carries in flight. The delay is kept by the event
 * loop's timers: about a millisecond of granularity, more under load; the report says so.
 * Run: `node delay-relay.js DELAY_MS LISTEN_HOST UPSTREAM_HOST:PORT [UPSTREAM_HOST:PORT]…` — one listener per
 * upstream, on an ephemeral port of LISTEN_HOST; prints one line of JSON, the listening ports in order.
 * @module
 */
import { connect, createServer, type Socket } from 'node:net';

/** Pipes `from` into `to`, each chunk `delayMs` after it was read. */
function delayed(from: Socket, to: Socket, delayMs: number): void {
  const queue: { due: number; chunk: Buffer }[] = [];
  let armed = false;
  let ended = false;
  let full = false;
  const arm = (ms: number): void => {
    if (armed) return;
    armed = true;
    setTimeout(pump, ms);
  };
  const pump = (): void => {
    armed = false;
    const now = performance.now();
    while (queue.length > 0 && queue[0]!.due <= now) {
      if (!to.write(queue.shift()!.chunk) && !full) {
        full = true;
        from.pause();
        to.once('drain', () => {
          full = false;
          from.resume();
        });
      }
    }
    if (queue.length > 0) arm(Math.max(0, queue[0]!.due - now));
    else if (ended) to.end();
  };
  from.on('data', (chunk: Buffer) => {
    queue.push({ due: performance.now() + delayMs, chunk });
    arm(delayMs);
  });
  from.on('end', () => {
    ended = true;
    arm(delayMs);
  });
}

const [delayArg, listenHost, ...upstreams] = process.argv.slice(2);
const delayMs = Number(delayArg);
if (!Number.isFinite(delayMs) || delayMs < 0 || listenHost === undefined || upstreams.length === 0)
  throw new TypeError('usage: delay-relay DELAY_MS LISTEN_HOST UPSTREAM_HOST:PORT…');
const ports: number[] = [];
for (const up of upstreams) {
  const at = up.lastIndexOf(':');
  const host = up.slice(0, at);
  const port = Number(up.slice(at + 1));
  // half-open: an end travels through the delay like the bytes before it; an error or reset closes both sides
  const server = createServer({ noDelay: true, allowHalfOpen: true }, (down) => {
    const upSocket = connect({ host, port, noDelay: true, allowHalfOpen: true });
    const close = (): void => {
      down.destroy();
      upSocket.destroy();
    };
    down.on('error', close);
    upSocket.on('error', close);
    down.on('close', (hadError) => hadError && close());
    upSocket.on('close', (hadError) => hadError && close());
    delayed(down, upSocket, delayMs);
    delayed(upSocket, down, delayMs);
  });
  await new Promise<void>((r) => server.listen(0, listenHost, r));
  ports.push((server.address() as { port: number }).port);
}
process.stdout.write(`${JSON.stringify(ports)}\n`);
