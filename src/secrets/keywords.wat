(module
  (memory (export "memory") 1)
  ;; scan(textPtr, len, tablePtr, state, hitsPtr, maxHits) -> state; hit count stored at hitsPtr-4
  ;; table: i32 per (state*128 + byte); a negative entry means "the target state has outputs": target = -entry.
  (func (export "scan") (param $p i32) (param $len i32) (param $table i32) (param $s i32) (param $hits i32) (param $max i32) (result i32)
    (local $i i32) (local $c i32) (local $n i32) (local $t i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $c (i32.load8_u (i32.add (local.get $p) (local.get $i))))
        (if (i32.ge_u (local.get $c) (i32.const 128))
          (then (local.set $s (i32.const 0)))
          (else
            (local.set $t (i32.load (i32.add (local.get $table) (i32.shl (i32.add (i32.shl (local.get $s) (i32.const 7)) (local.get $c)) (i32.const 2)))))
            (if (i32.lt_s (local.get $t) (i32.const 0))
              (then
                (local.set $s (i32.sub (i32.const 0) (local.get $t)))
                (if (i32.lt_u (local.get $n) (local.get $max))
                  (then
                    (i32.store (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 3))) (local.get $i))
                    (i32.store (i32.add (local.get $hits) (i32.add (i32.shl (local.get $n) (i32.const 3)) (i32.const 4))) (local.get $s))
                    (local.set $n (i32.add (local.get $n) (i32.const 1))))))
              (else (local.set $s (local.get $t))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.store (i32.sub (local.get $hits) (i32.const 4)) (local.get $n))
    (local.get $s)))
