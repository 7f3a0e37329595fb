/**
 * `WasiHost`: one program's WASI host. It holds the host state (arguments, environment, clocks, random source,
 * standard streams, mounted file systems, descriptors), makes the `wasi_snapshot_preview1` host functions for a
 * store, resolves them by name when a captured store is restored, and exports and imports its whole state as
 * canonical bytes.
 * @module
 */
import {
  type Extern,
  type FuncType,
  type HostFunction,
  type HostResolver,
  i32,
  LinkError,
  Module,
  type Store,
  ValType,
} from '@edgedancer/interpreter';
import { WASI_CALLS } from './calls/call-table.js';
import type { WasiCall } from './calls/call-types.js';
import { type DeterministicClockOptions, WasiClock } from './clock.js';
import {
  Filetype,
  RIGHTS_DIRECTORY,
  RIGHTS_DIRECTORY_INHERITING,
  RIGHTS_STDIO,
  Rights,
  WASI_MODULE,
} from './constants.js';
import { type Descriptor, Stream } from './descriptors.js';
import { WasiError, WasiStateError } from './errors.js';
import type { FileSystem, FileSystemDecoder } from './fs/file-system.js';
import { MemoryFileSystem, type MemoryFileSystemOptions } from './fs/memory-file-system.js';
import { GuestMemory } from './guest-memory.js';
import { WasiRandom } from './random.js';
import { decodeWasiState, encodeWasiState, WASI_STATE_VERSION } from './state/state-codec.js';
import { type OutputSink, type StdinOption, StdinSource } from './stdio.js';
import { WasiState } from './wasi-state.js';

/** Deterministic mode: fixed clock start and step, seeded random bytes. */
export interface DeterministicOptions extends DeterministicClockOptions {
  /** Seed of the random bytes (u32). Default 0. */
  readonly seed?: number;
}

/** How a WASI host is set up. */
export interface WasiOptions {
  /** The program's arguments, the program name first. */
  readonly args?: readonly string[];
  /** The environment, as an object or as `KEY=VALUE` strings (in this order). */
  readonly env?: Readonly<Record<string, string>> | readonly string[];
  /** Guest directory paths and the file systems whose roots they name; descriptors 3, 4, … in this order. */
  readonly preopens?: Readonly<Record<string, FileSystem>>;
  /** Stdin: bytes, text, or a reader. Default: empty. */
  readonly stdin?: StdinOption;
  /** Receives stdout. Default: discarded. */
  readonly stdout?: OutputSink;
  /** Receives stderr. Default: discarded. */
  readonly stderr?: OutputSink;
  /** `true` or settings for deterministic clocks and random bytes (tests); default: the host's. */
  readonly deterministic?: boolean | DeterministicOptions;
  /** Most descriptors open at once (default 1024). */
  readonly maxOpenFiles?: number;
  /**
   * Rebuilds mounted file systems of kinds other than `memory` in `importState` (a `host-directory`, for
   * example); without it such state fails with `unsupported-backend`.
   */
  readonly decodeFileSystem?: FileSystemDecoder;
  /** Options of the memory file systems `importState` rebuilds (their limits; default: `MemoryFileSystem`'s). */
  readonly memoryFileSystem?: MemoryFileSystemOptions;
}

/** A named, versioned blob of host state, shaped as the snapshot format's host sections. */
export interface WasiHostSection {
  readonly name: 'wasi';
  readonly version: number;
  readonly bytes: Uint8Array;
}

/** The prefix of every WASI host function's name in a store: `wasi_snapshot_preview1.`. */
export const WASI_HOST_NAME_PREFIX = `${WASI_MODULE}.`;

const encoder = new TextEncoder();
const VALTYPE = { i32: ValType.I32, i64: ValType.I64 } as const;

function funcTypeOf(c: WasiCall): FuncType {
  return { params: c.params.map((p) => VALTYPE[p]), results: c.results.map((p) => VALTYPE[p]) };
}

function sameType(a: FuncType, b: FuncType): boolean {
  return (
    a.params.length === b.params.length &&
    a.results.length === b.results.length &&
    a.params.every((t, i) => t === b.params[i]) &&
    a.results.every((t, i) => t === b.results[i])
  );
}

function noNul(s: string, what: string): Uint8Array {
  if (s.includes('\0')) throw new TypeError(`${what} must not contain NUL`);
  return encoder.encode(s);
}

