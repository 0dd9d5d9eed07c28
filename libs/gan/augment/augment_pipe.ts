import { downsample2x, FILTER_PAD, reflectPad, upsample2x } from "./_resample.ts";
import { createRandom, type RandomSource, randomNormal } from "./_rng.ts";
import { tf } from "./_tf.ts";
import { gridSample } from "./grid_sample.ts";

/**
 * Probability multipliers and strengths of the augmentations, named after NVIDIA's `AugmentPipe` arguments.
 * A multiplier `m` applies its operation to each sample with probability `m * p`.
 */
export interface AugmentPipeOptions {
  /** Overall augmentation probability, adjusted by ADA during training. @default 0 */
  p?: number;
  /** x-flip multiplier (the flip itself is then a coin toss). @default 1 */
  xflip?: number;
  /** Multiplier for rotations by a multiple of 90 degrees. @default 1 */
  rotate90?: number;
  /** Integer translation multiplier. @default 1 */
  xint?: number;
  /** Largest integer translation, relative to the image size. @default 0.125 */
  xintMax?: number;
  /** Isotropic scaling multiplier. @default 1 */
  scale?: number;
  /** Arbitrary rotation multiplier. @default 1 */
  rotate?: number;
  /** Anisotropic scaling multiplier. @default 1 */
  aniso?: number;
  /** Fractional translation multiplier. @default 1 */
  xfrac?: number;
  /** Log2 standard deviation of isotropic scaling. @default 0.2 */
  scaleStd?: number;
  /** Range of arbitrary rotation, 1 being the full circle. @default 1 */
  rotateMax?: number;
  /** Log2 standard deviation of anisotropic scaling. @default 0.2 */
  anisoStd?: number;
  /** Standard deviation of fractional translation, relative to the image size. @default 0.125 */
  xfracStd?: number;
  /** Brightness multiplier. @default 1 */
  brightness?: number;
  /** Contrast multiplier. @default 1 */
  contrast?: number;
  /** Luma flip multiplier (the flip itself is then a coin toss). @default 1 */
  lumaflip?: number;
  /** Hue rotation multiplier (RGB images only). @default 1 */
  hue?: number;
  /** Saturation multiplier (RGB images only). @default 1 */
  saturation?: number;
  /** Standard deviation of the brightness offset. @default 0.2 */
  brightnessStd?: number;
  /** Log2 standard deviation of contrast. @default 0.5 */
  contrastStd?: number;
  /** Range of hue rotation, 1 being the full circle. @default 1 */
  hueMax?: number;
  /** Log2 standard deviation of saturation. @default 1 */
  saturationStd?: number;
}

/** Every setting of an {@link AugmentPipe}, as {@link AugmentPipe.getConfig} reports it. */
export type AugmentPipeConfig = Required<AugmentPipeOptions>;

/**
 * The 'bgc' pipeline of StyleGAN2-ADA (blit, geometric, colour), every multiplier 1 and NVIDIA's default
 * strengths, starting at p = 0.
 */
export const BGC_PRESET: Readonly<AugmentPipeConfig> = Object.freeze({
  p: 0,
  xflip: 1,
  rotate90: 1,
  xint: 1,
  xintMax: 0.125,
  scale: 1,
  rotate: 1,
  aniso: 1,
  xfrac: 1,
  scaleStd: 0.2,
  rotateMax: 1,
  anisoStd: 0.2,
  xfracStd: 0.125,
  brightness: 1,
  contrast: 1,
  lumaflip: 1,
  hue: 1,
  saturation: 1,
  brightnessStd: 0.2,
  contrastStd: 0.5,
  hueMax: 1,
  saturationStd: 1,
});

/**
 * Per-sample transforms drawn for one batch. Matrices are row-major float64.
 */
export interface AugmentParams {
  /**
   * Inverse geometric transforms, 3x3 per sample (length `N * 9`), mapping output pixels to input pixels in
   * coordinates centred on the image; `null` when no geometric operation is enabled.
   */
  geometry: Float64Array | null;
  /**
   * Colour transforms, 4x4 homogeneous per sample (length `N * 16`) acting on (r, g, b, 1); `null` when no
   * colour operation applies.
   */
  color: Float64Array | null;
}

