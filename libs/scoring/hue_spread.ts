import { checkImage, type RgbImage } from "@dermanomaly/imaging";

/**
 * Otsu's threshold of a histogram of integer levels (`histogram[v]` = count of level v): the level t that maximises
 * the between-class variance of {<= t} and {> t}; the lowest such level on ties, 0 when every value is one level.
 */
export function otsuThreshold(histogram: ArrayLike<number>): number {
  let total = 0;
  let sum = 0;
  for (let v = 0; v < histogram.length; v++) {
    total += histogram[v] as number;
    sum += v * (histogram[v] as number);
  }
  let w0 = 0;
  let s0 = 0;
  let best = -1;
  let threshold = 0;
  for (let t = 0; t < histogram.length; t++) {
    w0 += histogram[t] as number;
    s0 += t * (histogram[t] as number);
    const w1 = total - w0;
    if (w0 === 0 || w1 === 0) continue;
    const m0 = s0 / w0;
    const m1 = (sum - s0) / w1;
    const between = w0 * w1 * (m0 - m1) * (m0 - m1);
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/** The pieces of {@linkcode hueSpread}, for plots and checks. */
export interface HueSpreadDetail {
  /** The spread: circular standard deviation of the lesion's hue, in radians. */
  readonly spread: number;
  /** Otsu's threshold on darkness (255 - HSV value). */
  readonly threshold: number;
  /** Pixels taken as lesion. */
  readonly lesionPixels: number;
  /** Lesion pixels coloured enough to have a hue (saturation >= 0.15), those the spread is taken over. */
  readonly huePixels: number;
}

const MIN_SATURATION = 0.15;
const MIN_PIXELS = 16;

/**
 * A naive colour baseline for the anomaly score: how varied the lesion's colours are, as a dermatologist's
 * "several colours" cue. Inside a central disc (radius 0.45 of the smaller side, leaving out a dermatoscope's dark
 * corners), the lesion is the pixels darker than Otsu's threshold on darkness = 255 - max(R, G, B); the spread is
 * the circular standard deviation sqrt(-2 ln R) (scipy's `circstd`) of the HSV hue of the lesion pixels with
 * saturation >= 0.15, R the mean resultant length. 0 when fewer than 16 such pixels. Higher = more colours.
 */
export function hueSpread(image: RgbImage): HueSpreadDetail {
  checkImage(image);
  const { width, height, data } = image;
  const radius = 0.45 * Math.min(width, height);
  const inDisc = (x: number, y: number) =>
    (x + 0.5 - width / 2) ** 2 + (y + 0.5 - height / 2) ** 2 <= radius * radius;
  const histogram = new Float64Array(256);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!inDisc(x, y)) continue;
      const o = (y * width + x) * 3;
      const max = Math.max(data[o] as number, data[o + 1] as number, data[o + 2] as number);
      histogram[255 - max] = (histogram[255 - max] as number) + 1;
    }
  }
  const threshold = otsuThreshold(histogram);
  let lesionPixels = 0;
  let count = 0;
  let sin = 0;
  let cos = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!inDisc(x, y)) continue;
      const o = (y * width + x) * 3;
      const r = data[o] as number;
      const g = data[o + 1] as number;
      const b = data[o + 2] as number;
      const max = Math.max(r, g, b);
      if (255 - max <= threshold) continue;
      lesionPixels++;
      const min = Math.min(r, g, b);
      if (max === 0 || (max - min) / max < MIN_SATURATION) continue;
      const hue = hueRadians(r, g, b, max, max - min);
      sin += Math.sin(hue);
      cos += Math.cos(hue);
      count++;
    }
  }
  if (count < MIN_PIXELS) return { spread: 0, threshold, lesionPixels, huePixels: count };
  // Rounding can push the resultant length of near-identical hues a hair above 1.
  const resultant = Math.min(Math.hypot(sin / count, cos / count), 1);
  return { spread: Math.sqrt(-2 * Math.log(resultant)), threshold, lesionPixels, huePixels: count };
}

// HSV hue in radians [0, 2 pi) of a pixel whose channel range (chroma) c is > 0.
function hueRadians(r: number, g: number, b: number, max: number, c: number): number {
  let sector: number;
  if (max === r) sector = ((((g - b) / c) % 6) + 6) % 6;
  else if (max === g) sector = (b - r) / c + 2;
  else sector = (r - g) / c + 4;
  return sector * (Math.PI / 3);
}
