/**
 * The budget of a transfer connection before its session is attested: such connections are capped in number (in
 * all and per source address; over the cap the upgrade is answered 503 and the source retries), and each may
 * send at most a number of bytes (the offer, the module) within a time; beyond either it is closed. Once the handshake has verified the peer's quote the budget no longer
 * applies (the protocol's own per-message timeouts and frame limit do).
 * @module
 */
import type { Socket } from 'node:net';

/** The budget. */
export interface TransferBudget {
  readonly maxPending: number;
  readonly maxPendingPerSource: number;
  readonly preAuthBytes: number;
  readonly preAuthMs: number;
}

/** Counts of transfer connections not yet attested. */
export class PendingTransfers {
  #pending = 0;
  readonly #bySource = new Map<string, number>();
  /** Connections closed for exceeding the budget or the caps. */
  refused = 0;

  /** @param budget - the budget */
  constructor(readonly budget: TransferBudget) {}

  /** Connections waiting to be attested. */
  get pending(): number {
    return this.#pending;
  }

  /**
   * Admits an upgraded socket under the budget.
   * @param socket - the connection
   * @returns `authenticated()` to call once the peer is attested, or `null` when the connection was answered 503
   */
  admit(socket: Socket): { authenticated(): void } | null {
    const source = socket.remoteAddress ?? '?';
    const mine = this.#bySource.get(source) ?? 0;
    if (this.#pending >= this.budget.maxPending || mine >= this.budget.maxPendingPerSource) {
      // busy: the peer retries (a legitimate source waits its turn; a flood gets nothing)
      this.refused++;
      socket.end(
        'HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      );
      return null;
    }
    this.#pending++;
    this.#bySource.set(source, mine + 1);
    let open = true;
    let bytes = 0;
    const release = (): void => {
      if (!open) return;
      open = false;
      this.#pending--;
      const n = (this.#bySource.get(source) ?? 1) - 1;
      if (n <= 0) this.#bySource.delete(source);
      else this.#bySource.set(source, n);
      clearTimeout(timer);
      socket.off('data', count);
    };
    const over = (): void => {
      this.refused++;
      release();
      socket.destroy();
    };
    const count = (chunk: Buffer): void => {
      bytes += chunk.length;
      if (bytes > this.budget.preAuthBytes) over();
    };
    const timer = setTimeout(over, this.budget.preAuthMs);
    timer.unref();
    socket.on('data', count);
    socket.once('close', release);
    return { authenticated: release };
  }
}
