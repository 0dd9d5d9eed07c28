import type { Random } from "./_random.ts";

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

/**
 * Value noise in about [-1, 1] on a `width` x `height` grid: random values on a lattice of `cell` pixels,
 * interpolated with a smoothstep; `octaves` layers, each at half the cell and half the amplitude.
 */
export function fbm(rng: Random, width: number, height: number, cell: number, octaves = 1): Float32Array {
  return coarse(width, height, cell, octaves, (w, h, c) => fbmExact(rng, w, h, c, octaves));
}

/**
 * Runs a smooth-field generator on a grid `factor` times coarser when its finest detail (`cell / 2^(octaves-1)`)
 * spans at least 8 pixels, then upsamples bilinearly: the same look for a fraction of the work.
 */
export function coarse(
  width: number,
  height: number,
  cell: number,
  octaves: number,
  make: (width: number, height: number, cell: number) => Float32Array,
): Float32Array {
  const factor = Math.max(1, Math.floor(cell / 2 ** (octaves - 1) / 4));
  if (factor === 1) return make(width, height, cell);
  const sw = Math.ceil((width - 1) / factor) + 2;
  const sh = Math.ceil((height - 1) / factor) + 2;
  const small = make(sw, sh, cell / factor);
  const out = new Float32Array(width * height);
  const ix = new Int32Array(width);
  const tx = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    ix[x] = Math.floor(x / factor);
    tx[x] = x / factor - (ix[x] as number);
  }
  for (let y = 0; y < height; y++) {
    const iy = Math.floor(y / factor);
    const ty = y / factor - iy;
    const r0 = iy * sw;
    const r1 = r0 + sw;
    const base = y * width;
    for (let x = 0; x < width; x++) {
      const i = ix[x] as number;
      const t = tx[x] as number;
      const top = (small[r0 + i] as number) + ((small[r0 + i + 1] as number) - (small[r0 + i] as number)) * t;
      const bottom =
        (small[r1 + i] as number) + ((small[r1 + i + 1] as number) - (small[r1 + i] as number)) * t;
      out[base + x] = top + (bottom - top) * ty;
    }
  }
  return out;
}

function fbmExact(rng: Random, width: number, height: number, cell: number, octaves: number): Float32Array {
  const out = new Float32Array(width * height);
  let amp = 1;
  let norm = 0;
  for (let o = 0; o < octaves; o++) {
    const c = Math.max(cell / 2 ** o, 1.5);
    const gw = Math.ceil(width / c) + 2;
    const gh = Math.ceil(height / c) + 2;
    const lattice = new Float32Array(gw * gh);
    for (let i = 0; i < lattice.length; i++) lattice[i] = rng.next() * 2 - 1;
    const ox = rng.next() * c;
    const oy = rng.next() * c;
    // Column lattice indices and weights are the same for every row.
    const ixs = new Int32Array(width);
    const txs = new Float32Array(width);
    for (let x = 0; x < width; x++) {
      const fx = (x + ox) / c;
      const ix = Math.floor(fx);
      ixs[x] = ix;
      txs[x] = smooth(fx - ix);
    }
    for (let y = 0; y < height; y++) {
      const fy = (y + oy) / c;
      const iy = Math.floor(fy);
      const ty = smooth(fy - iy);
      const row = iy * gw;
      const base = y * width;
      for (let x = 0; x < width; x++) {
        const i00 = row + (ixs[x] as number);
        const tx = txs[x] as number;
        const a = lattice[i00] as number;
        const b = lattice[i00 + 1] as number;
        const cc = lattice[i00 + gw] as number;
        const d = lattice[i00 + gw + 1] as number;
        const top = a + (b - a) * tx;
        const bottom = cc + (d - cc) * tx;
        out[base + x] = (out[base + x] as number) + amp * (top + (bottom - top) * ty);
      }
    }
    norm += amp;
    amp /= 2;
  }
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / norm;
  return out;
}

/** Hermite step from 0 at `e0` to 1 at `e1` (either order). */
export function smoothstep(e0: number, e1: number, x: number): number {
  const t = Math.min(Math.max((x - e0) / (e1 - e0), 0), 1);
  return t * t * (3 - 2 * t);
}

function hash2(ix: number, iy: number, seed: number): number {
  let h = Math.imul(ix, 0x27d4eb2d) ^ Math.imul(iy, 0x165667b1) ^ seed;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Cellular (Worley) edge distance at (x, y): F2 - F1 for feature points jittered by `jitter` (0 to 1) inside cells
 * of `cell` pixels. Near 0 on the borders between cells, so thresholding it draws a honeycomb like a pigment network.
 */
export function cellEdge(x: number, y: number, cell: number, jitter: number, seed: number): number {
  const fx = x / cell;
  const fy = y / cell;
  const ix = Math.floor(fx);
  const iy = Math.floor(fy);
  let f1 = Number.POSITIVE_INFINITY;
  let f2 = Number.POSITIVE_INFINITY;
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const h = hash2(ix + dx, iy + dy, seed);
      const px = ix + dx + 0.5 + jitter * ((h & 0xffff) / 65536 - 0.5);
      const py = iy + dy + 0.5 + jitter * ((h >>> 16) / 65536 - 0.5);
      const d = (px - fx) * (px - fx) + (py - fy) * (py - fy);
      if (d < f1) {
        f2 = f1;
        f1 = d;
      } else if (d < f2) {
        f2 = d;
      }
    }
  }
  return (Math.sqrt(f2) - Math.sqrt(f1)) * cell;
}

/**
 * Cellular (Worley) distance at (x, y) to the nearest feature point, in cell units (about 0 to 0.8), for points
 * jittered by `jitter` (0 to 1) inside cells of `cell` pixels. Small in round holes around the points, large on the
 * ridges between them: thresholded, a pigment network with rounded holes.
 */
export function cellDistance(x: number, y: number, cell: number, jitter: number, seed: number): number {
  const fx = x / cell;
  const fy = y / cell;
  const ix = Math.floor(fx);
  const iy = Math.floor(fy);
  let f1 = Number.POSITIVE_INFINITY;
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const h = hash2(ix + dx, iy + dy, seed);
      const px = ix + dx + 0.5 + jitter * ((h & 0xffff) / 65536 - 0.5);
      const py = iy + dy + 0.5 + jitter * ((h >>> 16) / 65536 - 0.5);
      const d = (px - fx) * (px - fx) + (py - fy) * (py - fy);
      if (d < f1) f1 = d;
    }
  }
  return Math.sqrt(f1);
}

/**
 * Coverage (0 to 1) of a sparse dot pattern at (x, y): each cell of `cell` pixels holds, with probability
 * `density`, one soft dot of `radius` pixels at a hashed position. Cheap enough per pixel for peppering and dotted
 * vessels.
 */
export function dotAt(
  x: number,
  y: number,
  cell: number,
  radius: number,
  density: number,
  seed: number,
): number {
  const ix = Math.floor(x / cell);
  const iy = Math.floor(y / cell);
  const h = hash2(ix, iy, seed);
  if ((h & 0xff) / 256 >= density) return 0;
  const margin = Math.min(radius / cell, 0.5);
  const px = (ix + margin + (1 - 2 * margin) * (((h >>> 8) & 0xfff) / 4096)) * cell;
  const py = (iy + margin + (1 - 2 * margin) * ((h >>> 20) / 4096)) * cell;
  const d = Math.sqrt((x - px) * (x - px) + (y - py) * (y - py));
  return 1 - smoothstep(radius * 0.6, radius * 1.2, d);
}
