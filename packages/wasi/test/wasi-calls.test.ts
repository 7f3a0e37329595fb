/**
 * The WASI functions one by one, called as the interpreter calls them: results, errno values for misuse
 * (never exceptions), rights, records in guest memory, and dirty marking of what they write.
 * @module
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ClockId,
  Errno,
  EventType,
  Filetype,
  FstFlags,
  MemoryFileSystem,
  OFlags,
  Rights,
  WASI_CALLS,
  WasiExit,
  Whence,
} from '@edgedancer/wasi';
import { CallHarness } from './support/call-harness.js';

const SANDBOX = 3;

function sandboxed(
  files: Record<string, string> = {},
  options: ConstructorParameters<typeof CallHarness>[0] = {},
): { h: CallHarness; fs: MemoryFileSystem } {
  const fs = new MemoryFileSystem({ now: () => 0n });
  for (const [p, t] of Object.entries(files)) fs.writeFile(p, t);
  return { h: new CallHarness({ deterministic: true, ...options, preopens: { '/sandbox': fs } }), fs };
}

describe('the call table', () => {
  it('has the 46 functions of wasi_snapshot_preview1 with their signatures', () => {
    assert.equal(WASI_CALLS.size, 46);
    const sig = (n: string): string => {
      const c = WASI_CALLS.get(n)!;
      return `${c.params.join(',')}>${c.results.join(',')}`;
    };
    assert.equal(sig('fd_write'), 'i32,i32,i32,i32>i32');
    assert.equal(sig('path_open'), 'i32,i32,i32,i32,i32,i64,i64,i32,i32>i32');
    assert.equal(sig('clock_time_get'), 'i32,i64,i32>i32');
    assert.equal(sig('fd_seek'), 'i32,i64,i32,i32>i32');
    assert.equal(sig('proc_exit'), 'i32>');
    assert.equal(sig('sched_yield'), '>i32');
    assert.equal(sig('sock_recv'), 'i32,i32,i32,i32,i32,i32>i32');
    assert.equal(sig('path_filestat_set_times'), 'i32,i32,i32,i32,i64,i64,i32>i32');
  });
});

describe('args and environ', () => {
  it('sizes count the NUL terminators; get writes pointers and strings', () => {
    const h = new CallHarness({ args: ['prog', 'ä'], env: { A: '1', EMPTY: '' } });
    const [c, s] = [h.alloc(4), h.alloc(4)];
    assert.equal(h.call('args_sizes_get', c, s), 0);
    assert.deepEqual([h.u32(c), h.u32(s)], [2, 5 + 3]);
    const ptrs = h.alloc(8);
    const buf = h.alloc(8);
    assert.equal(h.call('args_get', ptrs, buf), 0);
    assert.equal(h.u32(ptrs), buf);
    assert.equal(h.u32(ptrs + 4), buf + 5);
    assert.equal(h.text(buf, 8), 'prog\0ä\0');
    assert.equal(h.call('environ_sizes_get', c, s), 0);
    assert.deepEqual([h.u32(c), h.u32(s)], [2, 4 + 7]);
    assert.equal(h.call('environ_get', ptrs, buf), 0);
    assert.equal(h.text(h.u32(ptrs + 4), 6), 'EMPTY=');
  });

  it('fails with fault for pointers outside memory, writing nothing', () => {
    const h = new CallHarness({ args: ['prog'] });
    assert.equal(h.call('args_get', 65536 - 2, 100), Errno.fault);
    assert.equal(h.call('args_sizes_get', 100, 70000), Errno.fault);
    assert.equal(h.call('args_get', -4, 100), Errno.fault);
  });

  it('rejects NUL inside arguments at construction', () => {
    assert.throws(() => new CallHarness({ args: ['a\0b'] }), TypeError);
  });
});

describe('clocks, random, sched_yield, proc_*', () => {
  it('deterministic clocks start where told and step on every reading', () => {
    const h = new CallHarness({ deterministic: { realtimeStart: 1000n, step: 10n } });
    const t = h.alloc(8);
    assert.equal(h.call('clock_time_get', ClockId.realtime, 0, t), 0);
    assert.equal(h.u64(t), 1000n);
    assert.equal(h.call('clock_time_get', ClockId.monotonic, 0, t), 0);
    assert.equal(h.u64(t), 10n);
    assert.equal(h.call('clock_time_get', ClockId.process_cputime_id, 0, t), 0);
    assert.equal(h.u64(t), 20n);
    assert.equal(h.call('clock_res_get', ClockId.thread_cputime_id, t), 0);
    assert.equal(h.u64(t), 10n);
    assert.equal(h.call('clock_time_get', 4, 0, t), Errno.inval);
    assert.equal(h.call('clock_res_get', 99, t), Errno.inval);
  });

  it('host clocks: realtime near Date.now, monotonic never back', () => {
    const h = new CallHarness();
    const t = h.alloc(8);
    h.call('clock_time_get', ClockId.realtime, 0, t);
    assert.ok(Math.abs(Number(h.u64(t) / 1_000_000n) - Date.now()) < 5000);
    let prev = 0n;
    for (let i = 0; i < 100; i++) {
      h.call('clock_time_get', ClockId.monotonic, 0, t);
      assert.ok(h.u64(t) >= prev);
      prev = h.u64(t);
    }
  });

  it('seeded random bytes repeat per seed and differ between seeds', () => {
    const draw = (seed: number): string => {
      const h = new CallHarness({ deterministic: { seed } });
      const p = h.alloc(37);
      assert.equal(h.call('random_get', p, 37), 0);
      return Buffer.from(h.u8.subarray(p, p + 37)).toString('hex');
    };
    assert.equal(draw(1), draw(1));
    assert.notEqual(draw(1), draw(2));
    assert.notEqual(draw(0), '00'.repeat(37));
    const h = new CallHarness();
    assert.equal(h.call('random_get', h.alloc(100_000 - 90_000), 10_000), 0);
    assert.equal(h.call('random_get', 65530, 10), Errno.fault);
  });

  it('proc_exit throws WasiExit with the code; proc_raise is nosys; sched_yield succeeds', () => {
    const h = new CallHarness();
    assert.throws(
      () => h.call('proc_exit', 3),
      (e: unknown) => e instanceof WasiExit && e.exitCode === 3 && e.code === 'exit',
    );
    assert.throws(
      () => h.call('proc_exit', -1),
      (e: unknown) => e instanceof WasiExit && e.exitCode === 0xffffffff,
    );
    assert.equal(h.call('proc_raise', 9), Errno.nosys);
    assert.equal(h.call('sched_yield'), 0);
  });

  it('sockets: badf for closed descriptors, notsock for open ones', () => {
    const h = new CallHarness();
    assert.equal(h.call('sock_accept', 1, 0, h.alloc(4)), Errno.notsock);
    assert.equal(h.call('sock_recv', 9, 0, 0, 0, 0, 0), Errno.badf);
    assert.equal(h.call('sock_send', 0, 0, 0, 0, 0), Errno.notsock);
    assert.equal(h.call('sock_shutdown', 2, 0), Errno.notsock);
  });
});

describe('standard streams', () => {
  it('writes go to the sinks; stdin reads its bytes then end of input', () => {
    const out: string[] = [];
    const h = new CallHarness({
      stdin: 'abc',
      stdout: (b) => out.push(`1:${Buffer.from(b)}`),
      stderr: (b) => out.push(`2:${Buffer.from(b)}`),
    });
    assert.deepEqual(h.write(1, 'hi'), [0, 2]);
    assert.deepEqual(h.write(2, 'err'), [0, 3]);
    assert.deepEqual(out, ['1:hi', '2:err']);
    assert.deepEqual(h.read(0, 2), [0, 'ab']);
    assert.deepEqual(h.read(0, 10), [0, 'c']);
    assert.deepEqual(h.read(0, 10), [0, '']);
    assert.deepEqual(h.read(1, 10)[0], Errno.notcapable);
    assert.deepEqual(h.write(0, 'x')[0], Errno.notcapable);
  });

  it('a stdin reader is asked for more once the pending bytes are read', () => {
    const asked: number[] = [];
    const h = new CallHarness({
      stdin: (max) => {
        asked.push(max);
        return new TextEncoder().encode('zz');
      },
    });
    assert.deepEqual(h.read(0, 5), [0, 'zz']);
    assert.deepEqual(asked, [5]);
  });

  it('are character devices without seek or tell (a tty for wasi-libc)', () => {
    const h = new CallHarness();
    const st = h.alloc(24);
    assert.equal(h.call('fd_fdstat_get', 1, st), 0);
    assert.equal(h.u8[st], Filetype.character_device);
    assert.equal(h.u64(st + 8) & (Rights.fd_seek | Rights.fd_tell), 0n);
    assert.equal(h.call('fd_seek', 1, 0, Whence.cur, h.alloc(8)), Errno.notcapable);
    assert.equal(h.call('fd_tell', 1, h.alloc(8)), Errno.notcapable);
    const fst = h.alloc(64);
    assert.equal(h.call('fd_filestat_get', 2, fst), 0);
    assert.equal(h.u8[fst + 16], Filetype.character_device);
  });
});

describe('preopens and descriptors', () => {
  it('prestat names each preopen; other descriptors are badf', () => {
    const { h } = sandboxed();
    const p = h.alloc(8);
    assert.equal(h.call('fd_prestat_get', SANDBOX, p), 0);
    assert.deepEqual([h.u8[p], h.u32(p + 4)], [0, 8]);
    const name = h.alloc(8);
    assert.equal(h.call('fd_prestat_dir_name', SANDBOX, name, 8), 0);
    assert.equal(h.text(name, 8), '/sandbox');
    assert.equal(h.call('fd_prestat_dir_name', SANDBOX, name, 7), Errno.nametoolong);
    assert.equal(h.call('fd_prestat_get', 4, p), Errno.badf);
    assert.equal(h.call('fd_prestat_get', 1, p), Errno.badf);
  });

  it('new descriptors take the lowest free number; close frees it', () => {
    const { h } = sandboxed({ a: '1', b: '2' });
    const [, a] = h.open(SANDBOX, 'a');
    const [, b] = h.open(SANDBOX, 'b');
    assert.deepEqual([a, b], [4, 5]);
    assert.equal(h.call('fd_close', a), 0);
    assert.equal(h.call('fd_close', a), Errno.badf);
    assert.equal(h.open(SANDBOX, 'b')[1], 4);
  });

  it('fd_renumber moves a descriptor over another (closing it); unknown numbers are badf', () => {
    const { h } = sandboxed({ a: 'AAA', b: 'BBB' });
    const [, a] = h.open(SANDBOX, 'a');
    const [, b] = h.open(SANDBOX, 'b');
    assert.equal(h.call('fd_renumber', a, b), 0);
    assert.deepEqual(h.read(b, 10), [0, 'AAA']);
    assert.equal(h.read(a, 1)[0], Errno.badf);
    assert.equal(h.call('fd_renumber', b, 77), Errno.badf);
    assert.equal(h.call('fd_renumber', b, b), 0);
  });

  it('rights only shrink, and missing rights are notcapable', () => {
    const { h } = sandboxed({ f: 'data' });
    const [, fd] = h.open(SANDBOX, 'f');
    assert.equal(h.call('fd_fdstat_set_rights', fd, Rights.fd_read, 0n), 0);
    assert.deepEqual(h.read(fd, 4), [0, 'data']);
    assert.equal(h.write(fd, 'x')[0], Errno.notcapable);
    assert.equal(h.call('fd_fdstat_set_rights', fd, Rights.fd_read | Rights.fd_write, 0n), Errno.notcapable);
    // A directory passes on only what it may.
    assert.equal(h.call('fd_fdstat_set_rights', SANDBOX, Rights.path_open, Rights.fd_read), 0);
    assert.equal(h.open(SANDBOX, 'f', 0, Rights.fd_read)[0], 0);
    assert.equal(h.open(SANDBOX, 'f', 0, Rights.fd_read | Rights.fd_write)[0], Errno.notcapable);
    assert.equal(h.open(SANDBOX, 'g', OFlags.creat, Rights.fd_read)[0], Errno.notcapable);
  });

  it('fd_fdstat_set_flags keeps known flags and rejects others', () => {
    const { h } = sandboxed({ f: 'x' });
    const [, fd] = h.open(SANDBOX, 'f');
    assert.equal(h.call('fd_fdstat_set_flags', fd, 1), 0);
    const st = h.alloc(24);
    h.call('fd_fdstat_get', fd, st);
    assert.equal(h.dv.getUint16(st + 2, true), 1);
    assert.equal(h.call('fd_fdstat_set_flags', fd, 0x20), Errno.inval);
  });
});

describe('files', () => {
  it('read, write, seek, tell, pread and pwrite move (or keep) the position', () => {
    const { h, fs } = sandboxed();
    const [e, fd] = h.open(SANDBOX, 'f', OFlags.creat);
    assert.equal(e, 0);
    assert.deepEqual(h.write(fd, 'hello world'), [0, 11]);
    const pos = h.alloc(8);
    assert.equal(h.call('fd_tell', fd, pos), 0);
    assert.equal(h.u64(pos), 11n);
    assert.equal(h.call('fd_seek', fd, -5, Whence.end, pos), 0);
    assert.equal(h.u64(pos), 6n);
    assert.deepEqual(h.read(fd, 100), [0, 'world']);
    assert.equal(h.call('fd_seek', fd, -1, Whence.set, pos), Errno.inval);
    assert.equal(h.call('fd_seek', fd, 0, 3, pos), Errno.inval);
    const [p, n] = h.bytes('J');
    const iov = h.iovec(p, n);
    assert.equal(h.call('fd_pwrite', fd, iov, 1, 0, h.alloc(4)), 0);
    const buf = h.alloc(5);
    const iov2 = h.iovec(buf, 5);
    const nread = h.alloc(4);
    assert.equal(h.call('fd_pread', fd, iov2, 1, 0, nread), 0);
    assert.equal(h.text(buf, h.u32(nread)), 'Jello');
    assert.equal(h.call('fd_pread', fd, iov2, 1, 1000, nread), 0);
    assert.equal(h.u32(nread), 0);
    h.call('fd_tell', fd, pos);
    assert.equal(h.u64(pos), 11n);
    assert.equal(new TextDecoder().decode(fs.readFile('f')), 'Jello world');
  });

  it('gathers and scatters several iovecs', () => {
    const { h, fs } = sandboxed();
    const [, fd] = h.open(SANDBOX, 'f', OFlags.creat);
    const [p1, n1] = h.bytes('abc');
    const [p2, n2] = h.bytes('defg');
    const iovs = h.alloc(16);
    h.dv.setUint32(iovs, p1, true);
    h.dv.setUint32(iovs + 4, n1, true);
    h.dv.setUint32(iovs + 8, p2, true);
    h.dv.setUint32(iovs + 12, n2, true);
    const out = h.alloc(4);
    assert.equal(h.call('fd_write', fd, iovs, 2, out), 0);
    assert.equal(h.u32(out), 7);
    assert.equal(new TextDecoder().decode(fs.readFile('f')), 'abcdefg');
    h.call('fd_seek', fd, 0, Whence.set, h.alloc(8));
    h.u8.fill(0, p1, p1 + 3);
    h.u8.fill(0, p2, p2 + 4);
    assert.equal(h.call('fd_read', fd, iovs, 2, out), 0);
    assert.equal(h.text(p1, 3) + h.text(p2, 4), 'abcdefg');
    assert.equal(h.call('fd_write', fd, iovs, 2, 65535), Errno.fault);
    h.dv.setUint32(iovs + 8, 65534, true);
    assert.equal(h.call('fd_write', fd, iovs, 2, out), Errno.fault);
  });

  it('append writes at the end; truncate, allocate and set_size change the size', () => {
    const { h, fs } = sandboxed({ f: '12345' });
    const [, fd] = h.open(
      SANDBOX,
      'f',
      0,
      Rights.fd_write | Rights.fd_seek | Rights.fd_filestat_set_size | Rights.fd_allocate | Rights.fd_filestat_get,
      1,
    );
    h.call('fd_seek', fd, 0, Whence.set, h.alloc(8));
    h.write(fd, 'ab');
    assert.equal(new TextDecoder().decode(fs.readFile('f')), '12345ab');
    assert.equal(h.call('fd_filestat_set_size', fd, 3), 0);
    assert.equal(new TextDecoder().decode(fs.readFile('f')), '123');
    assert.equal(h.call('fd_allocate', fd, 0, 2), 0);
    assert.equal(fs.readFile('f').length, 3);
    assert.equal(h.call('fd_allocate', fd, 4, 2), 0);
    assert.deepEqual([...fs.readFile('f')], [49, 50, 51, 0, 0, 0]);
    const st = h.alloc(64);
    assert.equal(h.call('fd_filestat_get', fd, st), 0);
    assert.equal(h.u64(st + 32), 6n);
    assert.equal(h.u8[st + 16], Filetype.regular_file);
    const [, t] = h.open(SANDBOX, 'f', OFlags.trunc);
    assert.equal(fs.readFile('f').length, 0);
    assert.equal(h.call('fd_close', t), 0);
  });

  it('times: set explicitly or to now; both at once is inval', () => {
    const { h } = sandboxed({ f: 'x' }, { deterministic: { realtimeStart: 5000n, step: 1n } });
    const [, fd] = h.open(SANDBOX, 'f');
    assert.equal(h.call('fd_filestat_set_times', fd, 111, 222, FstFlags.atim | FstFlags.mtim), 0);
    const st = h.alloc(64);
    h.call('fd_filestat_get', fd, st);
    assert.deepEqual([h.u64(st + 40), h.u64(st + 48)], [111n, 222n]);
    assert.equal(h.call('fd_filestat_set_times', fd, 0, 0, FstFlags.mtim_now), 0);
    h.call('fd_filestat_get', fd, st);
    assert.deepEqual([h.u64(st + 40), h.u64(st + 48)], [111n, 5000n]);
    assert.equal(h.call('fd_filestat_set_times', fd, 1, 1, FstFlags.atim | FstFlags.atim_now), Errno.inval);
    const [p, n] = h.str('f');
    assert.equal(h.call('path_filestat_set_times', SANDBOX, 0, p, n, 7, 8, FstFlags.atim | FstFlags.mtim), 0);
    assert.equal(h.call('path_filestat_get', SANDBOX, 0, p, n, st), 0);
    assert.deepEqual([h.u64(st + 40), h.u64(st + 48)], [7n, 8n]);
  });

  it('advice is checked and ignored; sync and datasync succeed', () => {
    const { h } = sandboxed({ f: 'x' });
    const [, fd] = h.open(SANDBOX, 'f');
    assert.equal(h.call('fd_advise', fd, 0, 10, 5), 0);
    assert.equal(h.call('fd_advise', fd, 0, 10, 6), Errno.inval);
    assert.equal(h.call('fd_sync', fd), 0);
    assert.equal(h.call('fd_datasync', fd), 0);
  });

  it('writes mark guest memory dirty for delta snapshots', () => {
    const { h } = sandboxed({ f: 'x'.repeat(10_000) });
    const [, fd] = h.open(SANDBOX, 'f');
    const mem = h.store.mems[h.memAddr]!;
    mem.clearDirty();
    const iov = h.iovec(20_000, 10_000);
    mem.clearDirty();
    assert.equal(h.call('fd_read', fd, iov, 1, 40_000), 0);
    assert.deepEqual(mem.dirtyChunks(), [4, 5, 6, 7, 9]);
  });

  it('a file larger than the file system allows is fbig', () => {
    const fs = new MemoryFileSystem({ maxFileSize: 4 });
    const h = new CallHarness({ preopens: { '/s': fs } });
    const [, fd] = h.open(SANDBOX, 'f', OFlags.creat);
    assert.deepEqual(h.write(fd, 'abcd'), [0, 4]);
    assert.equal(h.write(fd, 'e')[0], Errno.fbig);
    assert.equal(h.call('fd_filestat_set_size', fd, 5), Errno.fbig);
  });
});

describe('path_open', () => {
  it('creat, excl, trunc, directory and trailing slashes as POSIX open does', () => {
    const { h } = sandboxed({ f: 'data', 'd/x': '' });
    assert.equal(h.open(SANDBOX, 'missing')[0], Errno.noent);
    assert.equal(h.open(SANDBOX, 'f', OFlags.creat | OFlags.excl)[0], Errno.exist);
    assert.equal(h.open(SANDBOX, 'f', OFlags.directory)[0], Errno.notdir);
    assert.equal(h.open(SANDBOX, 'f/')[0], Errno.notdir);
    assert.equal(h.open(SANDBOX, 'new/', OFlags.creat)[0], Errno.isdir);
    assert.equal(h.open(SANDBOX, 'd', 0, Rights.fd_write)[0], Errno.isdir);
    assert.equal(h.open(SANDBOX, 'd', OFlags.directory, Rights.fd_readdir)[0], 0);
    assert.equal(h.open(SANDBOX, 'd/', 0, Rights.fd_read)[0], 0);
    assert.equal(h.open(SANDBOX, '')[0], Errno.noent);
    assert.equal(h.call('path_open', SANDBOX, 1, 0, 0, 0x10, 0n, 0n, 0, h.alloc(4)), Errno.inval);
    assert.equal(h.call('path_open', SANDBOX, 1, ...h.str('f'), 0, 0n, 0n, 0x40, h.alloc(4)), Errno.inval);
    assert.equal(h.call('path_open', SANDBOX, 1, ...h.str('f'), 0, 0n, 0n, 0, 65534), Errno.fault);
  });

  it('opened descriptors have the asked rights within what the file type supports', () => {
    const { h } = sandboxed({ f: 'data', 'd/x': '' });
    const [, fd] = h.open(SANDBOX, 'f');
    const st = h.alloc(24);
    h.call('fd_fdstat_get', fd, st);
    assert.equal(h.u8[st], Filetype.regular_file);
    assert.equal(h.u64(st + 8) & Rights.fd_readdir, 0n);
    assert.equal(h.u64(st + 8) & Rights.fd_read, Rights.fd_read);
    assert.equal(h.u64(st + 16), 0n);
    assert.equal(h.open(SANDBOX, 'd', OFlags.directory)[0], Errno.isdir);
    const [, dd] = h.openDir(SANDBOX, 'd');
    h.call('fd_fdstat_get', dd, st);
    assert.equal(h.u8[st], Filetype.directory);
    assert.equal(h.u64(st + 8) & Rights.fd_read, 0n);
    assert.equal(h.open(dd, 'x')[0], 0);
    assert.equal(h.read(dd, 1)[0], Errno.notcapable);
    assert.equal(h.open(fd, 'x')[0], Errno.notdir);
  });

  it('does not open a symlink without following (loop); follows with the flag', () => {
    const { h, fs } = sandboxed({ f: 'target' });
    fs.addSymlink('l', 'f');
    assert.equal(h.open(SANDBOX, 'l', 0, Rights.fd_read, 0, 0)[0], Errno.loop);
    assert.equal(h.open(SANDBOX, 'l', OFlags.directory, Rights.fd_read, 0, 0)[0], Errno.notdir);
    const [, fd] = h.open(SANDBOX, 'l');
    assert.deepEqual(h.read(fd, 10), [0, 'target']);
    fs.addSymlink('dangling', 'new');
    const [e, created] = h.open(SANDBOX, 'dangling', OFlags.creat);
    assert.equal(e, 0);
    h.write(created, 'made');
    assert.equal(new TextDecoder().decode(fs.readFile('new')), 'made');
  });

  it('stays inside its directory: absolute paths, .. above it and absolute symlinks are notcapable', () => {
    const { h, fs } = sandboxed({ 'a/b': 'x', top: 't' });
    fs.addSymlink('a/up', '../top');
    fs.addSymlink('a/out', '../../etc');
    fs.addSymlink('abs', '/etc/passwd');
    assert.equal(h.open(SANDBOX, '/etc/passwd')[0], Errno.notcapable);
    assert.equal(h.open(SANDBOX, '../x')[0], Errno.notcapable);
    assert.equal(h.open(SANDBOX, 'a/../../x')[0], Errno.notcapable);
    assert.equal(h.open(SANDBOX, 'a/../top')[0], 0);
    assert.equal(h.open(SANDBOX, 'a/up')[0], 0);
    assert.equal(h.open(SANDBOX, 'a/out/passwd')[0], Errno.notcapable);
    assert.equal(h.open(SANDBOX, 'abs')[0], Errno.notcapable);
    const [, a] = h.openDir(SANDBOX, 'a');
    assert.equal(h.open(a, '../top')[0], Errno.notcapable);
    assert.equal(h.open(a, 'up')[0], Errno.notcapable);
    assert.equal(h.open(a, './b')[0], 0);
  });

  it('symlink loops are loop; invalid UTF-8 paths are ilseq', () => {
    const { h, fs } = sandboxed();
    fs.addSymlink('x', 'y');
    fs.addSymlink('y', 'x');
    assert.equal(h.open(SANDBOX, 'x')[0], Errno.loop);
    const p = h.alloc(2);
    h.u8[p] = 0xff;
    h.u8[p + 1] = 0xfe;
    assert.equal(h.call('path_open', SANDBOX, 1, p, 2, 0, 0n, 0n, 0, h.alloc(4)), Errno.ilseq);
    assert.equal(h.open(SANDBOX, 'a\0b')[0], Errno.inval);
    assert.equal(h.open(SANDBOX, 'x'.repeat(300))[0], Errno.nametoolong);
  });
});

describe('path functions', () => {
  it('create, remove and unlink with POSIX errors', () => {
    const { h, fs } = sandboxed({ 'd/f': '1', e: '' });
    const call = (name: string, path: string): number => h.call(name, SANDBOX, ...h.str(path));
    assert.equal(call('path_create_directory', 'n'), 0);
    assert.equal(call('path_create_directory', 'n'), Errno.exist);
    assert.equal(call('path_create_directory', '.'), Errno.exist);
    assert.equal(call('path_create_directory', 'e/x'), Errno.notdir);
    assert.equal(call('path_create_directory', 'q/x'), Errno.noent);
    assert.equal(call('path_remove_directory', 'd'), Errno.notempty);
    assert.equal(call('path_remove_directory', 'e'), Errno.notdir);
    assert.equal(call('path_remove_directory', '.'), Errno.inval);
    assert.equal(call('path_remove_directory', 'zz'), Errno.noent);
    assert.equal(call('path_unlink_file', 'd'), Errno.isdir);
    assert.equal(call('path_unlink_file', 'e/'), Errno.notdir);
    assert.equal(call('path_unlink_file', 'd/f'), 0);
    assert.equal(call('path_remove_directory', 'd'), 0);
    assert.equal(call('path_remove_directory', 'n/'), 0);
    assert.deepEqual([...fs.tree().keys()], ['e']);
  });

  it('rename moves, replaces compatible targets and refuses the rest', () => {
    const { h, fs } = sandboxed({ 'a/f': '1', 'b/g': '2', c: 'c', 'empty/.keep': '' });
    h.call('path_unlink_file', SANDBOX, ...h.str('empty/.keep'));
    const rename = (from: string, to: string): number =>
      h.call('path_rename', SANDBOX, ...h.str(from), SANDBOX, ...h.str(to));
    assert.equal(rename('a', 'a/sub'), Errno.inval);
    assert.equal(rename('c', 'b'), Errno.isdir);
    assert.equal(rename('a', 'c'), Errno.notdir);
    assert.equal(rename('a', 'b'), Errno.notempty);
    assert.equal(rename('missing', 'x'), Errno.noent);
    assert.equal(rename('c', 'c/'), Errno.notdir);
    assert.equal(rename('.', 'x'), Errno.inval);
    assert.equal(rename('a', 'empty'), 0);
    assert.equal(rename('c', 'b/g'), 0);
    assert.equal(rename('b/g', 'b/g'), 0);
    assert.deepEqual([...fs.tree().keys()], ['b', 'b/g', 'empty', 'empty/f']);
    assert.equal(new TextDecoder().decode(fs.readFile('b/g')), 'c');
  });

  it('rename across file systems is xdev', () => {
    const one = new MemoryFileSystem();
    const two = new MemoryFileSystem();
    one.writeFile('f', 'x');
    const h = new CallHarness({ preopens: { '/one': one, '/two': two } });
    assert.equal(h.call('path_rename', 3, ...h.str('f'), 4, ...h.str('g')), Errno.xdev);
    assert.equal(h.call('path_link', 3, 0, ...h.str('f'), 4, ...h.str('g')), Errno.xdev);
  });

  it('symlink, readlink (truncating like POSIX), link and stat with and without following', () => {
    const { h } = sandboxed({ f: 'data' });
    assert.equal(h.call('path_symlink', ...h.str('f'), SANDBOX, ...h.str('l')), 0);
    assert.equal(h.call('path_symlink', ...h.str('f'), SANDBOX, ...h.str('l')), Errno.exist);
    assert.equal(h.call('path_symlink', ...h.str(''), SANDBOX, ...h.str('m')), Errno.noent);
    const buf = h.alloc(16);
    const used = h.alloc(4);
    assert.equal(h.call('path_readlink', SANDBOX, ...h.str('l'), buf, 16, used), 0);
    assert.equal(h.text(buf, h.u32(used)), 'f');
    assert.equal(h.call('path_readlink', SANDBOX, ...h.str('l'), buf, 0, used), 0);
    assert.equal(h.u32(used), 0);
    assert.equal(h.call('path_readlink', SANDBOX, ...h.str('f'), buf, 16, used), Errno.inval);
    const st = h.alloc(64);
    assert.equal(h.call('path_filestat_get', SANDBOX, 0, ...h.str('l'), st), 0);
    assert.equal(h.u8[st + 16], Filetype.symbolic_link);
    assert.equal(h.call('path_filestat_get', SANDBOX, 1, ...h.str('l'), st), 0);
    assert.equal(h.u8[st + 16], Filetype.regular_file);
    assert.equal(h.u64(st + 32), 4n);
    assert.equal(h.call('path_link', SANDBOX, 0, ...h.str('f'), SANDBOX, ...h.str('h')), 0);
    assert.equal(h.call('path_filestat_get', SANDBOX, 0, ...h.str('h'), st), 0);
    assert.equal(h.u64(st + 24), 2n);
    assert.equal(h.call('path_link', SANDBOX, 0, ...h.str('.'), SANDBOX, ...h.str('dir2')), Errno.perm);
    assert.equal(h.call('path_link', SANDBOX, 0, ...h.str('f'), SANDBOX, ...h.str('h')), Errno.exist);
  });

  it('an unlinked file stays readable while open', () => {
    const { h, fs } = sandboxed({ f: 'still here' });
    const [, fd] = h.open(SANDBOX, 'f');
    assert.equal(h.call('path_unlink_file', SANDBOX, ...h.str('f')), 0);
    assert.deepEqual([...fs.tree().keys()], []);
    assert.deepEqual(h.read(fd, 100), [0, 'still here']);
    const st = h.alloc(64);
    assert.equal(h.call('fd_filestat_get', fd, st), 0);
    assert.equal(h.u64(st + 24), 0n);
    assert.equal(fs.nodes.size, 2);
    assert.equal(h.call('fd_close', fd), 0);
    assert.equal(fs.nodes.size, 1);
  });
});

describe('fd_readdir', () => {
  function entries(
    h: CallHarness,
    fd: number,
    bufLen: number,
    cookie = 0n,
  ): { name: string; next: bigint; type: number }[] {
    const buf = h.alloc(bufLen);
    const used = h.alloc(4);
    assert.equal(h.call('fd_readdir', fd, buf, bufLen, cookie, used), 0);
    const out: { name: string; next: bigint; type: number }[] = [];
    const n = h.u32(used);
    for (let at = 0; at + 24 <= n; ) {
      const len = h.u32(buf + at + 16);
      if (at + 24 + len > n) break;
      out.push({ next: h.u64(buf + at), type: h.u8[buf + at + 20]!, name: h.text(buf + at + 24, len) });
      at += 24 + len;
    }
    return out;
  }

  it('lists . and .. then names in byte order, with cookies to continue', () => {
    const { h } = sandboxed({ 'b.txt': '', 'a.txt': '', 'z/y': '', É: '' });
    const all = entries(h, SANDBOX, 4096);
    assert.deepEqual(
      all.map((e) => e.name),
      ['.', '..', 'a.txt', 'b.txt', 'z', 'É'],
    );
    assert.deepEqual(
      all.map((e) => e.next),
      [1n, 2n, 3n, 4n, 5n, 6n],
    );
    assert.equal(all[4]!.type, Filetype.directory);
    assert.equal(all[2]!.type, Filetype.regular_file);
    assert.deepEqual(
      entries(h, SANDBOX, 4096, 4n).map((e) => e.name),
      ['z', 'É'],
    );
    assert.deepEqual(entries(h, SANDBOX, 4096, 99n), []);
  });

  it('fills the buffer completely, cutting the last record', () => {
    const { h } = sandboxed({ aaaa: '', bbbb: '' });
    const buf = h.alloc(60);
    const used = h.alloc(4);
    assert.equal(h.call('fd_readdir', SANDBOX, buf, 60, 0n, used), 0);
    assert.equal(h.u32(used), 60);
    assert.equal(h.call('fd_readdir', SANDBOX, buf, 60, 2n, used), 0);
    assert.equal(h.u32(used), 56);
  });

  it('is notdir or notcapable on files', () => {
    const { h } = sandboxed({ f: '' });
    const [, fd] = h.open(SANDBOX, 'f');
    assert.equal(h.call('fd_readdir', fd, h.alloc(64), 64, 0n, h.alloc(4)), Errno.notcapable);
  });
});

describe('poll_oneoff', () => {
  function subscribe(
    h: CallHarness,
    subs: { userdata: bigint; tag: number; clock?: number; timeout?: bigint; abs?: boolean; fd?: number }[],
  ): number {
    const p = h.alloc(48 * subs.length);
    subs.forEach((s, i) => {
      const at = p + 48 * i;
      h.dv.setBigUint64(at, s.userdata, true);
      h.u8[at + 8] = s.tag;
      if (s.tag === EventType.clock) {
        h.dv.setUint32(at + 16, s.clock ?? ClockId.monotonic, true);
        h.dv.setBigUint64(at + 24, s.timeout ?? 0n, true);
        h.dv.setUint16(at + 40, s.abs ? 1 : 0, true);
      } else {
        h.dv.setUint32(at + 16, s.fd ?? 0, true);
      }
    });
    return p;
  }

  it('sleeps to the earliest clock: deterministic time jumps ahead', () => {
    const h = new CallHarness({ deterministic: { step: 0n } });
    const subs = subscribe(h, [
      { userdata: 1n, tag: EventType.clock, timeout: 5000n },
      { userdata: 2n, tag: EventType.clock, timeout: 9000n },
    ]);
    const out = h.alloc(64);
    const n = h.alloc(4);
    assert.equal(h.call('poll_oneoff', subs, out, 2, n), 0);
    assert.equal(h.u32(n), 1);
    assert.equal(h.u64(out), 1n);
    assert.equal(h.u8[out + 10], EventType.clock);
    const t = h.alloc(8);
    h.call('clock_time_get', ClockId.monotonic, 0, t);
    assert.equal(h.u64(t), 5000n);
    const abs = subscribe(h, [{ userdata: 3n, tag: EventType.clock, timeout: 7000n, abs: true }]);
    assert.equal(h.call('poll_oneoff', abs, out, 1, n), 0);
    h.call('clock_time_get', ClockId.monotonic, 0, t);
    assert.equal(h.u64(t), 7000n);
  });

  it('really sleeps with host clocks', () => {
    const h = new CallHarness();
    const subs = subscribe(h, [{ userdata: 1n, tag: EventType.clock, timeout: 20_000_000n }]);
    const t0 = performance.now();
    assert.equal(h.call('poll_oneoff', subs, h.alloc(32), 1, h.alloc(4)), 0);
    assert.ok(performance.now() - t0 >= 19);
  });

  it('descriptors are ready at once; errors come back per event', () => {
    const h = new CallHarness({ stdin: 'abc', deterministic: true });
    const subs = subscribe(h, [
      { userdata: 1n, tag: EventType.clock, timeout: 1_000_000_000n },
      { userdata: 2n, tag: EventType.fd_read, fd: 0 },
      { userdata: 3n, tag: EventType.fd_write, fd: 1 },
      { userdata: 4n, tag: EventType.fd_read, fd: 42 },
      { userdata: 5n, tag: EventType.clock, clock: 77 },
    ]);
    const out = h.alloc(32 * 5);
    const n = h.alloc(4);
    assert.equal(h.call('poll_oneoff', subs, out, 5, n), 0);
    const events = Array.from({ length: h.u32(n) }, (_, i) => ({
      userdata: h.u64(out + 32 * i),
      error: h.dv.getUint16(out + 32 * i + 8, true),
      type: h.u8[out + 32 * i + 10],
      nbytes: h.u64(out + 32 * i + 16),
    }));
    assert.deepEqual(events, [
      { userdata: 2n, error: 0, type: EventType.fd_read, nbytes: 3n },
      { userdata: 3n, error: 0, type: EventType.fd_write, nbytes: 0n },
      { userdata: 4n, error: Errno.badf, type: EventType.fd_read, nbytes: 0n },
      { userdata: 5n, error: Errno.inval, type: EventType.clock, nbytes: 0n },
    ]);
  });

  it('no subscriptions, or an unknown tag, is inval', () => {
    const h = new CallHarness();
    assert.equal(h.call('poll_oneoff', h.alloc(48), h.alloc(32), 0, h.alloc(4)), Errno.inval);
    const subs = subscribe(h, [{ userdata: 1n, tag: 9 }]);
    assert.equal(h.call('poll_oneoff', subs, h.alloc(32), 1, h.alloc(4)), Errno.inval);
  });
});
