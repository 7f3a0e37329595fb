/**
 * Dashboard sign-in tokens and sessions with a test clock: a token works once and for 60 s, a session ends after
 * an hour idle or eight hours in all, both stores stay bounded, malformed secrets are refused.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DashboardSessions,
  LOGIN_TOKEN_MS,
  MAX_SESSIONS,
  MAX_TOKENS,
  SESSION_IDLE_MS,
  SESSION_MAX_MS,
} from '../../src/node/dashboard/dashboard-sessions.js';

test('a login token works once, within its minute', () => {
  let now = 1_000_000;
  const s = new DashboardSessions(() => now);
  const { token, expiresAt } = s.mintToken('op');
  assert.equal(expiresAt, now + LOGIN_TOKEN_MS);
  const session = s.redeem(token);
  assert.ok(session !== null && session !== token);
  assert.equal(s.redeem(token), null);
  assert.equal(s.check(session), 'op');
  const late = s.mintToken('op').token;
  now += LOGIN_TOKEN_MS + 1;
  assert.equal(s.redeem(late), null);
  assert.equal(s.redeem('not a token'), null);
  assert.equal(s.check(undefined), null);
  assert.equal(s.check('x'.repeat(43)), null);
});

test('a session ends when idle for an hour or after eight hours, and on sign-out', () => {
  let now = 0;
  const s = new DashboardSessions(() => now);
  const a = s.redeem(s.mintToken('op').token)!;
  now += SESSION_IDLE_MS - 1;
  assert.equal(s.check(a), 'op');
  now += SESSION_IDLE_MS + 1;
  assert.equal(s.check(a), null);
  now = 0;
  const b = s.redeem(s.mintToken('op').token)!;
  for (let t = 0; t <= SESSION_MAX_MS; t += SESSION_IDLE_MS / 2) {
    now = t;
    assert.equal(s.check(b), 'op');
  }
  now = SESSION_MAX_MS + 1;
  assert.equal(s.check(b), null);
  const c = s.redeem(s.mintToken('op').token)!;
  s.end(c);
  assert.equal(s.check(c), null);
});

test('tokens and sessions are bounded: the oldest go first', () => {
  const s = new DashboardSessions(() => 0);
  const first = s.mintToken('op').token;
  for (let i = 0; i < MAX_TOKENS; i++) s.mintToken('op');
  assert.equal(s.redeem(first), null);
  const sessions = Array.from({ length: MAX_SESSIONS + 1 }, () => s.redeem(s.mintToken('op').token)!);
  assert.equal(s.size, MAX_SESSIONS);
  assert.equal(s.check(sessions[0]), null);
  assert.equal(s.check(sessions[MAX_SESSIONS]), 'op');
});
