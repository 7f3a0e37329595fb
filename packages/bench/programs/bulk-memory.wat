;; Bulk memory: memory.fill and memory.copy (forward, backward and
;; overlapping) over a few hundred KiB, with a checksum read back after each
;; round. run(n) zeroes the memory, then does n rounds; work is dominated by
;; the bulk instructions.
(module
  (memory 4)

  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $acc i32) (local $src i32) (local $dst i32)
    ;; start from zeroed memory so that every call computes the same checksum
    (memory.fill (i32.const 0) (i32.const 0) (i32.mul (memory.size) (i32.const 65536)))
    (block $done
      (loop $round
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        ;; fill up to 20 KiB somewhere in the first 80 KiB with the round's byte
        (memory.fill
          (i32.and (i32.mul (local.get $i) (i32.const 97)) (i32.const 0xffff))
          (i32.and (local.get $i) (i32.const 0xff))
          (i32.add (i32.const 4096)
            (i32.mul (i32.and (local.get $i) (i32.const 1023)) (i32.const 16))))
        ;; copy 32 KiB from the low half into the second 64 KiB page
        (local.set $src (i32.and (i32.mul (local.get $i) (i32.const 61)) (i32.const 0xffff)))
        (local.set $dst
          (i32.add (i32.const 65536)
            (i32.and (i32.mul (local.get $i) (i32.const 131)) (i32.const 0x7fff))))
        (memory.copy (local.get $dst) (local.get $src) (i32.const 32768))
        ;; overlapping copies, one byte forward then three bytes backward
        (memory.copy
          (i32.add (local.get $dst) (i32.const 1)) (local.get $dst) (i32.const 8192))
        (memory.copy
          (i32.add (local.get $src) (i32.const 131072))
          (i32.add (local.get $src) (i32.const 131075)) (i32.const 16384))
        ;; read some of it back
        (local.set $acc
          (i32.add
            (i32.mul (local.get $acc) (i32.const 31))
            (i32.xor
              (i32.load (i32.add (local.get $dst) (i32.const 4097)))
              (i32.wrap_i64 (i64.load (i32.add (local.get $src) (i32.const 131072)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $round)))
    (local.get $acc)))
