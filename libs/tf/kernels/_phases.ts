// Input gradient of a strided convolution as s_h * s_w stride-1 convolutions ("sub-pixel phases").
//
// Forward: y[o] = sum_k x[o*s - T + k] w[k]. For the input positions i = s*q + r of one phase r, only the taps
// k = c + s*j with c = (r + T) mod s reach i, and dx[s*q + r] = sum_j dy[q + d - j] w[c + s*j], d = floor((r + T) / s):
// a stride-1 correlation of dy with the reversed sub-filter. Each phase is one fast forward conv on wasm; the phases
// are then interleaved into dx. With s = 1 there is one phase: the classic "conv of dy with the flipped filter".
import type { TensorInfo } from "@tensorflow/tfjs";
import { cachedDerived, f32, type WasmBackend } from "./_wasm.ts";

/** One axis of one phase. */
export interface PhaseAxis {
  /** Residue r of the input positions this phase produces. */
  r: number;
  /** First filter tap c of the phase; taps are c, c + s, ... */
  c: number;
  /** Number of taps in the phase (0: the phase gets no gradient). */
  taps: number;
  /** Padding before / after dy for the stride-1 correlation. */
  padBefore: number;
  padAfter: number;
  /** Number of input positions in the phase. */
  count: number;
  /** Offset of the first wanted output of the correlation. */
  offset: number;
}

/** Splits one axis (input size n, dy size m, filter size k, stride s, leading pad t) into its s phases. */
export function phaseAxes(n: number, m: number, k: number, s: number, t: number): PhaseAxis[] {
  const axes: PhaseAxis[] = [];
  for (let r = 0; r < s; r++) {
    const c = (r + t) % s;
    const taps = c < k ? Math.ceil((k - c) / s) : 0;
    const d = Math.floor((r + t) / s);
    const count = r < n ? Math.ceil((n - r) / s) : 0;
    const start = d - (taps - 1);
    const padBefore = Math.max(0, -start);
    const padAfter = Math.max(0, start + count + taps - 1 - m);
    axes.push({ r, c, taps, padBefore, padAfter, count, offset: Math.max(start, 0) });
  }
  return axes;
}

/**
 * Reversed sub-filter of one phase, laid out for a forward conv: [tapsH, tapsW, outC, inC] from a conv filter
 * [kh, kw, inC, outC] (`swapIO`), or [tapsH, tapsW, C, M] from a depthwise filter kept as is.
 */
export function phaseFilter(
  w: Float32Array,
  shape: readonly number[],
  h: PhaseAxis,
  v: PhaseAxis,
  sh: number,
  sw: number,
  swapIO: boolean,
): Float32Array {
  const [, kw, ci, co] = shape as [number, number, number, number];
  const out = new Float32Array(h.taps * v.taps * ci * co);
  let o = 0;
  for (let jh = 0; jh < h.taps; jh++) {
    const fh = h.c + sh * (h.taps - 1 - jh);
    for (let jw = 0; jw < v.taps; jw++) {
      const fw = v.c + sw * (v.taps - 1 - jw);
      const base = (fh * kw + fw) * ci * co;
      if (swapIO) {
        for (let b = 0; b < co; b++) for (let a = 0; a < ci; a++) out[o++] = w[base + a * co + b]!;
      } else {
        out.set(w.subarray(base, base + ci * co), o);
        o += ci * co;
      }
    }
  }
  return out;
}

/**
 * Writes phase results into dx [n, hIn, wIn, ch]. `results[ih][iw]` is the correlation output of phase (ih, iw), of
 * shape [n, ph, pw, ch], or undefined where the phase has no taps (its positions get zeros).
 */
export function interleavePhases(
  backend: WasmBackend,
  dx: TensorInfo,
  results: (TensorInfo | undefined)[][],
  hs: PhaseAxis[],
  ws: PhaseAxis[],
): void {
  const [n, hIn, wIn, ch] = dx.shape as [number, number, number, number];
  const sh = hs.length;
  const sw = ws.length;
  const out = f32(backend, dx);
  if (results.some((row) => row.some((t) => t === undefined))) out.fill(0);
  for (const h of hs) {
    for (const v of ws) {
      const t = results[h.r]?.[v.r];
      if (t === undefined) continue;
      const [, ph, pw] = t.shape as [number, number, number, number];
      const src = f32(backend, t);
      for (let b = 0; b < n; b++) {
        for (let q = 0; q < h.count; q++) {
          const srcRow = ((b * ph + h.offset + q) * pw + v.offset) * ch;
          const dstRow = (b * hIn + q * sh + h.r) * wIn * ch;
          if (sw === 1) {
            out.set(src.subarray(srcRow, srcRow + v.count * ch), dstRow);
          } else if (ch >= 16) {
            for (let p = 0; p < v.count; p++) {
              const s0 = srcRow + p * ch;
              out.set(src.subarray(s0, s0 + ch), dstRow + (p * sw + v.r) * ch);
            }
          } else {
            for (let p = 0; p < v.count; p++) {
              const s0 = srcRow + p * ch;
              const d0 = dstRow + (p * sw + v.r) * ch;
              for (let c = 0; c < ch; c++) out[d0 + c] = src[s0 + c]!;
            }
          }
        }
      }
    }
  }
}

/** True when a single phase's correlation output is already dx (no crop, no interleave). */
export function isDirect(hs: PhaseAxis[], ws: PhaseAxis[], result: TensorInfo): boolean {
  const h = hs[0]!;
  const v = ws[0]!;
  return (
    hs.length === 1 &&
    ws.length === 1 &&
    h.offset === 0 &&
    v.offset === 0 &&
    result.shape[1] === h.count &&
    result.shape[2] === v.count
  );
}

/**
 * The reversed phase sub-filters of `filter` (a conv filter made [th, tw, outC, inC] with `swapIO`, else a depthwise
 * filter [th, tw, C, M]), one per phase (undefined where a phase has no taps), cached while `filter` lives.
 */
export function phaseFilters(
  backend: WasmBackend,
  filter: TensorInfo,
  hs: PhaseAxis[],
  ws: PhaseAxis[],
  sh: number,
  sw: number,
  swapIO: boolean,
  tag: string,
): (TensorInfo | undefined)[] {
  const key = `${tag}:${sh}:${sw}:${hs.map((h) => h.c).join(",")}:${ws.map((v) => v.c).join(",")}`;
  const [, , ci, co] = filter.shape as [number, number, number, number];
  const made = cachedDerived(backend, filter, key, () => {
    const out: TensorInfo[] = [];
    for (const h of hs) {
      for (const v of ws) {
        if (h.taps === 0 || v.taps === 0) continue;
        const t = backend.makeOutput([h.taps, v.taps, swapIO ? co : ci, swapIO ? ci : co], "float32");
        // Take the views after allocating: the heap may have grown.
        const values = phaseFilter(f32(backend, filter), filter.shape, h, v, sh, sw, swapIO);
        f32(backend, t).set(values);
        out.push(t);
      }
    }
    return out;
  });
  const byPhase: (TensorInfo | undefined)[] = [];
  let i = 0;
  for (const h of hs) for (const v of ws) byPhase.push(h.taps === 0 || v.taps === 0 ? undefined : made[i++]);
  return byPhase;
}
