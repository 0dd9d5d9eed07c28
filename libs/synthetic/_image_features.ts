// Image features that measure what separates the classes of a synthetic set: global colour statistics (what a
// colour-histogram baseline sees) and the lesion's spatial structure (asymmetry, border), from the pixels alone.
import type { RgbImage } from "@dermanomaly/imaging";

/**
 * Colour statistics over the whole image, in HSV: circular mean and circular spread of the hue, mean and standard
 * deviation of saturation and of value. What a naive colour baseline sees; nothing spatial.
 */
export function colourStatistics(image: RgbImage): number[] {
  const { data } = image;
  const n = data.length / 3;
  let sin = 0;
  let cos = 0;
  let sSum = 0;
  let sSq = 0;
  let vSum = 0;
  let vSq = 0;
  for (let i = 0; i < data.length; i += 3) {
    const r = (data[i] as number) / 255;
    const g = (data[i + 1] as number) / 255;
    const b = (data[i + 2] as number) / 255;
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    const c = max - min;
    const s = max > 0 ? c / max : 0;
    let h = 0;
    if (c > 0) {
      if (max === r) h = ((g - b) / c + 6) % 6;
      else if (max === g) h = (b - r) / c + 2;
      else h = (r - g) / c + 4;
    }
    const angle = (h / 6) * 2 * Math.PI;
    sin += Math.sin(angle);
    cos += Math.cos(angle);
    sSum += s;
    sSq += s * s;
    vSum += max;
    vSq += max * max;
  }
  const resultant = Math.hypot(sin, cos) / n;
  const hueMean = Math.atan2(sin, cos);
  const hueSpread = Math.sqrt(-2 * Math.log(Math.max(resultant, 1e-12)));
  const sMean = sSum / n;
  const vMean = vSum / n;
  return [
    hueMean,
    hueSpread,
    sMean,
    Math.sqrt(Math.max(sSq / n - sMean * sMean, 0)),
    vMean,
    Math.sqrt(Math.max(vSq / n - vMean * vMean, 0)),
  ];
}

/** The lesion found in an image: a mask over the pixels and the luminance Otsu split at. */
export interface LesionMask {
  readonly mask: Uint8Array;
  readonly area: number;
}

function luminance(data: Uint8Array, p: number): number {
  return (
    0.299 * (data[p * 3] as number) +
    0.587 * (data[p * 3 + 1] as number) +
    0.114 * (data[p * 3 + 2] as number)
  );
}

/**
 * Segments the lesion: Otsu's threshold on luminance over a central disc (inside any dark aperture), the largest
 * dark component, holes filled (light areas inside a lesion belong to it).
 */
export function segmentLesion(image: RgbImage): LesionMask {
  const { width, height, data } = image;
  const n = width * height;
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const limit = (0.48 * Math.min(width, height)) ** 2;
  const inside = new Uint8Array(n);
  const histogram = new Float64Array(256);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((x - cx) ** 2 + (y - cy) ** 2 > limit) continue;
      const p = y * width + x;
      inside[p] = 1;
      const bin = Math.min(Math.round(luminance(data, p)), 255);
      histogram[bin] = (histogram[bin] as number) + 1;
    }
  }
  const threshold = otsu(histogram);
  const dark = new Uint8Array(n);
  for (let p = 0; p < n; p++) if (inside[p] && luminance(data, p) < threshold) dark[p] = 1;
  const mask = largestComponent(dark, width, height);
  fillHoles(mask, width, height);
  let area = 0;
  for (let p = 0; p < n; p++) area += mask[p] as number;
  return { mask, area };
}

function otsu(histogram: Float64Array): number {
  let total = 0;
  let sum = 0;
  for (let i = 0; i < 256; i++) {
    total += histogram[i] as number;
    sum += i * (histogram[i] as number);
  }
  let best = 0;
  let threshold = 128;
  let w0 = 0;
  let sum0 = 0;
  for (let t = 0; t < 256; t++) {
    w0 += histogram[t] as number;
    sum0 += t * (histogram[t] as number);
    const w1 = total - w0;
    if (w0 === 0 || w1 === 0) continue;
    const between = w0 * w1 * (sum0 / w0 - (sum - sum0) / w1) ** 2;
    if (between > best) {
      best = between;
      threshold = t + 0.5;
    }
  }
  return threshold;
}

