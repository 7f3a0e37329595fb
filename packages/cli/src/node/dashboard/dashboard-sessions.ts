/**
 * Sign-in for the operators' dashboard. A browser cannot sign requests (RFC 9421), so an operator's signed
 * request (`edgedancer dashboard`) makes the node mint a login token: 32 random bytes, valid for 60 s, good
 * once, bound to this control listener (a token is only ever looked up by the listener that minted it). The
 * browser opens the login URL once and trades the token for a session: another 32 random bytes held in an
 * `HttpOnly`, `SameSite=Strict` cookie scoped to `/dashboard` on this listener, valid for at most 8 hours and 1
 * hour idle. Both are kept only as SHA-256 hashes, both stores are bounded (the oldest entry goes first), and
 * both are in memory only: a restart signs everyone out.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';

/** How long a login token is valid (ms). */
export const LOGIN_TOKEN_MS = 60_000;
/** A session's longest life and longest idleness (ms). */
export const SESSION_MAX_MS = 8 * 3600_000;
export const SESSION_IDLE_MS = 3600_000;
/** How many unused tokens and live sessions are kept at most. */
export const MAX_TOKENS = 64;
export const MAX_SESSIONS = 64;

const hash = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** Login tokens and sessions of one control listener. */
export class DashboardSessions {
  readonly #tokens = new Map<string, { expires: number; keyid: string }>();
  readonly #sessions = new Map<string, { created: number; seen: number; keyid: string }>();

  /** @param now - the clock (ms), for tests */
  constructor(readonly now: () => number = Date.now) {}

  /**
   * Mints a login token for an operator whose signed request was verified.
   * @param keyid - the operator key that asked
   * @returns the token (base64url) and when it expires
   */
  mintToken(keyid: string): { token: string; expiresAt: number } {
    this.#sweep();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + LOGIN_TOKEN_MS;
    this.#tokens.set(hash(token), { expires: expiresAt, keyid });
    while (this.#tokens.size > MAX_TOKENS) this.#tokens.delete(this.#tokens.keys().next().value!);
    return { token, expiresAt };
  }

  /**
   * Trades a login token for a session; the token is spent whatever the outcome.
   * @param token - from the login URL
   * @returns the session secret, or `null` for an unknown, spent or expired token
   */
  redeem(token: string): string | null {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const h = hash(token);
    const t = this.#tokens.get(h);
    this.#tokens.delete(h);
    if (t === undefined || t.expires < this.now()) return null;
    this.#sweep();
    const session = randomBytes(32).toString('base64url');
    const now = this.now();
    this.#sessions.set(hash(session), { created: now, seen: now, keyid: t.keyid });
    while (this.#sessions.size > MAX_SESSIONS) this.#sessions.delete(this.#sessions.keys().next().value!);
    return session;
  }

  /**
   * Whether a session secret is live (and marks it used).
   * @param session - from the cookie
   * @returns the operator key that signed its login, or `null`
   */
  check(session: string | undefined): string | null {
    if (session === undefined || !/^[A-Za-z0-9_-]{43}$/.test(session)) return null;
    const h = hash(session);
    const s = this.#sessions.get(h);
    const now = this.now();
    if (s === undefined) return null;
    if (now - s.created > SESSION_MAX_MS || now - s.seen > SESSION_IDLE_MS) {
      this.#sessions.delete(h);
      return null;
    }
    s.seen = now;
    return s.keyid;
  }

  /**
   * Ends a session.
   * @param session - from the cookie
   */
  end(session: string | undefined): void {
    if (session !== undefined) this.#sessions.delete(hash(session));
  }

  /** Live sessions (for the status). */
  get size(): number {
    return this.#sessions.size;
  }

  #sweep(): void {
    const now = this.now();
    for (const [h, t] of this.#tokens) if (t.expires < now) this.#tokens.delete(h);
    for (const [h, s] of this.#sessions)
      if (now - s.created > SESSION_MAX_MS || now - s.seen > SESSION_IDLE_MS) this.#sessions.delete(h);
  }
}
