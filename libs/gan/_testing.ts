// Independent float64 reference implementations (naive loops over NCHW arrays) for the tests.
import { tf } from "./_tf.ts";

/** Deterministic N(0,1) values. */
export function randn(n: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) + 0.5) / 4294967296;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next());
  return out;
}

/** A 4-D NCHW array. */
export interface Nchw {
  shape: [number, number, number, number];
  data: Float64Array;
}

export function nchwToTensor(a: Nchw): tf.Tensor4D {
  return tf.tidy(() => tf.transpose(tf.tensor4d(Float32Array.from(a.data), a.shape), [0, 2, 3, 1]));
}

export function tensorToNchw(t: tf.Tensor4D): Nchw {
  const [n, h, w, c] = t.shape;
  const data = Float64Array.from(tf.tidy(() => tf.transpose(t, [0, 3, 1, 2])).dataSync());
  return { shape: [n, c, h, w], data };
}

/** NVIDIA's upfirdn2d (STYLEGAN2.md 2.7): zero-insert, pad (negative crops), true convolution, keep every `down`-th. */
export function upfirdn2d(
  x: Nchw,
  f: number[][],
  opts: { up?: number; down?: number; pad: [number, number, number, number]; gain?: number },
): Nchw {
  const { up = 1, down = 1, pad, gain = 1 } = opts;
  const [n, c, h, w] = x.shape;
  const [px0, px1, py0, py1] = pad;
  const fh = f.length;
  const fw = f[0]!.length;
  const uh = h * up;
  const uw = w * up;
  const ph = uh + py0 + py1;
  const pw = uw + px0 + px1;
  const oh = ph - fh + 1;
  const ow = pw - fw + 1;
  const get = (b: number, ch: number, yy: number, xx: number) => {
    // yy, xx index the padded upsampled plane.
    const uy = yy - py0;
    const ux = xx - px0;
    if (uy < 0 || ux < 0 || uy >= uh || ux >= uw || uy % up !== 0 || ux % up !== 0) return 0;
    return x.data[((b * c + ch) * h + uy / up) * w + ux / up]!;
  };
  const dh = Math.ceil(oh / down);
  const dw = Math.ceil(ow / down);
  const out = new Float64Array(n * c * dh * dw);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let oy = 0; oy < dh; oy++)
        for (let ox = 0; ox < dw; ox++) {
          let acc = 0;
          for (let ky = 0; ky < fh; ky++)
            for (let kx = 0; kx < fw; kx++) {
              // True convolution: the filter is flipped.
              acc += get(b, ch, oy * down + ky, ox * down + kx) * f[fh - 1 - ky]![fw - 1 - kx]!;
            }
          out[((b * c + ch) * dh + oy) * dw + ox] = acc * gain;
        }
  return { shape: [n, c, dh, dw], data: out };
}

/** The normalised 4x4 [1,3,3,1] filter. */
export const FILTER: number[][] = [1, 3, 3, 1].map((a) => [1, 3, 3, 1].map((b) => (a * b) / 64));

/** Correlation conv (PyTorch conv2d), weight [O,I,k,k], square padding, stride. */
export function conv2dRef(
  x: Nchw,
  weight: { shape: number[]; data: Float64Array },
  pad: number,
  stride = 1,
): Nchw {
  const [n, cin, h, w] = x.shape;
  const [cout, , k] = weight.shape as [number, number, number, number];
  const oh = Math.floor((h + 2 * pad - k) / stride) + 1;
  const ow = Math.floor((w + 2 * pad - k) / stride) + 1;
  const out = new Float64Array(n * cout * oh * ow);
  for (let b = 0; b < n; b++)
    for (let o = 0; o < cout; o++)
      for (let oy = 0; oy < oh; oy++)
        for (let ox = 0; ox < ow; ox++) {
          let acc = 0;
          for (let i = 0; i < cin; i++)
            for (let ky = 0; ky < k; ky++)
              for (let kx = 0; kx < k; kx++) {
                const yy = oy * stride + ky - pad;
                const xx = ox * stride + kx - pad;
                if (yy < 0 || xx < 0 || yy >= h || xx >= w) continue;
                acc +=
                  x.data[((b * cin + i) * h + yy) * w + xx]! *
                  weight.data[((o * cin + i) * k + ky) * k + kx]!;
              }
          out[((b * cout + o) * oh + oy) * ow + ox] = acc;
        }
  return { shape: [n, cout, oh, ow], data: out };
}

