#!/usr/bin/env node
/**
 * Generates the interpreter core from its one table (`packages/interpreter/core-table/*.mjs`):
 *
 * - the cases of the dispatch loop's `switch`, between the `@generated-begin core-table` and
 *   `@generated-end core-table` lines of `packages/interpreter/src/dispatch-loop.ts` (the rest of that file —
 *   registers, fuel check, the one write-back at the exit — is written by hand);
 * - `packages/interpreter/src/fused-ops.ts`: the fused opcodes (`FOp`) with their layouts;
 * - `packages/interpreter/src/core-layouts.ts`: every op's name and operand layout (for the disassembler), the
 *   operand positions of each fused op (`FIELD`), and one encoder per fused layout for the fuser.
 *
 * The generated files are checked in. `node scripts/gen-core.mjs` rewrites them; `--check` exits 1 when one is
 * stale (a unit test runs it, so a table edit without a regeneration fails the build's tests).
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fusedBases, fusedOps, memTwinCodes } from '../packages/interpreter/core-table/fused-ops.mjs';
import { internalOps, rangeOps } from '../packages/interpreter/core-table/internal-ops.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const SRC = `${root}packages/interpreter/src/`;
const LOOP = `${SRC}dispatch-loop.ts`;
const BEGIN = '// @generated-begin core-table';
const END = '// @generated-end core-table';
const hex = (n) => `0x${n.toString(16)}`;
const pascal = (s) => s.replace(/(^|_)(\w)/g, (_m, _u, c) => c.toUpperCase());

/** Checks the table: unique names and codes, codes in the opcode field, bodies naming only their operands. */
function check() {
  const codes = new Map();
  const take = (code, who) => {
    if (!Number.isInteger(code) || code < 0 || code > 0x3ff)
      throw new Error(`${who}: code ${code} outside the 10-bit field`);
    if (codes.has(code)) throw new Error(`${who}: code ${hex(code)} already taken by ${codes.get(code)}`);
    codes.set(code, who);
  };
  for (const e of internalOps) for (const [table, name, code] of e.ops) take(code, `${table}.${name}`);
  for (const r of rangeOps)
    for (const [from, to] of r.ranges) for (let c = from; c <= to; c++) take(c, `range ${r.name}`);
  const names = new Set();
  for (const f of fusedOps) {
    if (f.code < 0x100) throw new Error(`FOp.${f.name}: fused codes start at 0x100`);
    take(f.code, `FOp.${f.name}`);
    if (names.has(f.name)) throw new Error(`FOp.${f.name} twice`);
    names.add(f.name);
    if (!['op', 'branch', 'custom'].includes(f.kind)) throw new Error(`FOp.${f.name}: kind ${f.kind}`);
    if (f.kind === 'custom') continue;
    const layout = fields(f);
    const text = f.kind === 'branch' ? `${f.pre}\n${f.cond}` : f.body;
    for (const m of text.matchAll(/\$(\w+)/g)) {
      if (!layout.includes(m[1])) throw new Error(`FOp.${f.name}: $${m[1]} is not in its layout`);
    }
    if (f.kind === 'branch' && !layout.includes('target')) throw new Error(`FOp.${f.name}: a branch needs a target`);
    if (layout.length > 0 && layout[layout.length - 1] !== 's' && f.name !== 'Nop')
      throw new Error(`FOp.${f.name}: s comes last`);
  }
}

/** The operand names of a fixed layout. */
function fields(f) {
  return f.layout === '' ? [] : f.layout.split(' ');
}

/** A body with `$x` replaced by the immediate's read. */
function subst(text, layout) {
  return text.replace(/\$(\w+)/g, (_m, name) => {
    const i = layout.indexOf(name);
    return i === 0 ? 'code[pc]!' : `code[pc + ${i}]!`;
  });
}

function indent(text, n) {
  const pad = ' '.repeat(n);
  return text
    .split('\n')
    .map((l) => (l.trim() === '' ? '' : pad + l.replace(/^ {4}/, '')))
    .join('\n');
}

/** Dedents a template body written with four spaces inside the table. */
function body(text) {
  const lines = text
    .replace(/^\n/, '')
    .replace(/\n\s*$/, '')
    .split('\n');
  return lines.map((l) => l.replace(/^ {4}/, '')).join('\n');
}

