/**
 * Local attestation: a report is checkable only by its target on its platform, and any bit flip is detected.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReport, parseTargetInfo, REPORT_SIZE, TARGET_INFO_SIZE } from '../src/report.js';
import { assertEnclaveError, enclaveOn, flipEveryBit, newPlatform } from './helpers.js';

const reportData = new Uint8Array(64).map((_, i) => i);

test('a report made for a target is checked by that target and states the reporter', () => {
  const p = newPlatform(4);
  const a = enclaveOn(p, { name: 'a', isvProdId: 2, isvSvn: 5 });
  const b = enclaveOn(p, { name: 'b' });
  const report = a.report(b.targetInfo, reportData);
  assert.equal(report.length, REPORT_SIZE);
  const body = b.checkReport(report);
  assert.deepEqual(body.identity, { ...a.identity });
  assert.equal(body.cpuSvn, 4);
  assert.deepEqual(body.reportData, reportData);
  assert.deepEqual(parseReport(report).body.reportData, reportData);
});

test('another enclave, the reporter itself, or the same target on another platform cannot check it', () => {
  const p = newPlatform();
  const a = enclaveOn(p, { name: 'a' });
  const b = enclaveOn(p, { name: 'b' });
  const c = enclaveOn(p, { name: 'c' });
  const report = a.report(b.targetInfo, reportData);
  assertEnclaveError(() => c.checkReport(report), 'bad-mac');
  assertEnclaveError(() => a.checkReport(report), 'bad-mac');
  assertEnclaveError(() => enclaveOn(newPlatform(), { name: 'b' }).checkReport(report), 'bad-mac');
  assertEnclaveError(() => enclaveOn(p, { name: 'b', debug: true }).checkReport(report), 'bad-mac');
});

test('flipping any bit of a report is detected by its target', () => {
  const p = newPlatform();
  const a = enclaveOn(p, { name: 'a' });
  const b = enclaveOn(p, { name: 'b' });
  const { checked } = flipEveryBit(a.report(b.targetInfo, reportData), (m) => b.checkReport(m));
  assert.equal(checked, REPORT_SIZE * 8);
});

test('TARGETINFO names the target; bad sizes and report data are refused', () => {
  const p = newPlatform();
  const a = enclaveOn(p, { name: 'a', debug: true });
  assert.equal(a.targetInfo.length, TARGET_INFO_SIZE);
  assert.deepEqual(parseTargetInfo(a.targetInfo).mrEnclave, a.identity.mrEnclave);
  assert.equal(parseTargetInfo(a.targetInfo).attributes, 3n);
  assert.throws(() => a.report(a.targetInfo, new Uint8Array(63)), RangeError);
  assertEnclaveError(() => a.checkReport(new Uint8Array(REPORT_SIZE - 1)), 'malformed');
});
