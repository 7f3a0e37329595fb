/**
 * `fd_readdir`: directory entries as `dirent` records followed by their names, from a cookie (the index of the
 * entry to start at; each record's `d_next` is the index after it). The last record is cut at the end of the
 * buffer, as the spec asks: a full buffer tells the caller to read again with a larger one or the next cookie.
 * @module
 */
import { Filetype, Rights, SIZE } from '../constants.js';
import { WasiError } from '../errors.js';
import { call, u32, u64, type WasiCall } from './call-types.js';

const encoder = new TextEncoder();

/** The directory reading function. */
export const FD_READDIR_CALLS: readonly WasiCall[] = [
  call('fd_readdir', ['i32', 'i32', 'i32', 'i64', 'i32'], (s, m, a) => {
    const d = s.fds.withRights(u32(a, 0), Rights.fd_readdir);
    if (d.filetype !== Filetype.directory) throw new WasiError('notdir');
    const buf = u32(a, 1);
    const bufLen = u32(a, 2);
    const cookie = u64(a, 3);
    const usedPtr = u32(a, 4);
    m.assertRange(buf, bufLen);
    m.assertRange(usedPtr, 4);
    const entries = s.fsOf(d).readdir(d.node);
    let used = 0;
    const record = new Uint8Array(SIZE.dirent + 256);
    const view = new DataView(record.buffer);
    for (let i = cookie; i < BigInt(entries.length) && used < bufLen; i++) {
      const e = entries[Number(i)]!;
      const name = encoder.encode(e.name);
      const rec =
        name.length + SIZE.dirent <= record.length
          ? record.subarray(0, SIZE.dirent + name.length)
          : new Uint8Array(SIZE.dirent + name.length);
      const dv = rec.buffer === record.buffer ? view : new DataView(rec.buffer);
      rec.fill(0, 0, SIZE.dirent);
      dv.setBigUint64(0, i + 1n, true);
      dv.setBigUint64(8, e.ino, true);
      dv.setUint32(16, name.length, true);
      dv.setUint8(20, e.filetype);
      rec.set(name, SIZE.dirent);
      const n = Math.min(rec.length, bufLen - used);
      m.write(buf + used, rec.subarray(0, n));
      used += n;
    }
    m.setU32(usedPtr, used);
    return 0;
  }),
];
