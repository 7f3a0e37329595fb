/**
 * The C test programs and how each is run: arguments, environment, files placed in the sandbox before the run,
 * stdin. The sandbox is preopened as `/sandbox` on every engine.
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The folder of the programs' sources, `.wasm` files and build script. */
export const PROGRAMS_DIR = fileURLToPath(new URL('../../../test-programs/', import.meta.url));

/** One program run. */
export interface ProgramCase {
  /** A name for the test. */
  readonly name: string;
  /** The `.wasm` file in `test-programs/`. */
  readonly wasm: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Files in the sandbox before the run: path below the sandbox → contents. */
  readonly files: Readonly<Record<string, string>>;
  readonly stdin: string;
}

/** A text long enough for the word counter to run a while. */
function corpus(): string {
  const words = [
    'edge',
    'node',
    'agent',
    'moves',
    'state',
    'snapshot',
    'memory',
    'file',
    'the',
    'a',
    'runs',
    'between',
    'hosts',
    'while',
    'its',
    'open',
    'files',
    'travel',
    'with',
    'it',
  ];
  let seed = 12345;
  const next = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 16;
  };
  const lines: string[] = [];
  for (let i = 0; i < 120; i++) {
    const n = 4 + (next() % 9);
    const line: string[] = [];
    for (let j = 0; j < n; j++) line.push(words[next() % words.length]!);
    lines.push(`${line.join(' ')}.`);
  }
  return `${lines.join('\n')}\n`;
}

/** Every program run the tests make, with its inputs. */
export const PROGRAM_CASES: readonly ProgramCase[] = [
  {
    name: 'args-env',
    wasm: 'args-env.wasm',
    args: ['args-env', '7', 'two words', 'ünïcödé', ''],
    env: { GREETING: 'hello world', PATH: '/bin', EMPTY: '' },
    files: {},
    stdin: '',
  },
  { name: 'args-env-zero', wasm: 'args-env.wasm', args: ['args-env'], env: {}, files: {}, stdin: '' },
  { name: 'exit-code', wasm: 'exit-code.wasm', args: ['exit-code', '42'], env: {}, files: {}, stdin: '' },
  { name: 'exit-code-255', wasm: 'exit-code.wasm', args: ['exit-code', '255'], env: {}, files: {}, stdin: '' },
  {
    name: 'files',
    wasm: 'files.wasm',
    args: ['files'],
    env: {},
    files: { 'input.txt': 'alpha\nbeta\ngamma delta\n\nlast line without newline' },
    stdin: '',
  },
  { name: 'dirs', wasm: 'dirs.wasm', args: ['dirs'], env: {}, files: { 'keep/me.txt': 'kept\n' }, stdin: '' },
  { name: 'links', wasm: 'links.wasm', args: ['links'], env: {}, files: {}, stdin: '' },
  { name: 'clocks', wasm: 'clocks.wasm', args: ['clocks'], env: {}, files: {}, stdin: '' },
  {
    name: 'stdin-upper',
    wasm: 'stdin-upper.wasm',
    args: ['stdin-upper'],
    env: {},
    files: {},
    stdin: 'first line\nsecond line, longer\nthird: ümlaut\n',
  },
  { name: 'stdin-empty', wasm: 'stdin-upper.wasm', args: ['stdin-upper'], env: {}, files: {}, stdin: '' },
  {
    name: 'wordfreq',
    wasm: 'wordfreq.wasm',
    args: ['wordfreq'],
    env: {},
    files: { 'corpus.txt': corpus() },
    stdin: '',
  },
];

/** The bytes of a test program. */
export function programBytes(wasm: string): Uint8Array {
  return new Uint8Array(readFileSync(PROGRAMS_DIR + wasm));
}
