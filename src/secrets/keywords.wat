;; The keyword automaton's scan loop (see keywords.ts). Hand-written; wabt compiles it, and
;; test/secrets/keywords.test.ts checks that KEYWORDS_WASM_BASE64 is exactly that output.
;;
;; scan(p, warm, len, table, classes, hits, max, reach) -> number of hits, or max + 1 on overflow
;;
;; Reports every keyword occurrence that ends in [warm, len) of the bytes at p. Bytes before warm
;; only prime the automaton (they overlap the previous window).
;;   classes: 256 bytes, each byte value's character class times 4 (bytes >= 128: class 0).
;;   table:   i32 per (state, class) at table + state + class; states are premultiplied row
;;            offsets. The entry is the target state, negated when the target ends keywords.
;;   hits:    (end index, state) pairs of i32.
;;   reach:   longest keyword - 1.
;; A DFA step is one dependent load, so one automaton is bound by load latency. Two automata run
;; interleaved on the two halves of the range (the second starts reach bytes early so it sees
;; every keyword ending in its half), which lets their loads overlap: ~2x the throughput of one.
(module
  (memory (export "memory") 1)
  (func (export "scan") (param $p i32) (param $warm i32) (param $len i32) (param $table i32) (param $classes i32) (param $hits i32) (param $max i32) (param $reach i32) (result i32)
    (local $a i32) (local $sa i32) (local $mid i32)
    (local $b i32) (local $sb i32)
    (local $t i32) (local $n i32)
    ;; first half: [a = 0, mid), reporting from warm; second half: [b = mid - reach, len), reporting from mid
    (local.set $mid (i32.add (local.get $warm) (i32.shr_u (i32.sub (local.get $len) (local.get $warm)) (i32.const 1))))
    (local.set $b (i32.sub (local.get $mid) (local.get $reach)))
    (if (i32.lt_s (local.get $b) (i32.const 0)) (then (local.set $b (i32.const 0))))
    (block $full
      (block $pairEnd
        (loop $pair
          (br_if $pairEnd (i32.ge_u (local.get $a) (local.get $mid)))
          (br_if $pairEnd (i32.ge_u (local.get $b) (local.get $len)))
          (local.set $t (i32.load (i32.add (i32.add (local.get $table) (local.get $sa))
            (i32.load8_u (i32.add (local.get $classes) (i32.load8_u (i32.add (local.get $p) (local.get $a))))))))
          (local.set $sa (local.get $t))
          (if (i32.lt_s (local.get $t) (i32.const 0))
            (then
              (local.set $sa (i32.sub (i32.const 0) (local.get $t)))
              (if (i32.ge_u (local.get $a) (local.get $warm))
                (then
                  (br_if $full (i32.ge_u (local.get $n) (local.get $max)))
                  (i32.store (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (local.get $a))
                  (i32.store offset=4 (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (local.get $sa))
                  (local.set $n (i32.add (local.get $n) (i32.const 1)))))))
          (local.set $a (i32.add (local.get $a) (i32.const 1)))
          (local.set $t (i32.load (i32.add (i32.add (local.get $table) (local.get $sb))
            (i32.load8_u (i32.add (local.get $classes) (i32.load8_u (i32.add (local.get $p) (local.get $b))))))))
          (local.set $sb (local.get $t))
          (if (i32.lt_s (local.get $t) (i32.const 0))
            (then
              (local.set $sb (i32.sub (i32.const 0) (local.get $t)))
              (if (i32.ge_u (local.get $b) (local.get $mid))
                (then
                  (br_if $full (i32.ge_u (local.get $n) (local.get $max)))
                  (i32.store (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (local.get $b))
                  (i32.store offset=4 (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (local.get $sb))
                  (local.set $n (i32.add (local.get $n) (i32.const 1)))))))
          (local.set $b (i32.add (local.get $b) (i32.const 1)))
          (br $pair)))
      (block $aEnd
        (loop $aOnly
          (br_if $aEnd (i32.ge_u (local.get $a) (local.get $mid)))
          (local.set $t (i32.load (i32.add (i32.add (local.get $table) (local.get $sa))
            (i32.load8_u (i32.add (local.get $classes) (i32.load8_u (i32.add (local.get $p) (local.get $a))))))))
          (local.set $sa (local.get $t))
          (if (i32.lt_s (local.get $t) (i32.const 0))
            (then
              (local.set $sa (i32.sub (i32.const 0) (local.get $t)))
              (if (i32.ge_u (local.get $a) (local.get $warm))
                (then
                  (br_if $full (i32.ge_u (local.get $n) (local.get $max)))
                  (i32.store (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (local.get $a))
                  (i32.store offset=4 (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (local.get $sa))
                  (local.set $n (i32.add (local.get $n) (i32.const 1)))))))
          (local.set $a (i32.add (local.get $a) (i32.const 1)))
          (br $aOnly)))
      (block $bEnd
        (loop $bOnly
          (br_if $bEnd (i32.ge_u (local.get $b) (local.get $len)))
          (local.set $t (i32.load (i32.add (i32.add (local.get $table) (local.get $sb))
            (i32.load8_u (i32.add (local.get $classes) (i32.load8_u (i32.add (local.get $p) (local.get $b))))))))
          (local.set $sb (local.get $t))
          (if (i32.lt_s (local.get $t) (i32.const 0))
            (then
              (local.set $sb (i32.sub (i32.const 0) (local.get $t)))
              (if (i32.ge_u (local.get $b) (local.get $mid))
                (then
                  (br_if $full (i32.ge_u (local.get $n) (local.get $max)))
                  (i32.store (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (local.get $b))
                  (i32.store offset=4 (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (local.get $sb))
                  (local.set $n (i32.add (local.get $n) (i32.const 1)))))))
          (local.set $b (i32.add (local.get $b) (i32.const 1)))
          (br $bOnly)))
      (return (local.get $n)))
    (i32.add (local.get $max) (i32.const 1))))