/** PyTorch conv_transpose2d(x, W.transpose(0,1), stride 2, padding 0) for a layer weight W [O,I,k,k]. */
export function convTranspose2dRef(x: Nchw, weight: { shape: number[]; data: Float64Array }): Nchw {
  const [n, cin, h, w] = x.shape;
  const [cout, , k] = weight.shape as [number, number, number, number];
  const oh = (h - 1) * 2 + k;
  const ow = (w - 1) * 2 + k;
  const out = new Float64Array(n * cout * oh * ow);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < cin; i++)
      for (let a = 0; a < h; a++)
        for (let c = 0; c < w; c++) {
          const v = x.data[((b * cin + i) * h + a) * w + c]!;
          for (let o = 0; o < cout; o++)
            for (let ky = 0; ky < k; ky++)
              for (let kx = 0; kx < k; kx++) {
                out[((b * cout + o) * oh + 2 * a + ky) * ow + 2 * c + kx]! +=
                  v * weight.data[((o * cin + i) * k + ky) * k + kx]!;
              }
        }
  return { shape: [n, cout, oh, ow], data: out };
}

/**
 * NVIDIA's fused modulated conv (STYLEGAN2.md 2.5): per-sample weights w·s, demodulated, grouped conv; `up` uses
 * the transposed conv + FIR(pad 1, gain 4) recipe.
 */
export function fusedModConvRef(
  x: Nchw,
  weight: { shape: number[]; data: Float64Array },
  styles: Float64Array,
  opts: { demodulate: boolean; up: boolean },
): Nchw {
  const [n, cin, h, w] = x.shape;
  const [cout, , k] = weight.shape as [number, number, number, number];
  const per = cin * k * k;
  const outs: Nchw[] = [];
  for (let b = 0; b < n; b++) {
    const wd = new Float64Array(cout * per);
    for (let o = 0; o < cout; o++) {
      let ss = 0;
      for (let j = 0; j < per; j++) {
        const i = Math.floor(j / (k * k));
        const v = weight.data[o * per + j]! * styles[b * cin + i]!;
        wd[o * per + j] = v;
        ss += v * v;
      }
      const d = opts.demodulate ? 1 / Math.sqrt(ss + 1e-8) : 1;
      for (let j = 0; j < per; j++) wd[o * per + j]! *= d;
    }
    const xb: Nchw = { shape: [1, cin, h, w], data: x.data.slice(b * cin * h * w, (b + 1) * cin * h * w) };
    const wt = { shape: [cout, cin, k, k], data: wd };
    outs.push(
      opts.up
        ? upfirdn2d(convTranspose2dRef(xb, wt), FILTER, { pad: [1, 1, 1, 1], gain: 4 })
        : conv2dRef(xb, wt, (k - 1) / 2),
    );
  }
  const [, , oh, ow] = outs[0]!.shape;
  const data = new Float64Array(n * cout * oh * ow);
  for (const [b, o] of outs.entries()) data.set(o.data, b * cout * oh * ow);
  return { shape: [n, cout, oh, ow], data };
}

/** Largest |a − b| relative to the largest |b|. */
export function relMaxError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`Length mismatch "${a.length}" vs "${b.length}"`);
  let err = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return err / Math.max(scale, 1e-12);
}

/**
 * Checks `analytic[i]` against central differences of `f` in one variable's elements. R1 and path-length terms are
 * only piecewise smooth (lrelu kinks), so an index where two step sizes disagree is taken to straddle a kink and is
 * skipped; returns how many indices were compared. The variable is restored afterwards.
 */
export function checkGradient(
  v: tf.Variable,
  analytic: ArrayLike<number>,
  f: () => number,
  opts: { indices: number[]; eps: number; rtol: number; atol: number },
): number {
  const base = Float32Array.from(v.dataSync());
  const at = (i: number, delta: number) => {
    const d = Float32Array.from(base);
    d[i] = base[i]! + delta;
    tf.tidy(() => v.assign(tf.tensor(d, v.shape)));
    return f();
  };
  let compared = 0;
  try {
    for (const i of opts.indices) {
      const fd1 = (at(i, opts.eps) - at(i, -opts.eps)) / (2 * opts.eps);
      const fd2 = (at(i, opts.eps / 2) - at(i, -opts.eps / 2)) / opts.eps;
      const tol = (x: number) => opts.rtol * Math.abs(x) + opts.atol;
      if (Math.abs(fd1 - fd2) > tol(fd2)) continue;
      compared++;
      if (Math.abs(analytic[i]! - fd2) > tol(fd2)) {
        throw new Error(
          `Gradient of "${v.name}"[${i}] is ${analytic[i]} but central differences give ${fd2}`,
        );
      }
    }
  } finally {
    tf.tidy(() => v.assign(tf.tensor(base, v.shape)));
  }
  return compared;
}
