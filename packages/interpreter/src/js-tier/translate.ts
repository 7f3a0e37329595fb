/**
 * The translator: one validated function body → the source of a JavaScript factory that, given an instance's
 * addresses, returns the function as a JS closure. Locals are JS locals, the operand stack is temporaries named
 * by height and type, control flow is labelled blocks and loops. Fuel is charged per straight-line block; loop
 * back-edges and calls check the interrupt flag; each of those places is a *safepoint* whose live values the code
 * can write back into an interpreter frame before it returns (`runtime.ts`). A body with an instruction outside
 * the translated subset yields null and stays in the interpreter.
 *
 * The source is assembled only from fixed text, numbers and names made of a letter and a number: nothing of the
 * module (names, custom sections, bytes) reaches it as text.
 * @module
 */
import type { CompiledFunction } from '../compile-function.js';
import type { CompiledModule } from '../module.js';
import { ValType } from '../types.js';
import { BodyReader } from './body-reader.js';
import { fb, HELPER_NAMES, hv, lhv, lv, num, sv } from './names.js';
import { emitNumeric } from './numeric.js';
import type { Safepoint } from './runtime.js';

const { I32, I64, F32, F64 } = ValType;
const K_BLOCK = 0;
const K_LOOP = 1;
const K_IF = 2;
const K_FN = 3;

/** Generated sources above this many characters are not compiled (the function stays interpreted). */
const MAX_SOURCE = 400_000;
/** Calls whose results exceed the extra-result words are not translated. */
const MAX_RESULTS = 24;

/** The translation of one function body. */
export interface Translation {
  /** The body of `new Function(...FACTORY_PARAMS, source)`: a factory of the function and its entry (`{ f, e }`). */
  readonly source: string;
  /**
   * The source of a factory of the entry into a running frame (`{ o }`), made when a frame is first entered (most
   * translated functions never are: their source and compile time are not spent on it). Same parameters.
   */
  readonly osrSource: () => string;
  /** Safepoints by id (`D[id]` in the source). */
  readonly safepoints: readonly Safepoint[];
  /** Whether the body has a loop (a call-count threshold need not wait for it). */
  readonly hasLoop: boolean;
  /**
   * Where the interpreter can enter the running function (loop headers, straight-line blocks, which hold every
   * branch target): safepoint ids by resume offset, in the order they were made (an outer loop's header before
   * an inner one at the same offset, a header before the block it starts).
   */
  readonly entries: ReadonlyMap<number, readonly number[]>;
}

/** The factory's parameters: runtime, helpers, own address, the instance's index spaces, memory, safepoints. */
export const FACTORY_PARAMS = ['R', 'H', 'A', 'FA', 'GA', 'TA', 'TI', 'M', 'D'] as const;

interface Ctl {
  kind: number;
  label: number;
  /** Operand height below the block's parameters. */
  height: number;
  params: readonly number[];
  results: readonly number[];
  /** Entered in unreachable code: nothing of it is emitted. */
  dead: boolean;
  /** Loop: the safepoint of its header. */
  header: number;
  /** Entry safepoints (loop headers, straight-line blocks) inside the construct. */
  inner: number[];
  /** If: the entries of its then-branch (known once the else or the end is reached). */
  thenInner: number[] | null;
}

/** What an emitted line is, for the entry variant (`osrBody`), when it is not plain code (`meta` null). */
const M_OPEN = 1;
const M_LOOP = 2;
const M_IF = 3;
const M_CLOSE = 4;
const M_LOOP_END = 5;
const M_BLOCK = 6;

interface Meta {
  readonly k: number;
  readonly ctl?: Ctl;
  /** M_BLOCK: its entry id; M_IF: the condition temporary. */
  readonly id?: number;
  readonly cond?: string;
}

interface FuelBlock {
  idx: number;
  cost: number;
  stack: number[];
  offset: number;
  /** The constructs open where the block starts (its entry belongs to them). */
  ctls: Ctl[];
}

function isNum(t: number): boolean {
  return t === I32 || t === I64 || t === F32 || t === F64;
}

class Unsupported extends Error {}

function refuse(): never {
  throw new Unsupported();
}

/**
 * Translates a function, or returns null when it uses something outside the translated subset.
 * @param cm the compiled module
 * @param c the compiled function (its pc map tells which instructions cost fuel and where to resume)
 */
