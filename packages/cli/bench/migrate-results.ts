/**
 * The migration benchmark's results as data (what `migrate-bench.ts --json` writes and `migrate-report.ts` reads),
 * with the issue #18 targets they are judged against and the per-side memory budget.
 * @module
 */
import type { PhysicalLimits } from './physical-limits.js';

/** The medians of one case (memory size × mode) over its repetitions. Times in ms. */
export interface BenchRow {
  readonly memory: string;
  readonly pages: number;
  readonly mode: string;
  readonly reps: number;
  /** First transfer message → `Resumed`, as the source measures it. */
  readonly totalMs: number;
  /**
   * Downtime as users see it: from sending the first request the source did not serve (it was held for the
   * hand-over) to the answer of the first request served by the destination (the same request with a sequential
   * client: relayed, or redirected). An upper bound by at most one ordinary request's time.
   */
  readonly downtimeMs: number;
  /** Freeze → `Resumed`, as the source measures it. */
  readonly freezeMs: number;
  /** The longest any request waited during the move (also stalls while a round is captured or applied). */
  readonly maxWaitMs: number;
  /**
   * How long after the migrate call returned (after `Resumed`) the destination's first answer arrived: the part of
   * the downtime after the hand-over (within a control request's latency).
   */
  readonly answeredAfterResumedMs: number;
  /**
   * How the destination's first answer reached the client, per move: `relayed` (the call held at the source ran
   * at the destination and the source relayed its result), `redirected` (307 to the destination), `direct`.
   */
  readonly firstAnswers?: string;
  readonly attestationMs: number;
  readonly captureMs: number;
  readonly sealMs: number;
  readonly transferMs: number;
  readonly restoreMs: number;
  readonly mibSent: number;
  readonly rounds: number;
  /** Peak resident size of the source / destination node process during the move above its size before, MiB. */
  readonly srcExtraMiB: number;
  readonly dstExtraMiB: number;
  /** The stated budget of extra memory per side for this size, MiB ({@link memoryBudgetMiB}). */
  readonly budgetMiB: number;
  /** The freeze's phases (`stop`, `encode`, `send`, `ready`, `decide`, `resume`, `dst.apply`, …). */
  readonly downtimePhases: Record<string, number>;
}

/** One run of the benchmark. */
export interface BenchRun {
  readonly version: 2;
  /** ISO time the run started. */
  readonly started: string;
  readonly node: string;
  readonly cpus: number;
  /** Load averages (1, 5, 15 min) at the start and at the end of the run. */
  readonly loadStart: readonly number[];
  readonly loadEnd: readonly number[];
  readonly reps: number;
  /** The physical limits measured at the start of the run. */
  readonly limits: PhysicalLimits;
  /** Null on loopback; else the emulated link (namespace of node b, how the link is shaped, a short name). */
  readonly link: { readonly netns: string; readonly shaping: string; readonly name: string } | null;
  /** The command line that produced the run. */
  readonly command: string;
  readonly rows: readonly BenchRow[];
  /** Cases or requests that failed, in words. */
  readonly failures: readonly string[];
}

/** The stated budget of extra memory per side during a move: 1.25 × the agent's memory + 64 MiB (`docs/transfer-protocol.md`). */
export function memoryBudgetMiB(pages: number): number {
  return Number(((pages * 65536 * 1.25) / 1048576 + 64).toFixed(1));
}

/** One of the issue's targets, judged on a run. */
export interface TargetResult {
  readonly target: string;
  readonly measured: string;
  /** true met, false not met, null not measured in the run. */
  readonly met: boolean | null;
}

const fmt = (ms: number): string => (ms >= 100 ? Math.round(ms).toLocaleString('en-US') : String(ms));

/**
 * The issue #18 targets against a run's rows.
 * @param rows - the run's rows
 * @returns one line per target
 */
export function judgeTargets(rows: readonly BenchRow[]): TargetResult[] {
  const row = (memory: string, mode: string): BenchRow | undefined =>
    rows.find((r) => r.memory === memory && r.mode === mode);
  const out: TargetResult[] = [];
  for (const memory of ['64 KiB', '16 MiB', '256 MiB']) {
    const r = row(memory, 'pre-copy');
    out.push({
      target: `idle pre-copy downtime ≤ 5 ms at ${memory}`,
      measured: r === undefined ? 'not run' : `${fmt(r.downtimeMs)} ms`,
      met: r === undefined ? null : r.downtimeMs <= 5,
    });
  }
  for (const [memory, limit] of [
    ['16 MiB', 100],
    ['256 MiB', 1500],
  ] as const) {
    for (const mode of ['pre-copy', 'stop-and-copy']) {
      const r = row(memory, mode);
      out.push({
        target: `${memory} by ${mode} in ≤ ${fmt(limit)} ms total`,
        measured:
          r === undefined
            ? 'not run'
            : `${fmt(r.totalMs)} ms (${(((r.pages * 65536) / r.totalMs) * 1000 * 1e-6).toFixed(1)} MB/s)`,
        met: r === undefined ? null : r.totalMs <= limit,
      });
    }
  }
  const busy = rows.filter((r) => r.mode === 'pre-copy, busy');
  out.push({
    target: 'a busy agent converges or falls back by the documented rule (≤ 4 pre-copy rounds, then the final)',
    measured: busy.length === 0 ? 'not run' : busy.map((r) => `${r.memory}: ${r.rounds} rounds`).join(', '),
    met: busy.length === 0 ? null : busy.every((r) => r.rounds <= 5),
  });
  const mem = rows.filter((r) => Number.isFinite(r.srcExtraMiB) && Number.isFinite(r.dstExtraMiB));
  const over = mem.filter((r) => r.srcExtraMiB > r.budgetMiB || r.dstExtraMiB > r.budgetMiB);
  out.push({
    target: 'extra memory per side ≤ 1.25 × the agent + 64 MiB',
    measured:
      mem.length === 0
        ? 'not measured'
        : over.length === 0
          ? `within at every case (largest: ${Math.max(...mem.map((r) => Math.max(r.srcExtraMiB, r.dstExtraMiB)))} MiB)`
          : `over at ${over.map((r) => `${r.memory} ${r.mode} (${r.srcExtraMiB} / ${r.dstExtraMiB} of ${r.budgetMiB} MiB)`).join('; ')}`,
    met: mem.length === 0 ? null : over.length === 0,
  });
  return out;
}
