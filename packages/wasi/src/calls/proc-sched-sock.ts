/**
 * `proc_exit`, `proc_raise`, `sched_yield` and the socket functions. No sockets can exist here (preview 1 has no
 * way to open one and the host preopens none), so the socket functions fail with `badf` for a closed descriptor
 * and `notsock` for any other, as the spec allows. `proc_raise` is `nosys`: signals have no meaning for a
 * sandboxed program and the spec has since removed the function.
 * @module
 */
import { WasiError, WasiExit } from '../errors.js';
import type { WasiState } from '../wasi-state.js';
import { call, u32, type WasiCall } from './call-types.js';

function notSocket(s: WasiState, fd: number): number {
  s.fds.get(fd);
  throw new WasiError('notsock');
}

/** The process, scheduling and socket functions. */
export const PROC_SCHED_SOCK_CALLS: readonly WasiCall[] = [
  {
    name: 'proc_exit',
    params: ['i32'],
    results: [],
    impl: (_s, _m, a) => {
      throw new WasiExit(u32(a, 0));
    },
  },
  call('proc_raise', ['i32'], () => {
    throw new WasiError('nosys');
  }),
  call('sched_yield', [], () => 0),
  call('sock_accept', ['i32', 'i32', 'i32'], (s, _m, a) => notSocket(s, u32(a, 0))),
  call('sock_recv', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], (s, _m, a) => notSocket(s, u32(a, 0))),
  call('sock_send', ['i32', 'i32', 'i32', 'i32', 'i32'], (s, _m, a) => notSocket(s, u32(a, 0))),
  call('sock_shutdown', ['i32', 'i32'], (s, _m, a) => notSocket(s, u32(a, 0))),
];