export function translate(cm: CompiledModule, c: CompiledFunction): Translation | null {
  try {
    return new Translator(cm, c).run(false);
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

class Translator {
  private readonly cm: CompiledModule;
  private readonly c: CompiledFunction;
  private readonly r: BodyReader;
  private readonly end: number;
  private readonly bodyStart: number;
  private readonly localTypes: number[];
  private readonly out: string[] = [];
  /** What each line of `out` is (null: plain code). */
  private readonly meta: (Meta | null)[] = [];
  private readonly entries = new Map<number, number[]>();
  private readonly pre: string[] = [];
  private readonly sps: Safepoint[] = [];
  private st: number[] = [];
  private readonly ctls: Ctl[] = [];
  private dead = false;
  private blk: FuelBlock | null = null;
  private oi = 0;
  private labels = 0;
  private hasLoop = false;
  private usesMem = false;
  private usesGlobals = false;
  private readonly maxH = new Map<number, number>();
  private readonly consts = new Set<string>();
  /** Operand-stack shapes of the safepoints that leave for the write-back tail, by their group number. */
  private readonly shapes = new Map<string, number>();
  /** Safepoint slot types by operand-stack shape (shared: the locals' part is the same for all). */
  private readonly spTypes = new Map<string, Uint8Array>();
  private nK = 0;

  constructor(cm: CompiledModule, c: CompiledFunction) {
    this.cm = cm;
    this.c = c;
    const body = cm.decoded.codes[c.funcIdx - cm.importedFuncs]!;
    this.r = new BodyReader(cm.decoded.bytes, body.codeStart);
    this.end = body.end;
    this.bodyStart = c.bodyStart;
    this.localTypes = [...c.type.params, ...body.locals];
  }

  /**
   * @param osr make the source of the entry into a running frame (`Translation.osrSource`) instead of the
   *   function's (the same body, so the same safepoints and entries)
   */
  run(osr: boolean): Translation {
    const type = this.c.type;
    if (!this.localTypes.every(isNum) || !type.results.every(isNum) || type.results.length > MAX_RESULTS) refuse();
    this.ctls.push({
      kind: K_FN,
      label: 0,
      height: 0,
      params: [],
      results: type.results,
      dead: false,
      header: -1,
      inner: [],
      thenInner: null,
    });
    this.labels = 1;
    this.emitM('L0: {', { k: M_OPEN });
    this.openBlock(this.r.pos);
    this.body();
    const src = this.assemble(osr);
    // The entry variant is made only for a function whose own source passed this bound.
    if (!osr && src.length > MAX_SOURCE) refuse();
    const { cm, c } = this;
    return {
      source: src,
      osrSource: () => new Translator(cm, c).run(true).source,
      safepoints: this.sps,
      hasLoop: this.hasLoop,
      entries: this.entries,
    };
  }

  private emit(s: string): void {
    this.out.push(s);
    this.meta.push(null);
  }

  private emitM(s: string, m: Meta): void {
    this.out.push(s);
    this.meta.push(m);
  }

  /** Makes safepoint `id`, inside the constructs `ctls`, a place where the interpreter can enter the function. */
  private entry(id: number, ctls: readonly Ctl[] = this.ctls): void {
    const off = this.sps[id]!.offset;
    const list = this.entries.get(off);
    if (list === undefined) this.entries.set(off, [id]);
    else list.push(id);
    for (const c of ctls) if (!c.dead) c.inner.push(id);
  }

  private push(t: number): string {
    const h = this.st.length;
    this.st.push(t);
    const m = this.maxH.get(t) ?? -1;
    if (h > m) this.maxH.set(t, h);
    return sv(t, h);
  }

  private pop(): number {
    return this.st.pop()!;
  }

  /** Counts the fuel of the instruction starting at absolute position `at`, as the interpreter charges it. */
  private charge(at: number): void {
    const rel = at - this.bodyStart;
    const offs = this.c.offsets;
    while (this.oi < offs.length && offs[this.oi]! < rel) this.oi++;
    if (this.oi < offs.length && offs[this.oi] === rel) {
      this.oi++;
      if (this.blk === null) throw new Error('internal error: fuel outside a block');
      this.blk.cost++;
    }
  }

  /** The first instruction at or after `at` that the interpreter has code for (its resume offset). */
  private resumeOffset(at: number): number {
    const rel = at - this.bodyStart;
    const offs = this.c.offsets;
    let lo = 0;
    let hi = offs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (offs[mid]! < rel) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= offs.length) throw new Error('internal error: no instruction to resume at');
    return offs[lo]!;
  }

  /** A safepoint at `at` with the given operand types; returns its id. */
  private safepoint(at: number, stack: readonly number[]): number {
    const key = stack.join(',');
    let types = this.spTypes.get(key);
    if (types === undefined) {
      types = Uint8Array.from([...this.localTypes, ...stack]);
      this.spTypes.set(key, types);
    }
    this.sps.push({ offset: this.resumeOffset(at), types });
    return this.sps.length - 1;
  }

  /** The live values of a safepoint as a JS array literal. */
  private values(stack: readonly number[]): string {
    const v: string[] = [];
    // f64 values travel as their two words: an array of doubles would quiet signalling NaNs.
    this.localTypes.forEach((t, i) => {
      if (t === F64) v.push(`(WD[0] = ${lv(i)}, WI[0])`, 'WI[1]');
      else v.push(lv(i));
      if (t === I64) v.push(lhv(i));
    });
    stack.forEach((t, h) => {
      if (t === F64) v.push(`(WD[0] = ${sv(t, h)}, WI[0])`, 'WI[1]');
      else v.push(sv(t, h));
      if (t === I64) v.push(hv(h));
    });
    return `[${v.join(', ')}]`;
  }

  /**
   * Leaves for the function's write-back tail (`writeBack`) at safepoint `id`: the live values are listed once per
   * operand-stack shape there, not at every safepoint (a body's source grows with its safepoints, not with
   * safepoints × locals).
   * @param reason an `HO_*` reason, or 0 for a caller below a handed-over callee (`R.wbc`)
   */
  private leave(id: number, stack: readonly number[], reason: number): string {
    const key = stack.join(',');
    let g = this.shapes.get(key);
    if (g === undefined) {
      g = this.shapes.size;
      this.shapes.set(key, g);
    }
    return `{ ws = ${id}; wk = ${g * 4 + reason}; break WB; }`;
  }

  /** A hand-over at a safepoint (`R.wb` in the write-back tail). */
  private handOver(id: number, stack: readonly number[], reason: number): string {
    return this.leave(id, stack, reason);
  }

  /**
   * The write-back tail after a function's body (label `WB`): the live values of the safepoint `ws` for its
   * operand-stack shape (`wk >> 2`), written back as a hand-over (`wk & 3`, an `HO_*` reason) or as a caller's
   * frame (0).
   */
  private writeBack(): string {
    if (this.shapes.size === 0) return '';
    const cases: string[] = [];
    for (const [key, g] of this.shapes) {
      const stack = key === '' ? [] : key.split(',').map(Number);
      cases.push(`case ${g}: wv = ${this.values(stack)}; break;`);
    }
    return [
      `switch (wk >> 2) { ${cases.join('\n')} }`,
      'if ((wk & 3) === 0) return R.wbc(A, D[ws], fp, wv);',
      'return R.wb(A, D[ws], fp, wv, wk & 3);',
    ].join('\n');
  }

  private openBlock(at: number): void {
    if (this.dead) {
      this.blk = null;
      return;
    }
    this.blk = { idx: this.out.length, cost: 0, stack: this.st.slice(), offset: at, ctls: this.ctls.slice() };
    this.emit('');
  }

  private closeBlock(): void {
    const b = this.blk;
    this.blk = null;
    if (b === null || b.cost === 0) return;
    const id = this.safepoint(b.offset, b.stack);
    this.entry(id, b.ctls);
    this.out[b.idx] = `if ((R.fuel -= ${b.cost}) < 0) { R.fuel += ${b.cost}; ${this.handOver(id, b.stack, 3)} }`;
    this.meta[b.idx] = { k: M_BLOCK, id };
  }

  private blockType(): { params: readonly number[]; results: readonly number[] } {
    const bt = this.r.s33();
    if (bt === -64) return { params: [], results: [] };
    if (bt < 0) {
      const t = bt + 128;
      if (!isNum(t)) refuse();
      return { params: [], results: [t] };
    }
    const ft = this.cm.decoded.types[bt]!;
    if (!ft.params.every(isNum) || !ft.results.every(isNum)) refuse();
    return ft;
  }

  /** Moves the top `types.length` operands to `height` (a branch's values to its label's slots). */
  private moves(types: readonly number[], height: number): string {
    const from = this.st.length - types.length;
    if (from === height) return '';
    let s = '';
    types.forEach((t, i) => {
      s += `${sv(t, height + i)} = ${sv(t, from + i)}; `;
      if (t === I64) s += `${hv(height + i)} = ${hv(from + i)}; `;
    });
    return s;
  }

  /** A branch to the label `depth` levels out (the code that leaves). */
  private branch(depth: number): string {
    const target = this.ctls[this.ctls.length - 1 - depth]!;
    if (target.kind === K_LOOP) {
      const stack = [...this.st.slice(0, target.height), ...target.params];
      const mv = this.moves(target.params, target.height);
      return `${mv}if (R.intr[0] !== 0) { ${this.handOver(target.header, stack, 2)} } continue L${target.label};`;
    }
    return `${this.moves(target.results, target.height)}break L${target.label};`;
  }

  private body(): void {
    const r = this.r;
    for (;;) {
      const at = r.pos;
      const op = r.byte();
      if (!this.dead) this.charge(at);
      switch (op) {
        case 0x00:
          if (!this.dead) this.emit('R.trap("unreachable");');
          this.dead = true;
          break;
        case 0x01:
          break;
        case 0x02:
        case 0x03:
        case 0x04: {
          const bt = this.blockType();
          this.enter(op, bt.params, bt.results, at);
          break;
        }
        case 0x05: {
          const ctl = this.ctls[this.ctls.length - 1]!;
          if (ctl.dead) break;
          this.closeBlock();
          ctl.thenInner = ctl.inner.slice();
          this.emitM('} else {', { k: M_CLOSE });
          this.st = [...this.st.slice(0, 0), ...this.stackAt(ctl), ...ctl.params];
          this.dead = false;
          this.openBlock(r.pos);
          break;
        }
        case 0x0b: {
          const ctl = this.ctls.pop()!;
          if (ctl.kind === K_FN) {
            this.finishFunction(at);
            if (r.pos !== this.end) throw new Error('internal error: body end');
            return;
          }
          if (ctl.dead) break;
          this.closeBlock();
          if (ctl.kind === K_LOOP) this.emitM(`break L${ctl.label}; }`, { k: M_LOOP_END });
          else {
            if (ctl.kind === K_IF && ctl.thenInner === null) ctl.thenInner = ctl.inner.slice();
            this.emitM('}', { k: M_CLOSE });
          }
          this.st = [...this.stackAt(ctl), ...ctl.results];
          for (const t of ctl.results) this.noteHeight(t);
          this.dead = false;
          this.openBlock(r.pos);
          break;
        }
        case 0x0c: {
          const depth = r.u32();
          if (!this.dead) this.emit(this.branch(depth));
          this.dead = true;
          break;
        }
        case 0x0d: {
          const depth = r.u32();
          if (this.dead) break;
          const cond = sv(I32, this.st.length - 1);
          this.pop();
          this.closeBlock();
          this.emit(`if (${cond} !== 0) { ${this.branch(depth)} }`);
          this.openBlock(r.pos);
          break;
        }
        case 0x0e: {
          const n = r.u32();
          const depths: number[] = [];
          for (let i = 0; i <= n; i++) depths.push(r.u32());
          if (this.dead) break;
          const idx = sv(I32, this.st.length - 1);
          this.pop();
          const byDepth = new Map<number, number[]>();
          depths.slice(0, n).forEach((d, i) => {
            if (d !== depths[n]) byDepth.set(d, [...(byDepth.get(d) ?? []), i]);
          });
          let s = `switch (${idx}) { `;
          for (const [d, cases] of byDepth) {
            s += `${cases.map((i) => `case ${i}:`).join(' ')} { ${this.branch(d)} } `;
          }
          s += `default: { ${this.branch(depths[n]!)} } }`;
          this.emit(s);
          this.dead = true;
          break;
        }
        case 0x0f:
          if (!this.dead) this.emit(this.returnValues());
          this.dead = true;
          break;
        case 0x10: {
          const fi = r.u32();
          const ft = this.cm.decoded.types[this.cm.funcTypes[fi]!]!;
          this.checkSig(ft);
          if (!this.dead) this.call(at, ft, `F${fi}`, null);
          this.consts.add(`F${fi} = FA[${fi}]`);
          break;
        }
        case 0x11: {
          const ti = r.u32();
          const tab = r.u32();
          // Table64: an i64 index stays with the interpreter (exec-memory64.ts).
          if (this.cm.tables[tab]?.address64 === true) refuse();
          const ft = this.cm.decoded.types[ti]!;
          this.checkSig(ft);
          this.consts.add(`Q${tab} = TA[${tab}]`);
          this.consts.add(`S${ti} = TI[${ti}]`);
          if (!this.dead)
            this.call(at, ft, 'cf', `cf = R.indirect(Q${tab}, ${sv(I32, this.st.length - 1)} >>> 0, S${ti});`);
          break;
        }
        case 0x1a:
          if (!this.dead) this.pop();
          break;
        case 0x1b:
          if (!this.dead) this.select();
          break;
        case 0x1c: {
          const n = r.u32();
          for (let i = 0; i < n; i++) if (!isNum(r.byte())) refuse();
          if (!this.dead) this.select();
          break;
        }
        case 0x20:
        case 0x21:
        case 0x22: {
          const i = r.u32();
          if (!this.dead) this.local(op, i);
          break;
        }
        case 0x23:
        case 0x24: {
          const g = r.u32();
          const t = this.cm.globals[g]!.valType;
          if (!isNum(t)) refuse();
          if (!this.dead) this.global(op, g, t);
          break;
        }
        case 0x3f:
        case 0x40: {
          // memory.grow's fuel depends on the pages it adds (bulk-fuel.ts): it stays with the interpreter, which
          // stops before it when the fuel left cannot pay.
          if (op === 0x40) refuse();
          if (r.byte() !== 0) refuse();
          this.useMemory0();
          if (!this.dead) this.emit(`${this.push(I32)} = (ML / 65536) | 0;`);
          break;
        }
        case 0x41: {
          const v = r.s32();
          if (!this.dead) this.emit(`${this.push(I32)} = ${num(v)};`);
          break;
        }
        case 0x42: {
          const lo = r.s64();
          const hi = r.hi;
          if (!this.dead) {
            const h = this.st.length;
            this.emit(`${this.push(I64)} = ${num(lo)}; ${hv(h)} = ${num(hi)};`);
          }
          break;
        }
        case 0x43: {
          const bits = r.word();
          if (!this.dead) this.emit(`${this.push(F32)} = ${num(bits)};`);
          break;
        }
        case 0x44: {
          const lo = r.word();
          const hi = r.word();
          if (!this.dead) this.emit(`${this.push(F64)} = ${this.f64Const(lo, hi)};`);
          break;
        }
        case 0xfc: {
          const sub = r.u32();
          if (sub === 10 || sub === 11) {
            // memory.copy, memory.fill cost fuel by the bytes they touch (bulk-fuel.ts), charged exactly only by
            // the interpreter: a function using them stays interpreted.
            refuse();
          }
          if (sub > 7) refuse();
          if (!this.dead) this.numeric(0x100 + sub);
          break;
        }
        default:
          if (op >= 0x28 && op <= 0x3e) {
            const align = r.u32();
            if ((align & 0x40) !== 0) refuse();
            this.useMemory0();
            const offset = r.u32();
            if (!this.dead) this.memory(op, offset);
          } else if (op >= 0x45 && op <= 0xc4) {
            if (!this.dead) this.numeric(op);
          } else refuse();
      }
    }
  }

  /** Notes a use of memory 0; memory64 refuses (its i64 addresses stay with the interpreter, exec-memory64.ts). */
  private useMemory0(): void {
    if (this.cm.mems[0]?.address64 === true) refuse();
    this.usesMem = true;
  }

  private noteHeight(t: number): void {
    const h = this.st.lastIndexOf(t);
    const m = this.maxH.get(t) ?? -1;
    if (h > m) this.maxH.set(t, h);
  }

  /** The operand types below a block's parameters. */
  private stackAt(ctl: Ctl): number[] {
    return (ctl as Ctl & { below: number[] }).below;
  }

  private enter(op: number, params: readonly number[], results: readonly number[], at: number): void {
    const label = this.labels++;
    const kind = op === 0x02 ? K_BLOCK : op === 0x03 ? K_LOOP : K_IF;
    if (this.dead) {
      this.ctls.push({ kind, label, height: 0, params, results, dead: true, header: -1, inner: [], thenInner: null });
      return;
    }
    let cond = '';
    if (kind === K_IF) {
      cond = sv(I32, this.st.length - 1);
      this.pop();
    }
    const height = this.st.length - params.length;
    const below = this.st.slice(0, height);
    const ctl = {
      kind,
      label,
      height,
      params,
      results,
      dead: false,
      header: -1,
      inner: [],
      thenInner: null,
      below,
    } as Ctl & { below: number[] };
    this.ctls.push(ctl);
    void at;
    if (kind === K_BLOCK) {
      this.emitM(`L${label}: {`, { k: M_OPEN });
      return;
    }
    this.closeBlock();
    if (kind === K_LOOP) {
      this.hasLoop = true;
      ctl.header = this.safepoint(this.r.pos, this.st);
      this.entry(ctl.header);
      this.emitM(`L${label}: for (;;) {`, { k: M_LOOP, ctl });
    } else {
      this.emitM(`L${label}: if (${cond} !== 0) {`, { k: M_IF, ctl, cond });
    }
    this.openBlock(this.r.pos);
  }

  private finishFunction(at: number): void {
    this.closeBlock();
    this.emitM('}', { k: M_CLOSE });
    const results = this.c.type.results;
    this.st = [...results];
    for (const t of results) this.noteHeight(t);
    this.dead = false;
    this.openBlock(at);
    this.charge(at);
    this.closeBlock();
    this.emit(this.returnValues());
  }

  /** Returns the top operands as the function's results (the first as the value, the rest in `T`/`R.rd`). */
  private returnValues(): string {
    const results = this.c.type.results;
    const base = this.st.length - results.length;
    let s = '';
    results.forEach((t, j) => {
      const h = base + j;
      if (j === 0) {
        if (t === I64) s += `T[8] = ${hv(h)}; `;
        return;
      }
      if (t === F64) s += `RD[${j}] = ${sv(t, h)}; `;
      else {
        s += `T[${8 + 2 * j}] = ${sv(t, h)}; `;
        if (t === I64) s += `T[${9 + 2 * j}] = ${hv(h)}; `;
      }
    });
    return results.length === 0 ? `${s}return 0;` : `${s}return ${sv(results[0]!, base)};`;
  }

  private checkSig(ft: { params: readonly number[]; results: readonly number[] }): void {
    if (!ft.params.every(isNum) || !ft.results.every(isNum) || ft.results.length > MAX_RESULTS) refuse();
  }

  /**
   * A call: interrupt check, the callee's translation (or a hand-over so that the interpreter makes the call),
   * the interpreter's depth and stack checks, the call, and a caller write-back when the callee handed over.
   */
  private call(
    at: number,
    ft: { params: readonly number[]; results: readonly number[] },
    callee: string,
    indirect: string | null,
  ): void {
    const atCall = this.st.slice();
    const callId = this.safepoint(at, atCall);
    const nParams = ft.params.length;
    if (indirect !== null) this.pop();
    const h0 = this.st.length - nParams;
    const below = this.st.slice(0, h0);
    this.closeBlock();
    const args: string[] = [];
    ft.params.forEach((t, i) => {
      args.push(sv(t, h0 + i));
      if (t === I64) args.push(hv(h0 + i));
    });
    const retId = this.safepoint(this.r.pos, below);
    // Calls take a real interrupt (positive) only: an entry request (negative) waits for a back-edge.
    let s = `if (R.intr[0] > 0) { ${this.handOver(callId, atCall, 2)} } `;
    if (indirect !== null) s += `${indirect} `;
    s += `fn = FN[${callee}]; if (fn === undefined) fn = R.up(${callee}); `;
    s += `if (fn === null || dp - R.base >= NEST) { R.fuel += 1; ${this.handOver(callId, atCall, 1)} } `;
    s += `if (dp >= MAXD) R.deep(); `;
    s += `t = fp + ${this.localTypes.length + h0}; if (t + MS[${callee}] > R.cap) R.room(t + MS[${callee}]); `;
    s += `R.dp = dp + 1; r = fn(t${args.map((a) => `, ${a}`).join('')}); `;
    s += `if (R.ho !== 0) ${this.leave(retId, below, 0)} R.dp = dp;`;
    this.st.length = h0;
    ft.results.forEach((t, j) => {
      const v = this.push(t);
      if (j === 0) {
        s += ` ${v} = r;`;
        if (t === I64) s += ` ${hv(h0)} = T[8];`;
      } else if (t === F64) s += ` ${v} = RD[${j}];`;
      else {
        s += ` ${v} = T[${8 + 2 * j}];`;
        if (t === I64) s += ` ${hv(h0 + j)} = T[${9 + 2 * j}];`;
      }
    });
    s += ` ${REFRESH_MEM}`;
    this.emit(s);
    this.openBlock(this.r.pos);
  }

  private select(): void {
    const c = sv(I32, this.st.length - 1);
    this.pop();
    const t = this.pop();
    const h = this.st.length - 1;
    let s = `if (${c} === 0) { ${sv(t, h)} = ${sv(t, h + 1)};`;
    if (t === I64) s += ` ${hv(h)} = ${hv(h + 1)};`;
    this.emit(`${s} }`);
  }

  private local(op: number, i: number): void {
    const t = this.localTypes[i]!;
    if (op === 0x20) {
      const h = this.st.length;
      let s = `${this.push(t)} = ${lv(i)};`;
      if (t === I64) s += ` ${hv(h)} = ${lhv(i)};`;
      this.emit(s);
      return;
    }
    const h = this.st.length - 1;
    let s = `${lv(i)} = ${sv(t, h)};`;
    if (t === I64) s += ` ${lhv(i)} = ${hv(h)};`;
    this.emit(s);
    if (op === 0x21) this.pop();
  }

  private global(op: number, g: number, t: number): void {
    this.usesGlobals = true;
    this.consts.add(`G${g} = GA[${g}] << 2`);
    const a = `G${g}`;
    if (op === 0x23) {
      const h = this.st.length;
      const v = this.push(t);
      if (t === I64) this.emit(`${v} = G[${a}]; ${hv(h)} = G[${a} + 1];`);
      else if (t === F64) this.emit(`WI[0] = G[${a}]; WI[1] = G[${a} + 1]; ${v} = WD[0];`);
      else this.emit(`${v} = G[${a}];`);
      return;
    }
    const h = this.st.length - 1;
    const v = sv(t, h);
    this.pop();
    if (t === I64) this.emit(`G[${a}] = ${v}; G[${a} + 1] = ${hv(h)};`);
    else if (t === F64) this.emit(`WD[0] = ${v}; G[${a}] = WI[0]; G[${a} + 1] = WI[1];`);
    else this.emit(`G[${a}] = ${v}; G[${a} + 1] = 0;`);
  }

  private f64Const(lo: number, hi: number): string {
    const dv = new DataView(new ArrayBuffer(8));
    dv.setInt32(0, lo, true);
    dv.setInt32(4, hi, true);
    const x = dv.getFloat64(0, true);
    if (x === x) return num(x);
    const k = `K${this.nK++}`;
    this.consts.add(`${k} = R.f64(${num(lo)}, ${num(hi)})`);
    return k;
  }

  private numeric(op: number): void {
    const s = emitNumeric(op, this.st);
    if (s === null) refuse();
    const top = this.st.length - 1;
    if (top >= 0) this.noteHeight(this.st[top]!);
    this.emit(s);
  }

  private memory(op: number, offset: number): void {
    const bounds = (n: number, addr: string): string =>
      `t = (${addr} >>> 0) + ${num(offset)}; if (t + ${n} > ML) R.oob();`;
    if (op <= 0x35) {
      const h = this.st.length - 1;
      const addr = sv(I32, h);
      this.pop();
      const spec = LOADS[op - 0x28]!;
      const v = this.push(spec.t);
      let s = `${bounds(spec.n, addr)} ${v} = ${spec.read};`;
      if (spec.t === I64) s += ` ${hv(h)} = ${spec.hi!.replace('$', v)};`;
      this.emit(s);
      return;
    }
    const h = this.st.length - 2;
    const addr = sv(I32, h);
    const t = this.st[h + 1]!;
    const v = sv(t, h + 1);
    this.pop();
    this.pop();
    const spec = STORES[op - 0x36]!;
    let s = `${bounds(spec.n, addr)} ${spec.write.replace('$', v).replace('#', hv(h + 1))}; DT[t >>> 12] = 1;`;
    if (spec.n > 1) s += ` DT[(t + ${spec.n - 1}) >>> 12] = 1;`;
    this.emit(s);
  }

  /** Writes the function's results (`r`, then `T`/`RD`) into the frame at `fp` (words `S`, doubles `F`). */
  private resultWrites(): string[] {
    const out: string[] = [];
    this.c.type.results.forEach((t, j) => {
      const w = `(fp + ${j}) * 2`;
      const first = j === 0;
      if (t === F64) out.push(`F[fp + ${j}] = ${first ? 'r' : `RD[${j}]`};`);
      else {
        out.push(`S[${w}] = ${first ? 'r' : `T[${8 + 2 * j}]`};`);
        out.push(`S[${w} + 1] = ${t !== I64 ? '0' : first ? 'T[8]' : `T[${9 + 2 * j}]`};`);
      }
    });
    return out;
  }

  /**
   * The factory's result: the function, its entry from the interpreter, which reads the arguments from the
   * frame at `fp` and writes the results there (no array of doubles on the way: it would quiet NaNs), and its
   * entry into a running frame at an entry safepoint (`o`).
   */
  private entryAdapter(osr: boolean): string {
    const out = this.resultWrites();
    if (osr) {
      return [
        'const o = function (fp, oe) {',
        'const r = x(fp, oe);',
        'if (R.ho !== 0) return;',
        'const S = R.ex.s32, F = R.ex.f64;',
        ...out,
        '};',
        'return { o };',
      ].join('\n');
    }
    const type = this.c.type;
    const args: string[] = ['fp'];
    type.params.forEach((t, i) => {
      const w = `(fp + ${i}) * 2`;
      if (t === F64) args.push(`F[fp + ${i}]`);
      else args.push(`S[${w}]`);
      if (t === I64) args.push(`S[${w} + 1]`);
    });
    return [
      'const e = function (fp) {',
      'let S = R.ex.s32, F = R.ex.f64;',
      `const r = f(${args.join(', ')});`,
      'if (R.ho !== 0) return;',
      'S = R.ex.s32; F = R.ex.f64;',
      ...out,
      '};',
      'return { f, e };',
    ].join('\n');
  }

  /** The declarations of a function's locals (params too when `all`) and operand temporaries. */
  private declarations(all: boolean): string {
    const type = this.c.type;
    const decl: string[] = ['t = 0', 'u = 0', 'v = 0', 'w = 0', 'p = 0', 'q = 0', 'r = 0', 'cf = 0', 'fn = null'];
    if (this.shapes.size > 0) decl.push('ws = 0', 'wk = 0', 'wv = null');
    this.localTypes.forEach((t, i) => {
      if (!all && i < type.params.length) return;
      decl.push(`${lv(i)} = 0`);
      if (t === I64) decl.push(`${lhv(i)} = 0`);
    });
    for (const [t, m] of this.maxH) {
      for (let h = 0; h <= m; h++) {
        decl.push(`${sv(t, h)} = 0`);
        if (t === I64) decl.push(`${hv(h)} = 0`);
      }
    }
    return `let ${decl.join(', ')};`;
  }

  /** Reads slot `k` of the frame at `fp` (words `S`, doubles `F`) into the JS variable `v` (`hi`: an i64's high word). */
  private static load(t: number, k: number, v: string, hi: string): string {
    if (t === F64) return `${v} = F[fp + ${k}];`;
    if (t === I64) return `${v} = S[(fp + ${k}) * 2]; ${hi} = S[(fp + ${k}) * 2 + 1];`;
    return `${v} = S[(fp + ${k}) * 2];`;
  }

  /**
   * The entry variant of the function body: the same code, entered with `oe`, an entry safepoint id. Until the
   * entry is reached, plain code is skipped, an `if` takes the branch that holds the entry and a loop is entered
   * only when it holds it; at the entry, `oe` becomes -1 and everything runs as in the function itself.
   */
  private osrBody(): string {
    // The entries inside a loop or an if are the entries made between its start and its end: a range of ids.
    const any = (ids: readonly number[]): string =>
      ids.length === 0
        ? 'false'
        : ids.length === 1
          ? `oe === ${ids[0]}`
          : `(oe >= ${Math.min(...ids)} && oe <= ${Math.max(...ids)})`;
    const lines: string[] = [];
    let code: string[] = [];
    const flush = (): void => {
      const body = code.filter((c) => c !== '');
      if (body.length > 0) lines.push(`if (oe < 0) { ${body.join('\n')} }`);
      code = [];
    };
    this.out.forEach((line, i) => {
      const m = this.meta[i];
      if (m === null || m === undefined) {
        code.push(line);
        return;
      }
      flush();
      switch (m.k) {
        case M_LOOP: {
          const ctl = m.ctl!;
          lines.push(`if (oe < 0 || ${any(ctl.inner)}) { L${ctl.label}: for (;;) { if (oe === ${ctl.header}) oe = -1;`);
          break;
        }
        case M_LOOP_END:
          lines.push(`${line} }`);
          break;
        case M_IF: {
          const ctl = m.ctl!;
          const inThen = ctl.thenInner ?? ctl.inner;
          const cond = inThen.length === 0 ? `oe < 0 && ${m.cond} !== 0` : `oe >= 0 ? ${any(inThen)} : ${m.cond} !== 0`;
          lines.push(`L${ctl.label}: if (${cond}) {`);
          break;
        }
        case M_BLOCK:
          lines.push(`if (oe === ${m.id}) oe = -1;`);
          code.push(line);
          break;
        default:
          lines.push(line);
      }
    });
    flush();
    return lines.join('\n');
  }

  /** The entry variant as a function `(fp, oe)`: it loads locals and the entry's operands from the frame. */
  private osrFunction(head: readonly string[], memHead: readonly string[]): string {
    const loads: string[] = ['const S = R.ex.s32, F = R.ex.f64;'];
    this.localTypes.forEach((t, i) => {
      loads.push(Translator.load(t, i, lv(i), lhv(i)));
    });
    const cases: string[] = [];
    const nl = this.localTypes.length;
    for (const ids of this.entries.values()) {
      for (const id of ids) {
        const types = this.sps[id]!.types;
        const ld: string[] = [];
        for (let h = 0; h + nl < types.length; h++) {
          const t = types[nl + h]!;
          ld.push(Translator.load(t, nl + h, sv(t, h), hv(h)));
        }
        cases.push(`case ${id}: ${ld.join(' ')} break;`);
      }
    }
    return [
      'const x = function (fp, oe) {',
      this.declarations(true),
      ...head,
      ...memHead,
      ...loads,
      `switch (oe) { ${cases.join(' ')} }`,
      'WB: {',
      this.osrBody(),
      '}',
      this.writeBack(),
      '};',
    ].join('\n');
  }

  private assemble(osr: boolean): string {
    const type = this.c.type;
    const params: string[] = ['fp'];
    type.params.forEach((t, i) => {
      params.push(lv(i));
      if (t === I64) params.push(lhv(i));
    });
    const head = [
      '"use strict";',
      `const { ${HELPER_NAMES.join(', ')} } = H;`,
      'const T = R.t, RD = R.rd, WI = R.wi, WF = R.wf, WD = R.wd, FN = R.fns, MS = R.ms, NEST = R.nest, MAXD = R.maxDepth;',
      ...[...this.consts].map((k) => `const ${k};`),
      ...this.pre,
    ];
    const fnHead = ['const dp = R.dp;'];
    if (this.usesGlobals) fnHead.push('const G = R.store.globalWords;');
    const memHead = this.usesMem ? ['let DV = M.dv, U8 = M.u8, ML = U8.length, DT = M.dirty;'] : [];
    const tail = this.writeBack();
    if (osr) {
      let x = this.osrFunction(fnHead, memHead);
      if (!this.usesMem) x = x.split(REFRESH_MEM).join('');
      return `${head.join('\n')}\n${x}\n${this.entryAdapter(true)}`;
    }
    const fn = [`const f = function (${params.join(', ')}) {`, this.declarations(false), ...fnHead, ...memHead];
    let body = this.out.join('\n');
    if (!this.usesMem) body = body.split(REFRESH_MEM).join('');
    return `${head.join('\n')}\n${fn.join('\n')}\nWB: {\n${body}\n}\n${tail}\n};\n${this.entryAdapter(false)}`;
  }
}

/** Re-reads the memory views (after a call or `memory.grow`: the buffer may have been replaced). */
const REFRESH_MEM = 'DV = M.dv; U8 = M.u8; ML = U8.length; DT = M.dirty;';

interface LoadSpec {
  readonly n: number;
  readonly t: number;
  readonly read: string;
  readonly hi?: string;
}
interface StoreSpec {
  readonly n: number;
  readonly write: string;
}

/** Loads 0x28…0x35: bytes, result type, the read at `t`, and the high word of an i64 from the low word `$`. */
const LOADS: readonly LoadSpec[] = [
  { n: 4, t: I32, read: 'DV.getInt32(t, true)' },
  { n: 8, t: I64, read: 'DV.getInt32(t, true)', hi: 'DV.getInt32(t + 4, true)' },
  { n: 4, t: F32, read: 'DV.getInt32(t, true)' },
  { n: 8, t: F64, read: 'DV.getFloat64(t, true)' },
  { n: 1, t: I32, read: '(U8[t] << 24) >> 24' },
  { n: 1, t: I32, read: 'U8[t]' },
  { n: 2, t: I32, read: 'DV.getInt16(t, true)' },
  { n: 2, t: I32, read: 'DV.getUint16(t, true)' },
  { n: 1, t: I64, read: '(U8[t] << 24) >> 24', hi: '$ >> 31' },
  { n: 1, t: I64, read: 'U8[t]', hi: '0' },
  { n: 2, t: I64, read: 'DV.getInt16(t, true)', hi: '$ >> 31' },
  { n: 2, t: I64, read: 'DV.getUint16(t, true)', hi: '0' },
  { n: 4, t: I64, read: 'DV.getInt32(t, true)', hi: '$ >> 31' },
  { n: 4, t: I64, read: 'DV.getInt32(t, true)', hi: '0' },
];

/** Stores 0x36…0x3e: bytes and the write of value `$` (`#`: its high word). */
const STORES: readonly StoreSpec[] = [
  { n: 4, write: 'DV.setInt32(t, $, true)' },
  { n: 8, write: 'DV.setInt32(t, $, true); DV.setInt32(t + 4, #, true)' },
  { n: 4, write: 'DV.setInt32(t, $, true)' },
  { n: 8, write: 'DV.setFloat64(t, $, true)' },
  { n: 1, write: 'U8[t] = $' },
  { n: 2, write: 'DV.setInt16(t, $, true)' },
  { n: 1, write: 'U8[t] = $' },
  { n: 2, write: 'DV.setInt16(t, $, true)' },
  { n: 4, write: 'DV.setInt32(t, $, true)' },
];

void fb;
