// Style b: the outline is the level set of a sum of Gaussian blobs (metaballs) under a gradient-noise domain warp,
// the lesion is pigment concentrations (melanin, deep melanin, haemoglobin, scar) turned into colour by
// Beer-Lambert absorption, and the pigment network comes from three interfering plane waves. Nothing is shared
// with style a's drawing but the traits and the random generator.
import type { RgbImage } from "@dermanomaly/imaging";
import { dotAt, smoothstep } from "./_noise.ts";
import { perlinField, poissonDisc } from "./_perlin.ts";
import { mixSeed, Random } from "./_random.ts";
import {
  addSpot,
  drawBubblesB,
  drawHairsB,
  finishB,
  type Pigments,
  pigmentsToRgb,
  skinPigmentsB,
} from "./_scene_b.ts";
import { MelanomaColour, MelanomaStructure, NaevusFeature, SceneFeature } from "./features.ts";
import type { LesionTraits } from "./traits.ts";

const STYLE_STREAM = 0xb;
const TWO_PI = 2 * Math.PI;
/** The main blob's boundary sits at K standard deviations: field threshold exp(-K^2 / 2). */
const K = 1.6;
const THRESHOLD = Math.exp(-(K * K) / 2);

interface Blob {
  x: number;
  y: number;
  su: number;
  sv: number;
  w: number;
}

/** Renders one image of style b for `traits`. */
export function renderStyleB(traits: LesionTraits, width: number, height: number, seed: number): RgbImage {
  const rng = new Random(mixSeed(seed, STYLE_STREAM));
  const pigments = skinPigmentsB(width, height, rng);
  lesionPigmentsB(pigments, width, height, rng, traits);
  const px = pigmentsToRgb(pigments, width, height);
  if (traits.scene.includes(SceneFeature.HAIR)) drawHairsB(px, width, height, rng);
  if (traits.scene.includes(SceneFeature.BUBBLES)) drawBubblesB(px, width, height, rng);
  const data = finishB(px, width, height, rng, traits.scene.includes(SceneFeature.VIGNETTE));
  return { data, width, height };
}

