/**
 * Everything a WASI host holds for one program: arguments, environment, clocks, random source, standard streams,
 * mounted file systems and the descriptor table. The WASI functions in `calls/` operate on it; `state-codec.ts`
 * turns it into bytes and back.
 * @module
 */
import type { WasiClock } from './clock.js';
import { type Descriptor, DescriptorTable } from './descriptors.js';
import { WasiError } from './errors.js';
import type { FileSystem } from './fs/file-system.js';
import type { WasiRandom } from './random.js';
import type { OutputSink, StdinSource } from './stdio.js';

/** The host state of one WASI program. */
export class WasiState {
  /** Arguments, UTF-8, without terminators. */
  args: Uint8Array[] = [];
  /** Environment entries `KEY=VALUE`, UTF-8, without terminators. */
  env: Uint8Array[] = [];
  clock: WasiClock;
  random: WasiRandom;
  stdin: StdinSource;
  stdout: OutputSink;
  stderr: OutputSink;
  /** Mounted file systems; descriptors refer to them by index. */
  fileSystems: FileSystem[] = [];
  fds: DescriptorTable;

  constructor(init: {
    clock: WasiClock;
    random: WasiRandom;
    stdin: StdinSource;
    stdout: OutputSink;
    stderr: OutputSink;
    maxOpenFiles?: number;
  }) {
    this.clock = init.clock;
    this.random = init.random;
    this.stdin = init.stdin;
    this.stdout = init.stdout;
    this.stderr = init.stderr;
    this.fds = new DescriptorTable(init.maxOpenFiles);
  }

  /**
   * The file system of a node descriptor.
   * @throws WasiError `badf` for a standard stream
   */
  fsOf(d: Descriptor): FileSystem {
    const fs = this.fileSystems[d.fsIndex];
    if (d.stream !== -1 || fs === undefined) throw new WasiError('badf');
    return fs;
  }

  /**
   * Opens a descriptor on a node (retaining the node).
   * @throws WasiError `mfile` when the table is full
   */
  open(d: Descriptor): number {
    const fs = this.fsOf(d);
    fs.retain(d.node);
    try {
      return this.fds.insert(d);
    } catch (e) {
      fs.release(d.node);
      throw e;
    }
  }

  /**
   * Closes a descriptor (releasing its node).
   * @throws WasiError `badf`
   */
  close(fd: number): void {
    const d = this.fds.remove(fd);
    if (d.stream === -1) this.fileSystems[d.fsIndex]?.release(d.node);
  }
}
