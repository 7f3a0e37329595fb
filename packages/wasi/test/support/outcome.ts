/**
 * What a program run leaves behind, in a form every engine produces alike: exit code, stdout, stderr and the
 * sandbox's file tree (sorted paths; directories, file contents, symlink targets).
 * @module
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { MemoryFileSystem } from '@edgedancer/wasi';

/** One run's observable result. */
export interface Outcome {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** `path → 'dir' | 'file:<contents>' | 'link:<target>'`, paths sorted. */
  readonly tree: readonly [string, string][];
}

const decoder = new TextDecoder();

/** Collects a stream's bytes. */
export class Collector {
  private readonly chunks: Uint8Array[] = [];
  /** The sink to hand to a host. */
  readonly sink = (b: Uint8Array): void => {
    this.chunks.push(b.slice());
  };
  /** Everything collected, as text. */
  text(): string {
    let n = 0;
    for (const c of this.chunks) n += c.length;
    const all = new Uint8Array(n);
    let at = 0;
    for (const c of this.chunks) {
      all.set(c, at);
      at += c.length;
    }
    return decoder.decode(all);
  }
}

/** The tree of a host directory. */
export function treeOfDirectory(root: string): [string, string][] {
  const out: [string, string][] = [];
  const visit = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = lstatSync(p);
      const rel = prefix + name;
      if (st.isDirectory()) {
        out.push([rel, 'dir']);
        visit(p, `${rel}/`);
      } else if (st.isSymbolicLink()) {
        out.push([rel, `link:${readlinkSync(p)}`]);
      } else {
        out.push([rel, `file:${readFileSync(p, 'utf8')}`]);
      }
    }
  };
  visit(root, '');
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** The tree of an in-memory file system. */
export function treeOfMemory(fs: MemoryFileSystem): [string, string][] {
  const out: [string, string][] = [];
  for (const [path, e] of fs.tree()) {
    out.push([
      path,
      e.type === 'directory' ? 'dir' : e.type === 'symlink' ? `link:${e.target}` : `file:${decoder.decode(e.data)}`,
    ]);
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
