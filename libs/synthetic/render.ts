import type { RgbImage } from "@dermanomaly/imaging";
import { cellEdge, fbm, smoothstep } from "./_noise.ts";
import { Random } from "./_random.ts";

/** Lesion classes the generator draws: naevus (normal) and melanoma (anomaly). */
export const LesionKind = {
  /** Benign naevus: round, symmetric, even brown, regular pigment network. */
  NEV: "NEV",
  /** Melanoma: asymmetric, irregular border, several colours (black, blue-grey veil, red, white regression). */
  MEL: "MEL",
} as const;

/** One of the {@linkcode LesionKind} values. */
export type LesionKind = (typeof LesionKind)[keyof typeof LesionKind];

/** Options for {@linkcode renderLesion}. */
export interface RenderLesionOptions {
  /** Which class to draw. */
  readonly kind: LesionKind;
  /**
   * Image width in pixels.
   * @default 600
   */
  readonly width?: number;
  /**
   * Image height in pixels.
   * @default 450
   */
  readonly height?: number;
  /**
   * Seed (any 32-bit integer); the same seed and options give the same pixels.
   * @default 0
   */
  readonly seed?: number;
}

type Rgb = [number, number, number];

const OUTLINE_STEPS = 4096;

const SKIN_TONES: readonly Rgb[] = [
  [0.94, 0.78, 0.7],
  [0.9, 0.72, 0.64],
  [0.86, 0.66, 0.55],
  [0.78, 0.57, 0.45],
  [0.92, 0.74, 0.72],
];

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Boundary radius factor r(theta) = 1 + sum a_k cos(k theta + phi_k). */
interface Harmonic {
  k: number;
  amp: number;
  phase: number;
}

/**
 * Draws one dermoscopy-like image: skin with texture and a dermatoscope's dark circular corners, hairs, and a
 * naevus or a melanoma in the middle. Plain typed-array pixel code, deterministic for a seed.
 */
