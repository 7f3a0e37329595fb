/**
 * The numeric vocabulary of `wasi_snapshot_preview1`, with the names the spec gives: errno values, file types,
 * rights, descriptor and open flags, clocks, whence, advice, event types. Values are those of the witx
 * definitions (the same as wasi-libc's `wasi/api.h`).
 * @module
 */

/** The import module name of WASI preview 1. */
export const WASI_MODULE = 'wasi_snapshot_preview1';

/** Error codes returned by WASI functions (`errno`, a u16). */
export const Errno = {
  success: 0,
  '2big': 1,
  acces: 2,
  addrinuse: 3,
  addrnotavail: 4,
  afnosupport: 5,
  again: 6,
  already: 7,
  badf: 8,
  badmsg: 9,
  busy: 10,
  canceled: 11,
  child: 12,
  connaborted: 13,
  connrefused: 14,
  connreset: 15,
  deadlk: 16,
  destaddrreq: 17,
  dom: 18,
  dquot: 19,
  exist: 20,
  fault: 21,
  fbig: 22,
  hostunreach: 23,
  idrm: 24,
  ilseq: 25,
  inprogress: 26,
  intr: 27,
  inval: 28,
  io: 29,
  isconn: 30,
  isdir: 31,
  loop: 32,
  mfile: 33,
  mlink: 34,
  msgsize: 35,
  multihop: 36,
  nametoolong: 37,
  netdown: 38,
  netreset: 39,
  netunreach: 40,
  nfile: 41,
  nobufs: 42,
  nodev: 43,
  noent: 44,
  noexec: 45,
  nolck: 46,
  nolink: 47,
  nomem: 48,
  nomsg: 49,
  noprotoopt: 50,
  nospc: 51,
  nosys: 52,
  notconn: 53,
  notdir: 54,
  notempty: 55,
  notrecoverable: 56,
  notsock: 57,
  notsup: 58,
  notty: 59,
  nxio: 60,
  overflow: 61,
  ownerdead: 62,
  perm: 63,
  pipe: 64,
  proto: 65,
  protonosupport: 66,
  prototype: 67,
  range: 68,
  rofs: 69,
  spipe: 70,
  srch: 71,
  stale: 72,
  timedout: 73,
  txtbsy: 74,
  xdev: 75,
  notcapable: 76,
} as const;
/** The name of an errno value as the spec spells it (`noent`, `badf`, …). */
export type ErrnoName = keyof typeof Errno;

const ERRNO_NAMES: readonly ErrnoName[] = (() => {
  const names: ErrnoName[] = [];
  for (const [name, value] of Object.entries(Errno)) names[value] = name as ErrnoName;
  return names;
})();

/**
 * The spec's name of an errno value.
 * @param errno a value of `Errno`
 * @returns its name, or `undefined` for an unknown value
 * @example errnoName(44) // 'noent'
 */
export function errnoName(errno: number): ErrnoName | undefined {
  return ERRNO_NAMES[errno];
}

/** The type of a file descriptor or file (`filetype`, a u8). */
export const Filetype = {
  unknown: 0,
  block_device: 1,
  character_device: 2,
  directory: 3,
  regular_file: 4,
  socket_dgram: 5,
  socket_stream: 6,
  symbolic_link: 7,
} as const;
export type Filetype = (typeof Filetype)[keyof typeof Filetype];

/** Rights of a file descriptor (`rights`, a u64 bit set), as bigints. */
export const Rights = {
  fd_datasync: 1n << 0n,
  fd_read: 1n << 1n,
  fd_seek: 1n << 2n,
  fd_fdstat_set_flags: 1n << 3n,
  fd_sync: 1n << 4n,
  fd_tell: 1n << 5n,
  fd_write: 1n << 6n,
  fd_advise: 1n << 7n,
  fd_allocate: 1n << 8n,
  path_create_directory: 1n << 9n,
  path_create_file: 1n << 10n,
  path_link_source: 1n << 11n,
  path_link_target: 1n << 12n,
  path_open: 1n << 13n,
  fd_readdir: 1n << 14n,
  path_readlink: 1n << 15n,
  path_rename_source: 1n << 16n,
  path_rename_target: 1n << 17n,
  path_filestat_get: 1n << 18n,
  path_filestat_set_size: 1n << 19n,
  path_filestat_set_times: 1n << 20n,
  fd_filestat_get: 1n << 21n,
  fd_filestat_set_size: 1n << 22n,
  fd_filestat_set_times: 1n << 23n,
  path_symlink: 1n << 24n,
  path_remove_directory: 1n << 25n,
  path_unlink_file: 1n << 26n,
  poll_fd_readwrite: 1n << 27n,
  sock_shutdown: 1n << 28n,
  sock_accept: 1n << 29n,
} as const;

