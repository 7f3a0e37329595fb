/**
 * Choosing n per engine and program: every program's work is linear in n, so
 * a slow engine runs a smaller n and its time is scaled to the program's nRef.
 * Calibration runs double as warm-up.
 * @module
 */
import type { RunSample } from './engines/engine-types.js';

/** A calibration run must take at least this long to be trusted for scaling. */
export const MIN_CALIBRATION_MS = 10;

/**
 * The first n to try: a thousandth of nRef, at least 1.
 * @param nRef the program's reference n
 * @returns the starting n
 */
export function initialN(nRef: number): number {
  return Math.max(1, Math.floor(nRef / 1000));
}

/**
 * The next n to try after a run that was too short, or `undefined` when the
 * run is long enough (or n already is nRef) to choose the final n.
 * @param n the n just run
 * @param cpuMs its CPU time
 * @param nRef the program's reference n
 * @returns the next n, or `undefined` to stop
 * @example nextCalibrationN(1, 0.5, 1000) // 40
 */
export function nextCalibrationN(n: number, cpuMs: number, nRef: number): number | undefined {
  if (cpuMs >= MIN_CALIBRATION_MS || n >= nRef) return undefined;
  const factor = cpuMs > 0.01 ? Math.ceil((2 * MIN_CALIBRATION_MS) / cpuMs) : 1000;
  return Math.min(nRef, n * Math.min(Math.max(factor, 2), 1000));
}

/**
 * The n whose run should take about `targetMs`, capped to [1, nRef].
 * @param n the calibration n
 * @param cpuMs its CPU time
 * @param nRef the program's reference n
 * @param targetMs the wanted duration of one timed run
 * @returns the n for the timed runs
 * @example chooseN(10, 5, 1000, 100) // 200
 */
export function chooseN(n: number, cpuMs: number, nRef: number, targetMs: number): number {
  if (cpuMs <= 0) return nRef;
  return Math.min(nRef, Math.max(1, Math.round((targetMs * n) / cpuMs)));
}

/** At most this many warm-up runs at the calibrated n. */
export const MAX_WARMUP_RUNS = 6;
/** Warm-up ends when a run is within this fraction of the previous one. */
export const WARM_TOLERANCE = 0.2;

/**
 * Runs at n until two consecutive times agree within `WARM_TOLERANCE` (a JIT
 * has settled), then re-chooses n from the last, warm time.
 * @param run runs the program at n
 * @param n the cold-calibrated n
 * @param nRef the program's reference n
 * @param targetMs the wanted duration of one timed run
 * @returns the n for the timed runs
 */
export async function warmUp(
  run: (n: number) => Promise<RunSample>,
  n: number,
  nRef: number,
  targetMs: number,
): Promise<number> {
  let previous: number | undefined;
  let last = 0;
  for (let k = 0; k < MAX_WARMUP_RUNS; k++) {
    last = (await run(n)).cpuMs;
    if (previous !== undefined && Math.abs(last - previous) <= WARM_TOLERANCE * previous) break;
    previous = last;
  }
  return chooseN(n, last, nRef, targetMs);
}

/**
 * Calibrates one engine on one program.
 * @param run runs the program at n (and checks its checksum, throwing on a mismatch)
 * @param nRef the program's reference n
 * @param targetMs the wanted duration of one timed run
 * @returns the chosen n
 */
export async function calibrate(
  run: (n: number) => Promise<RunSample>,
  nRef: number,
  targetMs: number,
): Promise<number> {
  let n = initialN(nRef);
  for (;;) {
    const sample = await run(n);
    const next = nextCalibrationN(n, sample.cpuMs, nRef);
    if (next === undefined) return chooseN(n, sample.cpuMs, nRef, targetMs);
    n = next;
  }
}
