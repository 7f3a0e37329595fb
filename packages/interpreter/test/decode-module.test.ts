/**
 * Tests of `decodeModule` on hand-assembled modules: every section kind, every element and data segment
 * encoding, constant-expression and function-body framing, and each malformed case with its spec wording
 * and offset. A seeded mutation run checks that no input throws anything but `CompileError`.
 * @module
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { decodeModule, MAX_FUNCTION_LOCALS } from '../src/decode-module.js';
import { CompileError } from '../src/errors.js';
import { ExternKind, SegmentMode, ValType } from '../src/types.js';

/** `(ref func)`. */
const REF_FUNC = 0x100 | ValType.FuncRef;

// ---------------------------------------------------------------------------------------------------------
// A tiny assembler

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** Unsigned LEB128. */
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

/** A vector: count, then the items' bytes. */
function vec(...items: number[][]): number[] {
  return [...leb(items.length), ...items.flat()];
}

/** A name: UTF-8 length, then bytes. */
function str(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...leb(bytes.length), ...bytes];
}

/** A section: id, size, payload. */
function section(id: number, ...payload: number[]): number[] {
  return [id, ...leb(payload.length), ...payload];
}

/** A module: header, then the given raw bytes. */
function mod(...parts: number[][]): Uint8Array {
  return Uint8Array.from([...HEADER, ...parts.flat()]);
}

/** A code-section entry: size, then locals and instructions. */
function body(locals: number[][], ...code: number[]): number[] {
  const content = [...vec(...locals), ...code];
  return [...leb(content.length), ...content];
}

const TYPE_VOID = section(1, ...vec([0x60, 0x00, 0x00]));
const ONE_FUNC = section(3, ...vec([0x00]));
const MEMORY = section(5, ...vec([0x00, 0x01]));
const I32_CONST_0 = [0x41, 0x00, 0x0b];

/** Asserts that decoding fails with `reason` (the spec wording, contained in the message) at `offset`. */
function malformed(bytes: Uint8Array, reason: string, offset?: number): void {
  assert.throws(
    () => decodeModule(bytes),
    (e: unknown) => {
      assert.ok(e instanceof CompileError, `expected CompileError, got ${String(e)}`);
      assert.ok(e.reason.includes(reason), `expected "${reason}", got "${e.reason}"`);
      if (offset !== undefined) assert.equal(e.offset, offset, `offset of "${e.reason}"`);
      return true;
    },
  );
}

// ---------------------------------------------------------------------------------------------------------

describe('header', () => {
  it('decodes the empty module', () => {
    const m = decodeModule(mod());
    assert.equal(m.types.length, 0);
    assert.equal(m.start, null);
    assert.equal(m.dataCount, null);
  });

  it('rejects a short, wrong or differently-versioned header', () => {
    malformed(new Uint8Array(0), 'unexpected end', 0);
    malformed(Uint8Array.from([0x00, 0x61, 0x73]), 'unexpected end', 3);
    malformed(Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01]), 'unexpected end', 5);
    malformed(Uint8Array.from([0x00, 0x41, 0x53, 0x4d, 0x01, 0x00, 0x00, 0x00]), 'magic header not detected', 0);
    malformed(Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00]), 'unknown binary version', 4);
    malformed(Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x00, 0x00, 0x00, 0x01]), 'unknown binary version', 4);
  });

  it('throws TypeError for a non-Uint8Array', () => {
    assert.throws(() => decodeModule([0, 0x61] as unknown as Uint8Array), TypeError);
  });
});

