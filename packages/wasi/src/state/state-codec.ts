/**
 * The WASI host state as canonical bytes (format version 1, little-endian), what travels as the snapshot's `wasi`
 * host section:
 *
 * ```
 * magic "WASI"  version:u32
 * args:   n:u32 bytes*n                 UTF-8, no NUL inside
 * env:    n:u32 bytes*n                 `KEY=VALUE`
 * clock:  0 monotonic:u64 cputime:u64   | 1 realtimeStart:u64 step:u64 elapsed:u64
 * random: 0                             | 1 state:u32*4
 * stdin:  bytes                         unread bytes given as stdin
 * fs:     n:u32 (kind:string state:bytes)*n        mounted file systems, in mount order
 * fds:    n:u32 fd*n                    ascending descriptor numbers
 * fd    = number:u32 stream:u8 [fsIndex:u32 node:u32 filetype:u8 offset:u64]  (stream 255: a node)
 *         fdflags:u16 rightsBase:u64 rightsInheriting:u64 hasPreopen:u8 [preopen:string]
 * bytes = len:u32 u8[len]     string = bytes of UTF-8
 * ```
 *
 * The same state gives the same bytes; decoding validates every field before a host adopts it.
 * @module
 */
import { WasiClock } from '../clock.js';
import { FDFLAGS_ALL, Filetype, RIGHTS_ALL } from '../constants.js';
import type { Descriptor } from '../descriptors.js';
import { WasiStateError } from '../errors.js';
import type { FileSystem, FileSystemDecoder } from '../fs/file-system.js';
import { WasiRandom } from '../random.js';
import type { WasiState } from '../wasi-state.js';
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';

/** The version of the WASI host state encoding (also the `wasi` host section's version). */
export const WASI_STATE_VERSION = 1;
/** The first four bytes of encoded WASI host state: "WASI". */
export const WASI_STATE_MAGIC = new Uint8Array([0x57, 0x41, 0x53, 0x49]);

const STREAM_NODE = 255;

/** Encodes a WASI host's state. */
export function encodeWasiState(s: WasiState): Uint8Array {
  const w = new ByteWriter();
  w.raw(WASI_STATE_MAGIC).u32(WASI_STATE_VERSION);
  w.u32(s.args.length);
  for (const a of s.args) w.bytes(a);
  w.u32(s.env.length);
  for (const e of s.env) w.bytes(e);
  s.clock.encode(w);
  s.random.encode(w);
  w.bytes(s.stdin.unread());
  w.u32(s.fileSystems.length);
  for (const fs of s.fileSystems) w.string(fs.kind).bytes(fs.exportState());
  const numbers = s.fds.numbers();
  w.u32(numbers.length);
  for (const fd of numbers) {
    const d = s.fds.get(fd);
    w.u32(fd);
    if (d.stream === -1) w.u8(STREAM_NODE).u32(d.fsIndex).u32(d.node).u8(d.filetype).u64(BigInt(d.offset));
    else w.u8(d.stream);
    w.u16(d.fdflags).u64(d.rightsBase).u64(d.rightsInheriting);
    if (d.preopen === null) w.u8(0);
    else w.u8(1).string(d.preopen);
  }
  return w.finish();
}

/** What decoding yields, for a host to adopt. */
export interface DecodedWasiState {
  readonly args: Uint8Array[];
  readonly env: Uint8Array[];
  readonly clock: WasiClock;
  readonly random: WasiRandom;
  readonly stdinUnread: Uint8Array;
  readonly fileSystems: FileSystem[];
  readonly fds: [number, Descriptor][];
}

function noNul(b: Uint8Array, what: string): Uint8Array {
  if (b.includes(0)) throw new WasiStateError('bad-value', `${what} holds a NUL byte`);
  return b;
}

/**
 * Decodes and validates `encodeWasiState` bytes. Descriptors are checked against their file systems (the node
 * exists and has the recorded type) but not yet retained.
 * @param bytes the encoding
 * @param decodeFileSystem rebuilds a mounted file system from its kind and bytes
 * @throws WasiStateError for bad magic or version, truncated or trailing bytes, a bad or non-canonical field,
 * or a file system kind the decoder does not know (`unsupported-backend`)
 */
