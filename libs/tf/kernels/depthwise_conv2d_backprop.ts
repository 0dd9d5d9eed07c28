import type { TensorInfo } from "@tensorflow/tfjs";
import { tf } from "../tf.ts";
import { interleavePhases, isDirect, phaseAxes, phaseFilters } from "./_phases.ts";
import { dispose, f32, type KernelArgs, reshape, run } from "./_wasm.ts";

type Shape4 = [number, number, number, number];
type Pad =
  | "same"
  | "valid"
  | number
  | [[number, number], [number, number], [number, number], [number, number]];

interface DepthwiseAttrs {
  strides: number | [number, number];
  dilations: number | [number, number];
  pad: Pad;
  dimRoundingMode?: "floor" | "round" | "ceil";
}

function depthwiseInfo(xShape: Shape4, filterShape: Shape4, a: DepthwiseAttrs) {
  const info = tf.backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    a.strides,
    a.dilations,
    a.pad,
    a.dimRoundingMode,
    true,
  );
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) {
    throw new Error(`Depthwise conv gradients on wasm support dilation 1 only, got "${a.dilations}"`);
  }
  return info;
}

/**
 * `DepthwiseConv2dNativeBackpropInput` on wasm (missing from the package): per sub-pixel phase, a depthwise conv of
 * dy (C*M channels) with the reversed filter, then the M multiplier channels of each input channel summed.
 */
export function depthwiseConv2dBackpropInput({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const dy = inputs["dy"]!;
  const filter = inputs["filter"]!;
  const a = attrs as unknown as DepthwiseAttrs & { inputShape: Shape4 };
  const info = depthwiseInfo(a.inputShape, filter.shape as Shape4, a);
  const [kh, kw, c, m] = filter.shape as Shape4;
  const hs = phaseAxes(info.inHeight, dy.shape[1]!, kh, info.strideHeight, info.padInfo.top);
  const ws = phaseAxes(info.inWidth, dy.shape[2]!, kw, info.strideWidth, info.padInfo.left);
  const filters = phaseFilters(backend, filter, hs, ws, info.strideHeight, info.strideWidth, false, "dw");
  const results = hs.map((h) =>
    ws.map((v) => {
      const w = filters[h.r * ws.length + v.r];
      if (w === undefined || h.count === 0 || v.count === 0) return undefined;
      // The filter as [th, tw, C*M, 1]: every dy channel gets its own reversed tap set.
      const w1 = reshape(backend, w, [w.shape[0]!, w.shape[1]!, c * m, 1]);
      const y = run(
        backend,
        "DepthwiseConv2dNative",
        { x: dy, filter: w1 },
        {
          strides: [1, 1],
          pad: [
            [0, 0],
            [h.padBefore, h.padAfter],
            [v.padBefore, v.padAfter],
            [0, 0],
          ],
          dataFormat: "NHWC",
          dilations: [1, 1],
        },
      );
      dispose(backend, w1);
      if (m === 1) return y;
      const [n, ph, pw] = y.shape as Shape4;
      const y5 = reshape(backend, y, [n, ph, pw, c, m]);
      const sum = run(backend, "Sum", { x: y5 }, { axis: [4], keepDims: false });
      dispose(backend, y, y5);
      return sum;
    }),
  );
  const only = results[0]?.[0];
  if (only !== undefined && isDirect(hs, ws, only)) return only;
  const dx = backend.makeOutput([...info.inShape], "float32");
  interleavePhases(backend, dx, results, hs, ws);
  for (const row of results) for (const t of row) if (t !== undefined) dispose(backend, t);
  return dx;
}

/**
 * `DepthwiseConv2dNativeBackpropFilter` on wasm (missing from the package), as a direct loop: depthwise filters here
 * are small fixed kernels (FIR), whose weight gradient is rarely asked for.
 */
export function depthwiseConv2dBackpropFilter({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const x = inputs["x"]!;
  const dy = inputs["dy"]!;
  const a = attrs as unknown as DepthwiseAttrs & { filterShape: Shape4 };
  const info = depthwiseInfo(x.shape as Shape4, a.filterShape, a);
  const [n, h, w, c] = x.shape as Shape4;
  const [fh, fw, , m] = a.filterShape;
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const acc = new Float64Array(fh * fw * c * m);
  const xs = f32(backend, x);
  const dys = f32(backend, dy);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const d0 = ((b * oh + oy) * ow + ox) * c * m;
        for (let ky = 0; ky < fh; ky++) {
          const iy = oy * sh - top + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < fw; kx++) {
            const ix = ox * sw - left + kx;
            if (ix < 0 || ix >= w) continue;
            const x0 = ((b * h + iy) * w + ix) * c;
            const a0 = (ky * fw + kx) * c * m;
            for (let ch = 0; ch < c; ch++) {
              const xv = xs[x0 + ch]!;
              for (let j = 0; j < m; j++) acc[a0 + ch * m + j]! += xv * dys[d0 + ch * m + j]!;
            }
          }
        }
      }
    }
  }
  const out = backend.makeOutput([...a.filterShape], "float32");
  f32(backend, out).set(acc);
  return out;
}
