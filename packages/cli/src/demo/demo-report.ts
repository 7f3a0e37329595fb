/**
 * What the demo prints after its run, from plain data: which requests were in flight during a migration (their
 * time overlaps a migration's, from its start to its commit), a one-line explanation of each migration (why it
 * moved, from and to, how, downtime), the request table with column headers (unremarkable runs folded into one
 * row), why each slow request was slow, and what the migration counter counts.
 * @module
 */

/** A request of the run, times in ms since its start. */
export interface DemoRequest {
  readonly i: number;
  readonly request: string;
  /** When it was sent and answered. */
  readonly at: number;
  readonly ms: number;
  /** The node that answered. */
  readonly node: string;
  /** Redirects followed (the agent had moved). */
  readonly hops: number;
  readonly ok: boolean;
  /** Whether a migration was under way at some moment between its sending and its answer. */
  readonly inFlight: boolean;
  /** Why the script sends it (agent-initiated moves, long computations), if it is special. */
  readonly note?: string;
}

/** A migration as the source node reported it, with its window in the run's clock. */
export interface DemoMigration {
  readonly from: string;
  readonly to: string;
  readonly initiator: string;
  readonly mode: string;
  readonly kind: string;
  readonly rounds: number;
  readonly bytesSent: number;
  readonly moduleSent: boolean;
  readonly totalMs: number;
  readonly downtimeMs: number;
  readonly counter: string;
  /** Its start and commit, ms since the run's start. */
  readonly startMs: number;
  readonly endMs: number;
  /** Why it happened (from the script). */
  readonly why: string;
}

/** A move the script makes, to match against the nodes' reports. */
export interface ExpectedMove {
  readonly initiator: 'agent' | 'platform';
  readonly to: string;
  readonly why: string;
}

/**
 * Gives each reported migration the reason of the script's move it is (the first unused one of the same
 * initiator and destination, in order).
 * @param reported - the migrations, in the order they committed
 * @param expected - the script's moves in order
 * @returns a reason per migration (`unexpected` for one the script did not make)
 */
export function reasonsFor(
  reported: readonly { initiator: string; to: string }[],
  expected: readonly ExpectedMove[],
): string[] {
  const used = new Set<number>();
  return reported.map((m) => {
    const k = expected.findIndex((e, j) => !used.has(j) && e.initiator === m.initiator && e.to === m.to);
    if (k < 0) return 'unexpected: the script made no such move';
    used.add(k);
    return expected[k]!.why;
  });
}

/**
 * The migrations a request was in flight during: those whose interval overlaps its own.
 * @param at - sent, ms
 * @param ms - latency
 * @param migrations - windows
 * @returns their indices
 */
export function overlappingMigrations(
  at: number,
  ms: number,
  migrations: readonly { startMs: number; endMs: number }[],
): number[] {
  return migrations.flatMap((m, k) => (at < m.endMs && at + ms > m.startMs ? [k] : []));
}

/**
 * The threshold above which a request counts as slow: 3× the median, and at least 50 ms above it.
 * @param latencies - every request's latency
 * @returns ms
 */
export function slowThreshold(latencies: readonly number[]): number {
  const s = [...latencies].sort((a, b) => a - b);
  const median = s[Math.floor(s.length / 2)] ?? 0;
  return Math.max(3 * median, median + 50);
}

/**
 * Why a slow request was slow, from what is known about it.
 * @param r - the request
 * @param migrations - the run's migrations
 * @returns one phrase
 */
export function slowReason(r: DemoRequest, migrations: readonly DemoMigration[]): string {
  const ks = overlappingMigrations(r.at, r.ms, migrations);
  if (ks.length > 0) {
    const moved = ks
      .map(
        (k) =>
          `migration ${k + 1} (${migrations[k]!.from} → ${migrations[k]!.to}) took ${migrations[k]!.totalMs.toFixed(0)} ms of it, ${migrations[k]!.downtimeMs.toFixed(0)} ms of downtime`,
      )
      .join('; ');
    const total = ks.reduce((n, k) => n + migrations[k]!.totalMs, 0);
    const rest =
      total < r.ms / 2
        ? r.note !== undefined
          ? '; the rest is the computation itself'
          : '; the rest is the node and the machine being busy'
        : '';
    return `${r.note === undefined ? '' : `${r.note}: `}${moved}${rest}`;
  }
  const why =
    r.i === 0
      ? "first request: the client fetched and verified the agent's attestation and set up the channel"
      : r.hops > 0
        ? 'followed the agent to its new node and verified its attestation there'
        : 'no migration under way: the machine was busy (the nodes and the client share its cores)';
  return r.note === undefined ? why : `${r.note}; ${why}`;
}