describe('sections', () => {
  it('type section: params and results of every value type', () => {
    const m = decodeModule(
      mod(
        section(
          1,
          ...vec(
            [0x60, ...vec([0x7f], [0x7e], [0x7d], [0x7c], [0x7b], [0x70], [0x6f]), ...vec()],
            [0x60, ...vec(), ...vec([0x7f], [0x7e])],
          ),
        ),
      ),
    );
    assert.deepEqual(m.types, [
      {
        params: [ValType.I32, ValType.I64, ValType.F32, ValType.F64, ValType.V128, ValType.FuncRef, ValType.ExternRef],
        results: [],
      },
      { params: [], results: [ValType.I32, ValType.I64] },
    ]);
  });

  it('import section: every kind', () => {
    const m = decodeModule(
      mod(
        TYPE_VOID,
        section(
          2,
          ...vec(
            [...str('env'), ...str('f'), 0x00, 0x00],
            [...str('env'), ...str('t'), 0x01, 0x70, 0x00, 0x02],
            [...str('env'), ...str('m'), 0x02, 0x01, 0x01, 0x02],
            [...str('env'), ...str('g'), 0x03, 0x7e, 0x01],
            [...str('ü'), ...str(''), 0x03, 0x6f, 0x00],
          ),
        ),
      ),
    );
    assert.deepEqual(m.imports, [
      { module: 'env', name: 'f', desc: { kind: ExternKind.Func, typeIdx: 0 } },
      {
        module: 'env',
        name: 't',
        desc: { kind: ExternKind.Table, type: { elemType: ValType.FuncRef, limits: { min: 2, max: null } } },
      },
      { module: 'env', name: 'm', desc: { kind: ExternKind.Memory, type: { limits: { min: 1, max: 2 } } } },
      { module: 'env', name: 'g', desc: { kind: ExternKind.Global, type: { valType: ValType.I64, mutable: true } } },
      {
        module: 'ü',
        name: '',
        desc: { kind: ExternKind.Global, type: { valType: ValType.ExternRef, mutable: false } },
      },
    ]);
  });

  it('function, table, memory, global, export and start sections', () => {
    const bytes = mod(
      TYPE_VOID,
      section(3, ...vec([0x00], [0x00])),
      section(4, ...vec([0x70, 0x00, 0x01], [0x6f, 0x01, 0x00, ...leb(0xffffffff)])),
      section(5, ...vec([0x01, 0x01, ...leb(65536)])),
      section(6, ...vec([0x7f, 0x00, 0x41, 0x2a, 0x0b], [0x7d, 0x01, 0x43, 0, 0, 0x80, 0x3f, 0x0b])),
      section(
        7,
        ...vec(
          [...str('f'), 0x00, 0x01],
          [...str('t'), 0x01, 0x00],
          [...str('m'), 0x02, 0x00],
          [...str('g'), 0x03, 0x01],
        ),
      ),
      section(8, 0x01),
      section(10, ...vec(body([], 0x0b), body([], 0x0b))),
    );
    const m = decodeModule(bytes);
    assert.deepEqual(m.funcs, [0, 0]);
    assert.deepEqual(m.tables, [
      { elemType: ValType.FuncRef, limits: { min: 1, max: null } },
      { elemType: ValType.ExternRef, limits: { min: 0, max: 0xffffffff } },
    ]);
    assert.deepEqual(m.mems, [{ limits: { min: 1, max: 65536 } }]);
    assert.equal(m.globals.length, 2);
    assert.deepEqual(m.globals[0]!.type, { valType: ValType.I32, mutable: false });
    assert.deepEqual(m.globals[1]!.type, { valType: ValType.F32, mutable: true });
    const init0 = m.globals[0]!.init;
    assert.deepEqual([...bytes.subarray(init0.start, init0.end)], [0x41, 0x2a, 0x0b]);
    const init1 = m.globals[1]!.init;
    assert.deepEqual([...bytes.subarray(init1.start, init1.end)], [0x43, 0, 0, 0x80, 0x3f, 0x0b]);
    assert.deepEqual(m.exports, [
      { name: 'f', kind: ExternKind.Func, index: 1 },
      { name: 't', kind: ExternKind.Table, index: 0 },
      { name: 'm', kind: ExternKind.Memory, index: 0 },
      { name: 'g', kind: ExternKind.Global, index: 1 },
    ]);
    assert.equal(m.start, 1);
    assert.equal(m.bytes, bytes);
  });

  it('code section: body ranges and expanded locals', () => {
    const bytes = mod(
      section(1, ...vec([0x60, ...vec([0x7f]), ...vec()])),
      section(3, ...vec([0x00], [0x00])),
      section(
        10,
        ...vec(
          body(
            [
              [0x02, 0x7f],
              [0x01, 0x7e],
              [0x00, 0x7d],
              [0x03, 0x7b],
            ],
            0x20,
            0x00,
            0x1a,
            0x0b,
          ),
          body([], 0x01, 0x0b),
        ),
      ),
    );
    const m = decodeModule(bytes);
    const [f0, f1] = m.codes;
    assert.deepEqual(f0!.locals, [ValType.I32, ValType.I32, ValType.I64, ValType.V128, ValType.V128, ValType.V128]);
    assert.deepEqual([...bytes.subarray(f0!.codeStart, f0!.end)], [0x20, 0x00, 0x1a, 0x0b]);
    assert.equal(bytes[f0!.start], 4); // the local declaration count
    assert.deepEqual(f1!.locals, []);
    assert.equal(f1!.codeStart, f1!.start + 1);
    assert.deepEqual([...bytes.subarray(f1!.codeStart, f1!.end)], [0x01, 0x0b]);
    assert.equal(f1!.end, bytes.length);
  });

  it('data count section', () => {
    const m = decodeModule(
      mod(MEMORY, section(12, 0x02), section(11, ...vec([0x01, ...vec()], [0x01, ...vec([0x61])]))),
    );
    assert.equal(m.dataCount, 2);
    assert.equal(m.datas.length, 2);
  });

  it('custom sections anywhere, with their payload ranges', () => {
    const bytes = mod(
      section(0, ...str('first'), 1, 2, 3),
      TYPE_VOID,
      section(0, ...str('')),
      ONE_FUNC,
      section(10, ...vec(body([], 0x0b))),
      section(0, ...str('name'), 0xff),
    );
    const m = decodeModule(bytes);
    assert.deepEqual(
      m.customs.map((c) => c.name),
      ['first', '', 'name'],
    );
    const [a, b, c] = m.customs;
    assert.deepEqual([...bytes.subarray(a!.start, a!.end)], [1, 2, 3]);
    assert.equal(b!.start, b!.end);
    assert.deepEqual([...bytes.subarray(c!.start, c!.end)], [0xff]);
    assert.equal(c!.end, bytes.length);
  });

  it('accepts empty vectors in every section', () => {
    const m = decodeModule(mod(...[1, 2, 3, 4, 5, 6, 7, 9, 10, 11].map((id) => section(id, 0x00))));
    assert.equal(m.codes.length, 0);
    assert.equal(m.datas.length, 0);
  });
});

