/**
 * Peers and the platforms they are pinned to. A peer is configured as `name=url` or `name=url#platformIdHex`;
 * without a configured pin, the first platform id a transfer to it verified is stored (`pins.json` in the state
 * directory) and pinned from then on (trust on first use). The pin is handed to the source enclave with each
 * transfer: the enclave refuses a destination whose quote names another platform before any state leaves.
 * @module
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One configured peer. */
export interface PeerSpec {
  readonly url: string;
  /** Configured pin (lowercase hex), or undefined for trust on first use. */
  readonly pin?: string;
}

const PIN = /^[0-9a-f]{16,128}$/;

/**
 * Parses `url` or `url#platformIdHex`.
 * @param spec - the value after `name=`
 * @returns the peer
 * @throws TypeError for a malformed URL or pin
 */
export function parsePeer(spec: string): PeerSpec {
  const hash = spec.indexOf('#');
  const url = new URL(hash < 0 ? spec : spec.slice(0, hash)).toString();
  if (hash < 0) return { url };
  const pin = spec.slice(hash + 1).toLowerCase();
  if (!PIN.test(pin)) throw new TypeError(`the pin after # must be a platform id in hex, got ${pin}`);
  return { url, pin };
}

/** The pins of a node's peers: configured ones, and those learned on first use. */
export class PeerPins {
  readonly #path: string;
  readonly #learned = new Map<string, string>();

  /**
   * @param stateDir - where learned pins are kept
   * @param configured - peers by name
   */
  constructor(
    stateDir: string,
    readonly configured: ReadonlyMap<string, PeerSpec>,
  ) {
    this.#path = join(stateDir, 'pins.json');
    if (existsSync(this.#path)) {
      const j = JSON.parse(readFileSync(this.#path, 'utf8')) as Record<string, unknown>;
      for (const [k, v] of Object.entries(j)) if (typeof v === 'string' && PIN.test(v)) this.#learned.set(k, v);
    }
  }

  /**
   * The platform a peer must run on, or null when none is known yet.
   * @param name - the peer
   * @returns hex platform id
   */
  pin(name: string): string | null {
    return this.configured.get(name)?.pin ?? this.#learned.get(name) ?? null;
  }

  /**
   * A transfer verified the peer's platform: pin it if nothing was pinned.
   * @param name - the peer
   * @param platformId - hex platform id
   */
  learn(name: string, platformId: string): void {
    if (!this.configured.has(name) || this.pin(name) !== null || !PIN.test(platformId)) return;
    this.#learned.set(name, platformId);
    mkdirSync(join(this.#path, '..'), { recursive: true, mode: 0o700 });
    writeFileSync(`${this.#path}.tmp`, JSON.stringify(Object.fromEntries(this.#learned)));
    renameSync(`${this.#path}.tmp`, this.#path);
  }

  /** Every peer with its URL and pin (for the node's status). */
  list(): Record<string, { url: string; pin: string | null }> {
    return Object.fromEntries([...this.configured].map(([n, p]) => [n, { url: p.url, pin: this.pin(n) }]));
  }
}
