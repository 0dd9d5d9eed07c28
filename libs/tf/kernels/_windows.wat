;; col2im for the input gradient of a convolution (see native_conv.ts): adds rows p0..p0+rows of a windows matrix
;; (row p = (b, oy, ox): the gradient of its receptive field in (ky, kx, c) order) into dx [n, h, w, cin], where
;; they overlap, skipping what lies outside dx (the padding). SIMD over the contiguous run of each window row.
(func (export "col2im_add")
  (param $cols i32) (param $dx i32) (param $p0 i32) (param $rows i32)
  (param $h i32) (param $w i32) (param $cin i32) (param $kh i32) (param $kw i32)
  (param $oh i32) (param $ow i32) (param $s i32) (param $top i32) (param $left i32)
  (local $r i32) (local $p i32) (local $ox i32) (local $oy i32) (local $b i32) (local $ix0 i32)
  (local $lo i32) (local $hi i32) (local $ky i32) (local $iy i32) (local $src i32) (local $dst i32)
  (local $end i32) (local $vend i32) (local $row i32) (local $k i32)
  (local.set $row (i32.mul (local.get $kw) (local.get $cin)))
  (local.set $k (i32.mul (local.get $kh) (local.get $row)))
  (block $done_r (loop $each_r
    (br_if $done_r (i32.ge_u (local.get $r) (local.get $rows)))
    (local.set $p (i32.add (local.get $p0) (local.get $r)))
    (local.set $ox (i32.rem_u (local.get $p) (local.get $ow)))
    (local.set $oy (i32.rem_u (i32.div_u (local.get $p) (local.get $ow)) (local.get $oh)))
    (local.set $b (i32.div_u (local.get $p) (i32.mul (local.get $ow) (local.get $oh))))
    (local.set $ix0 (i32.sub (i32.mul (local.get $ox) (local.get $s)) (local.get $left)))
    ;; Columns kx in [lo, hi) lie inside the row.
    (local.set $lo (select (i32.const 0) (i32.sub (i32.const 0) (local.get $ix0)) (i32.ge_s (local.get $ix0) (i32.const 0))))
    (local.set $hi (select (local.get $kw) (i32.sub (local.get $w) (local.get $ix0))
      (i32.le_s (local.get $kw) (i32.sub (local.get $w) (local.get $ix0)))))
    (local.set $ky (i32.const 0))
    (block $done_ky (loop $each_ky
      (br_if $done_ky (i32.ge_s (local.get $ky) (local.get $kh)))
      (local.set $iy (i32.add (i32.sub (i32.mul (local.get $oy) (local.get $s)) (local.get $top)) (local.get $ky)))
      (if (i32.and (i32.and (i32.ge_s (local.get $iy) (i32.const 0)) (i32.lt_s (local.get $iy) (local.get $h)))
            (i32.lt_s (local.get $lo) (local.get $hi)))
        (then
          ;; Byte addresses of the run: cols[r·k + ky·kw·cin + lo·cin ...], dx[b, iy, ix0 + lo, 0 ...].
          (local.set $src (i32.add (local.get $cols) (i32.shl (i32.add (i32.add
            (i32.mul (local.get $r) (local.get $k)) (i32.mul (local.get $ky) (local.get $row)))
            (i32.mul (local.get $lo) (local.get $cin))) (i32.const 2))))
          (local.set $dst (i32.add (local.get $dx) (i32.shl (i32.mul (i32.add (i32.mul (i32.add
            (i32.mul (local.get $b) (local.get $h)) (local.get $iy)) (local.get $w))
            (i32.add (local.get $ix0) (local.get $lo))) (local.get $cin)) (i32.const 2))))
          (local.set $end (i32.add (local.get $dst) (i32.shl (i32.mul (i32.sub (local.get $hi) (local.get $lo))
            (local.get $cin)) (i32.const 2))))
          (local.set $vend (i32.sub (local.get $end) (i32.const 12)))
          (block $done_v (loop $each_v
            (br_if $done_v (i32.ge_u (local.get $dst) (local.get $vend)))
            (v128.store (local.get $dst) (f32x4.add (v128.load (local.get $dst)) (v128.load (local.get $src))))
            (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
            (local.set $src (i32.add (local.get $src) (i32.const 16)))
            (br $each_v)))
          (block $done_t (loop $each_t
            (br_if $done_t (i32.ge_u (local.get $dst) (local.get $end)))
            (f32.store (local.get $dst) (f32.add (f32.load (local.get $dst)) (f32.load (local.get $src))))
            (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
            (local.set $src (i32.add (local.get $src) (i32.const 4)))
            (br $each_t)))))
      (local.set $ky (i32.add (local.get $ky) (i32.const 1)))
      (br $each_ky)))
    (local.set $r (i32.add (local.get $r) (i32.const 1)))
    (br $each_r))))

;; im2col: rows p0..p0+rows of the windows matrix into `win` (row r at win + r·k floats): window p = (b, oy, ox)
;; holds x[b, oy·s − top + ky, ox·s − left + kx, c] in (ky, kx, c) order, zeros outside x. Each ky's in-row part is
;; one contiguous run of x, moved with memory.copy; the rest is memory.fill'd.
(func (export "im2col")
  (param $x i32) (param $win i32) (param $p0 i32) (param $rows i32)
  (param $h i32) (param $w i32) (param $cin i32) (param $kh i32) (param $kw i32)
  (param $oh i32) (param $ow i32) (param $s i32) (param $top i32) (param $left i32)
  (local $r i32) (local $p i32) (local $ox i32) (local $oy i32) (local $b i32) (local $ix0 i32)
  (local $lo i32) (local $hi i32) (local $ky i32) (local $iy i32) (local $d i32) (local $run i32)
  (local.set $run (i32.shl (i32.mul (local.get $kw) (local.get $cin)) (i32.const 2)))
  (local.set $d (local.get $win))
  (block $done_r (loop $each_r
    (br_if $done_r (i32.ge_u (local.get $r) (local.get $rows)))
    (local.set $p (i32.add (local.get $p0) (local.get $r)))
    (local.set $ox (i32.rem_u (local.get $p) (local.get $ow)))
    (local.set $oy (i32.rem_u (i32.div_u (local.get $p) (local.get $ow)) (local.get $oh)))
    (local.set $b (i32.div_u (local.get $p) (i32.mul (local.get $ow) (local.get $oh))))
    (local.set $ix0 (i32.sub (i32.mul (local.get $ox) (local.get $s)) (local.get $left)))
    (local.set $lo (select (i32.const 0) (i32.sub (i32.const 0) (local.get $ix0)) (i32.ge_s (local.get $ix0) (i32.const 0))))
    (local.set $hi (select (local.get $kw) (i32.sub (local.get $w) (local.get $ix0))
      (i32.le_s (local.get $kw) (i32.sub (local.get $w) (local.get $ix0)))))
    (local.set $ky (i32.const 0))
    (block $done_ky (loop $each_ky
      (br_if $done_ky (i32.ge_s (local.get $ky) (local.get $kh)))
      (local.set $iy (i32.add (i32.sub (i32.mul (local.get $oy) (local.get $s)) (local.get $top)) (local.get $ky)))
      (if (i32.and (i32.and (i32.ge_s (local.get $iy) (i32.const 0)) (i32.lt_s (local.get $iy) (local.get $h)))
            (i32.lt_s (local.get $lo) (local.get $hi)))
        (then
          (memory.fill (local.get $d) (i32.const 0) (i32.shl (i32.mul (local.get $lo) (local.get $cin)) (i32.const 2)))
          (memory.copy
            (i32.add (local.get $d) (i32.shl (i32.mul (local.get $lo) (local.get $cin)) (i32.const 2)))
            (i32.add (local.get $x) (i32.shl (i32.mul (i32.add (i32.mul (i32.add
              (i32.mul (local.get $b) (local.get $h)) (local.get $iy)) (local.get $w))
              (i32.add (local.get $ix0) (local.get $lo))) (local.get $cin)) (i32.const 2)))
            (i32.shl (i32.mul (i32.sub (local.get $hi) (local.get $lo)) (local.get $cin)) (i32.const 2)))
          (memory.fill (i32.add (local.get $d) (i32.shl (i32.mul (local.get $hi) (local.get $cin)) (i32.const 2)))
            (i32.const 0) (i32.shl (i32.mul (i32.sub (local.get $kw) (local.get $hi)) (local.get $cin)) (i32.const 2))))
        (else (memory.fill (local.get $d) (i32.const 0) (local.get $run))))
      (local.set $d (i32.add (local.get $d) (local.get $run)))
      (local.set $ky (i32.add (local.get $ky) (i32.const 1)))
      (br $each_ky)))
    (local.set $r (i32.add (local.get $r) (i32.const 1)))
    (br $each_r))))
