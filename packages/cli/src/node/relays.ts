/**
 * Results of calls that travelled in flight with an agent and completed on this node, kept for the source node
 * that answers its user with them (`GET /v1/relay/:id` on the public listener). The id is derived from the
 * attested session's key (`session-secrets.ts`), so only the two ends of the session know it; an id is expected
 * from the moment the agent is held here, its result is given once and then forgotten, and an id that was never
 * expected (or was already taken) is refused at once. Bounded in number and time.
 * @module
 */
import type { RequestResult } from './hosted-agent.js';

/** How long an expected id and its result are kept. */
const KEEP_MS = 120_000;
/** The most ids expected at once. */
const MAX_EXPECTED = 4096;

interface Slot {
  result: RequestResult | null;
  waiters: ((r: RequestResult) => void)[];
  timer: NodeJS.Timeout;
}

/** The relayed results of one node. */
export class RelayStore {
  readonly #slots = new Map<string, Slot>();

  /** Ids expected or waiting to be taken. */
  get size(): number {
    return this.#slots.size;
  }

  /**
   * Expects a result under an id (an agent held here might complete a call that travelled with it).
   * @param relayId - the id
   */
  expect(relayId: string): void {
    if (this.#slots.has(relayId)) return;
    if (this.#slots.size >= MAX_EXPECTED) this.#drop(this.#slots.keys().next().value!);
    const timer = setTimeout(() => this.#drop(relayId), KEEP_MS);
    timer.unref();
    this.#slots.set(relayId, { result: null, waiters: [], timer });
  }

  /**
   * Keeps the result of a relayed call (ignored when the id is not expected).
   * @param relayId - its id
   * @param result - how it ended here
   */
  put(relayId: string, result: RequestResult): void {
    const s = this.#slots.get(relayId);
    if (s === undefined) return;
    const w = s.waiters.shift();
    if (w !== undefined) {
      this.#drop(relayId);
      w(result);
      return;
    }
    s.result = result;
  }

  /**
   * Takes the result of a call that arrived in flight, waiting for it if needed; single use.
   * @param relayId - the id
   * @param timeoutMs - how long to wait
   * @returns the result, or `null` when the id is not expected here
   */
  take(relayId: string, timeoutMs = 60_000): Promise<RequestResult> | null {
    const s = this.#slots.get(relayId);
    if (s === undefined || s.waiters.length > 0) return null;
    if (s.result !== null) {
      const r = s.result;
      this.#drop(relayId);
      return Promise.resolve(r);
    }
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        s.waiters = s.waiters.filter((x) => x !== w);
        resolve({ kind: 'error', code: 'relay-timeout', message: 'no result in time' });
      }, timeoutMs);
      const w = (x: RequestResult): void => {
        clearTimeout(t);
        resolve(x);
      };
      s.waiters.push(w);
    });
  }

  #drop(relayId: string): void {
    const s = this.#slots.get(relayId);
    if (s === undefined) return;
    clearTimeout(s.timer);
    this.#slots.delete(relayId);
  }
}
