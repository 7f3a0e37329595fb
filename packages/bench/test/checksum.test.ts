/**
 * Canonical checksums from JS-API values and from wasm-interp's output, and
 * bash `times` parsing.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBashTimes } from '../src/engines/cli-engine.js';
import { checksumToString, parseWasmInterpResult } from '../src/index.js';

describe('checksumToString', () => {
  it('prints i32 as signed decimal and i64 as signed 64-bit decimal', () => {
    assert.equal(checksumToString(-1, 'i32'), '-1');
    assert.equal(checksumToString(0x7fffffff, 'i32'), '2147483647');
    assert.equal(checksumToString(-5n, 'i64'), '-5');
    assert.equal(checksumToString(1n << 63n, 'i64'), '-9223372036854775808');
  });
  it('rejects values of the wrong JS type', () => {
    assert.throws(() => checksumToString(1n, 'i32'), TypeError);
    assert.throws(() => checksumToString(1.5, 'i32'), TypeError);
    assert.throws(() => checksumToString(1, 'i64'), TypeError);
  });
});

describe('parseWasmInterpResult', () => {
  it('reads unsigned printed values as signed', () => {
    assert.equal(parseWasmInterpResult('main() => i32:4294967295\n', 'main'), '-1');
    assert.equal(parseWasmInterpResult('main() => i64:18446744073709551609\n', 'main'), '-7');
    assert.equal(parseWasmInterpResult('noise\nmain() => i32:42\n', 'main'), '42');
  });
  it('returns undefined without a result line or for other types', () => {
    assert.equal(parseWasmInterpResult('', 'main'), undefined);
    assert.equal(parseWasmInterpResult('main() => f64:2.333333\n', 'main'), undefined);
    assert.equal(parseWasmInterpResult('run() => i32:1\n', 'main'), undefined);
  });
});

describe('parseBashTimes', () => {
  it("reads the children's user + system time from the last line", () => {
    assert.equal(parseBashTimes('0m0.001s 0m0.000s\n1m2.500s 0m0.250s\n'), 62750);
    assert.equal(parseBashTimes('some error\n0m0.000s 0m0.000s\n0m0.120s 0m0.004s'), 124);
  });
  it('returns undefined when the lines are missing', () => {
    assert.equal(parseBashTimes(''), undefined);
    assert.equal(parseBashTimes('segmentation fault\n'), undefined);
  });
});
