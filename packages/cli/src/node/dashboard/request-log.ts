/**
 * The latencies of the latest requests to agents on the public listener, for the operators' dashboard: a ring of
 * fixed size (no growth in a long-running node), each entry when it was answered, how long it took, which agent
 * and the status answered.
 * @module
 */

/** One request as logged. */
export interface LoggedRequest {
  /** When it was answered (ms since the epoch). */
  readonly at: number;
  /** From its arrival to its answer, ms. */
  readonly ms: number;
  readonly agent: string;
  readonly status: number;
}

/** A bounded log of request latencies. */
export class RequestLog {
  readonly #ring: (LoggedRequest | undefined)[];
  #next = 0;
  #count = 0;

  /** @param capacity - how many of the latest requests are kept (default 2000) */
  constructor(readonly capacity = 2000) {
    this.#ring = new Array<LoggedRequest | undefined>(capacity);
  }

  /**
   * Records a request.
   * @param r - the request
   */
  add(r: LoggedRequest): void {
    this.#ring[this.#next] = r;
    this.#next = (this.#next + 1) % this.capacity;
    this.#count++;
  }

  /** Requests logged since the node started (also those no longer kept). */
  get total(): number {
    return this.#count;
  }

  /**
   * The kept requests answered after a time, oldest first.
   * @param since - ms since the epoch (default: all kept)
   * @returns the requests
   */
  since(since = -Infinity): LoggedRequest[] {
    const out: LoggedRequest[] = [];
    for (let k = 0; k < this.capacity; k++) {
      const r = this.#ring[(this.#next + k) % this.capacity];
      if (r !== undefined && r.at > since) out.push(r);
    }
    return out;
  }
}
