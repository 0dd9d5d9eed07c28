// Style b's photograph: skin and lesion as pigment concentrations turned into colour by a Beer-Lambert absorption
// model, hairs as random walks, immersion-fluid bubbles, a wider lens aperture, colour temperature and sensor noise.
import { smoothstep } from "./_noise.ts";
import { perlinField, poissonDisc } from "./_perlin.ts";
import type { Random } from "./_random.ts";

/** Pigment concentrations per pixel (arbitrary units). */
export interface Pigments {
  /** Epidermal melanin: tan to brown to black. */
  readonly melanin: Float32Array;
  /** Dermal (deep) melanin: grey-blue, as light scattered above it turns blue (Tyndall). */
  readonly dermal: Float32Array;
  /** Haemoglobin: pink to red. */
  readonly blood: Float32Array;
  /** Fibrosis and hypopigmentation: mixes toward scar white (0 to 1). */
  readonly scar: Float32Array;
}

// Absorption per unit concentration in the red, green and blue bands: melanin absorbs more at short wavelengths,
// haemoglobin mostly green and blue, deep melanin nearly flat. Rough, but it gives browns, reds and blue-greys
// from one formula instead of a palette.
const MELANIN = [1, 1.35, 1.8] as const;
const BLOOD = [0.08, 1, 0.55] as const;
const DERMAL = [1.1, 0.85, 0.45] as const;
const DERMIS = [0.98, 0.92, 0.86] as const;
const SCATTER = [0.02, 0.08, 0.22] as const;
const SCAR = [0.95, 0.9, 0.88] as const;
const SURFACE = 0.04;

/** Fills the pigment maps with skin: a skin type, uneven melanin, patchy redness, ridged furrows and pores. */
export function skinPigmentsB(width: number, height: number, rng: Random): Pigments {
  const n = width * height;
  const s = Math.min(width, height);
  const melanin = new Float32Array(n);
  const dermal = new Float32Array(n);
  const blood = new Float32Array(n);
  const scar = new Float32Array(n);
  const m0 = 0.08 + 0.6 * rng.next() ** 1.7;
  const b0 = rng.uniform(0.06, 0.22);
  const erythema = rng.uniform(0.05, 0.3);
  const broad = perlinField(rng, width, height, s / 3, 3);
  const red = perlinField(rng, width, height, s / 4, 2);
  const fine = perlinField(rng, width, height, Math.max(s / 45, 3), 2);
  const ridges = perlinField(rng, width, height, s / 9, 2);
  const furrowDepth = rng.uniform(0.012, 0.04);
  for (let i = 0; i < n; i++) {
    melanin[i] = m0 * (1 + 0.18 * (broad[i] as number) + 0.08 * (fine[i] as number));
    blood[i] = b0 + Math.max(red[i] as number, 0) * erythema;
    // Ridged noise: thin lines where the noise crosses 0, like the skin's furrows.
    scar[i] = smoothstep(0.08, 0, Math.abs(ridges[i] as number)) * furrowDepth;
  }
  // Pores and follicle openings: sparse faint dots.
  const pores = poissonDisc(rng, width, height, s * rng.uniform(0.05, 0.1), () => true);
  const poreRadius = s * 0.003;
  const poreAmount = rng.uniform(0.02, 0.08);
  for (const p of pores) addSpot(melanin, width, height, p.x, p.y, poreRadius, poreAmount);
  return { melanin, dermal, blood, scar };
}

/** Adds `amount` to a map in a Gaussian spot of `radius` pixels (one standard deviation) around (x, y). */
export function addSpot(
  map: Float32Array,
  width: number,
  height: number,
  x: number,
  y: number,
  radius: number,
  amount: number,
): void {
  const reach = Math.ceil(radius * 2.5);
  const x0 = Math.max(Math.floor(x) - reach, 0);
  const x1 = Math.min(Math.floor(x) + reach, width - 1);
  const y0 = Math.max(Math.floor(y) - reach, 0);
  const y1 = Math.min(Math.floor(y) + reach, height - 1);
  const k = 1 / (2 * radius * radius);
  for (let yy = y0; yy <= y1; yy++) {
    for (let xx = x0; xx <= x1; xx++) {
      const d2 = (xx - x) * (xx - x) + (yy - y) * (yy - y);
      const i = yy * width + xx;
      map[i] = (map[i] as number) + amount * Math.exp(-d2 * k);
    }
  }
}

