// Style a's photograph around the lesion: skin from a palette of tones with value-noise texture and furrows, hairs
// as stamped Bezier curves, and a dermatoscope's round aperture with falloff and grain.
import { mix, type Rgb, ramp } from "./_colour.ts";
import { fbm, smoothstep } from "./_noise.ts";
import type { Random } from "./_random.ts";

/** Skin tones from very fair (pinkish) to brown, denser toward fair as in dermoscopy collections. */
const SKIN_TONES: readonly Rgb[] = [
  [0.95, 0.8, 0.77],
  [0.93, 0.76, 0.67],
  [0.88, 0.68, 0.57],
  [0.8, 0.6, 0.46],
  [0.64, 0.45, 0.33],
];

/**
 * Paints skin over the whole buffer: a tone, broad shading, patchy redness, fine texture and two crossing families
 * of faint furrows.
 */
export function paintSkinA(px: Float32Array, width: number, height: number, rng: Random): void {
  const s = Math.min(width, height);
  const tone = ramp(SKIN_TONES, rng.next() ** 1.6);
  const skin: Rgb = [
    tone[0] + rng.uniform(-0.025, 0.025),
    tone[1] + rng.uniform(-0.025, 0.025),
    tone[2] + rng.uniform(-0.025, 0.025),
  ];
  const broad = fbm(rng, width, height, s / 2.5, 3);
  const redness = fbm(rng, width, height, s / 4, 2);
  const texture = fbm(rng, width, height, Math.max(s / 70, 2), 2);
  const rednessAmount = rng.uniform(0.02, 0.1);
  const furrowPitch = s * rng.uniform(0.035, 0.07);
  const furrowAngle = rng.uniform(0, Math.PI);
  const furrowAngle2 = furrowAngle + rng.uniform(0.9, 1.4);
  const furrowDepth = rng.uniform(0.008, 0.025);
  const c1 = Math.cos(furrowAngle) / furrowPitch;
  const s1 = Math.sin(furrowAngle) / furrowPitch;
  const c2 = Math.cos(furrowAngle2) / (furrowPitch * 1.3);
  const s2 = Math.sin(furrowAngle2) / (furrowPitch * 1.3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const b = (broad[i] as number) * 0.045;
      const red = Math.max(redness[i] as number, 0) * rednessAmount;
      const t = (texture[i] as number) * 0.03;
      // Furrows: thin lines where a warped phase crosses an integer.
      const warp = (broad[i] as number) * 1.5;
      const t1 = x * c1 + y * s1 + warp;
      const t2 = x * c2 + y * s2 - warp;
      const f1 = Math.abs(t1 - Math.round(t1));
      const f2 = Math.abs(t2 - Math.round(t2));
      const furrow = (smoothstep(0.04, 0, f1) + smoothstep(0.032, 0, f2) * 0.7) * furrowDepth;
      const k = i * 3;
      px[k] = skin[0] + b + t + red * 0.3 - furrow;
      px[k + 1] = skin[1] + b + t - red - furrow;
      px[k + 2] = skin[2] + b + t - red * 0.6 - furrow * 0.8;
    }
  }
}

/** Dark, slightly curved hairs, each a quadratic Bezier stamped with soft discs. */
export function drawHairsA(px: Float32Array, width: number, height: number, rng: Random): void {
  const s = Math.min(width, height);
  const count = Math.round(rng.logUniform(1, 16));
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
    const trueHalf = rng.uniform(0.6, 1.6) * (s / 450);
    const colour = mix([0.08, 0.06, 0.05], [0.3, 0.2, 0.14], rng.next());
    // Under a pixel wide, a hair is drawn a pixel wide and fainter: thinner lines alias into beads.
    const halfWidth = Math.max(trueHalf, 0.8);
    const opacity = rng.uniform(0.65, 0.95) * Math.min(trueHalf / 0.8, 1);
    const steps = Math.ceil(len * 2);
    const reach = Math.ceil(halfWidth + 1);
    for (let k = 0; k <= steps; k++) {
      const t = k / steps;
      const hx = (1 - t) * (1 - t) * x0 + 2 * (1 - t) * t * x1 + t * t * x2;
      const hy = (1 - t) * (1 - t) * y0 + 2 * (1 - t) * t * y1 + t * t * y2;
      const xc = Math.round(hx);
      const yc = Math.round(hy);
      for (let yy = yc - reach; yy <= yc + reach; yy++) {
        if (yy < 0 || yy >= height) continue;
        for (let xx = xc - reach; xx <= xc + reach; xx++) {
          if (xx < 0 || xx >= width) continue;
          const d = Math.sqrt((xx - hx) * (xx - hx) + (yy - hy) * (yy - hy));
          const cover = (1 - smoothstep(halfWidth - 0.5, halfWidth + 0.5, d)) * opacity;
          if (cover <= 0) continue;
          const i = (yy * width + xx) * 3;
          // min() over stamps: overlapping discs of one hair do not darken twice.
          for (let c = 0; c < 3; c++) {
            const target = (px[i + c] as number) * (1 - cover) + (colour[c] as number) * cover;
            if (target < (px[i + c] as number)) px[i + c] = target;
          }
        }
      }
    }
  }
}

/**
 * The photograph: exposure, white balance and a light gradient, the dermatoscope's dark round aperture (when
 * `vignette`) or a mild falloff, grain, then 8-bit rounding.
 */
export function finishA(
  px: Float32Array,
  width: number,
  height: number,
  rng: Random,
  vignette: boolean,
): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  const halfDiag = Math.hypot(width, height) / 2;
  const ring = rng.uniform(0.78, 0.95);
  const edge = rng.uniform(0.012, 0.04);
  const vx = width / 2 + rng.normal() * width * 0.015;
  const vy = height / 2 + rng.normal() * height * 0.015;
  const falloff = rng.uniform(0.08, 0.25);
  const exposure = rng.uniform(0.88, 1.06);
  const warm = rng.uniform(-0.04, 0.05);
  const gain: Rgb = [exposure * (1 + warm), exposure, exposure * (1 - warm)];
  const gradAngle = rng.uniform(0, 2 * Math.PI);
  const gradAmount = rng.uniform(0, 0.12) / halfDiag;
  const gx = Math.cos(gradAngle) * gradAmount;
  const gy = Math.sin(gradAngle) * gradAmount;
  const grainAmount = rng.uniform(0.01, 0.03);
  // Grain from an inline xorshift stream seeded by rng: one call per pixel would dominate this loop.
  let state = rng.nextUint32() | 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = Math.sqrt((x - vx) * (x - vx) + (y - vy) * (y - vy)) / halfDiag;
      let light = (1 - falloff * d * d) * (1 + (x - vx) * gx + (y - vy) * gy);
      if (vignette) light *= 1 - 0.95 * smoothstep(ring - edge, ring + edge, d);
      const i = (y * width + x) * 3;
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const grain = ((state >>> 0) / 4294967296 - 0.5) * grainAmount;
      for (let c = 0; c < 3; c++) {
        const v = ((px[i + c] as number) * light * (gain[c] as number) + grain) * 255;
        out[i + c] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
      }
    }
  }
  return out;
}