describe('element segments: all 8 encodings', () => {
  const prelude = [TYPE_VOID, ONE_FUNC, section(4, ...vec([0x70, 0x00, 0x01]))];
  const code = section(10, ...vec(body([], 0x0b)));
  const decodeElems = (...segments: number[][]) => {
    const bytes = mod(...prelude, section(9, ...vec(...segments)), code);
    return { bytes, elems: decodeModule(bytes).elems };
  };
  const range = (bytes: Uint8Array, r: { start: number; end: number } | null) =>
    r ? [...bytes.subarray(r.start, r.end)] : null;
  const refFunc0 = [0xd2, 0x00, 0x0b];
  const refNull = [0xd0, 0x70, 0x0b];

  it('0: active, table 0, offset, function indices', () => {
    const { bytes, elems } = decodeElems([0x00, ...I32_CONST_0, ...vec([0x00], [0x00])]);
    const e = elems[0]!;
    assert.equal(e.mode, SegmentMode.Active);
    assert.equal(e.tableIdx, 0);
    // Function indices are `(ref func)` in 3.0 (non-nullable funcref, heap-types.ts encoding).
    assert.equal(e.type, REF_FUNC);
    assert.deepEqual(range(bytes, e.offset), I32_CONST_0);
    assert.deepEqual(e.init, [{ funcIdx: 0 }, { funcIdx: 0 }]);
  });

  it('1: passive, element kind, function indices', () => {
    const e = decodeElems([0x01, 0x00, ...vec([0x00])]).elems[0]!;
    assert.equal(e.mode, SegmentMode.Passive);
    assert.equal(e.offset, null);
    assert.equal(e.type, REF_FUNC);
    assert.deepEqual(e.init, [{ funcIdx: 0 }]);
  });

  it('2: active, table index, offset, element kind, function indices', () => {
    const { bytes, elems } = decodeElems([0x02, 0x03, ...I32_CONST_0, 0x00, ...vec([0x00])]);
    const e = elems[0]!;
    assert.equal(e.mode, SegmentMode.Active);
    assert.equal(e.tableIdx, 3);
    assert.deepEqual(range(bytes, e.offset), I32_CONST_0);
    assert.deepEqual(e.init, [{ funcIdx: 0 }]);
  });

  it('3: declarative, element kind, function indices', () => {
    const e = decodeElems([0x03, 0x00, ...vec([0x00])]).elems[0]!;
    assert.equal(e.mode, SegmentMode.Declarative);
    assert.equal(e.offset, null);
    assert.deepEqual(e.init, [{ funcIdx: 0 }]);
  });

  it('4: active, table 0, offset, expressions', () => {
    const { bytes, elems } = decodeElems([0x04, ...I32_CONST_0, ...vec(refFunc0, refNull)]);
    const e = elems[0]!;
    assert.equal(e.mode, SegmentMode.Active);
    assert.equal(e.tableIdx, 0);
    assert.equal(e.type, ValType.FuncRef);
    assert.deepEqual(range(bytes, e.offset), I32_CONST_0);
    assert.deepEqual(
      e.init.map((i) => ('expr' in i ? range(bytes, i.expr) : i)),
      [refFunc0, refNull],
    );
  });

  it('5: passive, reference type, expressions', () => {
    const { bytes, elems } = decodeElems([0x05, 0x6f, ...vec([0xd0, 0x6f, 0x0b])]);
    const e = elems[0]!;
    assert.equal(e.mode, SegmentMode.Passive);
    assert.equal(e.type, ValType.ExternRef);
    assert.deepEqual(
      e.init.map((i) => ('expr' in i ? range(bytes, i.expr) : i)),
      [[0xd0, 0x6f, 0x0b]],
    );
  });

  it('6: active, table index, offset, reference type, expressions', () => {
    const { bytes, elems } = decodeElems([0x06, 0x01, ...I32_CONST_0, 0x70, ...vec(refFunc0)]);
    const e = elems[0]!;
    assert.equal(e.mode, SegmentMode.Active);
    assert.equal(e.tableIdx, 1);
    assert.deepEqual(range(bytes, e.offset), I32_CONST_0);
    assert.deepEqual(
      e.init.map((i) => ('expr' in i ? range(bytes, i.expr) : i)),
      [refFunc0],
    );
  });

  it('7: declarative, reference type, expressions', () => {
    const e = decodeElems([0x07, 0x70, ...vec(refFunc0)]).elems[0]!;
    assert.equal(e.mode, SegmentMode.Declarative);
    assert.equal(e.type, ValType.FuncRef);
    assert.equal(e.init.length, 1);
  });

  it('rejects flags above 7, a bad element kind, a bad reference type', () => {
    const at = (...seg: number[]) => mod(...prelude, section(9, ...vec(seg)), code);
    malformed(at(0x08, ...vec()), 'malformed elements segment kind', 8 + 6 + 4 + 6 + 3);
    malformed(at(0x01, 0x01, ...vec()), 'malformed element kind', 8 + 6 + 4 + 6 + 4);
    malformed(at(0x05, 0x7f, ...vec()), 'malformed reference type', 8 + 6 + 4 + 6 + 4);
  });
});

