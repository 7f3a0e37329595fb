/**
 * A disassembler of a function's internal code, from the generated op table (`core-layouts.ts`): the plain
 * copy with each instruction's byte offset in the original body, then the fused copy (once made) group by
 * group, each op with its named operands and the fuel its word carries. For debugging and tests; nothing in
 * execution depends on it.
 * @module
 */
import type { CompiledFunction } from './compile-function.js';
import { OP_TABLE } from './core-layouts.js';
import { IOp, OP_BITS, OP_MASK } from './internal-ops.js';
import { Op } from './opcodes.js';

/** Names and operand layouts of the internal ops, by op code, made on the first disassembly. */
let tables: { names: string[]; layouts: string[][] } | undefined;

function opTables(): { names: string[]; layouts: string[][] } {
  if (tables !== undefined) return tables;
  const names: string[] = [];
  const layouts: string[][] = [];
  // The plain ops of the table's ranges carry their WebAssembly names (0xfc 0…7 at `IOp.TruncSatBase + sub`).
  for (const [name, code] of Object.entries(Op as Record<string, number>)) {
    if (code < 0x100) names[code] ??= name;
    else if ((code & 0xff00) === 0xfc00 && (code & 0xff) < 8) names[IOp.TruncSatBase + (code & 0xff)] ??= name;
  }
  for (const code of names.keys()) if (names[code] !== undefined && (code < 0x28 || code > 0x3e)) layouts[code] = [];
  for (let code = 0x28; code <= 0x3e; code++) layouts[code] = ['offset'];
  for (const [code, name, layout] of OP_TABLE) {
    // The table's own entries win over the WebAssembly names.
    names[code] = name;
    layouts[code] = layout === '' ? [] : layout.split(' ');
  }
  tables = { names, layouts };
  return tables;
}

/** The ops whose length is not fixed by their layout (a repeated part or immediates that depend on a sub-opcode). */
function isVariable(layout: readonly string[]): boolean {
  return layout.some((x) => x.includes('*'));
}

/** One op's text: its name and its operands, named where the layout names them. */
function opText(code: Int32Array, pc: number, end: number): string {
  const op = code[pc]! & OP_MASK;
  const { names, layouts } = opTables();
  const name = names[op] ?? `op${op}`;
  const layout = layouts[op] ?? [];
  const parts: string[] = [name];
  for (let p = pc + 1, i = 0; p < end; p++, i++) {
    const label = isVariable(layout) || i >= layout.length ? '' : `${layout[i]}=`;
    parts.push(`${label}${code[p]!}`);
  }
  return parts.join(' ');
}

/** Words taken by the op at `pc`, or -1 when only a plain twin can tell (see `disassemble`). */
function fixedSize(code: Int32Array, pc: number): number {
  const op = code[pc]! & OP_MASK;
  const { names, layouts } = opTables();
  const layout = layouts[op];
  if (layout === undefined) return -1;
  if (!isVariable(layout)) return layout.length + 1;
  if (names[op] === 'CopyN') return 3 + 2 * code[pc + 1]!;
  if (names[op] === 'BrTable') return 2 + 3 * (code[pc + 1]! + 1);
  return -1;
}

/**
 * The internal code of a compiled function as text: one line per instruction, `pc  name operand=value …`, with
 * the original byte offset (plain copy) or the fuel of the op's word (fused copy).
 * @param c a compiled function (its fused copy is shown when it has been made)
 */
export function disassemble(c: CompiledFunction): string {
  const code = c.code;
  const lines: string[] = [`function ${c.funcIdx}: plain code (${c.pcs.length} instructions)`];
  /** Size of a plain instruction by its opcode and first immediate, for the same instruction in the fused copy. */
  const twins = new Map<number, number>();
  for (let i = 0; i < c.pcs.length; i++) {
    const pc = c.pcs[i]!;
    const end = i + 1 < c.pcs.length ? c.pcs[i + 1]! : c.plainLen;
    twins.set(((code[pc]! & OP_MASK) << 20) ^ (code[pc + 1] ?? 0), end - pc);
    lines.push(`${String(pc).padStart(6)}  ${opText(code, pc, end)}  ; @${c.offsets[i]}`);
  }
  if (c.groups === null) return lines.join('\n');
  lines.push(`fused code (${c.groups.starts.length} groups)`);
  const starts = new Set(c.groups.starts);
  for (let pc = c.plainLen; pc < code.length; ) {
    let size = fixedSize(code, pc);
    if (size < 0) size = twins.get(((code[pc]! & OP_MASK) << 20) ^ (code[pc + 1] ?? 0)) ?? code.length - pc;
    const end = Math.min(pc + size, code.length);
    const fuel = code[pc]! >>> OP_BITS;
    lines.push(`${starts.has(pc) ? '>' : ' '}${String(pc).padStart(5)}  ${opText(code, pc, end)}  ; fuel ${fuel}`);
    pc = end;
  }
  return lines.join('\n');
}