/** Every right the spec defines. */
export const RIGHTS_ALL: bigint = Object.values(Rights).reduce((a, b) => a | b, 0n);

/** The rights a regular file's descriptor can have. */
export const RIGHTS_REGULAR_FILE: bigint =
  Rights.fd_datasync |
  Rights.fd_read |
  Rights.fd_seek |
  Rights.fd_fdstat_set_flags |
  Rights.fd_sync |
  Rights.fd_tell |
  Rights.fd_write |
  Rights.fd_advise |
  Rights.fd_allocate |
  Rights.fd_filestat_get |
  Rights.fd_filestat_set_size |
  Rights.fd_filestat_set_times |
  Rights.poll_fd_readwrite;

/** The rights a directory's descriptor can have (its own operations, not those it passes on). */
export const RIGHTS_DIRECTORY: bigint =
  Rights.fd_fdstat_set_flags |
  Rights.fd_sync |
  Rights.fd_datasync |
  Rights.fd_advise |
  Rights.path_create_directory |
  Rights.path_create_file |
  Rights.path_link_source |
  Rights.path_link_target |
  Rights.path_open |
  Rights.fd_readdir |
  Rights.path_readlink |
  Rights.path_rename_source |
  Rights.path_rename_target |
  Rights.path_filestat_get |
  Rights.path_filestat_set_size |
  Rights.path_filestat_set_times |
  Rights.fd_filestat_get |
  Rights.fd_filestat_set_times |
  Rights.path_symlink |
  Rights.path_remove_directory |
  Rights.path_unlink_file |
  Rights.poll_fd_readwrite;

/** What a directory's descriptor passes on to what is opened through it. */
export const RIGHTS_DIRECTORY_INHERITING: bigint = RIGHTS_DIRECTORY | RIGHTS_REGULAR_FILE;

/** The rights of the standard streams (character devices that cannot seek). */
export const RIGHTS_STDIO: bigint =
  Rights.fd_read |
  Rights.fd_write |
  Rights.fd_fdstat_set_flags |
  Rights.fd_filestat_get |
  Rights.poll_fd_readwrite |
  Rights.fd_sync |
  Rights.fd_datasync |
  Rights.fd_advise;

/** File descriptor flags (`fdflags`, a u16). */
export const FdFlags = { append: 1, dsync: 2, nonblock: 4, rsync: 8, sync: 16 } as const;
/** Every fdflags bit. */
export const FDFLAGS_ALL = 0x1f;

/** Open flags of `path_open` (`oflags`, a u16). */
export const OFlags = { creat: 1, directory: 2, excl: 4, trunc: 8 } as const;
/** Every oflags bit. */
export const OFLAGS_ALL = 0xf;

/** Path lookup flags (`lookupflags`, a u32). */
export const LookupFlags = { symlink_follow: 1 } as const;

/** Which timestamps `*_set_times` changes (`fstflags`, a u16). */
export const FstFlags = { atim: 1, atim_now: 2, mtim: 4, mtim_now: 8 } as const;

/** The reference point of `fd_seek` (`whence`, a u8). */
export const Whence = { set: 0, cur: 1, end: 2 } as const;

/** Clock identifiers (`clockid`, a u32). */
export const ClockId = { realtime: 0, monotonic: 1, process_cputime_id: 2, thread_cputime_id: 3 } as const;
export type ClockId = (typeof ClockId)[keyof typeof ClockId];

/** File access advice (`advice`, a u8). */
export const Advice = { normal: 0, sequential: 1, random: 2, willneed: 3, dontneed: 4, noreuse: 5 } as const;

/** Event types of `poll_oneoff` (`eventtype`, a u8). */
export const EventType = { clock: 0, fd_read: 1, fd_write: 2 } as const;

/** Flags of a clock subscription (`subclockflags`, a u16). */
export const SubclockFlags = { subscription_clock_abstime: 1 } as const;

/** Flags of an fd readiness event (`eventrwflags`, a u16). */
export const EventRwFlags = { fd_readwrite_hangup: 1 } as const;

/** Kinds of preopened resources (`preopentype`, a u8). */
export const Preopentype = { dir: 0 } as const;

/** Byte sizes of the spec's records in guest memory. */
export const SIZE = {
  iovec: 8,
  fdstat: 24,
  filestat: 64,
  dirent: 24,
  prestat: 8,
  subscription: 48,
  event: 32,
} as const;

/** Symlinks a path lookup follows before failing with `loop`. */
export const MAX_SYMLINK_EXPANSIONS = 40;
/** Longest path the host accepts, in bytes (`nametoolong` beyond). */
export const MAX_PATH_BYTES = 4096;
/** Longest single path component, in bytes (`nametoolong` beyond). */
export const MAX_NAME_BYTES = 255;