/** One program's WASI host. */
export class WasiHost {
  /** The host state the WASI functions operate on (replaced by `importState`). */
  state: WasiState;
  private readonly options: WasiOptions;
  private readonly functions = new Map<string, HostFunction>();
  private readonly allocated = new WeakMap<Store, Map<string, Extern>>();

  /**
   * @param options arguments, environment, preopens, standard streams, deterministic mode
   * @throws TypeError when an argument or environment entry contains NUL
   * @example
   * const fs = new MemoryFileSystem();
   * const wasi = new WasiHost({ args: ['prog'], preopens: { '/sandbox': fs }, stdout: (b) => out.push(b) });
   */
  constructor(options: WasiOptions = {}) {
    this.options = options;
    const det =
      options.deterministic === true ? {} : options.deterministic === false ? undefined : options.deterministic;
    const clock = new WasiClock(det ?? null);
    const random = new WasiRandom(det === undefined ? null : (det.seed ?? 0));
    this.state = this.emptyState(clock, random, new Uint8Array(0));
    const s = this.state;
    s.args = (options.args ?? []).map((a) => noNul(a, 'an argument'));
    const env = options.env ?? {};
    s.env = (Array.isArray(env) ? (env as readonly string[]) : Object.entries(env).map(([k, v]) => `${k}=${v}`)).map(
      (e) => noNul(e, 'an environment entry'),
    );
    const stdio = (stream: number): Descriptor => ({
      stream,
      fsIndex: -1,
      node: -1,
      filetype: Filetype.character_device,
      fdflags: 0,
      rightsBase: RIGHTS_STDIO & ~(stream === Stream.stdin ? Rights.fd_write : Rights.fd_read),
      rightsInheriting: 0n,
      offset: 0,
      preopen: null,
    });
    s.fds.set(0, stdio(Stream.stdin));
    s.fds.set(1, stdio(Stream.stdout));
    s.fds.set(2, stdio(Stream.stderr));
    for (const [guestPath, fs] of Object.entries(options.preopens ?? {})) {
      let fsIndex = s.fileSystems.indexOf(fs);
      if (fsIndex < 0) {
        fsIndex = s.fileSystems.push(fs) - 1;
        this.attachClock(fs);
      }
      s.open({
        stream: -1,
        fsIndex,
        node: fs.root(),
        filetype: Filetype.directory,
        fdflags: 0,
        rightsBase: RIGHTS_DIRECTORY,
        rightsInheriting: RIGHTS_DIRECTORY_INHERITING,
        offset: 0,
        preopen: guestPath,
      });
    }
  }

  private emptyState(clock: WasiClock, random: WasiRandom, stdinCarried: Uint8Array): WasiState {
    const discard: OutputSink = () => {};
    return new WasiState({
      clock,
      random,
      stdin: new StdinSource(this.options.stdin, stdinCarried),
      stdout: this.options.stdout ?? discard,
      stderr: this.options.stderr ?? discard,
      maxOpenFiles: this.options.maxOpenFiles,
    });
  }

  private attachClock(fs: FileSystem): void {
    const withClock = fs as FileSystem & { useClock?: (now: () => bigint) => void };
    withClock.useClock?.(() => this.state.clock.now());
  }

  /** The mounted file systems, in mount order (after `importState`: the restored ones). */
  get fileSystems(): readonly FileSystem[] {
    return this.state.fileSystems;
  }

  /** The preopened directories now open: guest path → file system. */
  preopens(): Map<string, FileSystem> {
    const out = new Map<string, FileSystem>();
    for (const fd of this.state.fds.numbers()) {
      const d = this.state.fds.get(fd);
      if (d.preopen !== null && !out.has(d.preopen)) out.set(d.preopen, this.state.fileSystems[d.fsIndex]!);
    }
    return out;
  }

  /**
   * The host function for a store-level name (`wasi_snapshot_preview1.fd_write`), or undefined.
   * The function reads this host's current state on every call, so it survives `importState`.
   */
  hostFunction(name: string): HostFunction | undefined {
    if (!name.startsWith(WASI_HOST_NAME_PREFIX)) return undefined;
    const c = WASI_CALLS.get(name.slice(WASI_HOST_NAME_PREFIX.length));
    if (c === undefined) return undefined;
    let fn = this.functions.get(c.name);
    if (fn === undefined) {
      fn = (args, ctx) => {
        const m = new GuestMemory(ctx);
        try {
          const errno = c.impl(this.state, m, args);
          return c.results.length === 0 ? [] : [i32(errno)];
        } catch (e) {
          if (e instanceof WasiError) return [i32(e.errno)];
          throw e; // WasiExit ends the run; anything else is a host failure, not a guest-visible error
        }
      };
      this.functions.set(c.name, fn);
    }
    return fn;
  }