/** Where the randomness of one batch comes from. */
export interface AugmentRandomOptions {
  /** Seed of the batch's draws; the same seed, p and shape give the same transforms. @default random */
  seed?: number;
  /** Uniform source in [0, 1), used instead of `seed`. @default undefined */
  random?: RandomSource;
}

/** Options of {@link AugmentPipe.apply}. */
export interface AugmentApplyOptions extends AugmentRandomOptions {
  /** Transforms to apply instead of drawing new ones. @default undefined */
  params?: AugmentParams;
}

const GEOMETRIC_OPS = ["xflip", "rotate90", "xint", "scale", "rotate", "aniso", "xfrac"] as const;
const KNOWN_KEYS = new Set(Object.keys(BGC_PRESET));

/**
 * Adaptive discriminator augmentation pipeline of StyleGAN2-ADA (NVlabs `training/augment.py`): every image
 * the discriminator sees, real or generated, goes through it, and gradients flow back to the images (R1 is
 * taken through it, so to second order).
 *
 * @example
 * ```ts
 * const pipe = new AugmentPipe({ p: 0.2 });
 * const augmented = pipe.apply(images, { seed: step });
 * ```
 */
export class AugmentPipe {
  #config: AugmentPipeConfig;

  constructor(options: AugmentPipeOptions = {}) {
    for (const [key, value] of Object.entries(options)) {
      if (!KNOWN_KEYS.has(key)) throw new TypeError(`Unknown augmentation option "${key}"`);
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
        throw new RangeError(
          `Augmentation option "${key}" must be a finite non-negative number, got "${value}"`,
        );
      }
    }
    this.#config = { ...BGC_PRESET, ...options };
  }

  /** Overall augmentation probability (not capped at 1, as upstream). */
  get p(): number {
    return this.#config.p;
  }

  set p(value: number) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`Augmentation probability must be a finite non-negative number, got "${value}"`);
    }
    this.#config.p = value;
  }

  /** The settings, enough to rebuild an equal pipe with `new AugmentPipe(config)`. */
  getConfig(): AugmentPipeConfig {
    return { ...this.#config };
  }

  /** Draws the per-sample transforms for a batch of the given NCHW shape, in upstream's draw order. */
  sampleParams(shape: readonly number[], options: AugmentRandomOptions = {}): AugmentParams {
    const [n, c, h, w] = checkShape(shape);
    const random = options.random ?? createRandom(options.seed ?? Math.floor(Math.random() * 2 ** 32));
    const cfg = this.#config;
    const p = cfg.p;
    const uniforms = (count: number): number[] => Array.from({ length: count }, random);
    const normals = (count: number): number[] => Array.from({ length: count }, () => randomNormal(random));
    const gates = (mult: number): boolean[] => uniforms(n).map((u) => u < mult * p);

    let geometry: Float64Array | null = null;
    if (GEOMETRIC_OPS.some((op) => cfg[op] > 0)) {
      const g = Array.from({ length: n }, () => identity(3));
      const post = (k: number, m: number[]): void => {
        g[k] = matmul(g[k]!, m, 3);
      };
      if (cfg.xflip > 0) {
        const i = uniforms(n).map((u) => Math.floor(u * 2));
        const on = gates(cfg.xflip);
        for (let k = 0; k < n; k++) post(k, scale2d(on[k] ? 1 - 2 * i[k]! : 1, 1));
      }
      if (cfg.rotate90 > 0) {
        const i = uniforms(n).map((u) => Math.floor(u * 4));
        const on = gates(cfg.rotate90);
        for (let k = 0; k < n; k++) post(k, rotate2d(on[k] ? (Math.PI / 2) * i[k]! : 0));
      }
      if (cfg.xint > 0) {
        const t = uniforms(2 * n).map((u) => (u * 2 - 1) * cfg.xintMax);
        const on = gates(cfg.xint);
        for (let k = 0; k < n; k++) {
          const tx = on[k] ? roundHalfEven(t[2 * k]! * w) : 0;
          const ty = on[k] ? roundHalfEven(t[2 * k + 1]! * h) : 0;
          post(k, translate2d(-tx, -ty));
        }
      }
      if (cfg.scale > 0) {
        const s = normals(n).map((z) => 2 ** (z * cfg.scaleStd));
        const on = gates(cfg.scale);
        for (let k = 0; k < n; k++) post(k, scale2d(on[k] ? 1 / s[k]! : 1, on[k] ? 1 / s[k]! : 1));
      }
      // Pre- and post-rotation each with p_rot, so that P(pre or post) = rotate * p.
      const pRot = 1 - Math.sqrt(Math.min(Math.max(1 - cfg.rotate * p, 0), 1));
      const rotation = (): void => {
        const theta = uniforms(n).map((u) => (u * 2 - 1) * Math.PI * cfg.rotateMax);
        const on = uniforms(n).map((u) => u < pRot);
        for (let k = 0; k < n; k++) post(k, rotate2d(on[k] ? theta[k]! : 0));
      };
      if (cfg.rotate > 0) rotation();
      if (cfg.aniso > 0) {
        const s = normals(n).map((z) => 2 ** (z * cfg.anisoStd));
        const on = gates(cfg.aniso);
        for (let k = 0; k < n; k++) post(k, scale2d(on[k] ? 1 / s[k]! : 1, on[k] ? s[k]! : 1));
      }
      if (cfg.rotate > 0) rotation();
      if (cfg.xfrac > 0) {
        const t = normals(2 * n).map((z) => z * cfg.xfracStd);
        const on = gates(cfg.xfrac);
        for (let k = 0; k < n; k++) {
          post(k, translate2d(on[k] ? -t[2 * k]! * w : 0, on[k] ? -t[2 * k + 1]! * h : 0));
        }
      }
      geometry = Float64Array.from(g.flat());
    }

    const hueOn = cfg.hue > 0 && c > 1;
    const saturationOn = cfg.saturation > 0 && c > 1;
    let color: Float64Array | null = null;
    if (cfg.brightness > 0 || cfg.contrast > 0 || cfg.lumaflip > 0 || hueOn || saturationOn) {
      const m = Array.from({ length: n }, () => identity(4));
      const pre = (k: number, a: number[]): void => {
        m[k] = matmul(a, m[k]!, 4);
      };
      if (cfg.brightness > 0) {
        const b = normals(n).map((z) => z * cfg.brightnessStd);
        const on = gates(cfg.brightness);
        for (let k = 0; k < n; k++) pre(k, translate3d(on[k] ? b[k]! : 0));
      }
      if (cfg.contrast > 0) {
        const s = normals(n).map((z) => 2 ** (z * cfg.contrastStd));
        const on = gates(cfg.contrast);
        for (let k = 0; k < n; k++) pre(k, scale3d(on[k] ? s[k]! : 1));
      }
      if (cfg.lumaflip > 0) {
        const i = uniforms(n).map((u) => Math.floor(u * 2));
        const on = gates(cfg.lumaflip);
        for (let k = 0; k < n; k++) pre(k, lumaFlip(on[k] ? i[k]! : 0));
      }
      if (hueOn) {
        const theta = uniforms(n).map((u) => (u * 2 - 1) * Math.PI * cfg.hueMax);
        const on = gates(cfg.hue);
        for (let k = 0; k < n; k++) pre(k, lumaRotation(on[k] ? theta[k]! : 0));
      }
      if (saturationOn) {
        const s = normals(n).map((z) => 2 ** (z * cfg.saturationStd));
        const on = gates(cfg.saturation);
        for (let k = 0; k < n; k++) pre(k, saturation(on[k] ? s[k]! : 1));
      }
      color = Float64Array.from(m.flat());
    }
    return { geometry, color };
  }

  /**
   * Augments a batch of NCHW float images in [-1, 1]. Differentiable w.r.t. the images to second order.
   * At p = 0 the result differs from the input only by the resampling round trip (about 1e-6).
   */
  apply(images: tf.Tensor4D, options: AugmentApplyOptions = {}): tf.Tensor4D {
    const shape = checkShape(images.shape);
    if (images.dtype !== "float32") throw new TypeError(`Images must be float32, got "${images.dtype}"`);
    const params = options.params ?? this.sampleParams(shape, options);
    return tf.tidy(() => {
      let x = images;
      if (params.geometry !== null) x = applyGeometry(x, params.geometry);
      if (params.color !== null) x = applyColor(x, params.color);
      return x;
    });
  }
}

