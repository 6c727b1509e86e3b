;; shipgate's two WebAssembly loops, hand-written. wabt compiles this file, and
;; test/wasm/kernel.test.ts checks that KERNEL_WASM_BASE64 (kernel.ts) is exactly that output.
;;
;; scan: the keyword automaton (secrets/keywords.ts).
;; unescape: the body of a JSON string to UTF-8 bytes (analyzers/text-bytes.ts).
;; count: occurrences of one byte value, for line counts (analyzers/text-bytes.ts).
;;
;; scan(p, warm, len, hits, max, reach) -> number of hits, or max + 1 on overflow
;;
;; Reports every keyword occurrence that ends in [warm, len) of the bytes at p. Bytes before warm
;; only prime the automaton (they overlap the previous window). The caller lays out:
;;   at 0:    256 bytes, each byte value's character class times 4 (bytes >= 128: class 0);
;;   at 256:  the table, i32 per (state, class) at 256 + state + class; states are premultiplied
;;            row offsets. The entry is the target state, negated when the target ends keywords.
;;   hits:    (end index, state) pairs of i32.
;;   reach:   longest keyword - 1.
;; A DFA step is a dependent load (~6 cycles), so one automaton is bound by load latency. Four
;; automata run in lock step on four quarters of the range, each starting reach bytes before its
;; quarter so it sees every keyword that ends in it; their loads overlap. Fixed addresses let
;; each step be one add and three loads, and two bytes per turn halve the loop's own work.

