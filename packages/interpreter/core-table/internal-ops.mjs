/**
 * The internal (plain) ops of the core table: one entry per op or per group of ops that share one case of the
 * dispatch loop. Each names its ops (with the table their codes come from, `IOp` or `Op`), its operand layout
 * (the immediates after the opcode word, for the disassembler; `*` repeats) and its semantics: the body of its
 * `case`, which runs with `pc` just past the opcode word. `exit = …; break run;` leaves the loop through its
 * one write-back of the registers. `kind: 'call'` marks the call sites (where another tier hooks in);
 * `kind: 'escape'` ops run outside the loop in a helper that reads and writes `ex.sp` and `ex.pc`.
 * Read by `scripts/gen-core.mjs`; `fused-ops.mjs` holds the fused register forms.
 * @module
 */

export const internalOps = [
  {
    ops: [['IOp', 'Ext', 0x1e]],
    layout: { Ext: 'sub imm*' },
    kind: 'escape',
    body: `
    // An op run outside the loop by the handler registered for its sub-opcode (exec-ext.ts): the registers go
    // out and come back, and anything may have moved (frames, stacks, memories), so all of them are reloaded.
    ex.sp = sp; ex.fp = fp; ex.pc = pc; ex.funcAddr = funcAddr; ex.fuelLeft = fuel + bank;
    const r = executeExt(ex, code) | 0;
    if (r >= 0) return r;
    sp = ex.sp | 0;
    fp = ex.fp | 0;
    fw = fp << 1;
    pc = ex.pc | 0;
    funcAddr = ex.funcAddr | 0;
    s32 = ex.s32;
    f32 = ex.f32;
    f64 = ex.f64;
    g32 = store.globalWords;
    const fn = funcs[funcAddr]!;
    code = fn.code!.code;
    inst = store.instances[fn.instanceAddr]!;
    mem = memoryOf(ex, inst);
    dv = mem === null ? NO_MEMORY_DV : mem.dv;
    u8 = mem === null ? NO_MEMORY_U8 : mem.u8;
    dirty = mem === null ? NO_MEMORY_U8 : mem.dirty;
    memLen = u8.length | 0;
    break;
  `,
  },
  {
    ops: [['IOp', 'Unreachable', 0x00]],
    layout: { Unreachable: '' },
    kind: 'plain',
    body: `
    throw new RuntimeError(TrapCode.Unreachable);
  `,
  },
  {
    ops: [['IOp', 'IfFalse', 0x04]],
    layout: { IfFalse: 'target' },
    kind: 'plain',
    body: `
    sp--;
    if (s32[sp << 1] === 0) pc = code[pc]!;
    else pc++;
    break;
  `,
  },
  {
    ops: [['IOp', 'Jump', 0x05]],
    layout: { Jump: 'target' },
    kind: 'plain',
    body: `
    const t = code[pc]!;
    if (t < pc && interrupt[0] !== 0) {
      pc = t;
      exit = 2; /* LOOP_INTERRUPT */
      break run;
    }
    pc = t;
    break;
  `,
  },
  {
    ops: [['IOp', 'JumpMove', 0x06]],
    layout: { JumpMove: 'target arity dst' },
    kind: 'plain',
    body: `
    const t = code[pc]!;
    const arity = code[pc + 1]!;
    const dst = fp + code[pc + 2]!;
    s32.copyWithin(dst << 1, (sp - arity) << 1, sp << 1);
    sp = dst + arity;
    if (t < pc && interrupt[0] !== 0) {
      pc = t;
      exit = 2; /* LOOP_INTERRUPT */
      break run;
    }
    pc = t;
    break;
  `,
  },
  {
    ops: [['IOp', 'BrIf', 0x0d]],
    layout: { BrIf: 'target' },
    kind: 'plain',
    body: `
    sp--;
    if (s32[sp << 1] !== 0) {
      const t = code[pc]!;
      if (t < pc && interrupt[0] !== 0) {
        pc = t;
        exit = 2; /* LOOP_INTERRUPT */
        break run;
      }
      pc = t;
    } else pc++;
    break;
  `,
  },
  {
    ops: [['IOp', 'BrIfMove', 0x07]],
    layout: { BrIfMove: 'target arity dst' },
    kind: 'plain',
    body: `
    sp--;
    if (s32[sp << 1] !== 0) {
      const t = code[pc]!;
      const arity = code[pc + 1]!;
      const dst = fp + code[pc + 2]!;
      s32.copyWithin(dst << 1, (sp - arity) << 1, sp << 1);
      sp = dst + arity;
      if (t < pc && interrupt[0] !== 0) {
        pc = t;
        exit = 2; /* LOOP_INTERRUPT */
        break run;
      }
      pc = t;
    } else pc = (pc + 3) | 0;
    break;
  `,
  },
  {
    ops: [['IOp', 'BrTable', 0x0e]],
    layout: { BrTable: 'n (target arity dst)*' },
    kind: 'plain',
    body: `
    sp--;
    const n = code[pc]!;
    let i = s32[sp << 1]! >>> 0;
    if (i > n) i = n;
    const e = pc + 1 + i * 3;
    const t = code[e]!;
    const arity = code[e + 1]!;
    const dstRel = code[e + 2]!;
    if (dstRel >= 0) {
      const dst = fp + dstRel;
      s32.copyWithin(dst << 1, (sp - arity) << 1, sp << 1);
      sp = dst + arity;
    }
    if (t < pc && interrupt[0] !== 0) {
      pc = t;
      exit = 2; /* LOOP_INTERRUPT */
      break run;
    }
    pc = t;
    break;
  `,
  },
  {
    ops: [['IOp', 'Return', 0x0f]],
    layout: { Return: 'arity' },
    kind: 'plain',
    body: `
    const n = code[pc]!;
    if (n === 1) {
      const w = (sp - 1) << 1;
      s32[fp << 1] = s32[w]!;
      s32[(fp << 1) + 1] = s32[w + 1]!;
    } else if (n > 0) s32.copyWithin(fp << 1, (sp - n) << 1, sp << 1);
    sp = fp + n;
    if (ex.fc === 0) {
      exit = 0; /* LOOP_DONE */
      break run;
    }
    const k = --ex.fc * 3; /* FRAME_WORDS */
    const fr = ex.frames;
    funcAddr = fr[k]!;
    pc = fr[k + 1]!;
    fp = fr[k + 2]!;
    fw = fp << 1;
    const fn = funcs[funcAddr]!;
    code = fn.code!.code;
    if (fn.instanceAddr !== inst.addr) {
      inst = store.instances[fn.instanceAddr]!;
      mem = memoryOf(ex, inst);
      dv = mem === null ? NO_MEMORY_DV : mem.dv;
      u8 = mem === null ? NO_MEMORY_U8 : mem.u8;
      dirty = mem === null ? NO_MEMORY_U8 : mem.dirty;
      memLen = u8.length | 0;
    }
    break;
  `,
  },
  {
    ops: [
      ['IOp', 'Call', 0x10],
      ['IOp', 'CallIndirect', 0x11],
    ],
    layout: { Call: 'func', CallIndirect: 'type table' },
    kind: 'call',
    body: `
    const callPc = pc - 1;
    // A positive flag: an interrupt (a negative one, the JS tier's entry request, waits for a back-edge).
    if (interrupt[0] > 0) {
      pc = callPc;
      exit = 2; /* LOOP_INTERRUPT */
      break run;
    }
    let calleeAddr: number;
    if (op === 0x10 /* IOp.Call */) {
      calleeAddr = inst.funcAddrs[code[pc++]!]!;
    } else {
      const typeIdx = code[pc]!;
      const table = store.tables[inst.tableAddrs[code[pc + 1]!]!]!;
      pc = (pc + 2) | 0;
      sp--;
      const i = s32[sp << 1]! >>> 0;
      if (i >= table.length) throw new RuntimeError(TrapCode.UndefinedElement);
      const ref = table.elements[i]!;
      if (ref === 0) throw new RuntimeError(TrapCode.UninitializedElement, \`uninitialized element \${i}\`);
      calleeAddr = ref - 1;
      const tid = funcs[calleeAddr]!.typeId;
      const want = inst.module.typeIds[typeIdx]!;
      if (tid !== want && !isCanonicalSubtype(tid, want)) throw new RuntimeError(TrapCode.BadSignature);
    }
    const callee = funcs[calleeAddr]!;
    const c = callee.code;
    if (c === null) {
      // A host function: the slow path, with the registers written back and reloaded.
      ex.sp = sp; ex.fp = fp; ex.pc = pc; ex.funcAddr = funcAddr; ex.fuelLeft = fuel + bank;
      if (callHost(ex, callee, calleeAddr, callPc, inst)) return LOOP_HOST;
      sp = ex.sp | 0;
      s32 = ex.s32;
      f32 = ex.f32;
      f64 = ex.f64;
      g32 = store.globalWords;
      mem = memoryOf(ex, inst);
      dv = mem === null ? NO_MEMORY_DV : mem.dv;
      u8 = mem === null ? NO_MEMORY_U8 : mem.u8;
      dirty = mem === null ? NO_MEMORY_U8 : mem.dirty;
      memLen = u8.length | 0;
      break;
    }
    if (jsTier !== null) { // js-tier hook: a translated callee runs in JavaScript, then the loop re-enters
      ex.sp = sp; ex.fp = fp; ex.pc = pc; ex.funcAddr = funcAddr; ex.fuelLeft = fuel + bank;
      const r = jsTier.call(ex, calleeAddr); if (r >= 0) return r;
    }
    // A wasm function: push the caller's frame, the callee's locals start at its arguments.
    if (!ex.ensureFrame()) throw new RuntimeError(TrapCode.CallStackExhausted);
    const k = ex.fc++ * 3; /* FRAME_WORDS */
    const fr = ex.frames;
    fr[k] = funcAddr;
    fr[k + 1] = pc;
    fr[k + 2] = fp;
    const newFp = (sp - c.paramSlots) | 0;
    if (newFp + c.maxSlots > f64.length) {
      if (!ex.ensureSlots(newFp + c.maxSlots)) {
        ex.fc--;
        throw new RuntimeError(TrapCode.CallStackExhausted);
      }
      s32 = ex.s32;
      f32 = ex.f32;
      f64 = ex.f64;
    }
    fp = newFp;
    fw = fp << 1;
    const localsEnd = (fp + c.localSlots) | 0;
    // Zero the callee's locals (a loop: cheaper than a fill call for the few words most functions have).
    for (let w = sp << 1; w < localsEnd << 1; w++) s32[w] = 0;
    sp = localsEnd;
    funcAddr = calleeAddr;
    pc = (c.entry >= 0 ? c.entry : prepare(c)) | 0;
    code = c.code;
    if (callee.instanceAddr !== inst.addr) {
      inst = store.instances[callee.instanceAddr]!;
      mem = memoryOf(ex, inst);
      dv = mem === null ? NO_MEMORY_DV : mem.dv;
      u8 = mem === null ? NO_MEMORY_U8 : mem.u8;
      dirty = mem === null ? NO_MEMORY_U8 : mem.dirty;
      memLen = u8.length | 0;
    }
    break;
  `,
  },
  {
    ops: [['IOp', 'Drop', 0x1a]],
    layout: { Drop: '' },
    kind: 'plain',
    body: `
    sp--;
    break;
  `,
  },
  {
    ops: [['IOp', 'DropN', 0x08]],
    layout: { DropN: 'n' },
    kind: 'plain',
    body: `
    sp -= code[pc++]!;
    break;
  `,
  },
  {
    ops: [['IOp', 'Select', 0x1b]],
    layout: { Select: '' },
    kind: 'plain',
    body: `
    sp -= 2;
    if (s32[(sp + 1) << 1] === 0) {
      const w = (sp - 1) << 1;
      s32[w] = s32[w + 2]!;
      s32[w + 1] = s32[w + 3]!;
    }
    break;
  `,
  },
  {
    ops: [['IOp', 'SelectV128', 0x09]],
    layout: { SelectV128: '' },
    kind: 'plain',
    body: `
    sp -= 3;
    if (s32[(sp + 2) << 1] === 0) s32.copyWithin((sp - 2) << 1, sp << 1, (sp + 2) << 1);
    break;
  `,
  },
  {
    ops: [['IOp', 'LocalGet', 0x20]],
    layout: { LocalGet: 'slot' },
    kind: 'plain',
    body: `
    const l = (fp + code[pc++]!) << 1;
    const w = sp << 1;
    s32[w] = s32[l]!;
    s32[w + 1] = s32[l + 1]!;
    sp++;
    break;
  `,
  },
  {
    ops: [['IOp', 'LocalSet', 0x21]],
    layout: { LocalSet: 'slot' },
    kind: 'plain',
    body: `
    const l = (fp + code[pc++]!) << 1;
    sp--;
    const w = sp << 1;
    s32[l] = s32[w]!;
    s32[l + 1] = s32[w + 1]!;
    break;
  `,
  },
  {
    ops: [['IOp', 'LocalTee', 0x22]],
    layout: { LocalTee: 'slot' },
    kind: 'plain',
    body: `
    const l = (fp + code[pc++]!) << 1;
    const w = (sp - 1) << 1;
    s32[l] = s32[w]!;
    s32[l + 1] = s32[w + 1]!;
    break;
  `,
  },
  {
    ops: [['IOp', 'LocalGetV128', 0x0a]],
    layout: { LocalGetV128: 'slot' },
    kind: 'plain',
    body: `
    const l = (fp + code[pc++]!) << 1;
    s32.copyWithin(sp << 1, l, l + 4);
    sp += 2;
    break;
  `,
  },
  {
    ops: [['IOp', 'LocalSetV128', 0x12]],
    layout: { LocalSetV128: 'slot' },
    kind: 'plain',
    body: `
    const l = (fp + code[pc++]!) << 1;
    sp -= 2;
    s32.copyWithin(l, sp << 1, (sp << 1) + 4);
    break;
  `,
  },
  {
    ops: [['IOp', 'LocalTeeV128', 0x13]],
    layout: { LocalTeeV128: 'slot' },
    kind: 'plain',
    body: `
    const l = (fp + code[pc++]!) << 1;
    s32.copyWithin(l, (sp - 2) << 1, sp << 1);
    break;
  `,
  },
  {
    ops: [['IOp', 'GlobalGet', 0x23]],
    layout: { GlobalGet: 'global' },
    kind: 'plain',
    body: `
    const g = inst.globalAddrs[code[pc++]!]! << 2;
    const w = sp << 1;
    s32[w] = g32[g]!;
    s32[w + 1] = g32[g + 1]!;
    sp++;
    break;
  `,
  },
  {
    ops: [['IOp', 'GlobalSet', 0x24]],
    layout: { GlobalSet: 'global' },
    kind: 'plain',
    body: `
    const g = inst.globalAddrs[code[pc++]!]! << 2;
    sp--;
    const w = sp << 1;
    g32[g] = s32[w]!;
    g32[g + 1] = s32[w + 1]!;
    break;
  `,
  },
  {
    ops: [['IOp', 'GlobalGetV128', 0x14]],
    layout: { GlobalGetV128: 'global' },
    kind: 'plain',
    body: `
    const g = inst.globalAddrs[code[pc++]!]! << 2;
    s32.set(g32.subarray(g, g + 4), sp << 1);
    sp += 2;
    break;
  `,
  },
  {
    ops: [['IOp', 'GlobalSetV128', 0x15]],
    layout: { GlobalSetV128: 'global' },
    kind: 'plain',
    body: `
    const g = inst.globalAddrs[code[pc++]!]! << 2;
    sp -= 2;
    g32.set(s32.subarray(sp << 1, (sp << 1) + 4), g);
    break;
  `,
  },
  {
    ops: [['Op', 'MemorySize', 0x3f]],
    layout: { MemorySize: '' },
    kind: 'plain',
    body: `
    const w = sp << 1;
    s32[w] = memLen / PAGE_SIZE;
    s32[w + 1] = 0;
    sp++;
    break;
  `,
  },
  {
    ops: [['Op', 'I32Const', 0x41]],
    layout: { I32Const: 'value' },
    kind: 'plain',
    body: `
    const w = sp << 1;
    s32[w] = code[pc++]!;
    s32[w + 1] = 0;
    sp++;
    break;
  `,
  },
  {
    ops: [['Op', 'F32Const', 0x43]],
    layout: { F32Const: 'bits' },
    kind: 'plain',
    body: `
    const w = sp << 1;
    s32[w] = code[pc++]!;
    s32[w + 1] = 0;
    sp++;
    break;
  `,
  },
  {
    ops: [
      ['Op', 'I64Const', 0x42],
      ['Op', 'F64Const', 0x44],
    ],
    layout: { I64Const: 'lo hi', F64Const: 'lo hi' },
    kind: 'plain',
    body: `
    const w = sp << 1;
    s32[w] = code[pc]!;
    s32[w + 1] = code[pc + 1]!;
    pc = (pc + 2) | 0;
    sp++;
    break;
  `,
  },
  {
    ops: [['IOp', 'RefNull', 0xd0]],
    layout: { RefNull: '' },
    kind: 'plain',
    body: `
    const w = sp << 1;
    s32[w] = 0;
    s32[w + 1] = 0;
    sp++;
    break;
  `,
  },
  {
    ops: [['IOp', 'RefIsNull', 0xd1]],
    layout: { RefIsNull: '' },
    kind: 'plain',
    body: `
    const w = (sp - 1) << 1; s32[w] = s32[w] === 0 ? 1 : 0; break;
  `,
  },
  {
    ops: [['IOp', 'RefFunc', 0xd2]],
    layout: { RefFunc: 'func' },
    kind: 'plain',
    body: `
    const w = sp << 1;
    s32[w] = inst.funcAddrs[code[pc++]!]! + 1;
    s32[w + 1] = 0;
    sp++;
    break;
  `,
  },
  {
    ops: [['IOp', 'Exn', 0x1f]],
    layout: { Exn: 'sub imm' },
    kind: 'plain',
    body: `
    // throw, throw_ref, rethrow: out of the loop to the unwinder (exec-exceptions.ts).
    ex.sp = sp; ex.fp = fp; ex.pc = pc; ex.funcAddr = funcAddr; ex.fuelLeft = fuel + bank;
    throw executeExn(ex, code);
  `,
  },
  {
    ops: [['IOp', 'Simd', 0xf2]],
    layout: { Simd: 'sub imm*' },
    kind: 'plain',
    body: `
    ex.sp = sp;
    ex.pc = pc;
    executeSimd(ex, code, mem);
    sp = ex.sp | 0;
    pc = ex.pc | 0;
    break;
  `,
  },
  {
    ops: [
      ['Op', 'MemoryGrow', 0x40],
      ['IOp', 'MemoryInit', 0xe8],
      ['IOp', 'MemoryCopy', 0xea],
      ['IOp', 'MemoryFill', 0xeb],
      ['IOp', 'TableInit', 0xec],
      ['IOp', 'TableCopy', 0xee],
      ['IOp', 'TableGrow', 0xef],
      ['IOp', 'TableFill', 0xf1],
    ],
    layout: {
      MemoryGrow: '',
      MemoryInit: 'data',
      MemoryCopy: '',
      MemoryFill: '',
      TableInit: 'elem table',
      TableCopy: 'dst src',
      TableGrow: 'table',
      TableFill: 'table',
    },
    kind: 'plain',
    body: `
    // Bulk ops cost fuel in proportion to what they touch, paid before they run (bulk-fuel.ts): when the
    // fuel cannot pay, stop before the op (unless it is the run's first op, so that a run always progresses).
    const extra = bulkExtraFuel(ex, op, code, pc, sp, inst, mem) | 0;
    if (extra > 0) {
      const cost = word >>> 10;
      if (extra > fuel + bank && !unlimited && ((fuel + bank + cost) | 0) !== fuelLimit) {
        pc = (pc - 1) | 0;
        ex.sp = sp; ex.fp = fp; ex.pc = pc; ex.funcAddr = funcAddr; ex.fuelLeft = fuel + bank + cost;
        return LOOP_FUEL;
      }
      fuel = (fuel - extra) | 0;
      if (fuel < 0) {
        bank = (bank + fuel) | 0;
        fuel = 0;
        if (bank < 0) bank = 0;
      }
    }
    ex.sp = sp;
    ex.pc = pc;
    executeMemoryOp(ex, op, code, inst, mem);
    sp = ex.sp | 0;
    pc = ex.pc | 0;
    if (op === 0x40 /* Op.MemoryGrow */) {
      dv = mem!.dv;
      u8 = mem!.u8;
      dirty = mem!.dirty;
      memLen = u8.length | 0;
    }
    break;
  `,
  },
  {
    ops: [
      ['IOp', 'TableGet', 0x25],
      ['IOp', 'TableSet', 0x26],
      ['IOp', 'DataDrop', 0xe9],
      ['IOp', 'ElemDrop', 0xed],
      ['IOp', 'TableSize', 0xf0],
      ['IOp', 'Atomic', 0xfe],
    ],
    layout: {
      TableGet: 'table',
      TableSet: 'table',
      DataDrop: 'data',
      ElemDrop: 'elem',
      TableSize: 'table',
      Atomic: 'sub offset',
    },
    kind: 'plain',
    body: `
    ex.sp = sp;
    ex.pc = pc;
    executeMemoryOp(ex, op, code, inst, mem);
    sp = ex.sp | 0;
    pc = ex.pc | 0;
    break;
  `,
  },
];
/**
 * Ranges of plain ops that share the loop's `default` branch: each runs in a helper outside the loop (they run
 * only in plain code, until a fused group start). The escape for new slow-path ops is `IOp.Ext` above.
 */
export const rangeOps = [
  {
    name: 'memory',
    doc: 'Plain loads and stores run outside the loop, like the plain numeric ops below.',
    ranges: [[0x28, 0x3e]],
    body: `
    ex.sp = sp;
    ex.pc = pc;
    executeMemoryOp(ex, op, code, inst, mem);
    sp = ex.sp | 0;
    pc = ex.pc | 0;
    break;
  `,
  },
  {
    name: 'numeric',
    doc: 'The plain numeric ops: in functions that run fused, they run only until a group start (see numeric-plain.ts).',
    ranges: [
      [0x45, 0xc4],
      [0xe0, 0xe7],
    ],
    body: `
    sp = executeNumeric(op, s32, f32, f64, sp);
    break;
  `,
  },
];
