;; Adam's update in place on the wasm backend's heap (see @dermanomaly/tf's heap_module), in float32 as
;; torch.optim.Adam computes it, after nan_to_num(nan=0, posinf=1e5, neginf=-1e5) of the gradient:
;;   m = b1*m + (1-b1)*g;  v = b2*v + (1-b2)*g*g;  p = p - (m / (sqrt(v)/bc2 + eps)) * step
;; p, g, m, v: byte offsets of n float32 values, n a multiple of 4 (the caller checks).
(func (export "adam_step")
  (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
  (param $b1 f32) (param $b2 f32) (param $c1 f32) (param $c2 f32) (param $bc2 f32) (param $eps f32) (param $step f32)
  (local $end i32) (local $gi v128) (local $mi v128) (local $vi v128)
  (local $vb1 v128) (local $vb2 v128) (local $vc1 v128) (local $vc2 v128) (local $vbc2 v128) (local $veps v128)
  (local $vstep v128)
  (local.set $vb1 (f32x4.splat (local.get $b1)))
  (local.set $vb2 (f32x4.splat (local.get $b2)))
  (local.set $vc1 (f32x4.splat (local.get $c1)))
  (local.set $vc2 (f32x4.splat (local.get $c2)))
  (local.set $vbc2 (f32x4.splat (local.get $bc2)))
  (local.set $veps (f32x4.splat (local.get $eps)))
  (local.set $vstep (f32x4.splat (local.get $step)))
  (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
    (local.set $gi (v128.load (local.get $g)))
    ;; NaN -> 0 (a NaN lane fails g == g), then +-Infinity -> +-1e5 (the sign of g on 1e5's magnitude).
    (local.set $gi (v128.and (local.get $gi) (f32x4.eq (local.get $gi) (local.get $gi))))
    (local.set $gi (v128.bitselect
      (v128.or (v128.and (local.get $gi) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))
        (v128.const f32x4 1e5 1e5 1e5 1e5))
      (local.get $gi)
      (f32x4.eq (f32x4.abs (local.get $gi)) (v128.const f32x4 inf inf inf inf))))
    (local.set $mi (f32x4.add (f32x4.mul (v128.load (local.get $m)) (local.get $vb1))
      (f32x4.mul (local.get $gi) (local.get $vc1))))
    (local.set $vi (f32x4.add (f32x4.mul (v128.load (local.get $v)) (local.get $vb2))
      (f32x4.mul (f32x4.mul (local.get $gi) (local.get $gi)) (local.get $vc2))))
    (v128.store (local.get $m) (local.get $mi))
    (v128.store (local.get $v) (local.get $vi))
    (v128.store (local.get $p) (f32x4.sub (v128.load (local.get $p))
      (f32x4.mul
        (f32x4.div (local.get $mi) (f32x4.add (f32x4.div (f32x4.sqrt (local.get $vi)) (local.get $vbc2)) (local.get $veps)))
        (local.get $vstep))))
    (local.set $p (i32.add (local.get $p) (i32.const 16)))
    (local.set $g (i32.add (local.get $g) (i32.const 16)))
    (local.set $m (i32.add (local.get $m) (i32.const 16)))
    (local.set $v (i32.add (local.get $v) (i32.const 16)))
    (br $each))))
