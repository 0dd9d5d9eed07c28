// Style a: the outline is a radius function of the angle (a sum of harmonics plus dents), colours are RGB palette
// colours mixed over value-noise fields, and the pigment network is a Worley (cellular) honeycomb.

import type { RgbImage } from "@dermanomaly/imaging";
import { blendPixel, mix, type Rgb, toward } from "./_colour.ts";
import { cellEdge, dotAt, fbm, smoothstep } from "./_noise.ts";
import { mixSeed, Random } from "./_random.ts";
import { drawHairsA, finishA, paintSkinA } from "./_scene_a.ts";
import { MelanomaColour, MelanomaStructure, NaevusFeature, SceneFeature } from "./features.ts";
import type { LesionTraits } from "./traits.ts";

const STYLE_STREAM = 0xa;
const OUTLINE_STEPS = 2048;
const TWO_PI = 2 * Math.PI;

const TAN_LIGHT: Rgb = [0.76, 0.57, 0.42];
const TAN: Rgb = [0.62, 0.42, 0.28];
const BROWN: Rgb = [0.45, 0.29, 0.18];
const DARK_BROWN: Rgb = [0.26, 0.15, 0.1];
const PINK_BROWN: Rgb = [0.76, 0.5, 0.46];
const VESSEL: Rgb = [0.64, 0.15, 0.21];
const PEPPER: Rgb = [0.4, 0.42, 0.5];

/** Colour and opacity of each extra melanoma colour; a naevus's concentric colours use the same colours. */
const EXTRA: Record<MelanomaColour, { colour: Rgb; amount: number }> = {
  blueGrey: { colour: [0.4, 0.45, 0.56], amount: 0.75 },
  black: { colour: [0.12, 0.08, 0.08], amount: 0.85 },
  red: { colour: [0.76, 0.38, 0.4], amount: 0.6 },
  regression: { colour: [0.84, 0.76, 0.74], amount: 0.65 },
};

/** A soft disc stamped after the lesion body: a globule or dot. */
interface Disc {
  x: number;
  y: number;
  r: number;
  colour: Rgb;
  alpha: number;
}

/** An eccentric area of one extra colour (or of atypical network): a noisy Gaussian bump. */
interface Region {
  x: number;
  y: number;
  sigma: number;
  noise: Float32Array;
}

/** Renders one image of style a for `traits`. */
export function renderStyleA(traits: LesionTraits, width: number, height: number, seed: number): RgbImage {
  const rng = new Random(mixSeed(seed, STYLE_STREAM));
  const px = new Float32Array(width * height * 3);
  paintSkinA(px, width, height, rng);
  drawLesionA(px, width, height, rng, traits);
  if (traits.scene.includes(SceneFeature.HAIR)) drawHairsA(px, width, height, rng);
  const data = finishA(px, width, height, rng, traits.scene.includes(SceneFeature.VIGNETTE));
  return { data, width, height };
}