describe('data segments: all 3 encodings', () => {
  it('0: active memory 0; 1: passive; 2: active with a memory index', () => {
    const bytes = mod(
      MEMORY,
      section(
        11,
        ...vec(
          [0x00, ...I32_CONST_0, ...vec([0x61], [0x62])],
          [0x01, ...vec([0x63])],
          [0x02, 0x00, 0x41, 0x10, 0x0b, ...vec()],
        ),
      ),
    );
    const [d0, d1, d2] = decodeModule(bytes).datas;
    assert.equal(d0!.mode, SegmentMode.Active);
    assert.equal(d0!.memIdx, 0);
    assert.deepEqual([...bytes.subarray(d0!.offset!.start, d0!.offset!.end)], I32_CONST_0);
    assert.deepEqual([...bytes.subarray(d0!.start, d0!.end)], [0x61, 0x62]);
    assert.equal(d1!.mode, SegmentMode.Passive);
    assert.equal(d1!.offset, null);
    assert.deepEqual([...bytes.subarray(d1!.start, d1!.end)], [0x63]);
    assert.equal(d2!.mode, SegmentMode.Active);
    assert.deepEqual([...bytes.subarray(d2!.offset!.start, d2!.offset!.end)], [0x41, 0x10, 0x0b]);
    assert.equal(d2!.start, d2!.end);
  });

  it('rejects flags above 2 and a truncated payload', () => {
    malformed(mod(MEMORY, section(11, ...vec([0x03]))), 'malformed data segment kind', 8 + 5 + 3);
    // 7 bytes declared, 6 given at the end of the module.
    malformed(
      mod(MEMORY, [0x0b, 0x0c, 0x01, 0x00, ...I32_CONST_0, 0x07, 1, 2, 3, 4, 5, 6]),
      'unexpected end of section or function',
      27,
    );
  });
});

describe('constant expressions', () => {
  const globalInit = (...expr: number[]) => {
    const bytes = mod(section(6, ...vec([0x7b, 0x00, ...expr])));
    const init = decodeModule(bytes).globals[0]!.init;
    return [...bytes.subarray(init.start, init.end)];
  };

  it('finds the end after a 16-byte v128.const immediate containing 0x0b bytes', () => {
    const expr = [0xfd, 0x0c, ...new Array<number>(16).fill(0x0b), 0x0b];
    assert.deepEqual(globalInit(...expr), expr);
  });

  it('skips LEB, float and prefixed immediates', () => {
    const expr = [
      0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f, 0x1a, 0x44, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
      0x0b, 0x0b, 0x1a, 0xfc, 0x00, 0x0b,
    ];
    assert.deepEqual(globalInit(...expr), expr);
  });

  it('follows nesting: an inner end does not end the expression', () => {
    const expr = [0x02, 0x40, 0x04, 0x7f, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0b, 0x0b, 0x41, 0x00, 0x0b];
    assert.deepEqual(globalInit(...expr), expr);
  });

  it('rejects an unknown opcode: illegal opcode', () => {
    // Global init with a missing end, then 0x27 (no opcode of 3.0 either).
    const bytes = mod(
      TYPE_VOID,
      ONE_FUNC,
      [0x06, 0x06, 0x01, 0x7f, 0x00, 0x41, 0x00, 0x27],
      section(10, ...vec(body([], 0x0b))),
    );
    malformed(bytes, 'illegal opcode', 8 + 6 + 4 + 7);
    malformed(mod(section(6, ...vec([0x7f, 0x00, 0xfc, 0x12, 0x0b]))), 'illegal opcode', 13);
    malformed(mod(section(6, ...vec([0x7f, 0x00, 0xfd, ...leb(0x200), 0x0b]))), 'illegal opcode', 13);
  });

  it('rejects else outside if, and a missing end', () => {
    malformed(mod(section(6, ...vec([0x7f, 0x00, 0x41, 0x00, 0x05, 0x0b]))), 'END opcode expected', 15);
    malformed(mod(section(6, ...vec([0x7f, 0x00, 0x41, 0x00]))), 'unexpected end of section or function', 15);
  });

  it('rejects malformed immediates', () => {
    malformed(
      mod(section(6, ...vec([0x7f, 0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0b]))),
      'integer representation too long',
      19,
    );
    malformed(mod(section(6, ...vec([0x7f, 0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x70, 0x0b]))), 'integer too large', 18);
    // ref.null takes a heap type (3.0): 0x7f is none.
    malformed(mod(section(6, ...vec([0x6f, 0x00, 0xd0, 0x7f, 0x0b]))), 'malformed heap type', 14);
  });
});