/** Turns pigment concentrations into reflectance (RGB in [0, 1], float) by Beer-Lambert absorption. */
export function pigmentsToRgb(p: Pigments, width: number, height: number): Float32Array {
  const n = width * height;
  const px = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const m = p.melanin[i] as number;
    const b = p.blood[i] as number;
    const d = p.dermal[i] as number;
    const w = Math.min(Math.max(p.scar[i] as number, 0), 1);
    const scatter = d / (1 + d);
    for (let c = 0; c < 3; c++) {
      const absorbed = Math.exp(
        -(m * (MELANIN[c] as number) + b * (BLOOD[c] as number) + d * (DERMAL[c] as number)),
      );
      const r = SURFACE + (1 - SURFACE) * (DERMIS[c] as number) * absorbed + scatter * (SCATTER[c] as number);
      px[i * 3 + c] = r + ((SCAR[c] as number) - r) * w;
    }
  }
  return px;
}

/** Hairs as smooth random walks of short segments, dark or (less often) light, tapering at the ends. */
export function drawHairsB(px: Float32Array, width: number, height: number, rng: Random): void {
  const s = Math.min(width, height);
  const count = rng.int(1, 12);
  for (let h = 0; h < count; h++) {
    let x = rng.uniform(0, width);
    let y = rng.uniform(0, height);
    let heading = rng.uniform(0, 2 * Math.PI);
    let turn = rng.normal() * 0.02;
    const step = s * 0.015;
    const segments = Math.round(rng.uniform(15, 70));
    const width0 = rng.uniform(0.5, 1.5) * (s / 450);
    const light = rng.chance(0.2);
    const colour = light
      ? [0.7, 0.6, 0.48]
      : [rng.uniform(0.05, 0.2), rng.uniform(0.04, 0.13), rng.uniform(0.03, 0.1)];
    const opacity = rng.uniform(0.6, 0.9);
    for (let k = 0; k < segments; k++) {
      turn = turn * 0.9 + rng.normal() * 0.01;
      heading += turn;
      const nx = x + Math.cos(heading) * step;
      const ny = y + Math.sin(heading) * step;
      const t = k / segments;
      const half = width0 * (0.4 + 0.6 * Math.sin(Math.PI * Math.min(t * 1.3, 1)));
      // Under a pixel wide, a hair is drawn a pixel wide and fainter: thinner lines alias into beads.
      drawSegment(
        px,
        width,
        height,
        x,
        y,
        nx,
        ny,
        Math.max(half, 0.8),
        colour,
        opacity * Math.min(half / 0.8, 1),
      );
      x = nx;
      y = ny;
    }
  }
}

/** An anti-aliased capsule from (x0, y0) to (x1, y1) of half-width `half`, darkening only (no double-blending). */
function drawSegment(
  px: Float32Array,
  width: number,
  height: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  half: number,
  colour: readonly number[],
  opacity: number,
): void {
  const reach = half + 1.5;
  const bx0 = Math.max(Math.floor(Math.min(x0, x1) - reach), 0);
  const bx1 = Math.min(Math.ceil(Math.max(x0, x1) + reach), width - 1);
  const by0 = Math.max(Math.floor(Math.min(y0, y1) - reach), 0);
  const by1 = Math.min(Math.ceil(Math.max(y0, y1) + reach), height - 1);
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy || 1;
  for (let y = by0; y <= by1; y++) {
    for (let x = bx0; x <= bx1; x++) {
      const t = Math.min(Math.max(((x - x0) * dx + (y - y0) * dy) / len2, 0), 1);
      const ex = x - (x0 + t * dx);
      const ey = y - (y0 + t * dy);
      const d = Math.sqrt(ex * ex + ey * ey);
      const cover = (1 - smoothstep(half - 0.6, half + 0.6, d)) * opacity;
      if (cover <= 0) continue;
      const i = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        const target = (px[i + c] as number) * (1 - cover) + (colour[c] as number) * cover;
        // A light hair lightens, a dark one darkens; either way, overlapping stamps do not add up.
        const current = px[i + c] as number;
        px[i + c] = (colour[c] as number) > current ? Math.max(current, target) : Math.min(current, target);
      }
    }
  }
}

