;; The four loops of the encoder's conv bias + BatchNorm + ReLU (see _batch_norm.ts, whose JavaScript they replace),
;; over NHWC values (channels last) in this module's own memory: the same double-precision operations in the same
;; order, rounded to float32 where the JavaScript stores into float32 arrays, so both give the same bits.
;; Arguments are byte offsets (f32 arrays: v, bias, out, xhat, d, g, gamma, beta, invstd; f64 arrays: the rest),
;; the channel count c and the value count size (a multiple of c).
(memory (export "memory") 1 65536)

;; s1[k] += d, s2[k] += d*d with d = f32(v + bias[k]) - shift[k], over every value of channel k.
(func (export "statistics")
  (param $v i32) (param $bias i32) (param $shift i32) (param $s1 i32) (param $s2 i32) (param $c i32) (param $size i32)
  (local $end i32) (local $k i32) (local $d f64) (local $at i32)
  (local.set $end (i32.add (local.get $v) (i32.shl (local.get $size) (i32.const 2))))
  (block $rows_done (loop $rows
    (br_if $rows_done (i32.ge_u (local.get $v) (local.get $end)))
    (local.set $k (i32.const 0))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $k) (local.get $c)))
      (local.set $d (f64.sub
        (f64.promote_f32 (f32.add
          (f32.load (i32.add (local.get $v) (i32.shl (local.get $k) (i32.const 2))))
          (f32.load (i32.add (local.get $bias) (i32.shl (local.get $k) (i32.const 2))))))
        (f64.load (i32.add (local.get $shift) (i32.shl (local.get $k) (i32.const 3))))))
      (local.set $at (i32.add (local.get $s1) (i32.shl (local.get $k) (i32.const 3))))
      (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $d)))
      (local.set $at (i32.add (local.get $s2) (i32.shl (local.get $k) (i32.const 3))))
      (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64.mul (local.get $d) (local.get $d))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $each)))
    (local.set $v (i32.add (local.get $v) (i32.shl (local.get $c) (i32.const 2))))
    (br $rows))))

;; xhat = f32((f32(v + bias) - mean) * invstd); out = f32(max(xhat * gamma + beta, 0)) (a NaN stays 0, as `y > 0`).
(func (export "normalise_relu")
  (param $v i32) (param $out i32) (param $xhat i32) (param $bias i32) (param $mean i32) (param $invstd i32)
  (param $gamma i32) (param $beta i32) (param $c i32) (param $size i32)
  (local $end i32) (local $k i32) (local $k4 i32) (local $x f32) (local $y f64)
  (local.set $end (i32.add (local.get $v) (i32.shl (local.get $size) (i32.const 2))))
  (block $rows_done (loop $rows
    (br_if $rows_done (i32.ge_u (local.get $v) (local.get $end)))
    (local.set $k (i32.const 0))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $k) (local.get $c)))
      (local.set $k4 (i32.shl (local.get $k) (i32.const 2)))
      (local.set $x (f32.demote_f64 (f64.mul
        (f64.sub
          (f64.promote_f32 (f32.add (f32.load (i32.add (local.get $v) (local.get $k4)))
            (f32.load (i32.add (local.get $bias) (local.get $k4)))))
          (f64.load (i32.add (local.get $mean) (i32.shl (local.get $k) (i32.const 3)))))
        (f64.promote_f32 (f32.load (i32.add (local.get $invstd) (local.get $k4)))))))
      (f32.store (i32.add (local.get $xhat) (local.get $k4)) (local.get $x))
      (local.set $y (f64.add
        (f64.mul (f64.promote_f32 (local.get $x)) (f64.promote_f32 (f32.load (i32.add (local.get $gamma) (local.get $k4)))))
        (f64.promote_f32 (f32.load (i32.add (local.get $beta) (local.get $k4))))))
      (f32.store (i32.add (local.get $out) (local.get $k4))
        (select (f32.demote_f64 (local.get $y)) (f32.const 0) (f64.gt (local.get $y) (f64.const 0))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $each)))
    (local.set $v (i32.add (local.get $v) (i32.shl (local.get $c) (i32.const 2))))
    (local.set $out (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2))))
    (local.set $xhat (i32.add (local.get $xhat) (i32.shl (local.get $c) (i32.const 2))))
    (br $rows))))