describe('function bodies', () => {
  const withBody = (...entry: number[]) => mod(TYPE_VOID, ONE_FUNC, MEMORY, section(10, ...vec(entry)));
  const codeStartOffset = 8 + 6 + 4 + 5 + 3; // first byte of the body size

  it('rejects a body whose instructions run past its size: section size mismatch', () => {
    // Size 4 covers locals, i32.const 1, drop; the following data section's 0x0b is read as the end.
    const bytes = mod(TYPE_VOID, ONE_FUNC, [0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x01, 0x1a], section(11, ...vec()));
    malformed(bytes, 'section size mismatch', 8 + 6 + 4 + 4);
  });

  it('rejects a body whose end is missing at the end of the module', () => {
    malformed(withBody(0x04, 0x00, 0x41, 0x01, 0x1a), 'unexpected end of section or function', codeStartOffset + 5);
  });

  it('rejects a body whose end is missing before the next body: END opcode expected', () => {
    const bytes = mod(
      TYPE_VOID,
      section(3, ...vec([0x00], [0x00])),
      section(10, ...vec([0x04, 0x00, 0x41, 0x01, 0x1a], [0x05, 0x00, 0x41, 0x01, 0x1a, 0x0b])),
    );
    malformed(bytes, 'END opcode expected', 8 + 6 + 5 + 3 + 5);
  });

  it('rejects illegal opcodes, including unknown 0xfc sub-opcodes', () => {
    malformed(withBody(...body([], 0x27, 0x0b)), 'illegal opcode', codeStartOffset + 2);
    malformed(withBody(...body([], 0xfc, 0x12, 0x0b)), 'illegal opcode', codeStartOffset + 2);
    malformed(withBody(...body([], 0xfc, 0x80, 0x80, 0x80, 0x80, 0x01, 0x0b)), 'illegal opcode', codeStartOffset + 2);
    malformed(withBody(...body([], 0xfd, 0x9a, 0x01, 0x0b)), 'illegal opcode', codeStartOffset + 2); // unassigned SIMD
    malformed(withBody(...body([], 0xfd, 0x94, 0x02, 0x0b)), 'illegal opcode', codeStartOffset + 2); // past relaxed SIMD
  });

  it('reads memory indices where 2.0 had a reserved zero byte (multi-memory)', () => {
    // A memory index is a u32 now: 0x80 0x00 is memory 0, and index 1 is the validator's to reject.
    for (const b of [
      body([], 0x41, 0x00, 0x40, 0x01, 0x1a, 0x0b),
      body([], 0x3f, 0x80, 0x00, 0x1a, 0x0b),
      body([], 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0a, 0x00, 0x01, 0x0b),
    ])
      assert.equal(decodeModule(withBody(...b)).codes.length, 1);
  });

  it('decodes memop flags below 128 (3.0): a larger alignment is left to validation; 128 or more is malformed', () => {
    malformed(
      withBody(...body([], 0x41, 0x00, 0x28, 0x80, 0x02, 0x00, 0x1a, 0x0b)),
      'malformed memop flags',
      codeStartOffset + 6,
    );
    for (const flags of [0x1f, 0x20, 0x3f]) {
      const ok = decodeModule(withBody(...body([], 0x41, 0x00, 0x28, flags, 0x00, 0x1a, 0x0b)));
      assert.equal(ok.codes.length, 1);
    }
    // The offset is a u64 for every memory (a 32-bit memory's is bounded by validation).
    const far = decodeModule(withBody(...body([], 0x41, 0x00, 0x28, 0x02, 0x80, 0x80, 0x80, 0x80, 0x10, 0x1a, 0x0b)));
    assert.equal(far.codes.length, 1);
  });

  it('reads block types: empty, value type, type index', () => {
    const m = decodeModule(
      withBody(...body([], 0x02, 0x40, 0x0b, 0x03, 0x7f, 0x41, 0x00, 0x0b, 0x1a, 0x02, 0x80, 0x01, 0x0b, 0x0b)),
    );
    assert.equal(m.codes.length, 1);
    malformed(withBody(...body([], 0x02, 0x50, 0x0b, 0x0b)), 'malformed value type', codeStartOffset + 3);
  });

  it('scans br_table, call_indirect, select t, and SIMD immediates', () => {
    const simd = [
      0xfd,
      0x0c,
      ...new Array<number>(16).fill(0x0b), // v128.const
      0xfd,
      0x0d,
      ...new Array<number>(16).fill(0x0b), // i8x16.shuffle
      0xfd,
      0x15,
      0x0b, // i8x16.extract_lane_s
      0xfd,
      0x54,
      0x00,
      0x00,
      0x0b, // v128.load8_lane
      0xfd,
      0x00,
      0x04,
      0x00, // v128.load
      0xfd,
      0x8e,
      0x01, // i8x16.add
    ];
    const m = decodeModule(
      withBody(
        ...body(
          [],
          0x02,
          0x40,
          0x41,
          0x00,
          0x0e,
          ...vec([0x00], [0x00]),
          0x00,
          0x0b,
          0x41,
          0x00,
          0x11,
          0x00,
          0x00,
          0x1c,
          ...vec([0x7f]),
          ...simd,
          0x0b,
        ),
      ),
    );
    assert.equal(m.codes.length, 1);
  });

  it('requires a data count section for memory.init and data.drop', () => {
    const bytes = mod(
      TYPE_VOID,
      ONE_FUNC,
      MEMORY,
      section(10, ...vec(body([], 0xfc, 0x09, 0x00, 0x0b))),
      section(11, ...vec([0x01, ...vec()])),
    );
    malformed(bytes, 'data count section required');
    const withCount = mod(
      TYPE_VOID,
      ONE_FUNC,
      MEMORY,
      section(12, 0x01),
      section(10, ...vec(body([], 0xfc, 0x09, 0x00, 0x0b))),
      section(11, ...vec([0x01, ...vec()])),
    );
    assert.equal(decodeModule(withCount).dataCount, 1);
  });

  it('rejects too many locals: the spec limit of 2^32 - 1 and the implementation limit', () => {
    malformed(
      withBody(
        ...body(
          [
            [...leb(0xffffffff), 0x7f],
            [0x02, 0x7e],
          ],
          0x0b,
        ),
      ),
      'too many locals',
      codeStartOffset + 1,
    );
    const big = leb(0x40000000);
    malformed(
      withBody(
        ...body(
          [
            [...big, 0x7f],
            [...big, 0x7e],
            [...big, 0x7d],
            [...big, 0x7c],
          ],
          0x0b,
        ),
      ),
      'too many locals',
    );
    malformed(withBody(...body([[...leb(MAX_FUNCTION_LOCALS + 1), 0x7f]], 0x0b)), 'too many locals');
    const m = decodeModule(withBody(...body([[...leb(MAX_FUNCTION_LOCALS), 0x7f]], 0x0b)));
    assert.equal(m.codes[0]!.locals.length, MAX_FUNCTION_LOCALS);
  });

  it('rejects a local count above 32 bits and a bad local type', () => {
    malformed(
      withBody(...body([[0x80, 0x80, 0x80, 0x80, 0x10, 0x7f]], 0x0b)),
      'integer too large',
      codeStartOffset + 6,
    );
    malformed(withBody(...body([[0x01, 0x40]], 0x0b)), 'malformed value type', codeStartOffset + 3);
  });
});