export function renderLesion(options: RenderLesionOptions): RgbImage {
  const { kind } = options;
  const width = options.width ?? 600;
  const height = options.height ?? 450;
  const seed = options.seed ?? 0;
  if (kind !== LesionKind.NEV && kind !== LesionKind.MEL)
    throw new RangeError(`Unknown lesion kind '${String(kind)}'`);
  if (!Number.isInteger(width) || width < 16 || !Number.isInteger(height) || height < 16) {
    throw new RangeError(`Image size must be integers of at least 16, got '${width}x${height}'`);
  }
  const rng = new Random(seed);
  const mel = kind === LesionKind.MEL;
  const n = width * height;
  const s = Math.min(width, height);
  const px = new Float32Array(n * 3);

  // Skin: a tone, broad uneven redness, fine texture and grain.
  const tone = SKIN_TONES[rng.int(0, SKIN_TONES.length - 1)] as Rgb;
  const skin: Rgb = [
    tone[0] + rng.uniform(-0.03, 0.03),
    tone[1] + rng.uniform(-0.03, 0.03),
    tone[2] + rng.uniform(-0.03, 0.03),
  ];
  const broad = fbm(rng, width, height, s / 2.5, 3);
  const redness = fbm(rng, width, height, s / 4, 2);
  const texture = fbm(rng, width, height, Math.max(s / 70, 2), 2);

  // Lesion geometry.
  const cx = width / 2 + rng.normal() * s * 0.04;
  const cy = height / 2 + rng.normal() * s * 0.04;
  const radius = s * rng.uniform(mel ? 0.2 : 0.15, mel ? 0.32 : 0.26);
  const aspect = 1 + rng.uniform(0, mel ? 0.35 : 0.15);
  const rot = rng.uniform(0, Math.PI);
  // A melanoma is "subtle" about a quarter of the time: milder asymmetry and colours.
  const strength = mel ? (rng.next() < 0.25 ? rng.uniform(0.35, 0.55) : rng.uniform(0.75, 1)) : 0;
  const harmonics: Harmonic[] = [];
  if (mel) {
    for (let k = 1; k <= 6; k++) {
      harmonics.push({ k, amp: rng.uniform(0.03, 0.13) * strength, phase: rng.uniform(0, 2 * Math.PI) });
    }
    for (let k = 7; k <= 16; k++) {
      harmonics.push({ k, amp: rng.uniform(0.005, 0.025) * strength, phase: rng.uniform(0, 2 * Math.PI) });
    }
  } else {
    // Even harmonics only: the outline stays point-symmetric.
    for (const k of [2, 4])
      harmonics.push({ k, amp: rng.uniform(0, 0.03), phase: rng.uniform(0, 2 * Math.PI) });
  }
  const softness = mel ? rng.uniform(0.03, 0.08) : rng.uniform(0.07, 0.14);
  // Outline factor tabulated over the angle: cheaper than summing harmonics per pixel.
  const outline = new Float32Array(OUTLINE_STEPS + 1);
  let maxOutline = 0;
  for (let j = 0; j <= OUTLINE_STEPS; j++) {
    const theta = (j / OUTLINE_STEPS) * 2 * Math.PI - Math.PI;
    let f = 1;
    for (const h of harmonics) f += h.amp * Math.cos(h.k * theta + h.phase);
    outline[j] = f;
    maxOutline = Math.max(maxOutline, f);
  }

  // Only the lesion's bounding box needs the lesion fields.
  const extent = radius * maxOutline * aspect * (1 + softness + 0.2);
  const bx0 = Math.max(Math.floor(cx - extent), 0);
  const by0 = Math.max(Math.floor(cy - extent), 0);
  const bw = Math.min(Math.ceil(cx + extent), width) - bx0;
  const bh = Math.min(Math.ceil(cy + extent), height) - by0;
  const field = (cell: number, octaves: number) => fbm(rng, bw, bh, cell, octaves);
  const edgeNoise = field(s / 14, 2);

  // Lesion colour fields.
  const brownLight: Rgb = mix([0.6, 0.4, 0.28], [0.5, 0.32, 0.2], rng.next());
  const brownDark: Rgb = mix([0.38, 0.22, 0.13], [0.28, 0.16, 0.1], rng.next());
  const shade = field(s / 8, 3);
  const fields = mel
    ? {
        black: field(s / 7, 3),
        veil: field(s / 6, 2),
        red: field(s / 9, 2),
        white: field(s / 8, 3),
        pepper: field(3, 1),
      }
    : undefined;
  // Melanoma colours gather toward one side, which breaks the colour symmetry too.
  const biasAngle = rng.uniform(0, 2 * Math.PI);
  const bias = [Math.cos(biasAngle), Math.sin(biasAngle)] as const;
  const thresholds = {
    black: rng.uniform(0.1, 0.3),
    veil: rng.uniform(0.05, 0.3),
    red: rng.uniform(0.15, 0.4),
    white: rng.uniform(0.3, 0.5),
  };

  // Pigment network: a honeycomb of cell borders; regular for a naevus, coarse, uneven and broken for a melanoma.
  const pitch = s * rng.uniform(0.022, 0.032) * (mel ? rng.uniform(1.1, 1.6) : 1);
  const netSeed = rng.nextUint32();
  const jitter = mel ? rng.uniform(0.8, 1) : rng.uniform(0.3, 0.5);
  const lineWidth = pitch * (mel ? rng.uniform(0.18, 0.28) : rng.uniform(0.15, 0.2));
  const warpX = field(s / 10, 2);
  const warpY = field(s / 10, 2);
  const netBreak = mel ? field(s / 12, 2) : undefined;
  const lineVar = mel ? field(s / 16, 1) : undefined;
  const netStrength = mel ? rng.uniform(0.3, 0.5) : rng.uniform(0.2, 0.32);
  const warpAmp = pitch * (mel ? 1.0 : 0.3);

  for (let i = 0; i < n; i++) {
    const b = (broad[i] as number) * 0.05;
    const red = Math.max(redness[i] as number, 0) * 0.06;
    const t = (texture[i] as number) * 0.035;
    px[i * 3] = skin[0] + b + t + red * 0.3;
    px[i * 3 + 1] = skin[1] + b + t - red;
    px[i * 3 + 2] = skin[2] + b + t - red * 0.6;
  }

  const cosR = Math.cos(rot);
  const sinR = Math.sin(rot);
  for (let y = by0; y < by0 + bh; y++) {
    for (let x = bx0; x < bx0 + bw; x++) {
      const i = y * width + x;
      const j = (y - by0) * bw + (x - bx0);
      const dx = x - cx;
      const dy = y - cy;
      const u = (dx * cosR + dy * sinR) / aspect;
      const v = -dx * sinR + dy * cosR;
      const theta = Math.atan2(v, u);
      const f = outline[Math.round(((theta + Math.PI) / (2 * Math.PI)) * OUTLINE_STEPS)] as number;
      const rho = Math.sqrt(u * u + v * v) / (radius * f);
      const rhoN = rho + (edgeNoise[j] as number) * (mel ? 0.12 * strength : 0.02);
      const mask = 1 - smoothstep(1 - softness, 1 + softness, rhoN);
      if (mask <= 0.002) continue;
      let col: Rgb;
      const sh = shade[j] as number;
      if (fields === undefined) {
        // Naevus: even brown, a little darker in the centre.
        col = mix(brownLight, brownDark, 0.35 + 0.25 * (1 - Math.min(rho, 1)) + sh * 0.12);
      } else {
        const side = ((dx * bias[0] + dy * bias[1]) / radius) * 0.5;
        col = mix(brownLight, brownDark, 0.5 + sh * 0.6 * strength + side * 0.3 * strength);
        const fb = (fields.black[j] as number) + side * 0.5;
        col = mix(
          col,
          [0.08, 0.05, 0.05],
          smoothstep(thresholds.black, thresholds.black + 0.3, fb) * strength,
        );
        const fv = (fields.veil[j] as number) - side * 0.3;
        col = mix(
          col,
          [0.42, 0.47, 0.58],
          smoothstep(thresholds.veil, thresholds.veil + 0.3, fv) * 0.7 * strength,
        );
        const fr = (fields.red[j] as number) - side * 0.4;
        col = mix(
          col,
          [0.78, 0.36, 0.34],
          smoothstep(thresholds.red, thresholds.red + 0.3, fr) * 0.6 * strength,
        );
        const fw = (fields.white[j] as number) - side * 0.3;
        const white = smoothstep(thresholds.white, thresholds.white + 0.3, fw) * strength;
        col = mix(col, [0.88, 0.84, 0.82], white * 0.65);
        // Peppering (grey-blue dots) inside regression areas.
        if (white > 0.4 && (fields.pepper[j] as number) > 0.6) col = mix(col, [0.4, 0.42, 0.5], 0.5);
      }
      // Pigment network.
      const nx = x + (warpX[j] as number) * warpAmp;
      const ny = y + (warpY[j] as number) * warpAmp;
      const lw = lineVar === undefined ? lineWidth : lineWidth * (1 + 0.8 * (lineVar[j] as number));
      const lines = 1 - smoothstep(lw * 0.4, lw * 1.4, cellEdge(nx, ny, pitch, jitter, netSeed));
      let net = lines * netStrength * smoothstep(1.05, 0.45, rho);
      if (netBreak !== undefined) net *= smoothstep(-0.15, 0.2, netBreak[j] as number);
      const k = i * 3;
      px[k] = (px[k] as number) + (col[0] * (1 - net) - (px[k] as number)) * mask;
      px[k + 1] = (px[k + 1] as number) + (col[1] * (1 - net * 1.05) - (px[k + 1] as number)) * mask;
      px[k + 2] = (px[k + 2] as number) + (col[2] * (1 - net * 1.1) - (px[k + 2] as number)) * mask;
    }
  }

  drawHairs(px, width, height, rng);
  return finish(px, width, height, rng);
}