/**
 * Resamples NCHW images through per-sample inverse matrices (row-major 3x3, output pixel to input pixel,
 * centred coordinates), the way upstream does it: reflect padding by a batch-wide margin, 2x sym6
 * upsampling, bilinear sampling on a grid of 2(H + 6) x 2(W + 6) less its outer ring, sym6 downsampling.
 */
export function applyGeometry(images: tf.Tensor4D, matrices: Float64Array): tf.Tensor4D {
  const [n, , h, w] = checkShape(images.shape);
  if (matrices.length !== n * 9) {
    throw new RangeError(`Expected "${n * 9}" geometry values for "${n}" samples, got "${matrices.length}"`);
  }
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const corners = [
    [-cx, -cy],
    [cx, -cy],
    [cx, cy],
    [-cx, cy],
  ] as const;
  const margin = [-Infinity, -Infinity, -Infinity, -Infinity];
  for (let k = 0; k < n; k++) {
    const g = matrices.subarray(9 * k, 9 * k + 9);
    for (const [x, y] of corners) {
      const u = g[0]! * x + g[1]! * y + g[2]!;
      const v = g[3]! * x + g[4]! * y + g[5]!;
      margin[0] = Math.max(margin[0]!, -u);
      margin[1] = Math.max(margin[1]!, -v);
      margin[2] = Math.max(margin[2]!, u);
      margin[3] = Math.max(margin[3]!, v);
    }
  }
  const limits = [w - 1, h - 1, w - 1, h - 1];
  const centre = [cx, cy, cx, cy];
  const [mx0, my0, mx1, my1] = margin.map((m, i) =>
    Math.ceil(Math.min(Math.max(m + 2 * FILTER_PAD - centre[i]!, 0), limits[i]!)),
  ) as [number, number, number, number];

  const hp = h + my0 + my1;
  const wp = w + mx0 + mx1;
  const hi = 2 * hp;
  const wi = 2 * wp;
  const ho = 2 * (h + 2 * FILTER_PAD);
  const wo = 2 * (w + 2 * FILTER_PAD);
  // Output-normalised to input-normalised coordinates, composed as upstream composes it.
  const before = matmul(
    matmul(scale2d(2 / wi, 2 / hi), translate2d(-0.5, -0.5), 3),
    matmul(scale2d(2, 2), translate2d((mx0 - mx1) / 2, (my0 - my1) / 2), 3),
    3,
  );
  const after = matmul(matmul(scale2d(0.5, 0.5), translate2d(0.5, 0.5), 3), scale2d(wo / 2, ho / 2), 3);
  // Upstream samples the full 2(H + 6) x 2(W + 6) grid and then crops one pixel per side in downsample2d;
  // sampling only the inner grid gives the same numbers without the crop.
  const hs = ho - 2;
  const ws = wo - 2;
  const grid = new Float64Array(n * hs * ws * 2);
  for (let k = 0; k < n; k++) {
    const g = matmul(matmul(before, Array.from(matrices.subarray(9 * k, 9 * k + 9)), 3), after, 3);
    let q = 2 * k * hs * ws;
    for (let i = 1; i < ho - 1; i++) {
      const yo = (2 * i + 1) / ho - 1;
      for (let j = 1; j < wo - 1; j++) {
        const xo = (2 * j + 1) / wo - 1;
        grid[q++] = g[0]! * xo + g[1]! * yo + g[2]!;
        grid[q++] = g[3]! * xo + g[4]! * yo + g[5]!;
      }
    }
  }
  return tf.tidy(() => {
    const padded = reflectPad(images, [mx0, mx1, my0, my1]);
    const sampled = gridSample(upsample2x(padded), { data: grid, height: hs, width: ws });
    return downsample2x(sampled);
  });
}

