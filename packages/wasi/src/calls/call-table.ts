/**
 * Every function of `wasi_snapshot_preview1`, by name.
 * @module
 */
import { ARGS_ENVIRON_CALLS } from './args-environ.js';
import type { WasiCall } from './call-types.js';
import { CLOCK_RANDOM_CALLS } from './clock-random.js';
import { FD_IO_CALLS } from './fd-io.js';
import { FD_META_CALLS } from './fd-meta.js';
import { FD_READDIR_CALLS } from './fd-readdir.js';
import { PATH_OPEN_CALLS } from './path-open.js';
import { PATH_OPS_CALLS } from './path-ops.js';
import { POLL_CALLS } from './poll-oneoff.js';
import { PROC_SCHED_SOCK_CALLS } from './proc-sched-sock.js';

/** The 46 functions of WASI preview 1, by their names in the import module. */
export const WASI_CALLS: ReadonlyMap<string, WasiCall> = new Map(
  [
    ...ARGS_ENVIRON_CALLS,
    ...CLOCK_RANDOM_CALLS,
    ...FD_IO_CALLS,
    ...FD_META_CALLS,
    ...FD_READDIR_CALLS,
    ...PATH_OPEN_CALLS,
    ...PATH_OPS_CALLS,
    ...POLL_CALLS,
    ...PROC_SCHED_SOCK_CALLS,
  ].map((c) => [c.name, c]),
);
