/**
 * ffmpeg's core (Emscripten; its wasm has atomics and a shared-memory-capable build): encode a two-frame 64×64
 * `testsrc` clip to MPEG-4 in MP4 with bit-exact flags, driven by the package's own JavaScript.
 * @module
 */

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export const meta = { pkg: '@ffmpeg/core', kind: 'video (threads)', workload: 'encode 2-frame 64² testsrc to MPEG-4' };

export async function run() {
  const require = createRequire(import.meta.url);
  const wasmBinary = readFileSync(require.resolve('@ffmpeg/core/wasm'));
  // The core is built for browsers and workers: it reads `self.location` for its directory.
  globalThis.self ??= globalThis;
  globalThis.location ??= pathToFileURL(require.resolve('@ffmpeg/core'));
  const { default: createFFmpegCore } = await import('@ffmpeg/core');
  const log = [];
  const core = await createFFmpegCore({ wasmBinary, print: (s) => log.push(s), printErr: (s) => log.push(s) });
  const ret = core.exec(
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=64x64:rate=2:duration=1',
    '-c:v',
    'mpeg4',
    '-fflags',
    '+bitexact',
    '-flags',
    '+bitexact',
    '-map_metadata',
    '-1',
    'out.mp4',
  );
  if (ret !== 0) throw new Error(`ffmpeg exited with ${ret}: ${log.slice(-5).join('\n')}`);
  const out = core.FS.readFile('out.mp4');
  return `${out.length}:${createHash('sha256').update(out).digest('hex')}`;
}
