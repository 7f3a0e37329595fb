/**
 * `poll_oneoff`: clock subscriptions (relative or absolute timeouts) and descriptor readiness. Files and the
 * standard streams are always ready, so when any descriptor subscription is present the call returns at once
 * with those events (and any clock already due); otherwise it sleeps until the earliest clock is due (in
 * deterministic mode the clocks jump ahead instead) and reports every clock due by then.
 * @module
 */
import { EventType, Filetype, Rights, SIZE, SubclockFlags } from '../constants.js';
import { WasiError } from '../errors.js';
import type { WasiState } from '../wasi-state.js';
import { call, u32, type WasiCall } from './call-types.js';

interface PollEvent {
  readonly userdata: bigint;
  readonly error: number;
  readonly type: number;
  readonly nbytes: bigint;
}

/** Bytes a read from `fd` could return now (0 when unknown). */
function readable(s: WasiState, fd: number): bigint {
  const d = s.fds.withRights(fd, Rights.poll_fd_readwrite);
  if (d.stream === 0) return BigInt(s.stdin.available());
  if (d.stream !== -1 || d.filetype !== Filetype.regular_file) return 0n;
  const size = s.fsOf(d).stat(d.node).size;
  const pos = BigInt(d.offset);
  return size > pos ? size - pos : 0n;
}

/** The poll function. */
export const POLL_CALLS: readonly WasiCall[] = [
  call('poll_oneoff', ['i32', 'i32', 'i32', 'i32'], (s, m, a) => {
    const inPtr = u32(a, 0);
    const outPtr = u32(a, 1);
    const count = u32(a, 2);
    const neventsPtr = u32(a, 3);
    if (count === 0) throw new WasiError('inval');
    m.assertRange(inPtr, count * SIZE.subscription);
    m.assertRange(outPtr, count * SIZE.event);
    m.assertRange(neventsPtr, 4);
    const events: PollEvent[] = [];
    const clocks: { userdata: bigint; remaining: bigint }[] = [];
    for (let i = 0; i < count; i++) {
      const at = inPtr + i * SIZE.subscription;
      const userdata = m.u64(at);
      const tag = m.u8(at + 8);
      if (tag === EventType.clock) {
        const id = m.u32(at + 16);
        const timeout = m.u64(at + 24);
        const flags = m.u16(at + 40);
        let now: bigint;
        try {
          now = s.clock.peek(id);
        } catch (e) {
          if (!(e instanceof WasiError)) throw e;
          events.push({ userdata, error: e.errno, type: tag, nbytes: 0n });
          continue;
        }
        const remaining = (flags & SubclockFlags.subscription_clock_abstime) !== 0 ? timeout - now : timeout;
        clocks.push({ userdata, remaining });
      } else if (tag === EventType.fd_read || tag === EventType.fd_write) {
        const fd = m.u32(at + 16);
        try {
          const nbytes =
            tag === EventType.fd_read ? readable(s, fd) : (s.fds.withRights(fd, Rights.poll_fd_readwrite), 0n);
          events.push({ userdata, error: 0, type: tag, nbytes });
        } catch (e) {
          if (!(e instanceof WasiError)) throw e;
          events.push({ userdata, error: e.errno, type: tag, nbytes: 0n });
        }
      } else {
        throw new WasiError('inval');
      }
    }
    if (events.length === 0 && clocks.length > 0) {
      let soonest = clocks[0]!.remaining;
      for (const c of clocks) if (c.remaining < soonest) soonest = c.remaining;
      if (soonest > 0n) s.clock.sleep(soonest);
      for (const c of clocks)
        if (c.remaining <= soonest) events.push({ userdata: c.userdata, error: 0, type: EventType.clock, nbytes: 0n });
    } else {
      for (const c of clocks)
        if (c.remaining <= 0n) events.push({ userdata: c.userdata, error: 0, type: EventType.clock, nbytes: 0n });
    }
    events.forEach((e, i) => {
      const at = outPtr + i * SIZE.event;
      m.zero(at, SIZE.event);
      m.setU64(at, e.userdata);
      m.setU16(at + 8, e.error);
      m.setU8(at + 10, e.type);
      m.setU64(at + 16, e.nbytes);
    });
    m.setU32(neventsPtr, events.length);
    return 0;
  }),
];
