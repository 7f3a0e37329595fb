/**
 * The edge link's user-space delay (`bench/delay-relay.ts`, a child process): every byte crosses it unchanged and
 * in order, in both directions, and no answer comes back sooner than the two one-way delays. Only that lower
 * bound is asserted (timers never fire early; under load they fire late).
 * @module
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const RELAY = fileURLToPath(new URL('../bench/delay-relay.js', import.meta.url));
const DELAY_MS = 30;

describe('delay relay', () => {
  it('delays each direction and carries every byte unchanged', async () => {
    const echo = createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const relay = spawn(
      process.execPath,
      [RELAY, String(DELAY_MS), '127.0.0.1', `127.0.0.1:${(echo.address() as { port: number }).port}`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let client: Socket | undefined;
    try {
      const [line] = (await once(relay.stdout!, 'data')) as [Buffer];
      const [port] = JSON.parse(line.toString()) as [number];
      client = connect(port!, '127.0.0.1');
      await once(client, 'connect');
      const got: Buffer[] = [];
      let n = 0;
      let arrived: () => void = () => undefined;
      client.on('data', (b: Buffer) => {
        got.push(b);
        n += b.length;
        arrived();
      });
      const until = (bytes: number): Promise<void> =>
        new Promise((r) => {
          arrived = () => n >= bytes && r();
          arrived();
        });
      for (let i = 1; i <= 3; i++) {
        const t = performance.now();
        client.write('x');
        await until(i);
        const rtt = performance.now() - t;
        assert.ok(rtt >= 2 * DELAY_MS - 2, `a round trip of ${rtt.toFixed(1)} ms through two ${DELAY_MS} ms delays`);
      }
      const data = randomBytes(4 << 20);
      client.write(data);
      await until(3 + data.length);
      assert.ok(Buffer.concat(got).subarray(3).equals(data), '4 MiB echoed unchanged and in order');
    } finally {
      client?.destroy();
      relay.kill();
      echo.close();
    }
  });
});