;; unescape(src, len, dst, stats) -> bytes written at dst, or -1
;;
;; Decodes the bytes of a JSON string body, up to len or to the first unescaped '"' (the end of
;; the string when src points just past its opening quote): escapes become their characters
;; (\uXXXX and surrogate pairs as UTF-8), other bytes are copied, 16 at a time up to the next
;; backslash, quote or control character. -1 for what it leaves to JSON.parse: a control character,
;; an unknown or cut escape (one that len cuts short, too), a lone surrogate. stats: i32 count of
;; "\n" escapes, i32 1 if any byte written is >= 0x80, i32 where it stopped (the quote's index, or
;; len). The output is never longer than the input.
(module
  (memory (export "memory") 1)
  (func (export "scan") (param $p i32) (param $warm i32) (param $len i32) (param $hits i32) (param $max i32) (param $reach i32) (result i32)
    (local $q i32) (local $steps i32) (local $n i32) (local $t i32) (local $end i32)
    (local $r0 i32) (local $a0 i32) (local $s0 i32) (local $e0 i32) (local $a1 i32) (local $s1 i32) (local $e1 i32)
    (local $a2 i32) (local $s2 i32) (local $e2 i32) (local $a3 i32) (local $s3 i32) (local $e3 i32)
    ;; four quarters of q bytes from warm, ending at e0..e3; stream k reports from the start of its
    ;; quarter (r0 = warm, then e0, e1, e2) and starts reach bytes earlier (stream 0 at p: the bytes
    ;; before warm prime it) so it sees keywords across the seam
    (local.set $q (i32.shr_u (i32.add (i32.sub (local.get $len) (local.get $warm)) (i32.const 3)) (i32.const 2)))
    (local.set $r0 (i32.add (local.get $p) (local.get $warm)))
    (local.set $e0 (i32.add (local.get $p) (call $min (local.get $len) (i32.add (local.get $warm) (local.get $q)))))
    (local.set $e1 (i32.add (local.get $p) (call $min (local.get $len) (i32.add (local.get $warm) (i32.shl (local.get $q) (i32.const 1))))))
    (local.set $e2 (i32.add (local.get $p) (call $min (local.get $len) (i32.add (local.get $warm) (i32.mul (local.get $q) (i32.const 3))))))
    (local.set $e3 (i32.add (local.get $p) (local.get $len)))
    (local.set $a0 (local.get $p))
    (local.set $a1 (call $max (local.get $p) (i32.sub (local.get $e0) (local.get $reach))))
    (local.set $a2 (call $max (local.get $p) (i32.sub (local.get $e1) (local.get $reach))))
    (local.set $a3 (call $max (local.get $p) (i32.sub (local.get $e2) (local.get $reach))))
    (local.set $steps (i32.sub (local.get $e0) (local.get $a0)))
    (local.set $steps (call $min (local.get $steps) (i32.sub (local.get $e1) (local.get $a1))))
    (local.set $steps (call $min (local.get $steps) (i32.sub (local.get $e2) (local.get $a2))))
    (local.set $steps (call $min (local.get $steps) (i32.sub (local.get $e3) (local.get $a3))))
    (local.set $end (i32.add (local.get $a0) (i32.and (local.get $steps) (i32.const -2))))
    (block $full
      (block $lockstepEnd
        (loop $lockstep
          (br_if $lockstepEnd (i32.ge_u (local.get $a0) (local.get $end)))
          (local.set $t (i32.load offset=256 (i32.add (local.get $s0)
            (i32.load8_u offset=0 (i32.load8_u offset=0 (local.get $a0))))))
          (local.set $s0 (local.get $t))
          (if (i32.lt_s (local.get $t) (i32.const 0))
            (then
              (local.set $s0 (i32.sub (i32.const 0) (local.get $t)))
              (if (i32.ge_u (local.get $a0) (local.get $r0))
                (then
                  (br_if $full (i32.ge_u (local.get $n) (local.get $max)))
                  (i32.store (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (i32.sub (local.get $a0) (local.get $p)))
                  (i32.store offset=4 (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (local.get $s0))
                  (local.set $n (i32.add (local.get $n) (i32.const 1)))))))

          (local.set $t (i32.load offset=256 (i32.add (local.get $s1)
            (i32.load8_u offset=0 (i32.load8_u offset=0 (local.get $a1))))))
          (local.set $s1 (local.get $t))
          (if (i32.lt_s (local.get $t) (i32.const 0))
            (then
              (local.set $s1 (i32.sub (i32.const 0) (local.get $t)))
              (if (i32.ge_u (local.get $a1) (local.get $e0))
                (then
                  (br_if $full (i32.ge_u (local.get $n) (local.get $max)))
                  (i32.store (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (i32.sub (local.get $a1) (local.get $p)))
                  (i32.store offset=4 (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (local.get $s1))
                  (local.set $n (i32.add (local.get $n) (i32.const 1)))))))

          (local.set $t (i32.load offset=256 (i32.add (local.get $s2)
            (i32.load8_u offset=0 (i32.load8_u offset=0 (local.get $a2))))))
          (local.set $s2 (local.get $t))
          (if (i32.lt_s (local.get $t) (i32.const 0))
            (then
              (local.set $s2 (i32.sub (i32.const 0) (local.get $t)))
              (if (i32.ge_u (local.get $a2) (local.get $e1))
                (then
                  (br_if $full (i32.ge_u (local.get $n) (local.get $max)))
                  (i32.store (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (i32.sub (local.get $a2) (local.get $p)))
                  (i32.store offset=4 (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (local.get $s2))
                  (local.set $n (i32.add (local.get $n) (i32.const 1)))))))

          (local.set $t (i32.load offset=256 (i32.add (local.get $s3)
            (i32.load8_u offset=0 (i32.load8_u offset=0 (local.get $a3))))))
          (local.set $s3 (local.get $t))
          (if (i32.lt_s (local.get $t) (i32.const 0))
            (then
              (local.set $s3 (i32.sub (i32.const 0) (local.get $t)))
              (if (i32.ge_u (local.get $a3) (local.get $e2))
                (then
                  (br_if $full (i32.ge_u (local.get $n) (local.get $max)))
                  (i32.store (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (i32.sub (local.get $a3) (local.get $p)))
                  (i32.store offset=4 (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (local.get $s3))
                  (local.set $n (i32.add (local.get $n) (i32.const 1)))))))

          (local.set $t (i32.load offset=256 (i32.add (local.get $s0)
            (i32.load8_u offset=0 (i32.load8_u offset=1 (local.get $a0))))))
          (local.set $s0 (local.get $t))
          (if (i32.lt_s (local.get $t) (i32.const 0))
            (then
              (local.set $s0 (i32.sub (i32.const 0) (local.get $t)))
              (if (i32.ge_u (i32.add (local.get $a0) (i32.const 1)) (local.get $r0))
                (then
                  (br_if $full (i32.ge_u (local.get $n) (local.get $max)))
                  (i32.store (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (i32.sub (i32.add (local.get $a0) (i32.const 1)) (local.get $p)))
                  (i32.store offset=4 (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (local.get $s0))
                  (local.set $n (i32.add (local.get $n) (i32.const 1)))))))

          (local.set $t (i32.load offset=256 (i32.add (local.get $s1)
            (i32.load8_u offset=0 (i32.load8_u offset=1 (local.get $a1))))))
          (local.set $s1 (local.get $t))
          (if (i32.lt_s (local.get $t) (i32.const 0))
            (then
              (local.set $s1 (i32.sub (i32.const 0) (local.get $t)))
              (if (i32.ge_u (i32.add (local.get $a1) (i32.const 1)) (local.get $e0))
                (then
                  (br_if $full (i32.ge_u (local.get $n) (local.get $max)))
                  (i32.store (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (i32.sub (i32.add (local.get $a1) (i32.const 1)) (local.get $p)))
                  (i32.store offset=4 (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (local.get $s1))
                  (local.set $n (i32.add (local.get $n) (i32.const 1)))))))

          (local.set $t (i32.load offset=256 (i32.add (local.get $s2)
            (i32.load8_u offset=0 (i32.load8_u offset=1 (local.get $a2))))))
          (local.set $s2 (local.get $t))
          (if (i32.lt_s (local.get $t) (i32.const 0))
            (then
              (local.set $s2 (i32.sub (i32.const 0) (local.get $t)))
              (if (i32.ge_u (i32.add (local.get $a2) (i32.const 1)) (local.get $e1))
                (then
                  (br_if $full (i32.ge_u (local.get $n) (local.get $max)))
                  (i32.store (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (i32.sub (i32.add (local.get $a2) (i32.const 1)) (local.get $p)))
                  (i32.store offset=4 (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (local.get $s2))
                  (local.set $n (i32.add (local.get $n) (i32.const 1)))))))

          (local.set $t (i32.load offset=256 (i32.add (local.get $s3)
            (i32.load8_u offset=0 (i32.load8_u offset=1 (local.get $a3))))))
          (local.set $s3 (local.get $t))
          (if (i32.lt_s (local.get $t) (i32.const 0))
            (then
              (local.set $s3 (i32.sub (i32.const 0) (local.get $t)))
              (if (i32.ge_u (i32.add (local.get $a3) (i32.const 1)) (local.get $e2))
                (then
                  (br_if $full (i32.ge_u (local.get $n) (local.get $max)))
                  (i32.store (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (i32.sub (i32.add (local.get $a3) (i32.const 1)) (local.get $p)))
                  (i32.store offset=4 (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (local.get $s3))
                  (local.set $n (i32.add (local.get $n) (i32.const 1)))))))

          (local.set $a0 (i32.add (local.get $a0) (i32.const 2)))
          (local.set $a1 (i32.add (local.get $a1) (i32.const 2)))
          (local.set $a2 (i32.add (local.get $a2) (i32.const 2)))
          (local.set $a3 (i32.add (local.get $a3) (i32.const 2)))
          (br $lockstep)))
      (local.set $n (call $tail (local.get $p) (local.get $a0) (local.get $e0) (local.get $s0) (local.get $r0) (local.get $hits) (local.get $n) (local.get $max)))
      (br_if $full (i32.lt_s (local.get $n) (i32.const 0)))
      (local.set $n (call $tail (local.get $p) (local.get $a1) (local.get $e1) (local.get $s1) (local.get $e0) (local.get $hits) (local.get $n) (local.get $max)))
      (br_if $full (i32.lt_s (local.get $n) (i32.const 0)))
      (local.set $n (call $tail (local.get $p) (local.get $a2) (local.get $e2) (local.get $s2) (local.get $e1) (local.get $hits) (local.get $n) (local.get $max)))
      (br_if $full (i32.lt_s (local.get $n) (i32.const 0)))
      (local.set $n (call $tail (local.get $p) (local.get $a3) (local.get $e3) (local.get $s3) (local.get $e2) (local.get $hits) (local.get $n) (local.get $max)))
      (br_if $full (i32.lt_s (local.get $n) (i32.const 0)))
      (return (local.get $n)))
    (i32.add (local.get $max) (i32.const 1)))

  ;; One automaton from a to e (absolute), state s, reporting hits that end at or after r;
  ;; returns the new hit count, or -1 when hits are full.
  (func $tail (param $p i32) (param $a i32) (param $e i32) (param $s i32) (param $r i32) (param $hits i32) (param $n i32) (param $max i32) (result i32)
    (local $t i32)
    (block $done
      (loop $bytes
        (br_if $done (i32.ge_u (local.get $a) (local.get $e)))
          (local.set $t (i32.load offset=256 (i32.add (local.get $s)
            (i32.load8_u offset=0 (i32.load8_u offset=0 (local.get $a))))))
          (local.set $s (local.get $t))
          (if (i32.lt_s (local.get $t) (i32.const 0))
            (then
              (local.set $s (i32.sub (i32.const 0) (local.get $t)))
              (if (i32.ge_u (local.get $a) (local.get $r))
                (then
                  (if (i32.ge_u (local.get $n) (local.get $max)) (then (return (i32.const -1))))
                  (i32.store (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (i32.sub (local.get $a) (local.get $p)))
                  (i32.store offset=4 (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (local.get $s))
                  (local.set $n (i32.add (local.get $n) (i32.const 1)))))))

        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $bytes)))
    (local.get $n))

  (func $min (param $x i32) (param $y i32) (result i32)
    (select (local.get $x) (local.get $y) (i32.lt_u (local.get $x) (local.get $y))))

  (func $max (param $x i32) (param $y i32) (result i32)
    (select (local.get $x) (local.get $y) (i32.gt_s (local.get $x) (local.get $y))))


  (func $hex4 (param $p i32) (param $i i32) (param $len i32) (result i32)
    (local $k i32) (local $v i32) (local $c i32) (local $d i32)
    (if (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $len)) (then (return (i32.const -1))))
    (loop $digit
      (local.set $c (i32.load8_u (i32.add (local.get $p) (i32.add (local.get $i) (local.get $k)))))
      (local.set $d (i32.const -1))
      (if (i32.and (i32.ge_u (local.get $c) (i32.const 48)) (i32.le_u (local.get $c) (i32.const 57)))
        (then (local.set $d (i32.sub (local.get $c) (i32.const 48)))))
      (if (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 102)))
        (then (local.set $d (i32.sub (local.get $c) (i32.const 87)))))
      (if (i32.and (i32.ge_u (local.get $c) (i32.const 65)) (i32.le_u (local.get $c) (i32.const 70)))
        (then (local.set $d (i32.sub (local.get $c) (i32.const 55)))))
      (if (i32.lt_s (local.get $d) (i32.const 0)) (then (return (i32.const -1))))
      (local.set $v (i32.or (i32.shl (local.get $v) (i32.const 4)) (local.get $d)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $digit (i32.lt_u (local.get $k) (i32.const 4))))
    (local.get $v))

  ;; Writes code point cp as UTF-8 at dst + o; returns the new o.
  (func $utf8 (param $dst i32) (param $o i32) (param $cp i32) (result i32)
    (local $at i32)
    (local.set $at (i32.add (local.get $dst) (local.get $o)))
    (if (i32.lt_u (local.get $cp) (i32.const 0x80))
      (then
        (i32.store8 (local.get $at) (local.get $cp))
        (return (i32.add (local.get $o) (i32.const 1)))))
    (if (i32.lt_u (local.get $cp) (i32.const 0x800))
      (then
        (i32.store8 (local.get $at) (i32.or (i32.const 0xC0) (i32.shr_u (local.get $cp) (i32.const 6))))
        (i32.store8 offset=1 (local.get $at) (i32.or (i32.const 0x80) (i32.and (local.get $cp) (i32.const 0x3F))))
        (return (i32.add (local.get $o) (i32.const 2)))))
    (if (i32.lt_u (local.get $cp) (i32.const 0x10000))
      (then
        (i32.store8 (local.get $at) (i32.or (i32.const 0xE0) (i32.shr_u (local.get $cp) (i32.const 12))))
        (i32.store8 offset=1 (local.get $at) (i32.or (i32.const 0x80) (i32.and (i32.shr_u (local.get $cp) (i32.const 6)) (i32.const 0x3F))))
        (i32.store8 offset=2 (local.get $at) (i32.or (i32.const 0x80) (i32.and (local.get $cp) (i32.const 0x3F))))
        (return (i32.add (local.get $o) (i32.const 3)))))
    (i32.store8 (local.get $at) (i32.or (i32.const 0xF0) (i32.shr_u (local.get $cp) (i32.const 18))))
    (i32.store8 offset=1 (local.get $at) (i32.or (i32.const 0x80) (i32.and (i32.shr_u (local.get $cp) (i32.const 12)) (i32.const 0x3F))))
    (i32.store8 offset=2 (local.get $at) (i32.or (i32.const 0x80) (i32.and (i32.shr_u (local.get $cp) (i32.const 6)) (i32.const 0x3F))))
    (i32.store8 offset=3 (local.get $at) (i32.or (i32.const 0x80) (i32.and (local.get $cp) (i32.const 0x3F))))
    (i32.add (local.get $o) (i32.const 4)))

  (func (export "unescape") (param $src i32) (param $len i32) (param $dst i32) (param $stats i32) (result i32)
    (local $i i32) (local $o i32) (local $b i32) (local $e i32) (local $cp i32) (local $lo i32)
    (local $newlines i32) (local $high i32) (local $mask i32) (local $v v128) (local $highs v128)
    (block $fail
      (block $end
        (loop $next
          ;; 16 bytes at a time: copy them all, keep those before the first backslash or control
          ;; character (the rest are copied again, or overwritten, on the next turn)
          (block $slow
            (loop $fast
              (br_if $slow (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $len)))
              (local.set $v (v128.load (i32.add (local.get $src) (local.get $i))))
              (v128.store (i32.add (local.get $dst) (local.get $o)) (local.get $v))
              (local.set $mask (i8x16.bitmask (v128.or (v128.or
                (i8x16.eq (local.get $v) (i8x16.splat (i32.const 92)))
                (i8x16.eq (local.get $v) (i8x16.splat (i32.const 34))))
                (i8x16.lt_u (local.get $v) (i8x16.splat (i32.const 32))))))
              (if (local.get $mask)
                (then
                  ;; bytes >= 0x80 among those kept (not those past a closing quote)
                  (if (i32.and (i8x16.bitmask (local.get $v))
                        (i32.sub (i32.shl (i32.const 1) (i32.ctz (local.get $mask))) (i32.const 1)))
                    (then (local.set $high (i32.const 0x80))))
                  (local.set $i (i32.add (local.get $i) (i32.ctz (local.get $mask))))
                  (local.set $o (i32.add (local.get $o) (i32.ctz (local.get $mask))))
                  (br $slow)))
              (local.set $highs (v128.or (local.get $highs) (local.get $v)))
              (local.set $i (i32.add (local.get $i) (i32.const 16)))
              (local.set $o (i32.add (local.get $o) (i32.const 16)))
              (br $fast)))
          ;; one byte
          (br_if $end (i32.ge_u (local.get $i) (local.get $len)))
          (local.set $b (i32.load8_u (i32.add (local.get $src) (local.get $i))))
          (br_if $end (i32.eq (local.get $b) (i32.const 34)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $fail (i32.lt_u (local.get $b) (i32.const 32)))
          (if (i32.ne (local.get $b) (i32.const 92))
            (then
              (i32.store8 (i32.add (local.get $dst) (local.get $o)) (local.get $b))
              (local.set $o (i32.add (local.get $o) (i32.const 1)))
              (local.set $high (i32.or (local.get $high) (local.get $b)))
              (br $next)))
          ;; an escape
          (br_if $fail (i32.ge_u (local.get $i) (local.get $len)))
          (local.set $e (i32.load8_u (i32.add (local.get $src) (local.get $i))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (if (i32.eq (local.get $e) (i32.const 117))
            (then
              (local.set $cp (call $hex4 (local.get $src) (local.get $i) (local.get $len)))
              (br_if $fail (i32.lt_s (local.get $cp) (i32.const 0)))
              (local.set $i (i32.add (local.get $i) (i32.const 4)))
              ;; a surrogate must be a high one followed by \u and a low one
              (if (i32.eq (i32.and (local.get $cp) (i32.const 0xF800)) (i32.const 0xD800))
                (then
                  (br_if $fail (i32.ge_u (local.get $cp) (i32.const 0xDC00)))
                  (br_if $fail (i32.gt_u (i32.add (local.get $i) (i32.const 6)) (local.get $len)))
                  (br_if $fail (i32.ne (i32.load8_u (i32.add (local.get $src) (local.get $i))) (i32.const 92)))
                  (br_if $fail (i32.ne (i32.load8_u offset=1 (i32.add (local.get $src) (local.get $i))) (i32.const 117)))
                  (local.set $lo (call $hex4 (local.get $src) (i32.add (local.get $i) (i32.const 2)) (local.get $len)))
                  (br_if $fail (i32.ne (i32.and (local.get $lo) (i32.const 0xFC00)) (i32.const 0xDC00)))
                  (local.set $i (i32.add (local.get $i) (i32.const 6)))
                  (local.set $cp (i32.add (i32.const 0x10000)
                    (i32.or (i32.shl (i32.and (local.get $cp) (i32.const 0x3FF)) (i32.const 10)) (i32.and (local.get $lo) (i32.const 0x3FF)))))))
              (local.set $o (call $utf8 (local.get $dst) (local.get $o) (local.get $cp)))
              (local.set $high (i32.or (local.get $high) (local.get $cp)))
              (br $next)))
          ;; the one-character escapes
          (local.set $b (i32.const -1))
          (if (i32.eq (local.get $e) (i32.const 110))
            (then
              (local.set $b (i32.const 10))
              (local.set $newlines (i32.add (local.get $newlines) (i32.const 1)))))
          (if (i32.eq (local.get $e) (i32.const 34)) (then (local.set $b (i32.const 34))))
          (if (i32.eq (local.get $e) (i32.const 92)) (then (local.set $b (i32.const 92))))
          (if (i32.eq (local.get $e) (i32.const 47)) (then (local.set $b (i32.const 47))))
          (if (i32.eq (local.get $e) (i32.const 116)) (then (local.set $b (i32.const 9))))
          (if (i32.eq (local.get $e) (i32.const 114)) (then (local.set $b (i32.const 13))))
          (if (i32.eq (local.get $e) (i32.const 98)) (then (local.set $b (i32.const 8))))
          (if (i32.eq (local.get $e) (i32.const 102)) (then (local.set $b (i32.const 12))))
          (br_if $fail (i32.lt_s (local.get $b) (i32.const 0)))
          (i32.store8 (i32.add (local.get $dst) (local.get $o)) (local.get $b))
          (local.set $o (i32.add (local.get $o) (i32.const 1)))
          (br $next)))
      (i32.store (local.get $stats) (local.get $newlines))
      (i32.store offset=4 (local.get $stats)
        (i32.or (i32.ge_u (local.get $high) (i32.const 0x80)) (i32.ne (i8x16.bitmask (local.get $highs)) (i32.const 0))))
      (i32.store offset=8 (local.get $stats) (local.get $i))
      (return (local.get $o)))
    (i32.const -1))

  ;; count(p, len, byte) -> how many of the len bytes at p equal byte (16 at a time)
  (func (export "count") (param $p i32) (param $len i32) (param $byte i32) (result i32)
    (local $i i32) (local $n i32) (local $needle v128)
    (local.set $needle (i8x16.splat (local.get $byte)))
    (block $tail
      (loop $blocks
        (br_if $tail (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $len)))
        (local.set $n (i32.add (local.get $n) (i32.popcnt (i8x16.bitmask
          (i8x16.eq (v128.load (i32.add (local.get $p) (local.get $i))) (local.get $needle))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $blocks)))
    (block $done
      (loop $bytes
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (if (i32.eq (i32.load8_u (i32.add (local.get $p) (local.get $i))) (local.get $byte))
          (then (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $bytes)))
    (local.get $n))
)
