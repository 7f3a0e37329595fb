;; stats: a running-statistics service as an Edgedancer mobile agent, in the WebAssembly text format.
;;
;; It absorbs data and keeps, across requests and migrations: the number of bytes seen, a running
;; FNV-1a-64 hash of all of them, a histogram of byte values, the number of requests and of arrivals.
;; A request is one command byte and its argument; responses are little-endian binary:
;;   'a' <data>                absorb data                    -> total:i64 hash:i64
;;   's'                       summary                        -> total:i64 hash:i64 requests:i32 arrivals:i32
;;   'r' <rounds:u32> [<node>] hash the histogram <rounds> times; with <node>, migrate there (strong)
;;                             halfway and finish on arrival  -> digest:i64 status:i32
;;   'w' <node>                weak migration after this call -> status:i32
;;   'n'                       the current node's name        -> UTF-8 bytes
;;
;; Memory: strings at 0, histogram (256 x u32) at 0x400, response at 0x1000, request buffer at 0x10000.
(module
  (import "edgedancer" "migrate" (func $migrate (param i32 i32) (result i32)))
  (import "edgedancer" "migrate_weak" (func $migrate_weak (param i32 i32) (result i32)))
  (import "edgedancer" "node_name" (func $node_name (param i32 i32) (result i32)))
  (import "edgedancer" "log" (func $log (param i32 i32)))

  (memory (export "memory") 2 16)
  (data (i32.const 0) "stats: ready")            ;; 12 bytes
  (data (i32.const 16) "stats: arrived")         ;; 14 bytes
  (data (i32.const 32) "stats: move failed")     ;; 18 bytes
  (data (i32.const 64) "stats: rehash moved")    ;; 19 bytes

  (global $total (mut i64) (i64.const 0))
  (global $hash (mut i64) (i64.const 0xcbf29ce484222325))
  (global $requests (mut i32) (i32.const 0))
  (global $arrivals (mut i32) (i32.const 0))

  (func (export "init")
    (call $log (i32.const 0) (i32.const 12)))

  (func (export "alloc") (param $len i32) (result i32)
    (select (i32.const 0x10000) (i32.const 0) (i32.le_u (local.get $len) (i32.const 0x10000))))

  ;; Packs a response range as handle returns it: ptr | len << 32.
  (func $respond (param $ptr i32) (param $len i32) (result i64)
    (i64.or (i64.extend_i32_u (local.get $ptr))
            (i64.shl (i64.extend_i32_u (local.get $len)) (i64.const 32))))

  (func $absorb (param $p i32) (param $n i32)
    (local $end i32) (local $b i32) (local $h i64) (local $slot i32)
    (local.set $end (i32.add (local.get $p) (local.get $n)))
    (local.set $h (global.get $hash))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $b (i32.load8_u (local.get $p)))
        (local.set $h (i64.mul (i64.xor (local.get $h) (i64.extend_i32_u (local.get $b)))
                               (i64.const 0x100000001b3)))
        (local.set $slot (i32.add (i32.const 0x400) (i32.shl (local.get $b) (i32.const 2))))
        (i32.store (local.get $slot) (i32.add (i32.load (local.get $slot)) (i32.const 1)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next)))
    (global.set $hash (local.get $h))
    (global.set $total (i64.add (global.get $total) (i64.extend_i32_u (local.get $n)))))

  ;; Hashes the histogram `rounds` times; with a node, migrates there (strong) at round rounds/2.
  ;; Returns the digest and leaves the migration status in $status (0 when it did not move).
  (func $rehash (param $rounds i32) (param $node i32) (param $node_len i32) (result i64 i32)
    (local $r i32) (local $i i32) (local $h i64) (local $status i32)
    (local.set $h (global.get $hash))
    (block $done
      (loop $round
        (br_if $done (i32.ge_u (local.get $r) (local.get $rounds)))
        (if (i32.and (i32.ne (local.get $node_len) (i32.const 0))
                     (i32.eq (local.get $r) (i32.shr_u (local.get $rounds) (i32.const 1))))
          (then
            (local.set $status (call $migrate (local.get $node) (local.get $node_len)))
            (if (i32.eqz (local.get $status))
              (then (call $log (i32.const 64) (i32.const 19))))))
        (local.set $i (i32.const 0))
        (loop $bucket
          (local.set $h (i64.mul (i64.xor (local.get $h)
                                          (i64.extend_i32_u (i32.load (i32.add (i32.const 0x400) (local.get $i)))))
                                 (i64.const 0x100000001b3)))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br_if $bucket (i32.lt_u (local.get $i) (i32.const 1024))))
        (local.set $h (i64.xor (local.get $h) (i64.extend_i32_u (local.get $r))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $round)))
    (local.get $h)
    (local.get $status))

  (func (export "handle") (param $ptr i32) (param $len i32) (result i64)
    (local $cmd i32) (local $n i32) (local $status i32) (local $digest i64)
    (global.set $requests (i32.add (global.get $requests) (i32.const 1)))
    (if (i32.eqz (local.get $len)) (then (return (call $respond (i32.const 0x1000) (i32.const 0)))))
    (local.set $cmd (i32.load8_u (local.get $ptr)))
    (if (i32.eq (local.get $cmd) (i32.const 0x61)) ;; 'a'
      (then
        (call $absorb (i32.add (local.get $ptr) (i32.const 1)) (i32.sub (local.get $len) (i32.const 1)))
        (i64.store (i32.const 0x1000) (global.get $total))
        (i64.store (i32.const 0x1008) (global.get $hash))
        (return (call $respond (i32.const 0x1000) (i32.const 16)))))
    (if (i32.eq (local.get $cmd) (i32.const 0x73)) ;; 's'
      (then
        (i64.store (i32.const 0x1000) (global.get $total))
        (i64.store (i32.const 0x1008) (global.get $hash))
        (i32.store (i32.const 0x1010) (global.get $requests))
        (i32.store (i32.const 0x1014) (global.get $arrivals))
        (return (call $respond (i32.const 0x1000) (i32.const 24)))))
    (if (i32.and (i32.eq (local.get $cmd) (i32.const 0x72)) (i32.ge_u (local.get $len) (i32.const 5))) ;; 'r'
      (then
        (call $rehash (i32.load (i32.add (local.get $ptr) (i32.const 1)))
                      (i32.add (local.get $ptr) (i32.const 5)) (i32.sub (local.get $len) (i32.const 5)))
        (local.set $status)
        (local.set $digest)
        (i64.store (i32.const 0x1000) (local.get $digest))
        (i32.store (i32.const 0x1008) (local.get $status))
        (return (call $respond (i32.const 0x1000) (i32.const 12)))))
    (if (i32.eq (local.get $cmd) (i32.const 0x77)) ;; 'w'
      (then
        (i32.store (i32.const 0x1000)
          (call $migrate_weak (i32.add (local.get $ptr) (i32.const 1)) (i32.sub (local.get $len) (i32.const 1))))
        (return (call $respond (i32.const 0x1000) (i32.const 4)))))
    (if (i32.eq (local.get $cmd) (i32.const 0x6e)) ;; 'n'
      (then
        (local.set $n (call $node_name (i32.const 0x1000) (i32.const 256)))
        (return (call $respond (i32.const 0x1000)
          (select (local.get $n) (i32.const 256) (i32.lt_u (local.get $n) (i32.const 256)))))))
    (call $respond (i32.const 0x1000) (i32.const 0)))

  (func (export "on_arrival") (param $status i32)
    (if (i32.eqz (local.get $status))
      (then
        (global.set $arrivals (i32.add (global.get $arrivals) (i32.const 1)))
        (call $log (i32.const 16) (i32.const 14)))
      (else (call $log (i32.const 32) (i32.const 18))))))
