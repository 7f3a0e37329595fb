/**
 * The guest's clocks. Host mode reads the host's wall clock and a monotonic clock that continues from where it
 * stood when its state was exported (so it never goes back across a migration). Deterministic mode starts at a
 * fixed time and advances by a fixed step on every reading and by the requested time on every sleep.
 * @module
 */
import { ClockId } from './constants.js';
import { WasiError, WasiStateError } from './errors.js';
import type { ByteReader } from './state/byte-reader.js';
import type { ByteWriter } from './state/byte-writer.js';

/** Deterministic clock settings. */
export interface DeterministicClockOptions {
  /** Realtime clock's first reading, in ns since the epoch. Default 2024-01-01T00:00:00Z. */
  readonly realtimeStart?: bigint;
  /** Nanoseconds every reading advances the clocks. Default 1,000,000 (1 ms). */
  readonly step?: bigint;
}

/** 2024-01-01T00:00:00Z in ns. */
export const DEFAULT_REALTIME_START = 1_704_067_200_000_000_000n;
/** The deterministic clocks' default step: 1 ms. */
export const DEFAULT_CLOCK_STEP = 1_000_000n;
const U64_MAX = (1n << 64n) - 1n;

interface HostTime {
  readonly performance?: { now(): number; readonly timeOrigin: number };
}

const host = globalThis as unknown as HostTime;

/** Host monotonic time in ns (performance.now where available). */
function hostMonotonic(): bigint {
  const p = host.performance;
  return p === undefined ? BigInt(Date.now()) * 1_000_000n : BigInt(Math.round(p.now() * 1e6));
}

/** Host wall-clock time in ns since the epoch. */
function hostRealtime(): bigint {
  const p = host.performance;
  if (p === undefined) return BigInt(Date.now()) * 1_000_000n;
  return BigInt(Math.round(p.timeOrigin * 1e3)) * 1000n + BigInt(Math.round(p.now() * 1e6));
}

/** The clocks of one WASI host. */
export class WasiClock {
  /** True in deterministic mode. */
  readonly deterministic: boolean;
  private realtimeStart: bigint;
  private step: bigint;
  /** Deterministic mode: ns elapsed since the start. */
  private elapsed = 0n;
  /** Host mode: added to the host's monotonic reading to give the guest's monotonic clock. */
  private monotonicOffset = 0n;
  /** Host mode: added to the host's monotonic reading to give the guest's cpu-time clocks (0 at the start). */
  private cpuOffset: bigint;

  /**
   * @param deterministic settings for deterministic mode, or `null` for the host's clocks
   */
  constructor(deterministic: DeterministicClockOptions | null) {
    this.deterministic = deterministic !== null;
    this.realtimeStart = deterministic?.realtimeStart ?? DEFAULT_REALTIME_START;
    this.step = deterministic?.step ?? DEFAULT_CLOCK_STEP;
    if (this.realtimeStart < 0n || this.realtimeStart > U64_MAX || this.step < 0n || this.step > U64_MAX) {
      throw new RangeError('clock start and step must be u64 values');
    }
    this.cpuOffset = this.deterministic ? 0n : -hostMonotonic();
  }

  /**
   * Reads a clock (deterministic mode: then advances by the step).
   * @throws WasiError `inval` for an unknown clock id
   */
  time(id: number): bigint {
    const t = this.peek(id);
    if (this.deterministic) this.elapsed += this.step;
    return BigInt.asUintN(64, t);
  }

  /**
   * Reads a clock without advancing a deterministic clock.
   * @throws WasiError `inval` for an unknown clock id
   */
  peek(id: number): bigint {
    switch (id) {
      case ClockId.realtime:
        return this.deterministic ? this.realtimeStart + this.elapsed : hostRealtime();
      case ClockId.monotonic:
        return this.deterministic ? this.elapsed : hostMonotonic() + this.monotonicOffset;
      case ClockId.process_cputime_id:
      case ClockId.thread_cputime_id:
        // The host offers no portable cpu-time clock: the guest's cpu time is the time it has been running.
        return this.deterministic ? this.elapsed : hostMonotonic() + this.cpuOffset;
      default:
        throw new WasiError('inval');
    }
  }

  /**
   * The resolution of a clock in ns.
   * @throws WasiError `inval` for an unknown clock id
   */
  resolution(id: number): bigint {
    if (id < 0 || id > ClockId.thread_cputime_id) throw new WasiError('inval');
    return this.deterministic ? (this.step > 0n ? this.step : 1n) : 1000n;
  }

  /** The current wall-clock time for file timestamps (does not advance a deterministic clock). */
  now(): bigint {
    return BigInt.asUintN(64, this.peek(ClockId.realtime));
  }

  /**
   * Lets `ns` pass on the clocks: deterministic mode advances them; host mode blocks the thread (a blocking wait
   * where the host allows one, otherwise a busy wait).
   */
  sleep(ns: bigint): void {
    if (ns <= 0n) return;
    if (this.deterministic) {
      this.elapsed += ns;
      return;
    }
    const until = hostMonotonic() + ns;
    const cell = new Int32Array(new SharedArrayBuffer(4));
    for (;;) {
      const left = until - hostMonotonic();
      if (left <= 0n) return;
      try {
        Atomics.wait(cell, 0, 0, Number(left) / 1e6);
      } catch {
        // Atomics.wait is not allowed on this thread (a browser's main thread): wait by spinning.
      }
    }
  }

  /** Writes the clocks' state: mode, then the deterministic counters or the monotonic readings to continue from. */
  encode(w: ByteWriter): void {
    if (this.deterministic) {
      w.u8(1).u64(this.realtimeStart).u64(this.step).u64(BigInt.asUintN(64, this.elapsed));
    } else {
      w.u8(0)
        .u64(BigInt.asUintN(64, this.peek(ClockId.monotonic)))
        .u64(BigInt.asUintN(64, this.peek(ClockId.process_cputime_id)));
    }
  }

  /**
   * Reads clocks written by `encode`. Host mode continues the monotonic and cpu-time clocks from their readings.
   * @throws WasiStateError on a bad mode byte or truncated input
   */
  static decode(r: ByteReader): WasiClock {
    const mode = r.u8('clock mode');
    if (mode === 1) {
      const realtimeStart = r.u64('clock realtime start');
      const step = r.u64('clock step');
      const c = new WasiClock({ realtimeStart, step });
      c.elapsed = r.u64('clock elapsed');
      return c;
    }
    if (mode !== 0) throw new WasiStateError('bad-value', `clock mode ${mode}`);
    const monotonic = r.u64('clock monotonic');
    const cpu = r.u64('clock cputime');
    const c = new WasiClock(null);
    const now = hostMonotonic();
    c.monotonicOffset = monotonic - now;
    c.cpuOffset = cpu - now;
    return c;
  }
}