export function decodeWasiState(bytes: Uint8Array, decodeFileSystem: FileSystemDecoder): DecodedWasiState {
  const r = new ByteReader(bytes);
  for (const b of WASI_STATE_MAGIC)
    if (r.u8('magic') !== b) throw new WasiStateError('bad-magic', 'not WASI host state');
  const version = r.u32('version');
  if (version !== WASI_STATE_VERSION) throw new WasiStateError('bad-version', `version ${version}`);
  const args: Uint8Array[] = [];
  for (let i = r.count('arg count', 4); i > 0; i--) args.push(noNul(r.bytes('arg'), 'an argument'));
  const env: Uint8Array[] = [];
  for (let i = r.count('env count', 4); i > 0; i--) env.push(noNul(r.bytes('env entry'), 'an environment entry'));
  const clock = WasiClock.decode(r);
  const random = WasiRandom.decode(r);
  const stdinUnread = r.bytes('stdin');
  const fileSystems: FileSystem[] = [];
  for (let i = r.count('file system count', 8); i > 0; i--) {
    const kind = r.string('file system kind');
    fileSystems.push(decodeFileSystem(kind, r.bytes('file system state')));
  }
  const fds: [number, Descriptor][] = [];
  let prev = -1;
  for (let i = r.count('descriptor count', 24); i > 0; i--) {
    const fd = r.u32('descriptor number');
    if (fd <= prev) throw new WasiStateError('non-canonical', `descriptor ${fd} out of order`);
    prev = fd;
    const stream = r.u8('stream');
    let d: Descriptor;
    if (stream === STREAM_NODE) {
      const fsIndex = r.u32('file system index');
      const node = r.u32('node');
      const filetype = r.u8('filetype') as Filetype;
      const offset = r.u64('offset');
      const fs = fileSystems[fsIndex];
      if (fs === undefined) throw new WasiStateError('bad-value', `descriptor ${fd}: no file system ${fsIndex}`);
      let actual: number;
      try {
        actual = fs.filetype(node);
      } catch {
        throw new WasiStateError('bad-value', `descriptor ${fd}: no node ${node}`);
      }
      if (actual !== filetype) throw new WasiStateError('bad-value', `descriptor ${fd}: file type mismatch`);
      if (offset > BigInt(Number.MAX_SAFE_INTEGER)) throw new WasiStateError('bad-value', `descriptor ${fd}: offset`);
      d = {
        stream: -1,
        fsIndex,
        node,
        filetype,
        fdflags: 0,
        rightsBase: 0n,
        rightsInheriting: 0n,
        offset: Number(offset),
        preopen: null,
      };
    } else if (stream <= 2) {
      d = {
        stream,
        fsIndex: -1,
        node: -1,
        filetype: Filetype.character_device,
        fdflags: 0,
        rightsBase: 0n,
        rightsInheriting: 0n,
        offset: 0,
        preopen: null,
      };
    } else {
      throw new WasiStateError('bad-value', `descriptor ${fd}: stream ${stream}`);
    }
    d.fdflags = r.u16('fdflags');
    d.rightsBase = r.u64('rights base');
    d.rightsInheriting = r.u64('rights inheriting');
    if ((d.fdflags & ~FDFLAGS_ALL) !== 0) throw new WasiStateError('bad-value', `descriptor ${fd}: fdflags`);
    if ((d.rightsBase & ~RIGHTS_ALL) !== 0n || (d.rightsInheriting & ~RIGHTS_ALL) !== 0n) {
      throw new WasiStateError('bad-value', `descriptor ${fd}: rights`);
    }
    if (r.bool('has preopen')) {
      d.preopen = r.string('preopen');
      if (d.filetype !== Filetype.directory)
        throw new WasiStateError('bad-value', `descriptor ${fd}: preopen of a non-directory`);
    }
    fds.push([fd, d]);
  }
  r.end();
  return { args, env, clock, random, stdinUnread, fileSystems, fds };
}
