;; ballast: an Edgedancer agent whose memory size is chosen by its requests, for measuring migration time
;; against memory size. Page 0 holds the request and response buffers; pages 1.. are ballast.
;; A request is one command byte and its argument; responses are little-endian binary:
;;   'f' <pages:u32>     grow memory to <pages> pages (64 KiB each) and fill every ballast page with a byte
;;                       pattern that differs per page and per fill     -> pages:u32
;;   't' <page:u32>      touch: rewrite one ballast page (a small dirty set while pre-copy runs) -> pages:u32
;;   'p' <page:u32>      the first 4 bytes of a page and the fill count  -> word:u32 fills:u32
;;   anything else       the memory size                                 -> pages:u32
;; Memory: response at 0x10, request buffer at 0x100 (up to 0xff00 bytes).
(module
  (import "edgedancer" "log" (func $log (param i32 i32)))

  (memory (export "memory") 1 8192)
  (data (i32.const 0x8000) "ballast: ready")     ;; 14 bytes

  (global $fills (mut i32) (i32.const 0))

  (func (export "init")
    (call $log (i32.const 0x8000) (i32.const 14)))

  (func (export "alloc") (param $len i32) (result i32)
    (select (i32.const 0x100) (i32.const 0) (i32.le_u (local.get $len) (i32.const 0xff00))))

  ;; Packs a response range as handle returns it: ptr | len << 32.
  (func $respond (param $ptr i32) (param $len i32) (result i64)
    (i64.or (i64.extend_i32_u (local.get $ptr))
            (i64.shl (i64.extend_i32_u (local.get $len)) (i64.const 32))))

  ;; Fills ballast page $p with a byte derived from the page and the fill count, and stamps its first word.
  (func $fill_page (param $p i32)
    (local $at i32)
    (local.set $at (i32.shl (local.get $p) (i32.const 16)))
    (memory.fill (local.get $at)
                 (i32.and (i32.add (i32.mul (local.get $p) (i32.const 31)) (global.get $fills)) (i32.const 0xff))
                 (i32.const 0x10000))
    (i32.store (local.get $at) (i32.xor (local.get $p) (i32.shl (global.get $fills) (i32.const 20)))))

  (func $grow_and_fill (param $pages i32)
    (local $p i32)
    (if (i32.gt_u (local.get $pages) (memory.size))
      (then (drop (memory.grow (i32.sub (local.get $pages) (memory.size))))))
    (global.set $fills (i32.add (global.get $fills) (i32.const 1)))
    (local.set $p (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (memory.size)))
        (call $fill_page (local.get $p))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next))))

  (func (export "handle") (param $ptr i32) (param $len i32) (result i64)
    (local $cmd i32) (local $arg i32)
    (if (i32.ge_u (local.get $len) (i32.const 1))
      (then (local.set $cmd (i32.load8_u (local.get $ptr)))))
    (if (i32.ge_u (local.get $len) (i32.const 5))
      (then (local.set $arg (i32.load align=1 (i32.add (local.get $ptr) (i32.const 1))))))
    (if (i32.eq (local.get $cmd) (i32.const 0x66)) ;; 'f'
      (then (call $grow_and_fill (local.get $arg))))
    (if (i32.and (i32.eq (local.get $cmd) (i32.const 0x74)) ;; 't'
                 (i32.and (i32.ge_u (local.get $arg) (i32.const 1)) (i32.lt_u (local.get $arg) (memory.size))))
      (then (call $fill_page (local.get $arg))))
    (if (i32.and (i32.eq (local.get $cmd) (i32.const 0x70)) (i32.lt_u (local.get $arg) (memory.size))) ;; 'p'
      (then
        (i32.store (i32.const 0x10) (i32.load (i32.shl (local.get $arg) (i32.const 16))))
        (i32.store (i32.const 0x14) (global.get $fills))
        (return (call $respond (i32.const 0x10) (i32.const 8)))))
    (i32.store (i32.const 0x10) (memory.size))
    (call $respond (i32.const 0x10) (i32.const 4))))