/**
 * The one-line explanation of a migration.
 * @param m - the migration
 * @param k - its number (0-based)
 * @returns the line
 */
export function migrationLine(m: DemoMigration, k: number): string {
  const how = `${m.mode} ${m.kind}${m.mode === 'pre-copy' ? `, ${m.rounds} round${m.rounds === 1 ? '' : 's'}` : ''}`;
  return (
    `${k + 1}. ${m.from} → ${m.to} at ${(m.startMs / 1000).toFixed(1)} s, ${m.initiator === 'agent' ? 'by the agent' : 'by the operator'}: ${m.why}; ${how}, ` +
    `${(m.bytesSent / 1024).toFixed(0)} KiB${m.moduleSent ? ' (module included)' : ''}; total ${m.totalMs.toFixed(0)} ms, downtime ${m.downtimeMs.toFixed(0)} ms`
  );
}

/**
 * The request table: a header, then a row for every remarkable request (in flight, slow, special, redirected,
 * failed, the first and the last), runs of the others folded into one row each.
 * @param requests - the requests in order
 * @param migrations - the migrations
 * @returns lines
 */
export function requestTable(requests: readonly DemoRequest[], migrations: readonly DemoMigration[]): string[] {
  const slow = slowThreshold(requests.map((r) => r.ms));
  const width = Math.max(7, ...requests.map((r) => r.request.length));
  const lines = [
    `  ${'#'.padStart(3)}  ${'sent at'.padStart(8)}  ${'node'.padEnd(7)}  ${'latency'.padStart(9)}  ${'mig'.padEnd(3)}  ${'request'.padEnd(width)}  why slow / note`,
  ];
  let run: DemoRequest[] = [];
  const flush = (): void => {
    if (run.length === 0) return;
    const ms = run.map((r) => r.ms);
    const nodes = [...new Set(run.map((r) => r.node))].join(',');
    lines.push(
      `  ${'…'.padStart(3)}  ${(run[0]!.at / 1000).toFixed(2).padStart(6)} s  ${nodes.padEnd(7)}  ${(Math.min(...ms).toFixed(0) === Math.max(...ms).toFixed(0) ? `${Math.min(...ms).toFixed(0)} ms` : `${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)} ms`).padStart(9)}  ${''.padEnd(3)}  ${`${run.length} more request${run.length === 1 ? '' : 's'}`.padEnd(width)}  none during a migration, none slow`,
    );
    run = [];
  };
  requests.forEach((r, j) => {
    const isSlow = r.ms > slow;
    const remarkable =
      r.inFlight || isSlow || r.note !== undefined || r.hops > 0 || !r.ok || j === 0 || j === requests.length - 1;
    if (!remarkable) {
      run.push(r);
      return;
    }
    flush();
    const why = isSlow
      ? slowReason(r, migrations)
      : (r.note ?? (r.hops > 0 ? `redirected ${r.hops}× to the agent's new node` : ''));
    lines.push(
      `  ${String(r.i).padStart(3)}  ${(r.at / 1000).toFixed(2).padStart(6)} s  ${r.node.padEnd(7)}  ${`${r.ms.toFixed(1)} ms`.padStart(9)}  ${(
        r.inFlight ? ' * ' : ''
      ).padEnd(3)}  ${r.request.padEnd(width)}  ${r.ok ? '' : 'MISMATCH '}${why}`.trimEnd(),
    );
  });
  flush();
  return lines;
}

/**
 * What the final migration counter means.
 * @param counter - the agent's counter at the end
 * @param migrations - the run's migrations
 * @returns one line
 */
export function counterLine(counter: string, migrations: readonly DemoMigration[]): string {
  const rounds = migrations.reduce((n, m) => n + m.rounds, 0);
  return (
    `migration counter ${counter} after ${migrations.length} move${migrations.length === 1 ? '' : 's'}: it counts snapshots of the agent's state, not moves. ` +
    `Each move takes at least one (${rounds} transfer rounds in these moves), and a node takes one each time it seals the idle agent at rest, ` +
    'so every copy has its own number and an older copy is refused (replayed-snapshot, rolled-back).'
  );
}