/**
 * Applies per-sample 4x4 homogeneous colour matrices (row-major, length `N * 16`) to NCHW images: RGB as
 * `C[:3,:3] rgb + C[:3,3]`; grayscale with the mean of the first three rows, as upstream.
 */
export function applyColor(images: tf.Tensor4D, matrices: Float64Array): tf.Tensor4D {
  const [n, c, h, w] = checkShape(images.shape);
  if (matrices.length !== n * 16) {
    throw new RangeError(`Expected "${n * 16}" colour values for "${n}" samples, got "${matrices.length}"`);
  }
  if (c === 3) {
    const linear = new Float32Array(n * 9);
    const offset = new Float32Array(n * 3);
    for (let k = 0; k < n; k++) {
      for (let r = 0; r < 3; r++) {
        for (let col = 0; col < 3; col++) linear[9 * k + 3 * r + col] = matrices[16 * k + 4 * r + col]!;
        offset[3 * k + r] = matrices[16 * k + 4 * r + 3]!;
      }
    }
    return tf.tidy(() => {
      const flat = tf.reshape(images, [n, 3, h * w]);
      const out = tf.add(tf.matMul(tf.tensor3d(linear, [n, 3, 3]), flat), tf.tensor3d(offset, [n, 3, 1]));
      return tf.reshape(out, [n, 3, h, w]);
    });
  }
  if (c === 1) {
    const gain = new Float32Array(n);
    const offset = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      let g = 0;
      let o = 0;
      for (let r = 0; r < 3; r++) {
        for (let col = 0; col < 3; col++) g += matrices[16 * k + 4 * r + col]!;
        o += matrices[16 * k + 4 * r + 3]!;
      }
      gain[k] = g / 3;
      offset[k] = o / 3;
    }
    return tf.tidy(() =>
      tf.add(tf.mul(images, tf.tensor4d(gain, [n, 1, 1, 1])), tf.tensor4d(offset, [n, 1, 1, 1])),
    );
  }
  throw new RangeError(`Colour augmentation needs 1 or 3 channels, got "${c}"`);
}