describe('malformed modules', () => {
  it('malformed section id', () => {
    malformed(mod([0x0e, 0x00]), 'malformed section id', 8); // 13 is the tag section (exception handling)
    malformed(mod([0x80, 0x01, 0x00]), 'malformed section id', 8);
  });

  it('sections out of order or repeated: unexpected content after last section', () => {
    malformed(mod(section(2, 0x00), section(1, 0x00)), 'unexpected content after last section', 11);
    malformed(mod(section(1, 0x00), section(1, 0x00)), 'unexpected content after last section', 11);
    malformed(mod(section(10, 0x00), section(12, 0x00)), 'unexpected content after last section', 11);
    malformed(mod(section(11, 0x00), section(10, 0x00)), 'unexpected content after last section', 11);
    assert.equal(decodeModule(mod(section(12, 0x00), section(10, 0x00), section(11, 0x00))).dataCount, 0);
  });

  it('section size mismatch (content shorter or longer than the size)', () => {
    malformed(mod([0x01, 0x05, 0x01, 0x60, 0x00, 0x00], section(3, 0x00)), 'section size mismatch', 10);
    malformed(
      mod([0x06, 0x0b, 0x01, 0x7f, 0x00, 0x41, 0x00, 0x0b, 0x7f, 0x00, 0x41, 0x00, 0x0b]),
      'section size mismatch',
      10,
    );
    malformed(mod([0x08, 0x02, 0x00]), 'section size mismatch', 10);
  });

  it('length out of bounds for a section size, a vector count or a name', () => {
    malformed(mod([0x01, 0x07, 0x02, 0x60, 0x00, 0x00]), 'length out of bounds', 9);
    malformed(mod(section(0, 0x10, 0x61)), 'length out of bounds', 10);
    malformed(mod([0x01, 0x02, 0x05, 0x60]), 'length out of bounds', 10);
    malformed(Uint8Array.from([...HEADER, ...HEADER]), 'length out of bounds', 9);
  });

  it('custom section whose name runs past its size', () => {
    malformed(mod([0x00, 0x00]), 'unexpected end', 10);
    malformed(mod([0x00, 0x01, 0x03, 0x61, 0x62, 0x63]), 'unexpected end');
    malformed(mod([0x00]), 'unexpected end', 9);
  });

  it('malformed UTF-8 in custom, import and export names', () => {
    malformed(mod(section(0, 0x02, 0xc0, 0x80)), 'malformed UTF-8 encoding', 11);
    malformed(mod(section(2, ...vec([0x01, 0xff, ...str('x'), 0x03, 0x7f, 0x00]))), 'malformed UTF-8 encoding', 12);
    malformed(
      mod(TYPE_VOID, ONE_FUNC, section(7, ...vec([0x03, 0xed, 0xa0, 0x80, 0x00, 0x00]))),
      'malformed UTF-8 encoding',
      22,
    );
  });

  it('malformed import kind, export kind, mutability, reference type, function type', () => {
    malformed(mod(section(2, ...vec([0x00, 0x00, 0x05]))), 'malformed import kind', 13); // 4 is a tag
    malformed(mod(section(2, ...vec([0x00, 0x00, 0x80, 0x00]))), 'malformed import kind', 13);
    malformed(mod(section(7, ...vec([0x00, 0x05, 0x00]))), 'malformed export kind', 12);
    malformed(mod(section(6, ...vec([0x7f, 0x02, ...I32_CONST_0]))), 'malformed mutability', 12);
    malformed(mod(section(2, ...vec([0x00, 0x00, 0x03, 0x7f, 0xff]))), 'malformed mutability', 15);
    malformed(mod(section(4, ...vec([0x7f, 0x00, 0x00]))), 'malformed reference type', 11);
    malformed(mod(section(1, ...vec([0x5d, 0x00, 0x00]))), 'malformed function type', 11); // 0x5e/0x5f are array/struct (3.0)
    malformed(mod(section(1, ...vec([0x60, ...vec([0x7a]), 0x00]))), 'malformed value type', 13);
    malformed(mod(section(1, ...vec([0x60, ...vec([0xff, 0x7f]), 0x00]))), 'integer representation too long', 14);
  });

  it('limits flags: a byte of bit 0 (maximum), bit 2 (64-bit; memories: also bit 1, shared), u64 bounds', () => {
    malformed(mod(section(5, ...vec([0x02]))), 'integer too large', 11);
    malformed(mod(section(5, ...vec([0x02, 0x00]))), 'shared memory must have maximum', 11);
    malformed(mod(section(5, ...vec([0x06, 0x00]))), 'shared memory must have maximum', 11);
    malformed(mod(section(5, ...vec([0x08, 0x00]))), 'malformed limits flags', 11);
    // Memory64/table64: bit 2, u64 limits.
    assert.deepEqual(decodeModule(mod(section(5, ...vec([0x05, 0x01, 0x80, 0x80, 0x80, 0x80, 0x10])))).mems[0], {
      limits: { min: 1, max: 2 ** 32 },
      address64: true,
    });
    assert.deepEqual(decodeModule(mod(section(4, ...vec([0x70, 0x04, 0x02])))).tables[0], {
      elemType: 0x70,
      limits: { min: 2, max: null },
      address64: true,
    });
    malformed(mod(section(4, ...vec([0x70, 0x06, 0x00]))), 'malformed limits flags', 12);
    malformed(mod(section(5, ...vec([0x03, 0x00]))), 'unexpected end', 13);
    malformed(mod(section(4, ...vec([0x70, 0x03, 0x00, 0x01]))), 'malformed limits flags', 12);
    assert.deepEqual(decodeModule(mod(section(5, ...vec([0x03, 0x01, 0x02])))).mems[0], {
      limits: { min: 1, max: 2 },
      shared: true,
    });
    malformed(mod(section(4, ...vec([0x70, 0x08, 0x00]))), 'malformed limits flags', 12);
    malformed(mod(section(4, ...vec([0x70, 0x81, 0x00, 0x00, 0x00]))), 'malformed limits flags', 12);
    // A 32-bit memory's bounds are u64 too (3.0): six bytes are fine, the validator bounds the value.
    assert.deepEqual(decodeModule(mod(section(5, ...vec([0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x00])))).mems[0], {
      limits: { min: 2, max: null },
    });
    malformed(
      mod(section(5, ...vec([0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x70]))),
      'integer too large',
      21,
    );
    malformed(
      mod(section(5, ...vec([0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]))),
      'integer representation too long',
    );
  });

  it('function and code section have inconsistent lengths', () => {
    malformed(
      mod(TYPE_VOID, section(3, ...vec([0x00], [0x00]))),
      'function and code section have inconsistent lengths',
    );
    malformed(mod(section(10, ...vec(body([], 0x0b)))), 'function and code section have inconsistent lengths', 8);
    malformed(
      mod(TYPE_VOID, ONE_FUNC, section(10, ...vec(body([], 0x0b), body([], 0x0b)))),
      'function and code section have inconsistent lengths',
      18,
    );
    assert.equal(decodeModule(mod(section(10, 0x00))).codes.length, 0);
  });

  it('data count and data section have inconsistent lengths', () => {
    malformed(
      mod(section(12, 0x03), section(11, ...vec([0x01, 0x00], [0x01, 0x00]))),
      'data count and data section have inconsistent lengths',
      11,
    );
    malformed(mod(MEMORY, section(12, 0x01)), 'data count and data section have inconsistent lengths');
    assert.equal(decodeModule(mod(section(12, 0x00))).dataCount, 0);
  });

  it('start section index is a u32', () => {
    malformed(mod(section(8, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00)), 'integer representation too long', 15);
  });
});

