;; Integer loops over memory, written by hand: the same sieve of
;; Eratosthenes as sieve.c (same limits, same fold, same checksum), so the
;; two show how much the code shape of a compiler's output matters.
(module
  (memory 1)

  ;; Counts the primes below $limit, using bytes [0, $limit) as flags.
  (func $count_primes (param $limit i32) (result i32)
    (local $i i32) (local $j i32) (local $count i32)
    ;; clear the flags
    (local.set $i (i32.const 0))
    (block $cleared
      (loop $clear
        (br_if $cleared (i32.ge_s (local.get $i) (local.get $limit)))
        (i32.store8 (local.get $i) (i32.const 0))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $clear)))
    (local.set $i (i32.const 2))
    (block $done
      (loop $outer
        (br_if $done (i32.ge_s (local.get $i) (local.get $limit)))
        (if (i32.eqz (i32.load8_u (local.get $i)))
          (then
            (local.set $count (i32.add (local.get $count) (i32.const 1)))
            (local.set $j (i32.add (local.get $i) (local.get $i)))
            (block $marked
              (loop $mark
                (br_if $marked (i32.ge_s (local.get $j) (local.get $limit)))
                (i32.store8 (local.get $j) (i32.const 1))
                (local.set $j (i32.add (local.get $j) (local.get $i)))
                (br $mark)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
    (local.get $count))

  (func (export "run") (param $n i32) (result i32)
    (local $r i32) (local $acc i32)
    (block $done
      (loop $round
        (br_if $done (i32.ge_s (local.get $r) (local.get $n)))
        (local.set $acc
          (i32.add
            (i32.mul (local.get $acc) (i32.const 17))
            (call $count_primes
              (i32.sub (i32.const 65536)
                (i32.mul (i32.and (local.get $r) (i32.const 15)) (i32.const 64))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $round)))
    (local.get $acc)))
