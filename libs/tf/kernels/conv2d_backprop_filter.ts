import type { TensorInfo } from "@tensorflow/tfjs";
import { tf } from "../tf.ts";
import {
  dispose,
  f32,
  type KernelArgs,
  matMul,
  reshape,
  run,
  transposeLast2,
  type WasmBackend,
} from "./_wasm.ts";

type Shape4 = [number, number, number, number];

/**
 * Largest im2col block built at once, in floats (16 MiB): batches go in groups of images, and an image whose block
 * is larger goes in bands of output rows, so the buffer stays bounded on the 4 GiB wasm heap. Tests lower it.
 */
export const im2colLimits = { maxColumns: 1 << 22 };

/**
 * `Conv2DBackpropFilter` on wasm, which the package lacks: dW = A dy as one fast matmul, where A [kh*kw*cin, n*oh*ow]
 * stacks the shifted (and strided) windows of x, built from x transposed to channel-major so that rows are copied
 * whole. dy is the matmul's right operand, the one the wasm matmul repacks on every call, and it is the small one.
 * Any stride and padding; dilation 1 (tfjs asks for no other in conv gradients).
 */
export function conv2dBackpropFilter({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const x = inputs["x"]!;
  const dy = inputs["dy"]!;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
    strides: number | [number, number];
    pad: "same" | "valid" | number | [[number, number], [number, number], [number, number], [number, number]];
    dataFormat: "NHWC" | "NCHW";
    dimRoundingMode?: "floor" | "round" | "ceil";
    filterShape: Shape4;
  };
  const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== "channelsLast") {
    throw new Error(`Conv2DBackpropFilter on wasm supports dataFormat "NHWC" only, got "${dataFormat}"`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as Shape4,
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    format,
  );
  const [n, h, w, cin] = x.shape as Shape4;
  const [fh, fw, , cout] = filterShape;
  const oh = info.outHeight;
  const ow = info.outWidth;
  const { top, left } = info.padInfo;
  const sh = info.strideHeight;
  const sw = info.strideWidth;
  const k = fh * fw * cin;

  const x2 = reshape(backend, x, [n * h * w, cin]);
  const xT = transposeLast2(backend, x2);
  dispose(backend, x2);
  // A 1x1 conv with stride 1 and no padding: A is x^T itself.
  if (fh === 1 && fw === 1 && sh === 1 && sw === 1 && top === 0 && left === 0 && oh === h && ow === w) {
    const dy2 = reshape(backend, dy, [n * oh * ow, cout]);
    const dw = matMul(backend, xT, dy2);
    const out = reshape(backend, dw, [...filterShape]);
    dispose(backend, xT, dy2, dw);
    return out;
  }

  // Column blocks: whole images while one fits the limit, else bands of output rows of one image.
  const perRow = ow * k;
  const perImage = oh * perRow;
  const blocks: { n0: number; ng: number; oy0: number; noy: number }[] = [];
  if (perImage <= im2colLimits.maxColumns) {
    const group = Math.max(1, Math.min(n, Math.floor(im2colLimits.maxColumns / Math.max(perImage, 1))));
    for (let n0 = 0; n0 < n; n0 += group) blocks.push({ n0, ng: Math.min(group, n - n0), oy0: 0, noy: oh });
  } else {
    const band = Math.max(1, Math.floor(im2colLimits.maxColumns / perRow));
    for (let n0 = 0; n0 < n; n0++) {
      for (let oy0 = 0; oy0 < oh; oy0 += band) blocks.push({ n0, ng: 1, oy0, noy: Math.min(band, oh - oy0) });
    }
  }
  let acc: TensorInfo | undefined;
  for (const { n0, ng, oy0, noy } of blocks) {
    const dyPart =
      ng === n && noy === oh
        ? dy
        : run(backend, "Slice", { x: dy }, { begin: [n0, oy0, 0, 0], size: [ng, noy, ow, cout] });
    const dy2 = reshape(backend, dyPart, [ng * noy * ow, cout]);
    const windows = backend.makeOutput([k, ng * noy * ow], "float32");
    fillWindows(backend, xT, windows, { n, n0, ng, oy0, noy, h, w, cin, fh, fw, ow, top, left, sh, sw });
    const part = matMul(backend, windows, dy2);
    dispose(backend, dy2, windows);
    if (dyPart !== dy) dispose(backend, dyPart);
    if (acc === undefined) {
      acc = part;
    } else {
      const sum = run(backend, "Add", { a: acc, b: part });
      dispose(backend, acc, part);
      acc = sum;
    }
  }
  dispose(backend, xT);
  const out = reshape(backend, acc!, [...filterShape]);
  dispose(backend, acc!);
  return out;
}

interface WindowGeometry {
  n: number;
  n0: number;
  ng: number;
  oy0: number;
  noy: number;
  h: number;
  w: number;
  cin: number;
  fh: number;
  fw: number;
  ow: number;
  top: number;
  left: number;
  sh: number;
  sw: number;
}

/**
 * Row (ky, kx, c) of the windows matrix holds x[b, oy*sh - top + ky, ox*sw - left + kx, c] for every output pixel
 * (b, oy, ox) of the block (images n0..n0+ng, output rows oy0..oy0+noy), zeros outside x. `xT` is x as [cin, n*h*w].
 */
function fillWindows(backend: WasmBackend, xT: TensorInfo, windows: TensorInfo, g: WindowGeometry): void {
  const src = f32(backend, xT);
  const dst = f32(backend, windows);
  const { n, n0, ng, oy0, noy, h, w, cin, fh, fw, ow, top, left, sh, sw } = g;
  let o = 0;
  for (let ky = 0; ky < fh; ky++) {
    for (let kx = 0; kx < fw; kx++) {
      // Output columns whose input column lies inside x: ox in [lo, hi).
      const lo = Math.min(ow, Math.max(0, Math.ceil((left - kx) / sw)));
      const hi = Math.max(lo, Math.min(ow, Math.floor((w - 1 + left - kx) / sw) + 1));
      for (let c = 0; c < cin; c++) {
        for (let b = n0; b < n0 + ng; b++) {
          for (let oy = oy0; oy < oy0 + noy; oy++) {
            const iy = oy * sh - top + ky;
            if (iy < 0 || iy >= h) {
              dst.fill(0, o, o + ow);
            } else {
              const row = ((c * n + b) * h + iy) * w;
              if (lo > 0) dst.fill(0, o, o + lo);
              if (hi < ow) dst.fill(0, o + hi, o + ow);
              const s0 = row + lo * sw - left + kx;
              if (sw === 1) {
                dst.set(src.subarray(s0, s0 + hi - lo), o + lo);
              } else {
                for (let ox = lo, s = s0; ox < hi; ox++, s += sw) dst[o + ox] = src[s]!;
              }
            }
            o += ow;
          }
        }
      }
    }
  }
}
