;; HostAdam's update (see adam.ts) with 128-bit SIMD, in this module's own memory, where the moments live.
;; The arithmetic is the JavaScript reference's, in double precision, rounded to float32 where it stores:
;;   m = f32(b1*m + c1*g);  v = f32(b2*v + (c2*g)*g);  w = f32(w - (step*m) / (sqrt(v) + eps))
;; so the two give the same bits. g, m, v, w: byte offsets of n float32 values.
(memory (export "memory") 1 65536)

(func (export "adam")
  (param $g i32) (param $m i32) (param $v i32) (param $w i32) (param $n i32)
  (param $b1 f64) (param $b2 f64) (param $c1 f64) (param $c2 f64) (param $step f64) (param $eps f64)
  (local $end i32) (local $quads i32)
  (local $g4 v128) (local $m4 v128) (local $v4 v128) (local $w4 v128)
  (local $mlo v128) (local $mhi v128) (local $vlo v128) (local $vhi v128) (local $glo v128) (local $ghi v128)
  (local $vb1 v128) (local $vb2 v128) (local $vc1 v128) (local $vc2 v128) (local $vstep v128) (local $veps v128)
  (local $gs f64) (local $ms f64) (local $vs f64)
  (local.set $vb1 (f64x2.splat (local.get $b1)))
  (local.set $vb2 (f64x2.splat (local.get $b2)))
  (local.set $vc1 (f64x2.splat (local.get $c1)))
  (local.set $vc2 (f64x2.splat (local.get $c2)))
  (local.set $vstep (f64x2.splat (local.get $step)))
  (local.set $veps (f64x2.splat (local.get $eps)))
  (local.set $quads (i32.add (local.get $g) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
  (local.set $end (i32.add (local.get $g) (i32.shl (local.get $n) (i32.const 2))))
  ;; Four values at a time, as two pairs of doubles.
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $g) (local.get $quads)))
    (local.set $g4 (v128.load (local.get $g)))
    (local.set $m4 (v128.load (local.get $m)))
    (local.set $v4 (v128.load (local.get $v)))
    (local.set $glo (f64x2.promote_low_f32x4 (local.get $g4)))
    (local.set $ghi (f64x2.promote_low_f32x4
      (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $g4) (local.get $g4))))
    ;; m and v rounded to float32, then back to doubles for the weight's update.
    (local.set $mlo (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero
      (f64x2.add (f64x2.mul (local.get $vb1) (f64x2.promote_low_f32x4 (local.get $m4)))
        (f64x2.mul (local.get $vc1) (local.get $glo))))))
    (local.set $mhi (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero
      (f64x2.add (f64x2.mul (local.get $vb1) (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $m4) (local.get $m4))))
        (f64x2.mul (local.get $vc1) (local.get $ghi))))))
    (local.set $vlo (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero
      (f64x2.add (f64x2.mul (local.get $vb2) (f64x2.promote_low_f32x4 (local.get $v4)))
        (f64x2.mul (f64x2.mul (local.get $vc2) (local.get $glo)) (local.get $glo))))))
    (local.set $vhi (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero
      (f64x2.add (f64x2.mul (local.get $vb2) (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v4) (local.get $v4))))
        (f64x2.mul (f64x2.mul (local.get $vc2) (local.get $ghi)) (local.get $ghi))))))
    (v128.store (local.get $m) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
      (f32x4.demote_f64x2_zero (local.get $mlo)) (f32x4.demote_f64x2_zero (local.get $mhi))))
    (v128.store (local.get $v) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
      (f32x4.demote_f64x2_zero (local.get $vlo)) (f32x4.demote_f64x2_zero (local.get $vhi))))
    (local.set $w4 (v128.load (local.get $w)))
    (v128.store (local.get $w) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
      (f32x4.demote_f64x2_zero (f64x2.sub (f64x2.promote_low_f32x4 (local.get $w4))
        (f64x2.div (f64x2.mul (local.get $vstep) (local.get $mlo))
          (f64x2.add (f64x2.sqrt (local.get $vlo)) (local.get $veps)))))
      (f32x4.demote_f64x2_zero (f64x2.sub (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $w4) (local.get $w4)))
        (f64x2.div (f64x2.mul (local.get $vstep) (local.get $mhi))
          (f64x2.add (f64x2.sqrt (local.get $vhi)) (local.get $veps)))))))
    (local.set $g (i32.add (local.get $g) (i32.const 16)))
    (local.set $m (i32.add (local.get $m) (i32.const 16)))
    (local.set $v (i32.add (local.get $v) (i32.const 16)))
    (local.set $w (i32.add (local.get $w) (i32.const 16)))
    (br $each)))
  ;; The last n mod 4 values one by one, with the same operations.
  (block $tail_done (loop $tail
    (br_if $tail_done (i32.ge_u (local.get $g) (local.get $end)))
    (local.set $gs (f64.promote_f32 (f32.load (local.get $g))))
    (local.set $ms (f64.promote_f32 (f32.demote_f64 (f64.add
      (f64.mul (local.get $b1) (f64.promote_f32 (f32.load (local.get $m))))
      (f64.mul (local.get $c1) (local.get $gs))))))
    (local.set $vs (f64.promote_f32 (f32.demote_f64 (f64.add
      (f64.mul (local.get $b2) (f64.promote_f32 (f32.load (local.get $v))))
      (f64.mul (f64.mul (local.get $c2) (local.get $gs)) (local.get $gs))))))
    (f32.store (local.get $m) (f32.demote_f64 (local.get $ms)))
    (f32.store (local.get $v) (f32.demote_f64 (local.get $vs)))
    (f32.store (local.get $w) (f32.demote_f64 (f64.sub (f64.promote_f32 (f32.load (local.get $w)))
      (f64.div (f64.mul (local.get $step) (local.get $ms))
        (f64.add (f64.sqrt (local.get $vs)) (local.get $eps))))))
    (local.set $g (i32.add (local.get $g) (i32.const 4)))
    (local.set $m (i32.add (local.get $m) (i32.const 4)))
    (local.set $v (i32.add (local.get $v) (i32.const 4)))
    (local.set $w (i32.add (local.get $w) (i32.const 4)))
    (br $tail))))