;; g = d where xhat * gamma + beta > 0, else 0; sumG[k] += g, sumGx[k] += g * xhat.
(func (export "relu_masked_sums")
  (param $d i32) (param $g i32) (param $xhat i32) (param $gamma i32) (param $beta i32) (param $sumG i32)
  (param $sumGx i32) (param $c i32) (param $size i32)
  (local $end i32) (local $k i32) (local $k4 i32) (local $x f64) (local $gv f32) (local $at i32)
  (local.set $end (i32.add (local.get $d) (i32.shl (local.get $size) (i32.const 2))))
  (block $rows_done (loop $rows
    (br_if $rows_done (i32.ge_u (local.get $d) (local.get $end)))
    (local.set $k (i32.const 0))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $k) (local.get $c)))
      (local.set $k4 (i32.shl (local.get $k) (i32.const 2)))
      (local.set $x (f64.promote_f32 (f32.load (i32.add (local.get $xhat) (local.get $k4)))))
      (local.set $gv (select (f32.load (i32.add (local.get $d) (local.get $k4))) (f32.const 0)
        (f64.gt (f64.add
            (f64.mul (local.get $x) (f64.promote_f32 (f32.load (i32.add (local.get $gamma) (local.get $k4)))))
            (f64.promote_f32 (f32.load (i32.add (local.get $beta) (local.get $k4)))))
          (f64.const 0))))
      (f32.store (i32.add (local.get $g) (local.get $k4)) (local.get $gv))
      (local.set $at (i32.add (local.get $sumG) (i32.shl (local.get $k) (i32.const 3))))
      (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64.promote_f32 (local.get $gv))))
      (local.set $at (i32.add (local.get $sumGx) (i32.shl (local.get $k) (i32.const 3))))
      (f64.store (local.get $at)
        (f64.add (f64.load (local.get $at)) (f64.mul (f64.promote_f32 (local.get $gv)) (local.get $x))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $each)))
    (local.set $d (i32.add (local.get $d) (i32.shl (local.get $c) (i32.const 2))))
    (local.set $g (i32.add (local.get $g) (i32.shl (local.get $c) (i32.const 2))))
    (local.set $xhat (i32.add (local.get $xhat) (i32.shl (local.get $c) (i32.const 2))))
    (br $rows))))

;; g = f32(a * ((g - b) - xhat * e)) in place; sumDy[k] += g.
(func (export "input_gradient")
  (param $g i32) (param $xhat i32) (param $a i32) (param $b i32) (param $e i32) (param $sumDy i32)
  (param $c i32) (param $size i32)
  (local $end i32) (local $k i32) (local $k4 i32) (local $k8 i32) (local $r f32) (local $at i32)
  (local.set $end (i32.add (local.get $g) (i32.shl (local.get $size) (i32.const 2))))
  (block $rows_done (loop $rows
    (br_if $rows_done (i32.ge_u (local.get $g) (local.get $end)))
    (local.set $k (i32.const 0))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $k) (local.get $c)))
      (local.set $k4 (i32.shl (local.get $k) (i32.const 2)))
      (local.set $k8 (i32.shl (local.get $k) (i32.const 3)))
      (local.set $r (f32.demote_f64 (f64.mul (f64.load (i32.add (local.get $a) (local.get $k8)))
        (f64.sub
          (f64.sub (f64.promote_f32 (f32.load (i32.add (local.get $g) (local.get $k4))))
            (f64.load (i32.add (local.get $b) (local.get $k8))))
          (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $xhat) (local.get $k4))))
            (f64.load (i32.add (local.get $e) (local.get $k8))))))))
      (f32.store (i32.add (local.get $g) (local.get $k4)) (local.get $r))
      (local.set $at (i32.add (local.get $sumDy) (local.get $k8)))
      (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64.promote_f32 (local.get $r))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $each)))
    (local.set $g (i32.add (local.get $g) (i32.shl (local.get $c) (i32.const 2))))
    (local.set $xhat (i32.add (local.get $xhat) (i32.shl (local.get $c) (i32.const 2))))
    (br $rows))))