function drawLesionA(
  px: Float32Array,
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

  // Geometry, alike for both classes: size and elongation are no cue.
  const cx = width / 2 + rng.normal() * s * 0.04;
  const cy = height / 2 + rng.normal() * s * 0.04;
  // Geometric mean radius: the area does not depend on the elongation.
  const radius = s * rng.logUniform(0.17, 0.36);
  const aspect = 1 + 0.55 * rng.next() ** 1.4;
  const sa = Math.sqrt(aspect);
  const rot = rng.uniform(0, Math.PI);
  const cosR = Math.cos(rot);
  const sinR = Math.sin(rot);
  // The side melanoma features gather on, as an angle in the lesion's own frame.
  const biasAngle = rng.uniform(0, TWO_PI);
  /** Image position of polar coordinates in the lesion's frame (rho 1 on the unperturbed ellipse). */
  const lesionPoint = (rho: number, angle: number, offsetX = 0, offsetY = 0) => {
    const u = Math.cos(angle) * rho * radius * sa;
    const v = (Math.sin(angle) * rho * radius) / sa;
    return { x: cx + offsetX + u * cosR - v * sinR, y: cy + offsetY + u * sinR + v * cosR };
  };

  // Outline r(theta) = 1 + harmonics + dents. A naevus has even harmonics (point-symmetric) and faint others; a
  // melanoma adds strong odd ones (asymmetry), high ones and dents (irregular border).
  const harmonics: { k: number; amp: number; phase: number }[] = [];
  const harmonic = (k: number, amp: number) => harmonics.push({ k, amp, phase: rng.uniform(0, TWO_PI) });
  harmonic(2, rng.uniform(0, 0.04));
  harmonic(4, rng.uniform(0, 0.02));
  for (const k of [3, 5, 6, 7, 8]) harmonic(k, rng.uniform(0, 0.006));
  const irregular = mel && has(MelanomaStructure.IRREGULAR_BORDER);
  const dents: { at: number; depth: number; width: number }[] = [];
  // Drawn for both classes (str is 0 for a naevus), so a naevus and a melanoma of one seed share their geometry.
  harmonic(1, rng.uniform(0.06, 0.13) * str);
  harmonic(3, rng.uniform(0.04, 0.09) * str);
  if (irregular) {
    for (let k = 5; k <= 14; k++) harmonic(k, rng.uniform(0.008, 0.025) * str);
    const count = rng.int(1, 3);
    for (let d = 0; d < count; d++) {
      dents.push({
        at: biasAngle + rng.normal() * 1.2,
        depth: rng.uniform(-0.12, 0.2) * str,
        width: rng.uniform(0.08, 0.2),
      });
    }
  }
  const baseSoftness = rng.uniform(0.05, 0.15);
  const softAngle = rng.uniform(0, TWO_PI);
  const outline = new Float32Array(OUTLINE_STEPS + 1);
  const softness = new Float32Array(OUTLINE_STEPS + 1);
  let maxOutline = 0;
  for (let j = 0; j <= OUTLINE_STEPS; j++) {
    const theta = (j / OUTLINE_STEPS) * TWO_PI - Math.PI;
    let f = 1;
    for (const h of harmonics) f += h.amp * Math.cos(h.k * theta + h.phase);
    for (const d of dents) {
      const delta = Math.atan2(Math.sin(theta - d.at), Math.cos(theta - d.at));
      f -= d.depth * Math.exp(-(delta * delta) / (2 * d.width * d.width));
    }
    outline[j] = f;
    maxOutline = Math.max(maxOutline, f);
    // An irregular border is sharp on one side and fades on the other.
    softness[j] = irregular
      ? baseSoftness * (0.3 + 1.4 * (0.5 + 0.5 * Math.cos(theta - softAngle)))
      : baseSoftness;
  }

  // Streaks: radial lines over an arc of the border.
  const streaks = mel && has(MelanomaStructure.STREAKS);
  const streakAt = biasAngle + rng.uniform(-0.6, 0.6);
  const streakHalfArc = rng.uniform(0.35, 0.8);
  const streakLength = rng.uniform(0.12, 0.25) * (0.6 + str);
  const streakCount = rng.uniform(6, 11);
  const streakSeed = rng.nextUint32();

  const extent = radius * maxOutline * sa * (1 + 0.3 + (streaks ? streakLength : 0)) + 4;
  const bx0 = Math.max(Math.floor(cx - extent), 0);
  const by0 = Math.max(Math.floor(cy - extent), 0);
  const bx1 = Math.min(Math.ceil(cx + extent), width);
  const by1 = Math.min(Math.ceil(cy + extent), height);
  const bw = bx1 - bx0;
  const bh = by1 - by0;
  if (bw <= 0 || bh <= 0) return;
  const field = (cell: number, octaves: number) => fbm(rng, bw, bh, cell, octaves);
  const edgeNoise = field(s / 14, 2);
  const edgeAmount = 0.015 + (irregular ? 0.08 * str : mel ? 0.02 * str : 0);
  const shade = field(s / 8, 3);

  // Body colour: a shade from tan to dark brown, darker toward the centre by a varying amount.
  const shadeT = rng.next();
  let light = mix(TAN_LIGHT, TAN, shadeT);
  let dark = mix(BROWN, DARK_BROWN, shadeT);
  const centreDarkening = rng.uniform(0.1, 0.6);
  const mottle = rng.uniform(0.08, 0.18);
  const pink = has(NaevusFeature.PINK);
  if (pink) {
    const t = rng.uniform(0.35, 0.6);
    light = mix(light, PINK_BROWN, t);
    dark = mix(dark, mix(PINK_BROWN, BROWN, 0.5), t);
  }
  const vesselSeed = rng.nextUint32();
  const pinkSize = rng.uniform(0.5, 0.9);
  const pinkAmount = rng.uniform(0.35, 0.65);
  // Concentric naevus patterns, barely off-centre.
  const ox = rng.normal() * radius * 0.04;
  const oy = rng.normal() * radius * 0.04;
  const concentric = (feature: string, lo: number, hi: number) =>
    has(feature) ? { size: rng.uniform(lo, hi), amount: rng.uniform(0.55, 0.9) } : undefined;
  const darkCentre = concentric(NaevusFeature.DARK_CENTRE, 0.3, 0.6);
  const darkCentreColour = mix(DARK_BROWN, EXTRA.black.colour, rng.uniform(0.5, 1));
  const lightCentre = concentric(NaevusFeature.LIGHT_CENTRE, 0.3, 0.6);
  const lightCentreColour = mix(EXTRA.regression.colour, light, rng.uniform(0.2, 0.6));
  const blueCentre = concentric(NaevusFeature.BLUE_CENTRE, 0.3, 0.55);
  const blueCentreColour = mix(EXTRA.blueGrey.colour, [0.32, 0.34, 0.42], rng.uniform(0, 0.5));

  // Pigment network: a fine, fuzzy honeycomb of lines (Worley cell borders), even, fading toward the border.
  const network = has(NaevusFeature.NETWORK);
  const pitch = s * rng.uniform(0.02, 0.032);
  const netSeed = rng.nextUint32();
  const jitter = rng.uniform(0.35, 0.55);
  const lineWidth = pitch * rng.uniform(0.16, 0.24);
  const netStrength = rng.uniform(0.2, 0.32);
  const warpX = field(s / 10, 2);
  const warpY = field(s / 10, 2);

  // Eccentric melanoma areas, gathered around the bias side.
  const region = (spread: number, sizeLo: number, sizeHi: number): Region => {
    const p = lesionPoint(rng.uniform(0.3, 0.65), biasAngle + rng.uniform(-spread, spread));
    return {
      ...p,
      sigma: radius * rng.uniform(sizeLo, sizeHi),
      noise: field(s / 12, 3),
    };
  };
  const colours = traits.colours.map((c) => ({
    ...EXTRA[c],
    kind: c,
    region: region(1.1, 0.17 + 0.2 * str, 0.22 + 0.25 * str),
  }));
  const atypical = mel && has(MelanomaStructure.ATYPICAL_NETWORK) ? region(0.9, 0.35, 0.55) : undefined;
  const atypicalPitch = pitch * rng.uniform(1.3, 1.9);
  const atypicalWidth0 = lineWidth * rng.uniform(2, 3);
  const atypicalSeed = rng.nextUint32();
  const atypicalWidth = field(s / 16, 1);
  const pepperSeed = rng.nextUint32();
  const colourShift = rng.uniform(0.15, 0.3) * str;
  // A melanoma's browns vary in large irregular patches (several shades), more with strength.
  const variegation = rng.uniform(0.15, 0.3) * str;
  const patches = field(s / 6, 2);

  const regionWeight = (r: Region, j: number, x: number, y: number) => {
    const d2 = ((x - r.x) * (x - r.x) + (y - r.y) * (y - r.y)) / (2 * r.sigma * r.sigma);
    return smoothstep(0.3, 0.7, Math.exp(-d2) + 0.4 * (r.noise[j] as number));
  };

  const col = new Float64Array(3);
  const cosBias = Math.cos(biasAngle);
  const sinBias = Math.sin(biasAngle);
  for (let y = by0; y < by1; y++) {
    for (let x = bx0; x < bx1; x++) {
      const j = (y - by0) * bw + (x - bx0);
      const dx = x - cx;
      const dy = y - cy;
      const u = (dx * cosR + dy * sinR) / sa;
      const v = (-dx * sinR + dy * cosR) * sa;
      const theta = Math.atan2(v, u);
      const at = Math.round(((theta + Math.PI) / TWO_PI) * OUTLINE_STEPS);
      const rho = Math.sqrt(u * u + v * v) / (radius * (outline[at] as number));
      const soft = softness[at] as number;
      const rhoN = rho + (edgeNoise[j] as number) * edgeAmount;
      const mask = 1 - smoothstep(1 - soft, 1 + soft, rhoN);

      let streak = 0;
      if (streaks && rho > 0.7 && rho < 1 + streakLength * 1.2) {
        const delta = Math.atan2(Math.sin(theta - streakAt), Math.cos(theta - streakAt));
        if (Math.abs(delta) < streakHalfArc) {
          const phase = ((delta + streakHalfArc) * streakCount) / (2 * streakHalfArc);
          const index = Math.floor(phase);
          // Each streak has its own length.
          const own = 0.55 + (0.45 * (((index * 2654435761) ^ streakSeed) >>> 24)) / 255;
          const across = Math.abs(phase - index - 0.5);
          const line = 1 - smoothstep(0.12, 0.42, across);
          const tip = 1 - smoothstep(1 + streakLength * own * 0.6, 1 + streakLength * own, rho);
          streak = line * tip * smoothstep(streakHalfArc, streakHalfArc * 0.6, Math.abs(delta)) * 0.85;
        }
      }
      const alpha = Math.max(mask, streak);
      if (alpha <= 0.002) continue;

      // Body.
      const side = mel ? ((u * cosBias + v * sinBias) / radius) * colourShift : 0;
      const central = 1 - smoothstep(0, 1.05, rho);
      // Around a lighter base for a melanoma, so that its added dark areas do not darken it on average.
      const patch = variegation * ((patches[j] as number) * 2 - 0.5);
      const tone = 0.3 + centreDarkening * central + mottle * (shade[j] as number) + side + patch;
      col[0] = light[0] + (dark[0] - light[0]) * tone;
      col[1] = light[1] + (dark[1] - light[1]) * tone;
      col[2] = light[2] + (dark[2] - light[2]) * tone;
      if (pink) {
        // Redness and dotted vessels spread evenly over the centre.
        const c = smoothstep(pinkSize, pinkSize * 0.3, rho);
        toward(col, EXTRA.red.colour, c * pinkAmount);
        const vessel = dotAt(x, y, s * 0.016, s * 0.004, 0.5, vesselSeed);
        if (vessel > 0) toward(col, VESSEL, vessel * c * 0.8);
      }
      // Concentric patterns.
      const cu = ((dx - ox) * cosR + (dy - oy) * sinR) / sa;
      const cv = (-(dx - ox) * sinR + (dy - oy) * cosR) * sa;
      const rc = Math.sqrt(cu * cu + cv * cv) / radius + (shade[j] as number) * 0.08;
      // Patterns are mottled like a melanoma's colours, not flat.
      const mottled = Math.min(0.8 + 0.35 * (shade[j] as number), 1);
      if (darkCentre) {
        const w = smoothstep(darkCentre.size, darkCentre.size * 0.5, rc) * darkCentre.amount * mottled;
        toward(col, darkCentreColour, w);
      }
      if (lightCentre) {
        const w = smoothstep(lightCentre.size, lightCentre.size * 0.35, rc) * lightCentre.amount * mottled;
        toward(col, lightCentreColour, w);
      }
      if (blueCentre) {
        const w = smoothstep(blueCentre.size, blueCentre.size * 0.35, rc) * blueCentre.amount * mottled;
        toward(col, blueCentreColour, w);
      }

      // Network: regular lines, blending into an atypical network where one is drawn.
      let structureless = 0;
      let net = 0;
      if (network) {
        const nx = x + (warpX[j] as number) * pitch * 0.5;
        const ny = y + (warpY[j] as number) * pitch * 0.5;
        const lines = smoothstep(lineWidth * 1.5, lineWidth * 0.1, cellEdge(nx, ny, pitch, jitter, netSeed));
        net = lines * netStrength * smoothstep(1.02, 0.45, rho);
      }
      if (atypical) {
        const w = regionWeight(atypical, j, x, y) * smoothstep(1.1, 0.6, rho);
        if (w > 0) {
          // Thick lines of uneven width around irregular holes, broken in places.
          const nx = x + (warpX[j] as number) * atypicalPitch * 0.9;
          const ny = y + (warpY[j] as number) * atypicalPitch * 0.9;
          const lw = atypicalWidth0 * (1 + 0.7 * (atypicalWidth[j] as number));
          const lines = smoothstep(lw * 1.3, lw * 0.3, cellEdge(nx, ny, atypicalPitch, 1, atypicalSeed));
          const broken = smoothstep(-0.25, 0.1, (edgeNoise[j] as number) + (shade[j] as number));
          net = net * (1 - w) + lines * broken * w * (0.4 + 0.2 * str);
        }
      }

      // Extra colours.
      for (const c of colours) {
        const w = regionWeight(c.region, j, x, y) * mask;
        if (w <= 0) continue;
        // Mottled, not flat: the amount follows the shade noise.
        const amount = c.amount * (0.6 + 0.4 * str) * mottled;
        toward(col, c.colour, Math.min(w * amount, 1));
        if (c.kind === MelanomaColour.BLUE_GREY) {
          structureless = Math.max(structureless, w);
        } else if (c.kind === MelanomaColour.REGRESSION) {
          structureless = Math.max(structureless, w * 0.8);
          const pepper = dotAt(x, y, s * 0.009, s * 0.0028, 0.5, pepperSeed);
          if (pepper > 0) toward(col, PEPPER, pepper * w * 0.65);
        } else if (c.kind === MelanomaColour.RED) {
          const vessel = dotAt(x, y, s * 0.016, s * 0.004, 0.5, vesselSeed);
          if (vessel > 0) toward(col, VESSEL, vessel * w * 0.8);
        }
      }
      net *= 1 - structureless;

      const k = (y * width + x) * 3;
      // Network lines are a darker, warmer brown of the colour below.
      col[0] = (col[0] as number) * (1 - net * 0.75);
      col[1] = (col[1] as number) * (1 - net * 0.85);
      col[2] = (col[2] as number) * (1 - net * 0.9);
      // A streak outside the body is dark brown, fading into the body's colour where they meet.
      if (streak > mask) {
        const t = mask / streak;
        col[0] = DARK_BROWN[0] + ((col[0] as number) - DARK_BROWN[0]) * t;
        col[1] = DARK_BROWN[1] + ((col[1] as number) - DARK_BROWN[1]) * t;
        col[2] = DARK_BROWN[2] + ((col[2] as number) - DARK_BROWN[2]) * t;
      }
      px[k] = (px[k] as number) + ((col[0] as number) - (px[k] as number)) * alpha;
      px[k + 1] = (px[k + 1] as number) + ((col[1] as number) - (px[k + 1] as number)) * alpha;
      px[k + 2] = (px[k + 2] as number) + ((col[2] as number) - (px[k + 2] as number)) * alpha;
    }
  }

  // Globules and dots over the body.
  const discs: Disc[] = [];
  const toImage = (rho: number, angle: number) => lesionPoint(rho, angle, ox, oy);
  if (has(NaevusFeature.GLOBULES)) {
    const pattern = rng.int(0, 2);
    const spacing = rng.uniform(0.11, 0.17);
    // Brown to (in some naevi) near-black globules.
    const globule = mix(mix(light, dark, 0.7), EXTRA.black.colour, rng.next() ** 2);
    if (pattern === 2) {
      // A rim of globules at the border, evenly spaced: a growing naevus.
      const ring = rng.uniform(0.8, 0.92);
      const count = Math.round((TWO_PI * ring) / spacing);
      const start = rng.uniform(0, TWO_PI);
      for (let g = 0; g < count; g++) {
        const p = toImage(ring + rng.normal() * 0.025, start + ((g + rng.normal() * 0.15) * TWO_PI) / count);
        discs.push({ ...p, r: radius * spacing * rng.uniform(0.28, 0.36), colour: globule, alpha: 0.8 });
      }
    } else {
      // Cobblestone throughout, or clustered in the centre: a jittered hexagonal lattice.
      const reach = pattern === 0 ? 0.85 : 0.5;
      for (let a = -reach; a <= reach; a += spacing) {
        for (let b = -reach; b <= reach; b += spacing * 0.866) {
          const shift = Math.round(b / (spacing * 0.866)) % 2 === 0 ? 0 : spacing / 2;
          const gu = a + shift + rng.normal() * spacing * 0.12;
          const gv = b + rng.normal() * spacing * 0.12;
          if (gu * gu + gv * gv > reach * reach) continue;
          const p = toImage(Math.hypot(gu, gv), Math.atan2(gv, gu));
          discs.push({ ...p, r: radius * spacing * rng.uniform(0.3, 0.4), colour: globule, alpha: 0.7 });
        }
      }
    }
  }
  if (mel && has(MelanomaStructure.IRREGULAR_DOTS)) {
    const count = Math.round(rng.uniform(8, 25) * (0.5 + str));
    for (let d = 0; d < count; d++) {
      const angle = biasAngle + rng.normal() * 0.6;
      const rho = rng.uniform(0.45, 0.98);
      const p = lesionPoint(rho, angle);
      const colour = mix(DARK_BROWN, [0.06, 0.05, 0.06], rng.next());
      discs.push({ ...p, r: radius * rng.logUniform(0.012, 0.055), colour, alpha: rng.uniform(0.7, 0.95) });
    }
  }
  for (const d of discs) stampDisc(px, width, height, d);
}

function stampDisc(px: Float32Array, width: number, height: number, d: Disc): void {
  const reach = Math.ceil(d.r * 1.3) + 1;
  const x0 = Math.max(Math.floor(d.x) - reach, 0);
  const x1 = Math.min(Math.floor(d.x) + reach, width - 1);
  const y0 = Math.max(Math.floor(d.y) - reach, 0);
  const y1 = Math.min(Math.floor(d.y) + reach, height - 1);
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dist = Math.sqrt((x - d.x) * (x - d.x) + (y - d.y) * (y - d.y));
      const cover = (1 - smoothstep(d.r * 0.6, d.r * 1.25, dist)) * d.alpha;
      if (cover > 0) blendPixel(px, (y * width + x) * 3, d.colour, cover);
    }
  }
}
