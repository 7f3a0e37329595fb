/**
 * The source's record of its hand-over decisions (`outcomes.json` in the state directory), kept so that a
 * destination holding an agent in doubt can ask later, even after this node restarted. A record holds the
 * decision's token, not the session's key: a token only proves the decision that was taken, so it may rest in
 * the clear. For a commit it also holds the SHA-256 of the destination's `resumed` token; a matching
 * acknowledgement settles the record and removes it.
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DecisionRecord } from './node-hooks.js';

/** One recorded decision. */
export interface OutcomeRecord {
  readonly sessionId: string;
  readonly agentId: string;
  readonly counter: string;
  readonly outcome: 'commit' | 'abort';
  /** Hex of the decision's token. */
  readonly token: string;
  /** Hex SHA-256 of the `resumed` token that settles a commit. */
  readonly ackHash?: string;
  /** Hex SHA-256 of the proof a destination presents to ask about the session (`session-secrets.ts`). */
  readonly askHash?: string;
  readonly at: number;
}

/** What a destination asking about a session is told. */
export type OutcomeAnswer =
  | { readonly outcome: 'commit' | 'abort'; readonly token: string }
  | { readonly outcome: 'unknown' };

const MAX_ABORTS = 1000;
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** The decisions of one node, persisted on every change. */
export class SourceOutcomes {
  readonly #path: string;
  readonly #records = new Map<string, OutcomeRecord>();

  /**
   * @param stateDir - the node's state directory (read at once)
   */
  constructor(stateDir: string) {
    this.#path = join(stateDir, 'outcomes.json');
    if (existsSync(this.#path))
      for (const r of JSON.parse(readFileSync(this.#path, 'utf8')) as OutcomeRecord[])
        this.#records.set(r.sessionId, r);
  }

  /**
   * Records a decision, written to disk before it is kept in memory: if this throws, nothing was recorded.
   * @param d - the decision, as the source's enclave reported it
   */
  record(d: DecisionRecord): void {
    const rec: OutcomeRecord = {
      sessionId: d.sessionId,
      agentId: d.agentId,
      counter: d.counter,
      outcome: d.outcome,
      token: Buffer.from(d.token).toString('hex'),
      ...(d.outcome === 'commit' && d.ackHash !== undefined ? { ackHash: d.ackHash } : {}),
      ...(d.askHash === undefined ? {} : { askHash: d.askHash }),
      at: Date.now(),
    };
    const next = new Map(this.#records).set(rec.sessionId, rec);
    const aborts = [...next.values()].filter((r) => r.outcome === 'abort');
    for (const r of aborts.slice(0, Math.max(0, aborts.length - MAX_ABORTS))) next.delete(r.sessionId);
    this.#write(next);
    this.#records.clear();
    for (const [k, v] of next) this.#records.set(k, v);
  }

  /**
   * The answer for a session of an agent, to the destination of that session (it proves it with the session's
   * ask proof; anyone else learns nothing, not even whether the session exists).
   * @param sessionId - the session
   * @param agentId - the agent it must be about
   * @param proof - hex of the ask proof
   * @returns the decision and its token, or `unknown`
   */
  answer(sessionId: string, agentId: string, proof: string): OutcomeAnswer {
    const r = this.#records.get(sessionId);
    if (r === undefined || r.agentId !== agentId || r.askHash === undefined || !/^[0-9a-f]{64}$/.test(proof))
      return { outcome: 'unknown' };
    if (sha(Buffer.from(proof, 'hex')) !== r.askHash) return { outcome: 'unknown' };
    return { outcome: r.outcome, token: r.token };
  }

  /**
   * The destination confirms a committed session: removes its record when the token matches.
   * @param sessionId - the session
   * @param token - the `resumed` token
   * @returns whether it matched
   */
  acknowledge(sessionId: string, token: Uint8Array): boolean {
    const r = this.#records.get(sessionId);
    if (r?.ackHash === undefined || sha(token) !== r.ackHash) return false;
    const next = new Map(this.#records);
    next.delete(sessionId);
    this.#write(next);
    this.#records.delete(sessionId);
    return true;
  }

  /**
   * Removes a settled session's record (the destination confirmed in-band with `Resumed`).
   * @param sessionId - the session
   */
  remove(sessionId: string): void {
    if (!this.#records.has(sessionId)) return;
    const next = new Map(this.#records);
    next.delete(sessionId);
    this.#write(next);
    this.#records.delete(sessionId);
  }

  /** Records held now. */
  get size(): number {
    return this.#records.size;
  }

  /** Committed sessions whose destination has not confirmed yet. */
  unsettled(): OutcomeRecord[] {
    return [...this.#records.values()].filter((r) => r.outcome === 'commit');
  }

  #write(records: Map<string, OutcomeRecord>): void {
    mkdirSync(join(this.#path, '..'), { recursive: true, mode: 0o700 });
    writeFileSync(`${this.#path}.tmp`, JSON.stringify([...records.values()]));
    renameSync(`${this.#path}.tmp`, this.#path);
  }
}
