/**
 * What holds a node's event loop, for operators (the status's `eventLoop`, `blocking`, `operations`, `gc` and
 * `stalls`): the loop's delays (`monitorEventLoopDelay`), the longest run of each synchronous operation on the
 * loop's thread (wall and CPU), the wall time of each asynchronous operation (a request, a persist, a deploy: most
 * of it spent in the agent's enclave worker or the file system's thread pool, not on the loop), the garbage
 * collector's pauses by kind, and the longest stalls themselves with what overlapped them (garbage collection,
 * operations under way) and, on Linux, how much of each the loop's thread spent running and how much waiting for
 * a CPU (`/proc/self/task/<tid>/schedstat`): the running part is the node's own work, the waiting part the
 * machine's load. Cheap enough to stay on: a 10 ms timer reading one small file, a `gc` performance observer.
 * @module
 */
import { readFileSync } from 'node:fs';
import { constants, type IntervalHistogram, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

/** The longest run of one kind of operation (milliseconds). */
export interface OpTiming {
  count: number;
  maxMs: number;
  /** Synchronous operations only: the CPU time of the longest run (the process's, so other threads count too). */
  maxCpuMs?: number;
  totalMs: number;
}

/** One event-loop stall and what overlapped it. */
export interface Stall {
  /** When it ended (ms since the epoch). */
  readonly at: number;
  /** How late the loop's timer ran (ms, over its 10 ms period). */
  readonly ms: number;
  /** The loop's thread on a CPU during the stall, and waiting for one (ms; NaN where not known). */
  readonly cpuMs: number;
  readonly waitMs: number;
  /** Operations under way when it ended. */
  readonly during: string[];
  /** For the overlap: the stall's start and end on the performance clock. */
  readonly from: number;
  readonly to: number;
}

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

/** Stalls kept (the longest), pauses of the collector kept for the overlap (the latest). */
const KEEP_STALLS = 10;
const KEEP_GCS = 512;
/** A tick at least this late (ms) is a stall worth keeping. */
const STALL_MS = 15;
const PERIOD_MS = 10;

/** The watch over one node's event loop. */
export class LoopWatch {
  /** The loop's delays since the start or the last reset. */
  readonly delay: IntervalHistogram = monitorEventLoopDelay({ resolution: PERIOD_MS });
  /** Synchronous operations on the loop's thread. */
  readonly blocking = new Map<string, OpTiming>();
  /** Asynchronous operations, end to end. */
  readonly operations = new Map<string, OpTiming>();
  /** The collector's pauses on this thread, by kind. */
  readonly gc = new Map<string, OpTiming>();
  readonly #stalls: Stall[] = [];
  readonly #gcs: { from: number; to: number; kind: string }[] = [];
  readonly #under = new Map<string, number>();
  readonly #timer: NodeJS.Timeout;
  /** The longest time the loop's thread ran between two ticks (its own work, without the machine's waits). */
  #longestRun: { cpuMs: number; at: number; from: number; to: number; during: string[] } | null = null;
  readonly #observer: PerformanceObserver;

  constructor() {
    this.delay.enable();
    let last = performance.now();
    let sched = schedstat();
    this.#timer = setInterval(() => {
      const now = performance.now();
      const late = now - last - PERIOD_MS;
      const from = last;
      last = now;
      const was = sched;
      sched = schedstat();
      const cpuMs = (sched[0] - was[0]) / 1e6;
      const waitMs = (sched[1] - was[1]) / 1e6;
      if (cpuMs > (this.#longestRun?.cpuMs ?? 0))
        this.#longestRun = { cpuMs, at: Date.now(), from, to: now, during: [...this.#under.keys()] };
      if (late >= STALL_MS) this.#stall(from, now, late, cpuMs, waitMs);
    }, PERIOD_MS);
    this.#timer.unref();
    this.#observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const kind = GC_KINDS[(e as { detail?: { kind?: number } }).detail?.kind ?? -1] ?? 'other';
        add(this.gc, kind, e.duration);
        if (e.duration >= 1) {
          this.#gcs.push({ from: e.startTime, to: e.startTime + e.duration, kind });
          if (this.#gcs.length > KEEP_GCS) this.#gcs.shift();
        }
      }
    });
    this.#observer.observe({ entryTypes: ['gc'] });
  }

  /**
   * Runs a synchronous operation, keeping its longest wall and CPU time under `name`.
   * @param name - the operation
   * @param fn - the work
   * @returns its result
   */
  timed<T>(name: string, fn: () => T): T {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    try {
      return fn();
    } finally {
      const c = process.cpuUsage(c0);
      add(this.blocking, name, performance.now() - t0, (c.user + c.system) / 1000);
    }
  }

  /**
   * Times an asynchronous operation end to end under `name` (failures too); a stall while it is under way
   * names it.
   * @param name - the operation
   * @param work - the operation
   * @returns its result
   */
  async track<T>(name: string, work: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    this.#under.set(name, (this.#under.get(name) ?? 0) + 1);
    try {
      return await work();
    } finally {
      const n = (this.#under.get(name) ?? 1) - 1;
      if (n === 0) this.#under.delete(name);
      else this.#under.set(name, n);
      add(this.operations, name, performance.now() - t0);
    }
  }

  /**
   * Records one asynchronous operation's wall time (when {@link track} cannot wrap it).
   * @param name - the operation
   * @param ms - its wall time
   */
  record(name: string, ms: number): void {
    add(this.operations, name, ms);
  }

  /** Starts measuring afresh (after a warm-up). */
  reset(): void {
    this.delay.reset();
    this.blocking.clear();
    this.operations.clear();
    this.gc.clear();
    this.#stalls.length = 0;
    this.#longestRun = null;
  }

  /** Stops the timer and the observer. */
  close(): void {
    clearInterval(this.#timer);
    this.#observer.disconnect();
    this.delay.disable();
  }

  /** @returns the loop's delays (ms): max, p99, p50, mean */
  delays(): { maxDelayMs: number; p99DelayMs: number; p50DelayMs: number; meanDelayMs: number } {
    return {
      maxDelayMs: this.delay.max / 1e6,
      p99DelayMs: this.delay.percentile(99) / 1e6,
      p50DelayMs: this.delay.percentile(50) / 1e6,
      meanDelayMs: this.delay.mean / 1e6,
    };
  }

  /**
   * @returns the longest stalls, longest first, each with the collector's pauses that overlapped it and the loop
   *   thread's running and waiting time in it
   */
  stalls(): {
    at: number;
    ms: number;
    cpuMs: number;
    waitMs: number;
    gcMs: number;
    gcKinds: string[];
    during: string[];
  }[] {
    return [...this.#stalls]
      .sort((a, b) => b.ms - a.ms)
      .map((s) => ({
        at: s.at,
        ms: round(s.ms),
        cpuMs: round(s.cpuMs),
        waitMs: round(s.waitMs),
        ...this.#gcIn(s.from, s.to),
        during: s.during,
      }));
  }

  /**
   * @returns the longest time the loop's thread ran between two of the watch's ticks (its own longest stall, the
   *   machine's waits left out; `null` where the thread's times are not known), with the collection in it
   */
  longestRun(): { cpuMs: number; at: number; gcMs: number; gcKinds: string[]; during: string[] } | null {
    const r = this.#longestRun;
    if (r === null || Number.isNaN(r.cpuMs)) return null;
    return { cpuMs: round(r.cpuMs), at: r.at, ...this.#gcIn(r.from, r.to), during: r.during };
  }

  #gcIn(from: number, to: number): { gcMs: number; gcKinds: string[] } {
    let gcMs = 0;
    const kinds = new Set<string>();
    for (const g of this.#gcs) {
      const overlap = Math.min(g.to, to) - Math.max(g.from, from);
      if (overlap > 0) {
        gcMs += overlap;
        kinds.add(g.kind);
      }
    }
    return { gcMs: round(gcMs), gcKinds: [...kinds] };
  }

  #stall(from: number, to: number, ms: number, cpuMs: number, waitMs: number): void {
    const s: Stall = { at: Date.now(), ms, cpuMs, waitMs, during: [...this.#under.keys()], from, to };
    if (this.#stalls.length < KEEP_STALLS) this.#stalls.push(s);
    else {
      let min = 0;
      for (let i = 1; i < this.#stalls.length; i++) if (this.#stalls[i]!.ms < this.#stalls[min]!.ms) min = i;
      if (this.#stalls[min]!.ms < ms) this.#stalls[min] = s;
    }
  }
}

const round = (x: number): number => Math.round(x * 10) / 10;

/** Where the loop's thread's scheduler times are (Linux): its task's `schedstat`. */
const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;
let schedKnown = true;

/** @returns the loop's thread's time on a CPU and waiting for one (ns, cumulative; NaN where not known) */
function schedstat(): [number, number] {
  if (!schedKnown) return [NaN, NaN];
  try {
    const [run, wait] = readFileSync(SCHEDSTAT, 'latin1').split(' ');
    return [Number(run), Number(wait)];
  } catch {
    schedKnown = false;
    return [NaN, NaN];
  }
}

function add(m: Map<string, OpTiming>, name: string, ms: number, cpuMs?: number): void {
  const t = m.get(name) ?? { count: 0, maxMs: 0, totalMs: 0 };
  t.count++;
  t.totalMs += ms;
  if (ms > t.maxMs) {
    t.maxMs = ms;
    if (cpuMs !== undefined) t.maxCpuMs = cpuMs;
  }
  m.set(name, t);
}