  /**
   * Resolves host functions by name for `Store.restore`; names it does not know go to `fallback`.
   * @throws TypeError for an unknown name without a fallback, or a known name with another type
   */
  resolver(fallback?: HostResolver): HostResolver {
    return (name, type) => {
      const fn = this.hostFunction(name);
      if (fn === undefined) {
        if (fallback !== undefined) return fallback(name, type);
        throw new TypeError(`unknown host function '${name}'`);
      }
      const c = WASI_CALLS.get(name.slice(WASI_HOST_NAME_PREFIX.length))!;
      if (!sameType(funcTypeOf(c), type)) throw new TypeError(`host function '${name}' has another type`);
      return fn;
    };
  }

  /**
   * The imports of `module` in its import order: WASI functions allocated in `store` (once per store), other
   * imports from `other` (which may allocate them in `store`, the store it is given).
   * @throws LinkError for an unknown WASI function, or another import that `other` does not supply
   */
  imports(
    store: Store,
    module: Module,
    other?: (module: string, name: string, store: Store) => Extern | undefined,
  ): Extern[] {
    let mine = this.allocated.get(store);
    if (mine === undefined) {
      mine = new Map();
      this.allocated.set(store, mine);
    }
    return Module.imports(module).map((imp) => {
      if (imp.module === WASI_MODULE && imp.kind === 'function') {
        const name = `${WASI_HOST_NAME_PREFIX}${imp.name}`;
        let ext = mine.get(name);
        if (ext === undefined) {
          const c = WASI_CALLS.get(imp.name);
          if (c === undefined) throw new LinkError(`unknown WASI function ${imp.module}.${imp.name}`);
          ext = store.hostFunc(funcTypeOf(c), this.hostFunction(name)!, name);
          mine.set(name, ext);
        }
        return ext;
      }
      const ext = other?.(imp.module, imp.name, store);
      if (ext === undefined) throw new LinkError(`unresolved import ${imp.module}.${imp.name}`);
      return ext;
    });
  }

  /** The whole host state as canonical bytes (see `state-codec.ts`). */
  exportState(): Uint8Array {
    return encodeWasiState(this.state);
  }

  /** The state as the snapshot's `wasi` host section. */
  hostSection(): WasiHostSection {
    return { name: 'wasi', version: WASI_STATE_VERSION, bytes: this.exportState() };
  }

  /**
   * Replaces this host's state with exported state: arguments, environment, clocks, random source, unread stdin,
   * file systems and descriptors. The standard stream sinks, stdin reader and limits stay this host's own.
   * Nothing changes when the bytes are rejected.
   * @throws WasiStateError when the bytes are malformed, inconsistent or of an unknown file system kind
   */
  importState(bytes: Uint8Array): void {
    const decoded = decodeWasiState(bytes, (kind, b) => {
      if (kind === 'memory') return MemoryFileSystem.fromState(b, this.options.memoryFileSystem);
      if (this.options.decodeFileSystem !== undefined) return this.options.decodeFileSystem(kind, b);
      throw new WasiStateError('unsupported-backend', `no decoder for file system kind '${kind}'`);
    });
    const s = this.emptyState(decoded.clock, decoded.random, decoded.stdinUnread);
    s.args = decoded.args;
    s.env = decoded.env;
    s.fileSystems = decoded.fileSystems;
    for (const [fd, d] of decoded.fds) {
      s.fds.set(fd, d);
      if (d.stream === -1) s.fileSystems[d.fsIndex]!.retain(d.node);
    }
    for (const fs of s.fileSystems) {
      const held = fs as FileSystem & { checkHeld?: () => void };
      try {
        held.checkHeld?.();
      } catch {
        throw new WasiStateError('bad-value', 'an unlinked node is held by no descriptor');
      }
    }
    this.state = s;
    for (const fs of s.fileSystems) this.attachClock(fs);
  }

  /**
   * A host built from exported state.
   * @param bytes what `exportState` returned
   * @param options the new host's streams and decoders (its args, env, preopens and deterministic settings are
   * ignored: the state carries them)
   * @throws WasiStateError as `importState`
   */
  static fromState(bytes: Uint8Array, options: WasiOptions = {}): WasiHost {
    const { args: _a, env: _e, preopens: _p, ...rest } = options;
    const host = new WasiHost(rest);
    host.importState(bytes);
    return host;
  }
}
