/**
 * From raw samples to the numbers in a report: the median time scaled to each
 * program's nRef, the ratio to the baseline engine, and each engine's
 * geometric mean of ratios.
 * @module
 */
import type { Program } from './programs.js';
import type { GeomeanResult, RunResult, RunStatus } from './report/report-types.js';
import { geomean, median, relativeSpread } from './stats.js';

/** Raw measurements of one engine on one program. */
export interface RawRun {
  readonly engine: string;
  readonly program: Program;
  readonly status: RunStatus;
  readonly n?: number;
  readonly samples: readonly number[];
  readonly checksum?: string;
  readonly note?: string;
}

/**
 * Summarises raw runs.
 * @param raw measurements, any order
 * @param engines engine ids in report order (for the geomean list)
 * @param baseline the engine ratios are relative to
 * @returns per-run results (ratios where the baseline has a time) and geomeans
 * @example summarizeRuns(raw, ['turbofan', 'liftoff'], 'turbofan').geomean[1].value
 */
export function summarizeRuns(
  raw: readonly RawRun[],
  engines: readonly string[],
  baseline: string,
): { runs: RunResult[]; geomean: GeomeanResult[] } {
  const msAtRef = (r: RawRun): number | undefined =>
    r.status === 'ok' && r.n !== undefined && r.samples.length > 0
      ? (median(r.samples) * r.program.nRef) / r.n
      : undefined;
  const baseTimes = new Map<string, number>();
  for (const r of raw) {
    const t = r.engine === baseline ? msAtRef(r) : undefined;
    if (t !== undefined) baseTimes.set(r.program.id, t);
  }
  const runs: RunResult[] = raw.map((r) => {
    const t = msAtRef(r);
    const base = baseTimes.get(r.program.id);
    const status: RunStatus = r.status === 'ok' && t === undefined ? 'error' : r.status;
    return {
      engine: r.engine,
      program: r.program.id,
      status,
      ...(r.n !== undefined ? { n: r.n } : {}),
      ...(r.samples.length > 0 ? { samplesMs: [...r.samples], spread: relativeSpread(r.samples) } : {}),
      ...(t !== undefined ? { msAtRef: t } : {}),
      ...(t !== undefined && base !== undefined && base > 0 ? { ratio: t / base } : {}),
      ...(r.checksum !== undefined ? { checksum: r.checksum } : {}),
      ...(r.note !== undefined
        ? { note: r.note }
        : status === 'error' && r.status === 'ok'
          ? { note: 'no samples' }
          : {}),
    };
  });
  const geo: GeomeanResult[] = engines.map((engine) => {
    const ratios = runs.filter((r) => r.engine === engine && r.ratio !== undefined && r.ratio > 0).map((r) => r.ratio!);
    return { engine, value: ratios.length > 0 ? geomean(ratios) : null, programs: ratios.length };
  });
  return { runs, geomean: geo };
}