function checkShape(shape: readonly number[]): [number, number, number, number] {
  if (shape.length !== 4 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new RangeError(`Expected an NCHW shape, got "[${shape.join(", ")}]"`);
  }
  return shape as unknown as [number, number, number, number];
}

/** PyTorch's `torch.round`: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function identity(size: number): number[] {
  return Array.from({ length: size * size }, (_, i) => (i % (size + 1) === 0 ? 1 : 0));
}

function matmul(a: readonly number[], b: readonly number[], size: number): number[] {
  const out = new Array<number>(size * size).fill(0);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      let s = 0;
      for (let k = 0; k < size; k++) s += a[r * size + k]! * b[k * size + c]!;
      out[r * size + c] = s;
    }
  }
  return out;
}

function translate2d(tx: number, ty: number): number[] {
  return [1, 0, tx, 0, 1, ty, 0, 0, 1];
}

function scale2d(sx: number, sy: number): number[] {
  return [sx, 0, 0, 0, sy, 0, 0, 0, 1];
}

function rotate2d(theta: number): number[] {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  return [c, -s, 0, s, c, 0, 0, 0, 1];
}

function translate3d(t: number): number[] {
  return [1, 0, 0, t, 0, 1, 0, t, 0, 0, 1, t, 0, 0, 0, 1];
}

function scale3d(s: number): number[] {
  return [s, 0, 0, 0, 0, s, 0, 0, 0, 0, s, 0, 0, 0, 0, 1];
}

/** Outer product of the luma axis v = (1, 1, 1, 0) / sqrt(3) with itself. */
const LUMA_OUTER = [1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0].map((x) => x / 3);

function lumaFlip(i: number): number[] {
  return identity(4).map((e, k) => e - 2 * LUMA_OUTER[k]! * i);
}

function saturation(s: number): number[] {
  return identity(4).map((e, k) => LUMA_OUTER[k]! + (e - LUMA_OUTER[k]!) * s);
}

/** Rodrigues rotation by theta about the luma axis. */
function lumaRotation(theta: number): number[] {
  const v = 1 / Math.sqrt(3);
  const s = Math.sin(theta);
  const c = Math.cos(theta);
  const cc = 1 - c;
  const a = v * v * cc;
  return [
    a + c,
    a - v * s,
    a + v * s,
    0,
    a + v * s,
    a + c,
    a - v * s,
    0,
    a - v * s,
    a + v * s,
    a + c,
    0,
    0,
    0,
    0,
    1,
  ];
}
