/**
 * Canonical bytes of a `MemoryFileSystem` (format version 1), all little-endian:
 *
 * ```
 * version:u32 rootId:u32 nextId:u32 count:u32  node*          nodes in ascending id order
 * node      = id:u32 type:u8 atim:u64 mtim:u64 ctim:u64 body
 * body(3)   = parent:u32 n:u32 (name:string node:u32)*n       directory; names in UTF-8 byte order
 * body(4)   = data:bytes                                       regular file
 * body(7)   = target:string                                    symbolic link
 * string    = len:u32 utf8[len]      bytes = len:u32 u8[len]
 * ```
 *
 * Link counts are not stored: they are the number of entries naming a node. Decoding checks everything before
 * building: ids, types, names and their order, that every entry names an existing node, that each directory
 * but the root is named exactly once and knows its parent, and that the tree is connected. Nodes named by no
 * entry are unlinked files or removed directories that descriptors still hold (the WASI host checks that).
 * @module
 */
import { Filetype } from '../constants.js';
import { WasiStateError } from '../errors.js';
import { ByteReader } from '../state/byte-reader.js';
import { ByteWriter } from '../state/byte-writer.js';
import type { MemNode } from './memory-file-system.js';
import { compareNames, isValidName } from './names.js';

/** The version of this encoding. */
export const MEMORY_FS_STATE_VERSION = 1;

/**
 * Encodes a memory file system's nodes.
 * @param rootId the root directory's id
 * @param nextId the next id to allocate
 * @param nodes every live node by id
 */
export function encodeMemoryFileSystem(
  rootId: number,
  nextId: number,
  nodes: ReadonlyMap<number, MemNode>,
): Uint8Array {
  const w = new ByteWriter();
  w.u32(MEMORY_FS_STATE_VERSION).u32(rootId).u32(nextId).u32(nodes.size);
  const ids = [...nodes.keys()].sort((a, b) => a - b);
  for (const id of ids) {
    const n = nodes.get(id)!;
    w.u32(id).u8(n.type).u64(n.atim).u64(n.mtim).u64(n.ctim);
    if (n.type === Filetype.directory) {
      const names = [...n.entries.keys()].sort(compareNames);
      w.u32(n.parent).u32(names.length);
      for (const name of names) w.string(name).u32(n.entries.get(name)!);
    } else if (n.type === Filetype.regular_file) {
      w.bytes(n.data.subarray(0, n.size));
    } else {
      w.string(n.target);
    }
  }
  return w.finish();
}

/** What decoding yields: nodes with link counts computed and open counts zero. */
export interface DecodedMemoryFileSystem {
  readonly rootId: number;
  readonly nextId: number;
  readonly nodes: MemNode[];
}

/**
 * Decodes and validates `encodeMemoryFileSystem` bytes.
 * @throws WasiStateError `bad-version`, `truncated`, `trailing-bytes`, `bad-value`, `non-canonical`
 */
export function decodeMemoryFileSystem(bytes: Uint8Array): DecodedMemoryFileSystem {
  const r = new ByteReader(bytes);
  const version = r.u32('memory fs version');
  if (version !== MEMORY_FS_STATE_VERSION) throw new WasiStateError('bad-version', `memory fs version ${version}`);
  const rootId = r.u32('memory fs root');
  const nextId = r.u32('memory fs next id');
  const count = r.count('memory fs node count', 29);
  const nodes: MemNode[] = [];
  const byId = new Map<number, MemNode>();
  let prev = 0;
  for (let i = 0; i < count; i++) {
    const id = r.u32('node id');
    if (id <= prev) throw new WasiStateError('non-canonical', `node ${id} out of order`);
    if (id >= nextId) throw new WasiStateError('bad-value', `node ${id} not below the next id ${nextId}`);
    prev = id;
    const type = r.u8('node type');
    const atim = r.u64('atim');
    const mtim = r.u64('mtim');
    const ctim = r.u64('ctim');
    let n: MemNode;
    if (type === Filetype.directory) {
      const parent = r.u32('parent');
      const entryCount = r.count('entry count', 8);
      const entries = new Map<string, number>();
      let last: string | null = null;
      for (let e = 0; e < entryCount; e++) {
        const name = r.string('entry name');
        const target = r.u32('entry node');
        if (!isValidName(name)) throw new WasiStateError('bad-value', 'invalid entry name');
        if (last !== null && compareNames(last, name) >= 0)
          throw new WasiStateError('non-canonical', 'entries out of order');
        last = name;
        entries.set(name, target);
      }
      n = { id, type, entries, parent, nlink: 0, open: 0, atim, mtim, ctim };
    } else if (type === Filetype.regular_file) {
      const data = r.bytes('file data');
      n = { id, type, data, size: data.length, nlink: 0, open: 0, atim, mtim, ctim };
    } else if (type === Filetype.symbolic_link) {
      const target = r.string('symlink target');
      if (target.includes('\0')) throw new WasiStateError('bad-value', 'symlink target holds NUL');
      n = { id, type, target, nlink: 0, open: 0, atim, mtim, ctim };
    } else {
      throw new WasiStateError('bad-value', `node type ${type}`);
    }
    nodes.push(n);
    byId.set(id, n);
  }
  r.end();
  checkTree(rootId, byId);
  return { rootId, nextId, nodes };
}

/** Link counts, parents and connectivity; sets `nlink` on every node. */
function checkTree(rootId: number, byId: ReadonlyMap<number, MemNode>): void {
  const root = byId.get(rootId);
  if (root === undefined || root.type !== Filetype.directory || root.parent !== rootId) {
    throw new WasiStateError('bad-value', 'root is not a directory that is its own parent');
  }
  for (const n of byId.values()) {
    if (n.type !== Filetype.directory) continue;
    for (const id of n.entries.values()) {
      const child = byId.get(id);
      if (child === undefined || id === rootId) throw new WasiStateError('bad-value', `entry names missing node ${id}`);
      child.nlink++;
      if (child.type === Filetype.directory) {
        if (child.nlink > 1) throw new WasiStateError('bad-value', `directory ${id} has two names`);
        if (child.parent !== n.id) throw new WasiStateError('bad-value', `directory ${id} has the wrong parent`);
      }
    }
  }
  root.nlink = 1;
  // Every linked node must be reachable from the root (no detached cycles of directories).
  const seen = new Set<number>([rootId]);
  const queue: MemNode[] = [root];
  while (queue.length > 0) {
    const d = queue.pop()!;
    if (d.type !== Filetype.directory) continue;
    for (const id of d.entries.values()) {
      if (seen.has(id)) continue;
      seen.add(id);
      queue.push(byId.get(id)!);
    }
  }
  for (const n of byId.values()) {
    if (n.nlink > 0 && !seen.has(n.id)) throw new WasiStateError('bad-value', `node ${n.id} is not reachable`);
    if (n.nlink === 0 && n.type === Filetype.directory && (n.parent !== n.id || n.entries.size > 0)) {
      throw new WasiStateError('bad-value', `removed directory ${n.id} is not empty and detached`);
    }
  }
}
