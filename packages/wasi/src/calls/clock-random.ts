/**
 * `clock_res_get`, `clock_time_get`, `random_get`.
 * @module
 */
import { call, u32, type WasiCall } from './call-types.js';

/** The clock and random functions. */
export const CLOCK_RANDOM_CALLS: readonly WasiCall[] = [
  call('clock_res_get', ['i32', 'i32'], (s, m, a) => {
    const res = s.clock.resolution(u32(a, 0));
    m.setU64(u32(a, 1), res);
    return 0;
  }),
  // The precision argument is a hint; every reading is as precise as the clock is.
  call('clock_time_get', ['i32', 'i64', 'i32'], (s, m, a) => {
    const ptr = u32(a, 2);
    m.assertRange(ptr, 8);
    m.setU64(ptr, s.clock.time(u32(a, 0)));
    return 0;
  }),
  call('random_get', ['i32', 'i32'], (s, m, a) => {
    const ptr = u32(a, 0);
    const len = u32(a, 1);
    const view = m.view(ptr, len);
    s.random.fill(view);
    m.dirty(ptr, len);
    return 0;
  }),
];