/** Dark, slightly curved hairs, each a quadratic Bezier stamped with soft discs. */
function drawHairs(px: Float32Array, width: number, height: number, rng: Random): void {
  const s = Math.min(width, height);
  const count = rng.next() < 0.25 ? 0 : rng.int(1, 8);
  for (let h = 0; h < count; h++) {
    const x0 = rng.uniform(-0.1, 1.1) * width;
    const y0 = rng.uniform(-0.1, 1.1) * height;
    const angle = rng.uniform(0, 2 * Math.PI);
    const len = s * rng.uniform(0.3, 1.1);
    const x2 = x0 + Math.cos(angle) * len;
    const y2 = y0 + Math.sin(angle) * len;
    const bend = rng.normal() * len * 0.15;
    const x1 = (x0 + x2) / 2 - Math.sin(angle) * bend;
    const y1 = (y0 + y2) / 2 + Math.cos(angle) * bend;
    const halfWidth = rng.uniform(0.6, 1.4) * (s / 450);
    const colour: Rgb = mix([0.08, 0.06, 0.05], [0.25, 0.17, 0.12], rng.next());
    const opacity = rng.uniform(0.7, 0.95);
    const steps = Math.ceil(len * 2);
    const reach = Math.ceil(halfWidth + 1);
    for (let k = 0; k <= steps; k++) {
      const t = k / steps;
      const px0 = (1 - t) * (1 - t) * x0 + 2 * (1 - t) * t * x1 + t * t * x2;
      const py0 = (1 - t) * (1 - t) * y0 + 2 * (1 - t) * t * y1 + t * t * y2;
      const xc = Math.round(px0);
      const yc = Math.round(py0);
      for (let yy = yc - reach; yy <= yc + reach; yy++) {
        if (yy < 0 || yy >= height) continue;
        for (let xx = xc - reach; xx <= xc + reach; xx++) {
          if (xx < 0 || xx >= width) continue;
          const d = Math.sqrt((xx - px0) * (xx - px0) + (yy - py0) * (yy - py0));
          const cover = (1 - smoothstep(halfWidth - 0.5, halfWidth + 0.5, d)) * opacity;
          if (cover <= 0) continue;
          const i = (yy * width + xx) * 3;
          // max() over stamps: overlapping discs of one hair do not darken twice.
          for (let c = 0; c < 3; c++) {
            const target = (px[i + c] as number) * (1 - cover) + (colour[c] as number) * cover;
            if (target < (px[i + c] as number)) px[i + c] = target;
          }
        }
      }
    }
  }
}

/** Dermatoscope vignette (dark circular corners), light falloff, grain, then 8-bit rounding. */
function finish(px: Float32Array, width: number, height: number, rng: Random): RgbImage {
  const out = new Uint8Array(width * height * 3);
  const halfDiag = Math.hypot(width, height) / 2;
  const ring = rng.uniform(0.8, 0.93);
  const edge = rng.uniform(0.015, 0.04);
  const vx = width / 2 + rng.normal() * width * 0.01;
  const vy = height / 2 + rng.normal() * height * 0.01;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = Math.sqrt((x - vx) * (x - vx) + (y - vy) * (y - vy)) / halfDiag;
      const light = (1 - 0.18 * d * d) * (1 - 0.95 * smoothstep(ring - edge, ring + edge, d));
      const i = (y * width + x) * 3;
      const grain = (rng.next() - 0.5) * 0.02;
      for (let c = 0; c < 3; c++) {
        const v = ((px[i + c] as number) * light + grain) * 255;
        out[i + c] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
      }
    }
  }
  return { data: out, width, height };
}
