/**
 * Fault injection for the fault and attack tests, read once from `EDGEDANCER_FAULT` (comma-separated). Never
 * set in normal use; each fault makes this node misbehave in one documented way.
 * @module
 */

/** The faults a node can be told to commit. */
export type Fault =
  /** destination: exit the process after the first state chunk arrives */
  | 'die-mid-transfer'
  /** destination: drop the connection after the first state chunk */
  | 'drop-mid-transfer'
  /** destination: refuse to restore */
  | 'fail-restore'
  /** destination: stop answering after the first state chunk (the source times out) */
  | 'stall'
  /** destination: quote as a debug enclave (own manifest, debug flag) */
  | 'quote-debug'
  /** destination: quote with an SVN one below the manifest's (own manifest) */
  | 'quote-lower-svn'
  /** destination: quote as another build (another runtime version) */
  | 'quote-other-measurement'
  /** destination: quote over report data that does not bind its key */
  | 'quote-unbound-key'
  /** source: flip one bit of the third sealed message */
  | 'tamper-ciphertext'
  /** source: after a successful migration, send the same snapshot again to the same peer */
  | 'replay-snapshot'
  /** source: the Commit message is lost (the connection is cut instead of sending it) */
  | 'cut-after-commit'
  /** destination: the Ready message is lost (the connection is cut instead of sending it) */
  | 'lose-ready'
  /** destination: announce the pause and wait {@link PAUSE_MS} after the first state chunk (a test cuts the link) */
  | 'pause-mid-transfer'
  /** destination: announce and wait after recording the held agent, before `Ready` */
  | 'pause-before-ready'
  /** source: announce and wait after recording the commit decision, before `Commit` */
  | 'pause-before-commit';

const ALL: readonly string[] = [
  'die-mid-transfer', 'drop-mid-transfer', 'fail-restore', 'stall', 'quote-debug', 'quote-lower-svn',
  'quote-other-measurement', 'quote-unbound-key', 'tamper-ciphertext', 'replay-snapshot',
  'cut-after-commit', 'lose-ready', 'pause-mid-transfer', 'pause-before-ready', 'pause-before-commit',
];

/** How long a `pause-*` fault waits. */
export const PAUSE_MS = 1000;

/** The line a `pause-*` fault writes to standard error when it starts waiting, followed by the point's name. */
export const PAUSE_MARK = 'edgedancer-fault-pause';

/**
 * A `pause-*` fault: announces the point on standard error (for a test that acts at that moment), then waits.
 * @param point - where the node is (`mid-transfer`, `before-ready`, `before-commit`)
 * @returns after {@link PAUSE_MS}
 */
export async function faultPause(point: string): Promise<void> {
  process.stderr.write(`${PAUSE_MARK} ${point}\n`);
  await new Promise((r) => setTimeout(r, PAUSE_MS));
}

/**
 * The faults in the environment.
 * @param env - the environment (default `process.env`)
 * @returns the set
 * @throws TypeError for an unknown fault name
 */
export function faultsFromEnv(env: NodeJS.ProcessEnv = process.env): ReadonlySet<Fault> {
  const names = (env.EDGEDANCER_FAULT ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const n of names) if (!ALL.includes(n)) throw new TypeError(`unknown EDGEDANCER_FAULT ${n}`);
  return new Set(names as Fault[]);
}