describe('robustness', () => {
  /** A small seeded generator (xorshift32) so failures reproduce. */
  function rng(seed: number): (n: number) => number {
    let x = seed >>> 0 || 1;
    return (n) => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) % n;
    };
  }

  const seeds: Uint8Array[] = [
    mod(
      TYPE_VOID,
      section(2, ...vec([...str('m'), ...str('g'), 0x03, 0x7f, 0x00])),
      ONE_FUNC,
      section(4, ...vec([0x70, 0x01, 0x01, 0x02])),
      MEMORY,
      section(6, ...vec([0x7e, 0x01, 0x42, 0x7f, 0x0b])),
      section(7, ...vec([...str('f'), 0x00, 0x00])),
      section(8, 0x00),
      section(9, ...vec([0x00, ...I32_CONST_0, ...vec([0x00])], [0x05, 0x70, ...vec([0xd2, 0x00, 0x0b])])),
      section(12, 0x01),
      section(
        10,
        ...vec(
          body(
            [[0x01, 0x7f]],
            0x02,
            0x40,
            0x41,
            0x00,
            0x0d,
            0x00,
            0x0b,
            0x41,
            0x00,
            0x41,
            0x00,
            0x41,
            0x00,
            0xfc,
            0x08,
            0x00,
            0x00,
            0x0b,
          ),
        ),
      ),
      section(11, ...vec([0x01, 0x03, 1, 2, 3])),
      section(0, ...str('tail'), 9, 9),
    ),
  ];

  it('decodes the seed module', () => {
    assert.equal(decodeModule(seeds[0]!).codes.length, 1);
  });

  it('throws only CompileError on 20,000 seeded mutations', () => {
    const next = rng(0x5eed);
    for (let i = 0; i < 20_000; i++) {
      let bytes = Uint8Array.from(seeds[next(seeds.length)]!);
      for (let k = 1 + next(3); k > 0 && bytes.length > 8; k--) {
        const p = 8 + next(bytes.length - 8);
        switch (next(4)) {
          case 0:
            bytes[p] = next(256);
            break;
          case 1:
            bytes[p]! ^= 1 << next(8);
            break;
          case 2:
            bytes = bytes.subarray(0, p);
            break;
          default: {
            const grown = new Uint8Array(bytes.length + 1);
            grown.set(bytes.subarray(0, p));
            grown[p] = next(256);
            grown.set(bytes.subarray(p), p + 1);
            bytes = grown;
          }
        }
      }
      try {
        decodeModule(bytes);
      } catch (e) {
        if (!(e instanceof CompileError)) {
          assert.fail(
            `iteration ${i}: ${String(e)} for ${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`,
          );
        }
      }
    }
  });
});