function fusedCase(f) {
  const layout = fields(f);
  const n = layout.length;
  const label = `case ${hex(f.code)}: /* FOp.${f.name} */`;
  if (f.kind === 'custom') return `${label} {\n${indent(body(f.body), 2)}\n}`;
  const s = layout.indexOf('s');
  const sp = s < 0 ? '' : `sp = (fp + ${s === 0 ? 'code[pc]!' : `code[pc + ${s}]!`}) | 0;\n`;
  const step = n === 0 ? '' : `pc = (pc + ${n}) | 0;\n`;
  if (f.kind === 'op') {
    const b = f.body === '' ? '' : `${subst(body(f.body), layout)}\n`;
    return `${label} {\n${indent(`${b}${sp}${step}break;`, 2)}\n}`;
  }
  const t = layout.indexOf('target');
  const pre = f.pre === '' ? '' : `${subst(body(f.pre), layout)}\n`;
  const text = `${pre}${sp}if (${subst(f.cond, layout)}) {
  const t = code[pc + ${t}]!;
  if (t < pc && interrupt[0] !== 0) {
    pc = t;
    exit = 2; /* LOOP_INTERRUPT */
    break run;
  }
  pc = t;
} else pc = (pc + ${n}) | 0;
break;`;
  return `${label} {\n${indent(text, 2)}\n}`;
}

function internalCase(e) {
  const labels = e.ops.map(([table, name, code]) => `case ${hex(code)}: /* ${table}.${name} */`).join('\n');
  const mark = e.kind === 'call' ? '// Call sites: one template part, where another tier hooks in.\n' : '';
  return `${mark}${labels} {\n${indent(body(e.body), 2)}\n}`;
}

function rangeDefault() {
  const parts = rangeOps.map((r) => {
    const cond = r.ranges.map(([a, b]) => `(op >= ${hex(a)} && op <= ${hex(b)})`).join(' || ');
    return `// ${r.doc}\nif (${cond}) {\n${indent(body(r.body), 2)}\n}`;
  });
  return `default:\n${indent(`${parts.join('\n')}\nthrow new Error(\`internal error: unknown internal opcode \${op} at pc \${pc - 1}\`);`, 2)}`;
}

function loopCases() {
  const cases = [
    ...internalOps.map(internalCase),
    '// Fused ops (fused-ops.ts): operands are frame slots (word offsets from fw) or constants.',
    ...fusedOps.map(fusedCase),
    rangeDefault(),
  ];
  return indent(cases.join('\n'), 6);
}

function fusedOpsFile() {
  const lines = [
    `/**
 * The fused instruction set: register forms of the WebAssembly instructions that the fused copy of a function
 * executes (see \`fuse.ts\`). Each reads its operands from frame slots named by immediates and writes its result
 * to a frame slot, so the \`local.get\`s and constants that fed it and the \`local.set\`/\`local.tee\` that took its
 * result need no instruction of their own.
 *
 * Generated by \`scripts/gen-core.mjs\` from \`core-table/fused-ops.mjs\` (the one definition of each op's layout
 * and semantics): do not edit. Operands \`d\`, \`a\`, \`b\`, \`v\`, \`y\`, \`e\` are word offsets from the frame
 * base (\`2 × slot\`): a local or an operand-stack slot alike. \`s\` is the stack pointer after the instruction, in
 * slots from the frame base; \`target\` a pc in the fused copy; other names are constants. Opcodes sit above the
 * plain ones (\`internal-ops.ts\`) in the same 10-bit field, in blocks that mirror WebAssembly's numbering so that
 * the fuser computes them: \`REG_BASE + (op − 0x45)\` for numeric op \`op\`, and so on.
 * @module
 */
`,
  ];
  for (const b of fusedBases) lines.push(`/** ${b.doc} */\nexport const ${b.name} = ${hex(b.value)};`);
  lines.push(
    '\n/** Every fused opcode by name. Register forms of numeric ops carry the WebAssembly name. */\nexport const FOp = {',
  );
  for (const f of fusedOps)
    lines.push(
      `  /** \`[op${f.layout === '' ? '' : `, ${f.layout.split(' ').join(', ')}`}]\` ${f.doc} */\n  ${f.name}: ${hex(f.code)},`,
    );
  lines.push(`} as const;

/**
 * The numeric ops that have a register form, by WebAssembly opcode: 1 = unary \`[op, d, a, s]\`,
 * 2 = binary \`[op, d, a, b, s]\`, 0 = none (the fuser then emits the plain instruction).
 */
export const REG_ARITY: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (const code of Object.values(FOp as Record<string, number>)) {
    if (code >= REG_BASE && code < RC_BASE) t[code - REG_BASE + 0x45] = isBinary(code - REG_BASE + 0x45) ? 2 : 1;
  }
  return t;
})();

/**
 * The load or store (by WebAssembly opcode) that moves the same bits as load or store \`x\` (0x28…0x3e): the one
 * whose fused forms stand for both.
 */
export const MEM_TWIN: Uint8Array = new Uint8Array(0x40);
/** Whether load or store twin \`x\` has the forms of \`MEMK_BASE\` and \`MEMAB_BASE\` (all but the sign-extending i64 loads). */
export const MEM_SHORT: Uint8Array = new Uint8Array(0x40);
for (const [x, twin, short] of ${JSON.stringify(memTwinCodes)}) {
  MEM_TWIN[x] = twin;
  MEM_SHORT[twin] = short;
}