/** Air bubbles in the immersion fluid: a lighter disc with a dark outer rim and a bright inner rim. */
export function drawBubblesB(px: Float32Array, width: number, height: number, rng: Random): void {
  const s = Math.min(width, height);
  const count = rng.int(1, 6);
  for (let b = 0; b < count; b++) {
    const r = s * rng.logUniform(0.01, 0.06);
    const cx = rng.uniform(0.1, 0.9) * width;
    const cy = rng.uniform(0.1, 0.9) * height;
    const reach = Math.ceil(r + 3);
    for (
      let y = Math.max(Math.floor(cy) - reach, 0);
      y <= Math.min(Math.floor(cy) + reach, height - 1);
      y++
    ) {
      for (
        let x = Math.max(Math.floor(cx) - reach, 0);
        x <= Math.min(Math.floor(cx) + reach, width - 1);
        x++
      ) {
        const d = Math.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)) / r;
        if (d > 1.08) continue;
        const inside = 1 - smoothstep(0.96, 1.02, d);
        const darkRim = Math.exp(-(((d - 1) * r) ** 2) / 2) * 0.45;
        const brightRim = Math.exp(-(((d - 0.88) * r) ** 2) / 3) * 0.25;
        const i = (y * width + x) * 3;
        for (let c = 0; c < 3; c++) {
          let v = px[i + c] as number;
          v = v + (1 - v) * 0.06 * inside + brightRim * (1 - v);
          px[i + c] = v * (1 - darkRim);
        }
      }
    }
  }
}

/**
 * The photograph: exposure and colour temperature, lens falloff, the aperture (when `vignette`: a circle about as
 * wide as the image, so mostly the sides and corners darken), sensor noise, then 8-bit rounding.
 */
export function finishB(
  px: Float32Array,
  width: number,
  height: number,
  rng: Random,
  vignette: boolean,
): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  const exposure = rng.uniform(1.08, 1.3);
  const temperature = rng.uniform(-0.06, 0.06);
  const tint = rng.uniform(-0.03, 0.03);
  const gain = [exposure * (1 + temperature), exposure * (1 + tint), exposure * (1 - temperature)];
  const half = Math.hypot(width, height) / 2;
  const falloff = rng.uniform(0.1, 0.35);
  const apertureR = (width / 2) * rng.uniform(0.98, 1.15);
  const apertureX = width / 2 + rng.normal() * width * 0.02;
  const apertureY = height / 2 + rng.normal() * height * 0.02;
  const apertureEdge = Math.min(width, height) * rng.uniform(0.008, 0.03);
  const outside = rng.uniform(0.02, 0.08);
  const noise = rng.uniform(0.006, 0.018);
  // Sensor noise from an inline xorshift stream seeded by rng: calls per channel would dominate this loop.
  let state = rng.nextUint32() | 1;
  const uniform = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const r2 = ((x - width / 2) ** 2 + (y - height / 2) ** 2) / (half * half);
      let light = 1 / (1 + falloff * r2) ** 2;
      if (vignette) {
        const d = Math.sqrt((x - apertureX) ** 2 + (y - apertureY) ** 2) - apertureR;
        light *= outside + (1 - outside) * (1 - smoothstep(-apertureEdge, apertureEdge, d));
      }
      const i = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        // Two uniforms make a triangular, roughly Gaussian sensor noise.
        const grain = (uniform() + uniform() - 1) * noise;
        const v = ((px[i + c] as number) * light * (gain[c] as number) + grain) * 255;
        out[i + c] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
      }
    }
  }
  return out;
}