function lesionPigmentsB(
  p: Pigments,
  width: number,
  height: number,
  rng: Random,
  traits: LesionTraits,
): void {
  const s = Math.min(width, height);
  const mel = traits.kind === "MEL";
  const str = traits.strength;
  const has = (f: string) =>
    (traits.naevus as readonly string[]).includes(f) || (traits.structures as readonly string[]).includes(f);

  // Geometry, alike for both classes; every draw below happens for both (str is 0 for a naevus).
  const cx = width / 2 + rng.uniform(-0.05, 0.05) * s;
  const cy = height / 2 + rng.uniform(-0.05, 0.05) * s;
  const r = s * rng.uniform(0.16, 0.34);
  const sa = Math.sqrt(1 + 0.6 * rng.next() ** 1.2);
  const rot = rng.uniform(0, Math.PI);
  const cosR = Math.cos(rot);
  const sinR = Math.sin(rot);
  const bias = rng.uniform(0, TWO_PI);
  const bx = Math.cos(bias);
  const by = Math.sin(bias);

  // A melanoma's extra blobs add area: its main blob shrinks to keep the size distribution of naevi.
  const main: Blob = { x: cx, y: cy, su: (r * sa) / K, sv: r / sa / K, w: 1 };
  const blobs: Blob[] = [main];
  // Point-symmetric pairs of satellites: a naevus's lobes.
  const pairs = rng.int(0, 3);
  for (let i = 0; i < pairs; i++) {
    const a = rng.uniform(0, TWO_PI);
    const d = r * rng.uniform(0.2, 0.5);
    const size = (r / K) * rng.uniform(0.35, 0.6);
    const w = rng.uniform(0.2, 0.5);
    for (const sign of [1, -1]) {
      blobs.push({ x: cx + sign * Math.cos(a) * d, y: cy + sign * Math.sin(a) * d, su: size, sv: size, w });
    }
  }
  // Unpaired lobes gathered toward one side: asymmetry.
  const lobes = 2 + Math.round(3 * rng.next());
  const lobeList: Blob[] = [];
  for (let i = 0; i < lobes; i++) {
    const a = bias + rng.normal() * 0.8;
    const d = r * rng.uniform(0.45, 0.85);
    const size = (r / K) * rng.uniform(0.3, 0.55);
    lobeList.push({
      x: cx + Math.cos(a) * d,
      y: cy + Math.sin(a) * d,
      su: size,
      sv: size,
      w: rng.uniform(0.35, 0.7) * str,
    });
  }
  const irregular = mel && has(MelanomaStructure.IRREGULAR_BORDER);
  const notchCount = rng.int(1, 3);
  const notches: Blob[] = [];
  for (let i = 0; i < notchCount; i++) {
    const a = bias + Math.PI * rng.uniform(-0.9, 0.9);
    const d = r * rng.uniform(0.85, 1.05);
    const size = r * rng.uniform(0.1, 0.2);
    notches.push({
      x: cx + Math.cos(a) * d,
      y: cy + Math.sin(a) * d,
      su: size,
      sv: size,
      w: -rng.uniform(0.25, 0.5) * str,
    });
  }
  if (mel) {
    main.su *= 1 - 0.06 * str;
    main.sv *= 1 - 0.06 * str;
    blobs.push(...lobeList);
    if (irregular) blobs.push(...notches);
  }

  const bodyM = rng.uniform(0.4, 1.15);
  const gamma = rng.uniform(0.5, 1.5);
  const bodyDermal = rng.uniform(0, 0.15);
  const softness = rng.uniform(0.25, 0.6);
  const streaks = mel && has(MelanomaStructure.STREAKS);
  const streakLength = r * rng.uniform(0.12, 0.28) * (0.5 + str);

  const extent = r * sa * 1.6 + (streaks ? streakLength : 0) + 4;
  const x0 = Math.max(Math.floor(cx - extent), 0);
  const y0 = Math.max(Math.floor(cy - extent), 0);
  const x1 = Math.min(Math.ceil(cx + extent), width);
  const y1 = Math.min(Math.ceil(cy + extent), height);
  const bw = x1 - x0;
  const bh = y1 - y0;
  if (bw <= 0 || bh <= 0) return;
  const noise = (cell: number, octaves: number) => perlinField(rng, bw, bh, cell, octaves);
  const warpX = noise(r / 2, 2);
  const warpY = noise(r / 2, 2);
  const warpAmp = r * (0.03 + (irregular ? 0.14 : 0.04) * str);
  const sharpness = noise(r / 1.5, 1);
  const mottle = noise(s / 10, 3);
  const patches = noise(s / 7, 2);
  // One displacement for all three waves bends the mesh and keeps its honeycomb (separate phases would not).
  const netWarpX = noise(s / 8, 2);
  const netWarpY = noise(s / 8, 2);

  // Per-blob constants; a blob is skipped beyond 4 standard deviations, where it adds under 0.04 %.
  const terms = blobs
    .filter((b) => b.w !== 0)
    .map((b) => ({
      x: b.x,
      y: b.y,
      w: b.w,
      ua: cosR / b.su,
      ub: sinR / b.su,
      va: -sinR / b.sv,
      vb: cosR / b.sv,
      reach2: (4 * Math.max(b.su, b.sv)) ** 2,
    }));
  /** Field value at (x, y) after the warp; `j` indexes the bounding box arrays. */
  const fieldAt = (x: number, y: number, j: number) => {
    const wx = x + (warpX[j] as number) * warpAmp;
    const wy = y + (warpY[j] as number) * warpAmp;
    let f = 0;
    for (const t of terms) {
      const dx = wx - t.x;
      const dy = wy - t.y;
      if (dx * dx + dy * dy > t.reach2) continue;
      const u = dx * t.ua + dy * t.ub;
      const v = dx * t.va + dy * t.vb;
      f += t.w * Math.exp(-0.5 * (u * u + v * v));
    }
    return f;
  };
  const fields = new Float32Array(bw * bh);
  let fmax = THRESHOLD * 1.01;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const f = fieldAt(x, y, (y - y0) * bw + (x - x0));
      fields[(y - y0) * bw + (x - x0)] = f;
      if (f > fmax) fmax = f;
    }
  }
  // Depth: 0 on the border, 1 at the field's peak, following the outline's shape.
  const logRange = Math.log(fmax / THRESHOLD);
  const depth = (f: number) => Math.min(Math.max(Math.log(Math.max(f, 1e-6) / THRESHOLD) / logRange, 0), 1);
  const depthAt = (x: number, y: number) => {
    const xi = Math.round(x) - x0;
    const yi = Math.round(y) - y0;
    return xi < 0 || yi < 0 || xi >= bw || yi >= bh ? 0 : depth(fields[yi * bw + xi] as number);
  };

  // Naevus patterns, concentric: they follow the depth, which follows the (symmetric) outline.
  const network = has(NaevusFeature.NETWORK);
  const pitch = s * rng.uniform(0.022, 0.035);
  const waveAngle = rng.uniform(0, TWO_PI);
  // Directions and wavelengths a little off a perfect lattice, so the mesh is not crystalline.
  const waves = [0, 1, 2].map((i) => {
    // At 120 degrees apart the wave vectors sum to zero: round maxima on a triangular lattice, a mesh between.
    const a = waveAngle + (i * 2 * Math.PI) / 3 + rng.normal() * 0.12;
    const k = (TWO_PI / pitch) * rng.uniform(0.9, 1.1);
    return { kx: Math.cos(a) * k, ky: Math.sin(a) * k };
  });
  // The wave sum over 3 lies in [-0.5, 1]: maxima on a triangular lattice, minima on a honeycomb joined through
  // saddles at -1/3. The mesh is the region just above the saddles: thin lines along the honeycomb's edges.
  const holes = rng.uniform(-0.25, -0.12);
  const netAmount = rng.uniform(0.2, 0.4);
  const level = (feature: string, lo: number, hi: number) =>
    has(feature) ? { at: rng.uniform(lo, hi), amount: rng.uniform(0.6, 1) } : undefined;
  const darkCentre = level(NaevusFeature.DARK_CENTRE, 0.68, 0.9);
  const blueCentre = level(NaevusFeature.BLUE_CENTRE, 0.68, 0.9);
  const lightCentre = level(NaevusFeature.LIGHT_CENTRE, 0.68, 0.9);
  const pink = level(NaevusFeature.PINK, 0.2, 0.5);

  // Melanoma areas: clusters of small Gaussians along a random walk from an off-centre start.
  const cluster = (spread: number, size: number) => {
    const a = bias + rng.uniform(-spread, spread);
    let x = cx + Math.cos(a) * r * rng.uniform(0.25, 0.6);
    let y = cy + Math.sin(a) * r * rng.uniform(0.25, 0.6);
    const parts: { x: number; y: number; s: number }[] = [];
    const count = rng.int(3, 5);
    for (let i = 0; i < count; i++) {
      parts.push({ x, y, s: r * size * rng.uniform(0.7, 1.2) });
      const step = rng.uniform(0, TWO_PI);
      x += Math.cos(step) * r * 0.2;
      y += Math.sin(step) * r * 0.2;
    }
    return { parts, noise: noise(s / 12, 2) };
  };
  type Cluster = ReturnType<typeof cluster>;
  const weightOf = (c: Cluster, x: number, y: number, j: number) => {
    let g = 0;
    for (const q of c.parts) g += Math.exp(-((x - q.x) ** 2 + (y - q.y) ** 2) / (2 * q.s * q.s));
    return smoothstep(0.1, 1, g + 0.45 * (c.noise[j] as number));
  };
  const colours = traits.colours.map((kind) => ({ kind, area: cluster(1.1, 0.12 + 0.12 * str) }));
  const atypical = mel && has(MelanomaStructure.ATYPICAL_NETWORK) ? cluster(0.9, 0.28) : undefined;
  const amount = 0.6 + 0.4 * str;
  const tilt = rng.uniform(0.3, 0.6) * str;
  const variegation = rng.uniform(0.3, 0.6) * str;
  const pepperSeed = rng.nextUint32();
  const vesselSeed = rng.nextUint32();

  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const j = (y - y0) * bw + (x - x0);
      const f = fields[j] as number;
      // An irregular border is sharp in places and fades in others.
      const e = irregular
        ? softness * (0.25 + 1.5 * smoothstep(-0.5, 0.5, sharpness[j] as number))
        : softness;
      const mask = smoothstep(THRESHOLD * (1 - e), THRESHOLD * (1 + e), f);
      if (mask <= 0.002) continue;
      const d = depth(f);
      const i = y * width + x;
      const side = ((x - cx) * bx + (y - cy) * by) / r;
      let m = bodyM * (0.55 + 0.45 * d ** gamma) * (1 + 0.15 * (mottle[j] as number));
      // A melanoma: one side darker, patches of several browns; zero on average.
      m *= 1 + tilt * side + variegation * (patches[j] as number);
      let dermal = bodyDermal * d;
      let blood = 0;
      let scar = 0;
      let structureless = 0;

      if (darkCentre) {
        const w = smoothstep(darkCentre.at - 0.1, darkCentre.at + 0.1, d) * darkCentre.amount;
        m += w * bodyM * 1.1;
        dermal += w * 0.2;
      }
      if (blueCentre) {
        const w = smoothstep(blueCentre.at - 0.12, blueCentre.at + 0.12, d) * blueCentre.amount;
        dermal += w * 0.7;
        m *= 1 - 0.35 * w;
        scar += w * 0.05;
        structureless = Math.max(structureless, w);
      }
      if (lightCentre) {
        const w = smoothstep(lightCentre.at - 0.12, lightCentre.at + 0.12, d) * lightCentre.amount;
        m *= 1 - 0.55 * w;
        scar += w * 0.22;
      }
      if (pink) {
        const w = smoothstep(pink.at, pink.at + 0.3, d) * pink.amount;
        blood += w * 0.8;
        m *= 1 - 0.4 * w;
        blood += dotAt(x, y, s * 0.018, s * 0.004, 0.5, vesselSeed) * w * 1.6;
      }

      for (const c of colours) {
        const w = weightOf(c.area, x, y, j) * amount;
        if (w <= 0) continue;
        if (c.kind === MelanomaColour.BLACK) {
          m += w * bodyM * 1.3;
          dermal += w * 0.25;
        } else if (c.kind === MelanomaColour.BLUE_GREY) {
          dermal += w * 0.75;
          m *= 1 - 0.4 * w;
          scar += w * 0.06;
          structureless = Math.max(structureless, w);
        } else if (c.kind === MelanomaColour.RED) {
          blood += w * 1.1;
          m *= 1 - 0.5 * w;
          blood += dotAt(x, y, s * 0.016, s * 0.004, 0.55, vesselSeed) * w * 1.6;
        } else {
          scar += w * 0.3;
          m *= 1 - 0.6 * w;
          dermal += dotAt(x, y, s * 0.009, s * 0.0028, 0.5, pepperSeed) * w * 1.2;
          structureless = Math.max(structureless, w * 0.8);
        }
      }

      // Network from three plane waves at 120 degrees over displaced coordinates: round holes, lines between.
      const nx = x + (netWarpX[j] as number) * pitch * 1.2;
      const ny = y + (netWarpY[j] as number) * pitch * 1.2;
      let net = 0;
      if (network) {
        let wave = 0;
        for (let k = 0; k < 3; k++) {
          const wv = waves[k] as { kx: number; ky: number };
          wave += Math.cos(wv.kx * nx + wv.ky * ny);
        }
        net = (1 - smoothstep(holes - 0.1, holes + 0.05, wave / 3)) * netAmount * smoothstep(0, 0.35, d);
      }
      if (atypical) {
        const w = weightOf(atypical, x, y, j);
        if (w > 0) {
          // Coarser, with each wave's phase warped apart (the mesh loses its regularity), thicker and broken.
          let wave = 0;
          for (let k = 0; k < 3; k++) {
            const wv = waves[k] as { kx: number; ky: number };
            const phase = k === 0 ? (netWarpX[j] as number) : k === 1 ? (netWarpY[j] as number) : 0;
            wave += Math.cos(0.65 * (wv.kx * nx + wv.ky * ny) + 4 * phase);
          }
          const lines = 1 - smoothstep(holes + 0.1, holes + 0.3, wave / 3);
          const broken = smoothstep(-0.3, 0.1, patches[j] as number);
          net = net * (1 - w) + lines * broken * w * (0.8 + 0.5 * str);
        }
      }
      m *= 1 + net * (1 - structureless);

      p.melanin[i] = (p.melanin[i] as number) + m * mask;
      p.dermal[i] = (p.dermal[i] as number) + dermal * mask;
      p.blood[i] = (p.blood[i] as number) + blood * mask;
      p.scar[i] = (p.scar[i] as number) * (1 - mask) + scar * mask;
    }
  }

  // Globules: dart-thrown inside the lesion, throughout, in the centre or as a rim.
  if (has(NaevusFeature.GLOBULES)) {
    const pattern = rng.int(0, 2);
    const spacing = s * rng.uniform(0.025, 0.04);
    const [lo, hi] = pattern === 0 ? [0.15, 1] : pattern === 1 ? [0.55, 1] : [0.04, 0.2];
    const points = poissonDisc(rng, bw, bh, spacing, (x, y) => {
      const d = depthAt(x + x0, y + y0);
      return d >= lo && d <= hi;
    });
    // Brown to (in some naevi) near-black globules.
    const g = bodyM * (0.2 + 1.6 * rng.next() ** 2);
    for (const q of points) {
      const radius = spacing * rng.uniform(0.22, 0.32);
      addSpot(p.melanin, width, height, q.x + x0, q.y + y0, radius, g);
      addSpot(p.dermal, width, height, q.x + x0, q.y + y0, radius, 0.1);
    }
  }
  // Irregular dots: uneven sizes, gathered toward one side.
  if (mel && has(MelanomaStructure.IRREGULAR_DOTS)) {
    const count = Math.round(rng.uniform(8, 25) * (0.5 + str));
    for (let k = 0; k < count; k++) {
      const a = bias + rng.normal() * 0.6;
      const x = cx + Math.cos(a) * r * rng.uniform(0.4, 1);
      const y = cy + Math.sin(a) * r * rng.uniform(0.4, 1);
      if (depthAt(x, y) <= 0 && rng.chance(0.7)) continue;
      const radius = s * rng.logUniform(0.002, 0.008);
      addSpot(p.melanin, width, height, x, y, radius, rng.uniform(1.5, 2.5));
      addSpot(p.dermal, width, height, x, y, radius, 0.4);
    }
  }
  // Streaks: tapering radial lines from the border outward over an arc.
  if (streaks) {
    const count = rng.int(6, 14);
    const arc = rng.uniform(0.5, 1.2);
    for (let k = 0; k < count; k++) {
      const a = bias + arc * (k / Math.max(count - 1, 1) - 0.5) + rng.normal() * 0.04;
      // March outward to the border.
      let t = r * 0.3;
      while (t < r * 2.5 && depthAt(cx + Math.cos(a) * t, cy + Math.sin(a) * t) > 0) t += 1;
      const length = streakLength * rng.uniform(0.5, 1);
      const half = s * rng.uniform(0.002, 0.004);
      for (let q = -r * 0.1; q < length; q += half * 0.8) {
        const taper = 1 - Math.max(q, 0) / length;
        addSpot(
          p.melanin,
          width,
          height,
          cx + Math.cos(a) * (t + q),
          cy + Math.sin(a) * (t + q),
          half,
          0.35 * taper + 0.1,
        );
      }
    }
  }
}
