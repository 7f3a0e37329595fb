/**
 * The source's record of its hand-over decisions, kept so that a destination holding an agent in doubt can ask
 * later, even after this node restarted. A record holds the decision's token, not the session's key: a token
 * only proves the decision that was taken, so it may rest in the clear. For a commit it also holds the SHA-256
 * of the destination's `resumed` token; a matching acknowledgement settles the record and removes it.
 * On disk: `outcomes.json` (every record, rewritten atomically and durably when a record is removed) and
 * `outcomes.log` (records decided since, one JSON line each). A decision is on the hand-over's path, so it is
 * one small append flushed with `fdatasync` (a fraction of a millisecond) rather than a rewrite, rename and
 * directory flush; a torn last line (a crash during the append) is ignored: that decision never took effect.
 * @module
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
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
  readonly #logPath: string;
  readonly #records = new Map<string, OutcomeRecord>();
  /** The open journal (`outcomes.log`), appended to by {@link SourceOutcomes.record}. */
  #log: number | null = null;

  /**
   * @param stateDir - the node's state directory (read at once)
   */
  constructor(stateDir: string) {
    this.#path = join(stateDir, 'outcomes.json');
    this.#logPath = join(stateDir, 'outcomes.log');
    if (existsSync(this.#path))
      for (const r of JSON.parse(readFileSync(this.#path, 'utf8')) as OutcomeRecord[])
        this.#records.set(r.sessionId, r);
    if (existsSync(this.#logPath))
      for (const line of readFileSync(this.#logPath, 'utf8').split('\n')) {
        const r = parseLine(line);
        if (r !== null) this.#records.set(r.sessionId, r);
      }
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
    this.#append(rec);
    this.#records.set(rec.sessionId, rec);
    // the journal is folded into the file now and then (old aborts dropped there)
    if (this.#records.size > MAX_ABORTS + 100) this.#write(new Map(this.#records));
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

  /** Appends one record to the journal, flushed before returning (the journal is created, and its directory flushed, once). */
  #append(rec: OutcomeRecord): void {
    if (this.#log === null) {
      const dir = join(this.#path, '..');
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const fd = openSync(this.#logPath, 'a', 0o600);
      fsyncSync(fd);
      syncDir(dir);
      this.#log = fd;
    }
    // a line that a crash tore is skipped on reading: start every record on a line of its own
    writeSync(this.#log, `\n${JSON.stringify(rec)}\n`);
    fdatasyncSync(this.#log);
  }

  /** Writes every record to the file (atomically and durably), then empties the journal, whose records it holds. */
  #write(records: Map<string, OutcomeRecord>): void {
    const aborts = [...records.values()].filter((r) => r.outcome === 'abort');
    for (const r of aborts.slice(0, Math.max(0, aborts.length - MAX_ABORTS))) records.delete(r.sessionId);
    const dir = join(this.#path, '..');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.#path}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify([...records.values()]));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.#path);
    syncDir(dir);
    if (this.#log !== null) closeSync(this.#log);
    this.#log = null;
    // emptied only once the file holds its records (a crash in between replays them: the same records again)
    closeSync(openSync(this.#logPath, 'w', 0o600));
    this.#records.clear();
    for (const [k, v] of records) this.#records.set(k, v);
  }
}

/** Flushes a directory's entries (a file created or renamed in it survives a crash). */
function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A record of the journal, or null for an empty or torn line. */
function parseLine(line: string): OutcomeRecord | null {
  if (line.trim() === '') return null;
  try {
    const r = JSON.parse(line) as OutcomeRecord;
    return typeof r?.sessionId === 'string' && (r.outcome === 'commit' || r.outcome === 'abort') ? r : null;
  } catch {
    return null;
  }
}
