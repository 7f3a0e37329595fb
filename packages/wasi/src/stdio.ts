/**
 * The standard streams as the host provides them: stdin from bytes (whose unread part travels with the host
 * state) or from a reader function, stdout and stderr to sinks.
 * @module
 */

/** Receives what the guest writes to stdout or stderr. The bytes are a fresh copy the sink may keep. */
export type OutputSink = (bytes: Uint8Array) => void;

/**
 * Supplies stdin on demand: returns up to `maxBytes` bytes, an empty array at end of input. It may block
 * (a synchronous read of the process's stdin, for example).
 */
export type InputReader = (maxBytes: number) => Uint8Array;

/** What stdin reads: fixed bytes (or text, as UTF-8), or a reader. */
export type StdinOption = Uint8Array | string | InputReader;

const encoder = new TextEncoder();

/**
 * Stdin: first the pending bytes (given as bytes, or carried over from exported state), then the reader if any.
 */
export class StdinSource {
  private pending: Uint8Array;
  private pos = 0;
  private readonly reader: InputReader | null;

  /**
   * @param option the host's stdin
   * @param carried unread bytes from imported state, read before `option`
   */
  constructor(option: StdinOption | undefined, carried: Uint8Array = new Uint8Array(0)) {
    if (typeof option === 'function') {
      this.pending = carried;
      this.reader = option;
    } else {
      const own = typeof option === 'string' ? encoder.encode(option) : (option ?? new Uint8Array(0));
      const all = new Uint8Array(carried.length + own.length);
      all.set(carried);
      all.set(own, carried.length);
      this.pending = all;
      this.reader = null;
    }
  }

  /** Reads up to `max` bytes; an empty result is the end of input. */
  read(max: number): Uint8Array {
    if (this.pos < this.pending.length) {
      const end = Math.min(this.pending.length, this.pos + max);
      const out = this.pending.subarray(this.pos, end);
      this.pos = end;
      return out;
    }
    if (this.reader === null || max === 0) return new Uint8Array(0);
    return this.reader(max);
  }

  /** How many bytes a read could return without blocking (the pending bytes). */
  available(): number {
    return this.pending.length - this.pos;
  }

  /** The unread pending bytes: what travels with the host state (a reader's future input does not). */
  unread(): Uint8Array {
    return this.pending.subarray(this.pos);
  }
}
