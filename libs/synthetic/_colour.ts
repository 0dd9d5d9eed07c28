/** An RGB triple in [0, 1], in display (sRGB) values as they are written to the image. */
export type Rgb = readonly [number, number, number];

/** `a` mixed toward `b` by `t` (0 gives `a`, 1 gives `b`). */
export function mix(a: Rgb, b: Rgb, t: number): [number, number, number] {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Piecewise-linear colour ramp through `stops` (evenly spaced) at `t` in [0, 1]. */
export function ramp(stops: readonly Rgb[], t: number): [number, number, number] {
  const x = Math.min(Math.max(t, 0), 1) * (stops.length - 1);
  const i = Math.min(Math.floor(x), stops.length - 2);
  return mix(stops[i] as Rgb, stops[i + 1] as Rgb, x - i);
}

/** Blends `colour` over pixel `i` (index of its red value) of an RGB float buffer with opacity `alpha`. */
export function blendPixel(px: Float32Array, i: number, colour: Rgb, alpha: number): void {
  px[i] = (px[i] as number) + (colour[0] - (px[i] as number)) * alpha;
  px[i + 1] = (px[i + 1] as number) + (colour[1] - (px[i + 1] as number)) * alpha;
  px[i + 2] = (px[i + 2] as number) + (colour[2] - (px[i + 2] as number)) * alpha;
}

/** Moves `col` toward `target` by `t` in place (no allocation: for per-pixel loops). */
export function toward(col: Float64Array, target: Rgb, t: number): void {
  col[0] = (col[0] as number) + (target[0] - (col[0] as number)) * t;
  col[1] = (col[1] as number) + (target[1] - (col[1] as number)) * t;
  col[2] = (col[2] as number) + (target[2] - (col[2] as number)) * t;
}
