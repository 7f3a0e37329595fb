/**
 * The budget of a transfer connection before its session is attested: such connections are capped in number (in
 * all and per source address; over the cap the upgrade is answered 503 and the source retries), and each may
 * send a number of bytes (the offer, the module, and what a source pipelines after its own `Attest`) within a
 * time. At the byte budget the listener stops reading the connection (back-pressure: the source's writes wait
 * in TCP) until the peer is attested, when reading resumes; a peer not attested within the time is closed,
 * whether paused or not. So an unattested peer costs at most the budget plus two socket reads of buffered bytes
 * (64 KiB each: the read that crossed the budget, delivered, and one held in the paused stream) and the
 * attestation time, and a legitimate source whose quote takes long to verify only waits.
 * Once the handshake has verified the peer's quote the budget no longer applies (the protocol's own per-message
 * timeouts and frame limit do).
 * @module
 */
import type { Socket } from 'node:net';

/** The budget. */
export interface TransferBudget {
  readonly maxPending: number;
  readonly maxPendingPerSource: number;
  /** Bytes read from a connection before the listener pauses it until the peer is attested. */
  readonly preAuthBytes: number;
  /** Time a connection has to be attested before it is closed. */
  readonly preAuthMs: number;
}

/** Counts of transfer connections not yet attested. */
export class PendingTransfers {
  #pending = 0;
  readonly #bySource = new Map<string, number>();
  /** Connections answered 503 over the caps, or closed for not being attested in time. */
  refused = 0;
  /** Connections paused at the byte budget (each counted once), whether attested later or closed. */
  paused = 0;

  /** @param budget - the budget */
  constructor(readonly budget: TransferBudget) {}

  /** Connections waiting to be attested. */
  get pending(): number {
    return this.#pending;
  }

  /**
   * Admits an upgraded socket under the budget.
   * @param socket - the connection
   * @param already - bytes of it already read (the `head` of the upgrade), counted against the budget
   * @returns `authenticated()` to call once the peer is attested, or `null` when the connection was answered 503
   */
  admit(socket: Socket, already = 0): { authenticated(): void } | null {
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
    let held = false;
    let bytes = already;
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
    const hold = (): void => {
      // the chunk in hand is still delivered to the other listeners, and the paused stream keeps one more read
      held = true;
      this.paused++;
      socket.pause();
    };
    const count = (chunk: Buffer): void => {
      bytes += chunk.length;
      if (!held && bytes >= this.budget.preAuthBytes) hold();
    };
    const timeUp = (): void => {
      this.refused++;
      release();
      socket.destroy();
    };
    const timer = setTimeout(timeUp, this.budget.preAuthMs);
    timer.unref();
    socket.on('data', count);
    socket.once('close', release);
    if (bytes >= this.budget.preAuthBytes) hold();
    return {
      authenticated: () => {
        if (!open) return;
        release();
        if (held && !socket.destroyed) socket.resume();
      },
    };
  }
}
