/**
 * Who may put which agent on a node. An agent is admitted (deployed, or arriving from a peer) only when its
 * manifest's signer (`mrSigner`, checked by `EINIT`) is on the node's allow-list and it is not a debug enclave
 * (unless the node runs in debug mode). Each agent id is bound to its signer and module (`ids.json` in the state
 * directory): while bound, nobody else can take the id. The binding stays while the agent runs here, arrives
 * here, or has moved away (then the id also remembers where it went, so its URL keeps redirecting and nobody can
 * deploy under it); the operator's `stop` releases it.
 * @module
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeError } from './http-io.js';
import { type AskedLimits, DEFAULT_LIMITS, parseAskedLimits } from './limits.js';

/** What the node admits. */
export interface AdmissionPolicy {
  /** `mrSigner` values (hex) whose agents are admitted. */
  readonly allowSigners: ReadonlySet<string>;
  /** Admit debug enclaves (a development node only). */
  readonly debugEnclaves: boolean;
}

/** The binding of one id. */
export interface IdBinding {
  readonly signer: string;
  readonly module: string;
  /** Where it went, once it moved away. */
  readonly gone?: string;
  /** The limits its deploy asked (lower than the node's), kept while the id is bound. */
  readonly limits?: AskedLimits;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/**
 * Checks an enclave's identity against the policy.
 * @param policy - the node's policy
 * @param identity - the agent enclave's identity after `EINIT` (or the manifest of an arriving agent)
 * @throws NodeError 403 `signer-not-allowed`, `debug-not-allowed`
 */
export function admit(
  policy: AdmissionPolicy,
  identity: { readonly mrSigner: Uint8Array; readonly debug: boolean },
): void {
  if (identity.debug && !policy.debugEnclaves)
    throw new NodeError(
      403,
      'debug-not-allowed',
      'debug enclaves are refused (start the node with --debug-enclaves to allow them)',
    );
  if (!policy.allowSigners.has(hex(identity.mrSigner)))
    throw new NodeError(
      403,
      'signer-not-allowed',
      "the manifest's signer is not on this node's allow-list (--allow-signer)",
    );
}

/** The ids bound on a node, persisted. */
export class IdBindings {
  readonly #path: string;
  readonly #ids = new Map<string, IdBinding>();

  /** @param stateDir - the node's state directory (read at once) */
  constructor(stateDir: string) {
    this.#path = join(stateDir, 'ids.json');
    if (!existsSync(this.#path)) return;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.#path, 'utf8'));
    } catch {
      throw new NodeError(500, 'bad-state', 'ids.json in the state directory is not valid JSON');
    }
    for (const [id, b] of Object.entries(raw as Record<string, IdBinding>)) {
      if (typeof b?.signer !== 'string' || typeof b.module !== 'string') continue;
      let limits: AskedLimits = {};
      try {
        limits = parseAskedLimits(b.limits, DEFAULT_LIMITS, false);
      } catch {
        throw new NodeError(500, 'bad-state', 'ids.json in the state directory holds malformed limits');
      }
      this.#ids.set(id, {
        signer: b.signer,
        module: b.module,
        ...(typeof b.gone === 'string' ? { gone: b.gone } : {}),
        ...(Object.keys(limits).length === 0 ? {} : { limits }),
      });
    }
  }

  /**
   * The binding of an id.
   * @param id - the agent id
   * @returns it, or `undefined`
   */
  get(id: string): IdBinding | undefined {
    return this.#ids.get(id);
  }

  /** Ids that moved away, with where they went. */
  gone(): [string, string][] {
    return [...this.#ids].filter(([, b]) => b.gone !== undefined).map(([id, b]) => [id, b.gone!]);
  }

  /**
   * Checks that an agent of this signer and module may take the id here.
   * @param id - the agent id
   * @param signer - `mrSigner` (hex)
   * @param module - the module's hash (hex)
   * @param arriving - the agent arrives from a peer (it may come back to an id that moved away from here)
   * @throws NodeError 409 `agent-id-taken` (bound to another signer or module), `agent-moved-away` (a deploy under
   *   the id of an agent that moved on)
   */
  check(id: string, signer: string, module: string, arriving: boolean): void {
    const b = this.#ids.get(id);
    if (b === undefined) return;
    if (b.signer !== signer || b.module !== module)
      throw new NodeError(409, 'agent-id-taken', `agent id ${id} belongs to another signer or module`);
    if (b.gone !== undefined && !arriving)
      throw new NodeError(409, 'agent-moved-away', `agent ${id} moved to another node; its id stays reserved`);
  }

  /**
   * Binds an id (the agent runs or arrives here).
   * @param id - the agent id
   * @param signer - `mrSigner` (hex)
   * @param module - the module's hash (hex)
   * @param limits - the limits its deploy asked
   */
  bind(id: string, signer: string, module: string, limits: AskedLimits = {}): void {
    this.#set(id, { signer, module, ...(Object.keys(limits).length === 0 ? {} : { limits }) });
  }

  /**
   * Marks an id as moved away (still reserved).
   * @param id - the agent id
   * @param location - the node it went to
   */
  moved(id: string, location: string): void {
    const b = this.#ids.get(id);
    if (b !== undefined) this.#set(id, { ...b, gone: location });
  }

  /**
   * Releases an id (the operator stopped the agent, or a deploy failed before it ran).
   * @param id - the agent id
   */
  release(id: string): void {
    if (!this.#ids.has(id)) return;
    const next = new Map(this.#ids);
    next.delete(id);
    this.#write(next);
    this.#ids.delete(id);
  }

  #set(id: string, b: IdBinding): void {
    const next = new Map(this.#ids).set(id, b);
    this.#write(next);
    this.#ids.set(id, b);
  }

  #write(ids: Map<string, IdBinding>): void {
    mkdirSync(join(this.#path, '..'), { recursive: true, mode: 0o700 });
    writeFileSync(`${this.#path}.tmp`, JSON.stringify(Object.fromEntries(ids)), { mode: 0o600 });
    renameSync(`${this.#path}.tmp`, this.#path);
  }
}
