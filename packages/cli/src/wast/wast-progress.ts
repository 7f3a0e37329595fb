/**
 * Progress of `edgedancer wast` inside a file, on standard error so standard output keeps its one line per file:
 * on a terminal a status line rewritten in place (at most ten times a second) and cleared before each file's
 * line; elsewhere (a log, CI) a line every few seconds while a file is still running.
 * @module
 */

/** How progress is shown. */
export interface WastProgressOptions {
  /** Standard error is a terminal: show a status line. */
  readonly tty: boolean;
  /** Writes raw text to standard error. */
  readonly write: (text: string) => void;
  /** Milliseconds between progress lines when not on a terminal (0: none). */
  readonly intervalMs: number;
  /** The clock (ms). */
  readonly now?: () => number;
}

/** Milliseconds between two redraws of the status line. */
const REDRAW_MS = 100;

/** Tracks progress within the current file. */
export class WastProgress {
  private readonly now: () => number;
  private fileKey = '';
  private fileStarted = 0;
  private lastShown = 0;
  private lineShown = false;

  /** @param options - terminal or not, where to write, how often */
  constructor(private readonly options: WastProgressOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Called before each command.
   * @param key - the file's key
   * @param done - commands finished in it
   * @param total - its commands
   */
  onCommand(key: string, done: number, total: number): void {
    const t = this.now();
    if (key !== this.fileKey) {
      this.fileKey = key;
      this.fileStarted = t;
      this.lastShown = t;
    }
    if (this.options.tty) {
      if (t - this.lastShown < REDRAW_MS && done !== 0) return;
      this.lastShown = t;
      this.options.write(`\r\x1b[K${key}: ${done}/${total} commands, ${seconds(t - this.fileStarted)}`);
      this.lineShown = true;
      return;
    }
    if (this.options.intervalMs <= 0 || t - this.lastShown < this.options.intervalMs) return;
    this.lastShown = t;
    this.options.write(`  ${key}: ${done}/${total} commands after ${seconds(t - this.fileStarted)}…\n`);
  }

  /** Clears the status line (call before printing a file's line). */
  clear(): void {
    if (!this.lineShown) return;
    this.options.write('\r\x1b[K');
    this.lineShown = false;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
