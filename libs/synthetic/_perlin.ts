import { coarse } from "./_noise.ts";
import type { Random } from "./_random.ts";

/**
 * Gradient (Perlin) noise in about [-1, 1] on a `width` x `height` grid: random unit gradients on a lattice of
 * `cell` pixels, quintic fade; `octaves` layers at half the cell and half the amplitude. Style b's noise, unlike
 * the value noise of style a: zero at lattice points, with no blocky lattice-aligned plateaus.
 */
export function perlinField(
  rng: Random,
  width: number,
  height: number,
  cell: number,
  octaves = 1,
): Float32Array {
  return coarse(width, height, cell, octaves, (w, h, c) => perlinExact(rng, w, h, c, octaves));
}

function perlinExact(
  rng: Random,
  width: number,
  height: number,
  cell: number,
  octaves: number,
): Float32Array {
  const out = new Float32Array(width * height);
  let amp = 1;
  let norm = 0;
  for (let o = 0; o < octaves; o++) {
    const c = Math.max(cell / 2 ** o, 2);
    const gw = Math.ceil(width / c) + 2;
    const gh = Math.ceil(height / c) + 2;
    const gx = new Float32Array(gw * gh);
    const gy = new Float32Array(gw * gh);
    for (let i = 0; i < gx.length; i++) {
      const a = rng.next() * 2 * Math.PI;
      gx[i] = Math.cos(a);
      gy[i] = Math.sin(a);
    }
    const ox = rng.next() * c;
    const oy = rng.next() * c;
    const ixs = new Int32Array(width);
    const fxs = new Float32Array(width);
    for (let x = 0; x < width; x++) {
      const f = (x + ox) / c;
      ixs[x] = Math.floor(f);
      fxs[x] = f - Math.floor(f);
    }
    for (let y = 0; y < height; y++) {
      const f = (y + oy) / c;
      const iy = Math.floor(f);
      const ty = f - iy;
      const wy = ty * ty * ty * (ty * (ty * 6 - 15) + 10);
      const row = iy * gw;
      const base = y * width;
      for (let x = 0; x < width; x++) {
        const tx = fxs[x] as number;
        const i00 = row + (ixs[x] as number);
        const i10 = i00 + 1;
        const i01 = i00 + gw;
        const i11 = i01 + 1;
        const n00 = (gx[i00] as number) * tx + (gy[i00] as number) * ty;
        const n10 = (gx[i10] as number) * (tx - 1) + (gy[i10] as number) * ty;
        const n01 = (gx[i01] as number) * tx + (gy[i01] as number) * (ty - 1);
        const n11 = (gx[i11] as number) * (tx - 1) + (gy[i11] as number) * (ty - 1);
        const wx = tx * tx * tx * (tx * (tx * 6 - 15) + 10);
        const top = n00 + (n10 - n00) * wx;
        const bottom = n01 + (n11 - n01) * wx;
        // Gradient noise peaks near +-0.7 in 2D: scale toward [-1, 1].
        out[base + x] = (out[base + x] as number) + amp * 1.4 * (top + (bottom - top) * wy);
      }
    }
    norm += amp;
    amp /= 2;
  }
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / norm;
  return out;
}

/** Points at least `spacing` apart inside [0, width) x [0, height) where `accept(x, y)` holds (dart throwing). */
export function poissonDisc(
  rng: Random,
  width: number,
  height: number,
  spacing: number,
  accept: (x: number, y: number) => boolean,
  maxPoints = 4096,
): { x: number; y: number }[] {
  const cell = spacing / Math.SQRT2;
  const gw = Math.ceil(width / cell);
  const gh = Math.ceil(height / cell);
  const grid = new Int32Array(gw * gh).fill(-1);
  const points: { x: number; y: number }[] = [];
  const tries = Math.ceil(((width * height) / (spacing * spacing)) * 6);
  for (let t = 0; t < tries && points.length < maxPoints; t++) {
    const x = rng.next() * width;
    const y = rng.next() * height;
    if (!accept(x, y)) continue;
    const cx = Math.floor(x / cell);
    const cy = Math.floor(y / cell);
    let ok = true;
    for (let j = Math.max(cy - 2, 0); ok && j <= Math.min(cy + 2, gh - 1); j++) {
      for (let i = Math.max(cx - 2, 0); i <= Math.min(cx + 2, gw - 1); i++) {
        const k = grid[j * gw + i] as number;
        if (k < 0) continue;
        const p = points[k] as { x: number; y: number };
        if ((p.x - x) ** 2 + (p.y - y) ** 2 < spacing * spacing) {
          ok = false;
          break;
        }
      }
    }
    if (!ok) continue;
    grid[cy * gw + cx] = points.length;
    points.push({ x, y });
  }
  return points;
}