/** Whether numeric op \`x\` takes two operands (comparisons and binary arithmetic of every type). */
export function isBinary(x: number): boolean {
  return (x >= 0x46 && x <= 0x4f) || (x >= 0x51 && x <= 0x66) || (x >= 0x6a && x <= 0x78) || (x >= 0x7c && x <= 0x8a) ||
    (x >= 0x92 && x <= 0x98) || (x >= 0xa0 && x <= 0xa6);
}
`);
  return lines.join('\n');
}

/** The encoder of a fixed fused layout: its function name and source. */
function encoderOf(layout) {
  const fs = layout.split(' ');
  const name = `enc${fs.map((x) => pascal(x === 'target' ? 'T' : x === 'offset' ? 'Off' : x)).join('')}`;
  const params = fs.map((x) => (x === 's' ? 'h' : x));
  const stmts = ['em.op(fop);'];
  for (const x of fs) {
    if (x === 's') stmts.push('em.endS(h);');
    else if (x === 'target') stmts.push('em.branchTarget(target);');
    else stmts.push(`em.put(${x});`);
  }
  const args = ['em: Emitter', 'fop: number', ...params.map((p) => `${p}: number`)].join(', ');
  const doc = `/** Emits \`[op, ${fs.join(', ')}]\`${fs.includes('s') ? '; h: the stack height after it' : ''}. */`;
  return { name, text: `${doc}\nexport function ${name}(${args}): void {\n  ${stmts.join('\n  ')}\n}` };
}

function layoutsFile() {
  const names = new Array(0x400).fill('');
  const layouts = new Array(0x400).fill(null);
  for (const e of internalOps) {
    for (const [, name, code] of e.ops) {
      names[code] = name;
      layouts[code] = e.layout[name];
    }
  }
  for (const f of fusedOps) {
    names[f.code] = f.name;
    layouts[f.code] = f.layout;
  }
  const entries = [];
  for (let c = 0; c < 0x400; c++) if (names[c] !== '') entries.push(`  [${hex(c)}, '${names[c]}', '${layouts[c]}'],`);
  const fieldLines = fusedOps
    .filter((f) => f.kind !== 'custom')
    .map(
      (f) =>
        `  ${f.name}: { ${fields(f)
          .map((x, i) => `${x}: ${i + 1}`)
          .concat([`size: ${fields(f).length + 1}`])
          .join(', ')} },`,
    );
  const encs = new Map();
  for (const f of fusedOps) if (f.kind !== 'custom' && f.layout !== '') encs.set(f.layout, encoderOf(f.layout));
  return `/**
 * Every internal and fused op's name and operand layout, the operand positions of each fused op and one encoder
 * per fused layout. Generated by \`scripts/gen-core.mjs\` from \`core-table/*.mjs\`: do not edit.
 * @module
 */

/** \`[code, name, layout]\` of each named op: the layout lists the immediates after the opcode word (\`*\`: repeated). */
export const OP_TABLE: readonly (readonly [number, string, string])[] = [
${entries.join('\n')}
];

/** Where each operand of a fixed-layout fused op sits, in words after the op's word (\`size\`: the whole op). */
export const FIELD = {
${fieldLines.join('\n')}
} as const;

/** What an encoder writes to: the fuser. */
export interface Emitter {
  /** Starts an op. */
  op(fop: number): void;
  /** Appends an immediate. */
  put(v: number): void;
  /** Appends a branch target (a plain pc, translated when the fused copy is done). */
  branchTarget(plainPc: number): void;
  /** Appends the stack height after the op. */
  endS(h: number): void;
}

${[...encs.values()].map((e) => e.text).join('\n\n')}
`;
}

/** Writes (or, with `check`, compares) a generated file; returns whether it was up to date. */
function emit(path, text, checkOnly) {
  let old = '';
  try {
    old = readFileSync(path, 'utf8');
  } catch {
    // A missing file is stale.
  }
  if (old === text) return true;
  if (!checkOnly) writeFileSync(path, text);
  return false;
}

function main() {
  const checkOnly = process.argv.includes('--check');
  check();
  const loop = readFileSync(LOOP, 'utf8');
  const b = loop.indexOf(BEGIN);
  const e = loop.indexOf(END);
  if (b < 0 || e < b) throw new Error(`${LOOP}: no ${BEGIN} … ${END} region`);
  const head = loop.slice(0, loop.indexOf('\n', b) + 1);
  const tail = loop.slice(loop.lastIndexOf('\n', e) + 1);
  const fresh = [
    emit(LOOP, `${head}${loopCases()}\n${tail}`, checkOnly),
    emit(`${SRC}fused-ops.ts`, fusedOpsFile(), checkOnly),
    emit(`${SRC}core-layouts.ts`, layoutsFile(), checkOnly),
  ];
  if (checkOnly && fresh.includes(false)) {
    console.error('gen-core: generated files are stale; run `node scripts/gen-core.mjs`');
    process.exit(1);
  }
}

main();