function largestComponent(on: Uint8Array, width: number, height: number): Uint8Array {
  const label = new Int32Array(on.length).fill(-1);
  const stack: number[] = [];
  let bestLabel = -1;
  let bestSize = 0;
  let next = 0;
  for (let start = 0; start < on.length; start++) {
    if (!on[start] || (label[start] as number) >= 0) continue;
    let size = 0;
    label[start] = next;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack.pop() as number;
      size++;
      const x = p % width;
      const y = (p - x) / width;
      for (const q of [
        x > 0 ? p - 1 : -1,
        x < width - 1 ? p + 1 : -1,
        y > 0 ? p - width : -1,
        y < height - 1 ? p + width : -1,
      ]) {
        if (q >= 0 && on[q] && (label[q] as number) < 0) {
          label[q] = next;
          stack.push(q);
        }
      }
    }
    if (size > bestSize) {
      bestSize = size;
      bestLabel = next;
    }
    next++;
  }
  const out = new Uint8Array(on.length);
  for (let p = 0; p < on.length; p++) if (label[p] === bestLabel && bestLabel >= 0) out[p] = 1;
  return out;
}

function fillHoles(mask: Uint8Array, width: number, height: number): void {
  // Background reachable from the image border stays background; everything else joins the lesion.
  const outside = new Uint8Array(mask.length);
  const stack: number[] = [];
  const seed = (p: number) => {
    if (!mask[p] && !outside[p]) {
      outside[p] = 1;
      stack.push(p);
    }
  };
  for (let x = 0; x < width; x++) {
    seed(x);
    seed((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    seed(y * width);
    seed(y * width + width - 1);
  }
  while (stack.length > 0) {
    const p = stack.pop() as number;
    const x = p % width;
    const y = (p - x) / width;
    if (x > 0) seed(p - 1);
    if (x < width - 1) seed(p + 1);
    if (y > 0) seed(p - width);
    if (y < height - 1) seed(p + width);
  }
  for (let p = 0; p < mask.length; p++) if (!outside[p]) mask[p] = 1;
}

/**
 * Structure of the lesion, from the pixels: shape asymmetry (share of the lesion whose mirror image across either
 * principal axis falls outside it, the smaller of the two), colour asymmetry (mean colour difference between each
 * lesion pixel and its point reflection through the centroid), border irregularity (perimeter^2 / (4 pi area)),
 * and how far the darkest part sits from the centroid. What a dermatologist's ABCD rule reads, without colour
 * statistics.
 */
export function structureFeatures(image: RgbImage): number[] {
  const { width, height, data } = image;
  const { mask, area } = segmentLesion(image);
  if (area < 8) return [0, 0, 0, 0];
  let mx = 0;
  let my = 0;
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    mx += p % width;
    my += Math.floor(p / width);
  }
  mx /= area;
  my /= area;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    const dx = (p % width) - mx;
    const dy = Math.floor(p / width) - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const ax = Math.cos(angle);
  const ay = Math.sin(angle);
  const at = (x: number, y: number) => {
    const xi = Math.round(x);
    const yi = Math.round(y);
    return xi >= 0 && xi < width && yi >= 0 && yi < height ? yi * width + xi : -1;
  };
  let outMajor = 0;
  let outMinor = 0;
  let colourDiff = 0;
  let pairs = 0;
  let perimeter = 0;
  let darkX = 0;
  let darkY = 0;
  let darkW = 0;
  let lumSum = 0;
  for (let p = 0; p < mask.length; p++) if (mask[p]) lumSum += luminance(data, p);
  const lumMean = lumSum / area;
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    const x = p % width;
    const y = (p - x) / width;
    const dx = x - mx;
    const dy = y - my;
    // Components along and across the major axis.
    const along = dx * ax + dy * ay;
    const across = -dx * ay + dy * ax;
    const major = at(mx + along * ax + across * ay, my + along * ay - across * ax);
    const minor = at(mx - along * ax - across * ay, my - along * ay + across * ax);
    if (major < 0 || !mask[major]) outMajor++;
    if (minor < 0 || !mask[minor]) outMinor++;
    const opposite = at(mx - dx, my - dy);
    if (opposite >= 0 && mask[opposite]) {
      for (let c = 0; c < 3; c++)
        colourDiff += Math.abs((data[p * 3 + c] as number) - (data[opposite * 3 + c] as number));
      pairs++;
    }
    const edge =
      x === 0 ||
      y === 0 ||
      x === width - 1 ||
      y === height - 1 ||
      !mask[p - 1] ||
      !mask[p + 1] ||
      !mask[p - width] ||
      !mask[p + width];
    if (edge) perimeter++;
    const darkness = Math.max(lumMean - luminance(data, p), 0);
    darkX += darkness * dx;
    darkY += darkness * dy;
    darkW += darkness;
  }
  const radius = Math.sqrt(area / Math.PI);
  return [
    Math.min(outMajor, outMinor) / area,
    pairs > 0 ? colourDiff / (3 * pairs * 255) : 0,
    (perimeter * perimeter) / (4 * Math.PI * area),
    darkW > 0 ? Math.hypot(darkX, darkY) / darkW / radius : 0,
  ];
}
