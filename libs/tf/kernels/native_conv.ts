import { readFileSync } from "node:fs";
import type { TensorInfo } from "@tensorflow/tfjs";
import { defineHeapModule, heapModule } from "../heap_module.ts";
import { tf } from "../tf.ts";
import { int64Tensor, type NativeRuntime, nativeRuntime, runNative } from "./_native.ts";
import type { NativeGraphName } from "./_native_graphs.ts";
import { dispose, f32, heapIndex, type KernelArgs, type WasmBackend, type WasmKernelFunc } from "./_wasm.ts";

type Shape4 = [number, number, number, number];
type Pad =
  | "same"
  | "valid"
  | number
  | [[number, number], [number, number], [number, number], [number, number]];

interface ConvAttrs {
  strides: number | [number, number];
  pad: Pad;
  dataFormat?: "NHWC" | "NCHW" | "channelsLast";
  dilations?: number | [number, number];
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/**
 * Largest windows matrix of the weight gradient built at once, in floats (16 MiB): output pixels go in bands whose
 * products are summed, so the buffer stays bounded on the 4 GiB wasm heap. Tests lower it.
 */
export const nativeWindowLimits = { maxFloats: 1 << 22 };

/** Which way a native conv or input gradient goes: by measured preference, or always one way (tests). */
export const nativeConvPath: {
  forward: "auto" | "windows" | "conv";
  inputGradient: "auto" | "windows" | "conv";
} = { forward: "auto", inputGradient: "auto" };

// im2col and col2im in wasm (bulk memory, SIMD) for the windows products (loaded by initBackend on wasm).
const WINDOWS = "tf-windows";
defineHeapModule(WINDOWS, readFileSync(new URL("./_windows.wat", import.meta.url), "utf8"));

// The geometry ONNX Runtime can take: float32 NHWC, no dilation, equal strides of 1 or 2, no empty tensor.
function convInfo(xShape: Shape4, filterShape: Shape4, a: ConvAttrs, dtype: string) {
  if (dtype !== "float32") return null;
  const format = tf.backend_util.convertConv2DDataFormat((a.dataFormat ?? "NHWC") as "NHWC" | "NCHW");
  if (format !== "channelsLast") return null;
  const info = tf.backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    a.strides,
    a.dilations ?? 1,
    a.pad,
    a.dimRoundingMode,
    false,
    format,
  );
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) return null;
  if (info.strideHeight !== info.strideWidth || (info.strideHeight !== 1 && info.strideHeight !== 2))
    return null;
  if ([...xShape, ...filterShape, info.outHeight, info.outWidth].some((d) => d <= 0)) return null;
  return info;
}

const zeroPads = (p: readonly number[]) => p.every((v) => v === 0);

/** `Conv2D` on ONNX Runtime when the native runtime runs (else, or for other geometries, `fallback`). */
export function nativeConv2D(fallback: WasmKernelFunc): WasmKernelFunc {
  return (args: KernelArgs): TensorInfo => {
    const rt = nativeRuntime();
    const x = args.inputs["x"]!;
    const filter = args.inputs["filter"]!;
    const info =
      rt === null
        ? null
        : convInfo(x.shape as Shape4, filter.shape as Shape4, args.attrs as unknown as ConvAttrs, x.dtype);
    if (rt === null || info === null) return fallback(args);
    const [, , , cin] = x.shape as Shape4;
    const [kh, kw] = filter.shape as Shape4;
    const path = nativeConvPath.forward;
    if (
      path === "windows" ||
      (path === "auto" && preferWindows(cin, kh * kw, info.outHeight * info.outWidth))
    ) {
      const out = windowsConv(rt, args.backend, x, filter, info);
      if (out !== null) return out;
    }
    const { top, bottom, left, right } = info.padInfo;
    const pads = [0, top, left, 0, 0, bottom, right, 0];
    const padded = !zeroPads(pads);
    const graph = `conv${info.strideHeight}${padded ? "p" : ""}` as NativeGraphName;
    const out = args.backend.makeOutput([...info.outShape], "float32");
    const inputs = padded ? { x, w: filter, pads: int64Tensor(rt, pads) } : { x, w: filter };
    if (runNative(rt, args.backend, graph, inputs, { name: "y", tensor: out })) return out;
    dispose(args.backend, out);
    return fallback(args);
  };
}

/**
 * Whether a forward conv runs as one product over the batch ({@link windowsConv}) rather than ONNX Runtime's Conv,
 * which multiplies image by image (a thin product for small outputs) between two layout transposes. Measured on 2
 * cores (median of 3): windows 1.0-1.5x faster at 32x32 outputs, 2.4-5.6x at 8x8 and 4x4, 1.5-2.3x for 1x1 convs;
 * ONNX Runtime 1.03-1.14x faster for 3x3 convs with 64x64 outputs, 1.8x for the 4x4 conv of 3-channel images.
 */
export function preferWindows(cin: number, taps: number, outPixels: number): boolean {
  return taps === 1 || (cin >= 16 && outPixels < 64 * 64);
}

/** Forward conv as windows matrix x filter in one product over the whole batch, in bands; null where it cannot. */
export function windowsConv(
  rt: NativeRuntime,
  backend: WasmBackend,
  x: TensorInfo,
  filter: TensorInfo,
  info: ReturnType<typeof tf.backend_util.computeConv2DInfo>,
): TensorInfo | null {
  const g = windowGeometry(x.shape as Shape4, filter.shape as Shape4, info);
  const { n, oh, ow, cout, k, pixels, band } = g;
  const out = backend.makeOutput([n, oh, ow, cout], "float32");
  const windows = backend.makeOutput([band, k], "float32");
  for (let p0 = 0; p0 < pixels; p0 += band) {
    const rows = Math.min(band, pixels - p0);
    fillWindows(backend, x, windows, p0, rows, g);
    const ok = runNative(
      rt,
      backend,
      "gemm00",
      { a: { tensor: windows, dims: [rows, k] }, b: { tensor: filter, dims: [k, cout] } },
      { name: "y", tensor: out, dims: [rows, cout], offset: p0 * cout },
    );
    if (!ok) {
      dispose(backend, windows, out);
      return null;
    }
  }
  dispose(backend, windows);
  return out;
}

/**
 * Whether an input gradient runs as {@link windowsInputGradient} rather than ONNX Runtime's graphs. Measured on 2
 * cores (median of 3): windows 1.3-3.9x faster for stride 2 (one shape 0.93x), 1.7x for 1x1 filters and for stride 1
 * at 8x8 and 4x4; ONNX Runtime's correlation 1.2-1.7x faster for stride 1 from 16x16 up.
 */
export function preferWindowsGradient(stride: number, taps: number, inPixels: number): boolean {
  return taps === 1 || stride === 2 || inPixels <= 8 * 8;
}

/**
 * The input gradient of a conv as the adjoint of the windows product: the windows matrix of dx's gradient is
 * dy · filterᵀ ([n·oh·ow, cout] x [cout, kh·kw·cin], one product per band of output pixels), whose rows are added
 * into dx where the windows lie (col2im, in wasm SIMD). Null where the col2im module is not loaded or the heap is
 * shared.
 */
export function windowsInputGradient(
  rt: NativeRuntime,
  backend: WasmBackend,
  dy: TensorInfo,
  filter: TensorInfo,
  inputShape: Shape4,
  info: ReturnType<typeof tf.backend_util.computeConv2DInfo>,
): TensorInfo | null {
  const fns = heapModule(WINDOWS);
  if (fns === null) return null;
  const g = windowGeometry(inputShape, filter.shape as Shape4, info);
  const { cout, k, pixels, band } = g;
  const dx = backend.makeOutput([...inputShape], "float32");
  const cols = backend.makeOutput([band, k], "float32");
  f32(backend, dx).fill(0);
  for (let p0 = 0; p0 < pixels; p0 += band) {
    const rows = Math.min(band, pixels - p0);
    const dyRows = heapRows(rt, backend, dy, p0 * cout, rows, cout);
    const ok =
      dyRows !== null &&
      runNative(
        rt,
        backend,
        "gemm01",
        { a: dyRows, b: { tensor: filter, dims: [k, cout] } },
        { name: "y", tensor: cols, dims: [rows, k] },
      );
    if (!ok) {
      dispose(backend, cols, dx);
      return null;
    }
    fns["col2im_add"]!(
      f32(backend, cols).byteOffset,
      f32(backend, dx).byteOffset,
      p0,
      rows,
      ...geometryArgs(g),
    );
  }
  dispose(backend, cols);
  return dx;
}

/** `Conv2DBackpropInput` (also `conv2dTranspose`'s op) on ONNX Runtime when it runs, else `fallback`. */
export function nativeConv2DBackpropInput(fallback: WasmKernelFunc): WasmKernelFunc {
  return (args: KernelArgs): TensorInfo => {
    const rt = nativeRuntime();
    const dy = args.inputs["dy"]!;
    const filter = args.inputs["filter"]!;
    const a = args.attrs as unknown as ConvAttrs & { inputShape: Shape4 };
    const info = rt === null ? null : convInfo(a.inputShape, filter.shape as Shape4, a, dy.dtype);
    if (rt === null || info === null || dy.shape[1] !== info.outHeight || dy.shape[2] !== info.outWidth)
      return fallback(args);
    const [, h, w] = a.inputShape;
    const [kh, kw] = filter.shape as Shape4;
    const path = nativeConvPath.inputGradient;
    if (path === "windows" || (path === "auto" && preferWindowsGradient(info.strideHeight, kh * kw, h * w))) {
      const dx = windowsInputGradient(rt, args.backend, dy, filter, a.inputShape, info);
      if (dx !== null) return dx;
    }
    const { top, left } = info.padInfo;
    const [, oh, ow] = dy.shape as Shape4;
    let graph: NativeGraphName;
    let pads: number[];
    if (info.strideHeight === 1) {
      // Correlating dy padded by kh-1-top before, with the reversed filter, yields dx; the pads after make it h long.
      const ph = kh - 1 - top;
      const pw = kw - 1 - left;
      pads = [0, ph, pw, 0, 0, h + kh - 1 - oh - ph, w + kw - 1 - ow - pw, 0];
      graph = "dx1p";
    } else {
      // The transposed conv gives (oh-1)*2+kh rows, dx[i] at row i+top: crop the pads, zero-fill what it lacks.
      const fh = (oh - 1) * 2 + kh;
      const fw = (ow - 1) * 2 + kw;
      pads = [0, -top, -left, 0, 0, h - fh + top, w - fw + left, 0];
      graph = zeroPads(pads) ? "dx2" : "dx2p";
    }
    const out = args.backend.makeOutput([...a.inputShape], "float32");
    const inputs = graph === "dx2" ? { dy, w: filter } : { dy, w: filter, pads: int64Tensor(rt, pads) };
    if (runNative(rt, args.backend, graph, inputs, { name: "dx", tensor: out })) return out;
    dispose(args.backend, out);
    return fallback(args);
  };
}

/**
 * `Conv2DBackpropFilter` on ONNX Runtime when it runs, else `fallback`: dW = Aᵀ dy, where the windows matrix A
 * [n·oh·ow, kh·kw·inC] holds for each output pixel its receptive field in NHWC order (each filter row a contiguous
 * run of x, copied within the heap), built in bands of output pixels whose products ONNX Runtime sums. A 1x1
 * stride-1 unpadded conv needs no windows: A is x.
 */
export function nativeConv2DBackpropFilter(fallback: WasmKernelFunc): WasmKernelFunc {
  return (args: KernelArgs): TensorInfo => {
    const rt = nativeRuntime();
    const x = args.inputs["x"]!;
    const dy = args.inputs["dy"]!;
    const a = args.attrs as unknown as ConvAttrs & { filterShape: Shape4 };
    const info = rt === null ? null : convInfo(x.shape as Shape4, a.filterShape, a, x.dtype);
    if (rt === null || info === null || dy.shape[1] !== info.outHeight || dy.shape[2] !== info.outWidth)
      return fallback(args);
    const result = weightGradient(rt, args.backend, x, dy, a.filterShape, info);
    return result ?? fallback(args);
  };
}

function weightGradient(
  rt: NativeRuntime,
  backend: WasmBackend,
  x: TensorInfo,
  dy: TensorInfo,
  filterShape: Shape4,
  info: ReturnType<typeof tf.backend_util.computeConv2DInfo>,
): TensorInfo | null {
  const g = windowGeometry(x.shape as Shape4, filterShape, info);
  const { h, w, cin, kh, kw, cout, oh, ow, s, top, left, k, pixels, band } = g;
  const dims = [k, cout];
  if (kh === 1 && kw === 1 && s === 1 && top === 0 && left === 0 && oh === h && ow === w) {
    const out = backend.makeOutput([...filterShape], "float32");
    const a = { tensor: x, dims: [pixels, cin] };
    if (
      runNative(
        rt,
        backend,
        "gemm10",
        { a, b: { tensor: dy, dims: [pixels, cout] } },
        { name: "y", tensor: out, dims },
      )
    )
      return out;
    dispose(backend, out);
    return null;
  }
  const windows = backend.makeOutput([band, k], "float32");
  let acc: TensorInfo | null = null;
  for (let p0 = 0; p0 < pixels; p0 += band) {
    const rows = Math.min(band, pixels - p0);
    const next = backend.makeOutput([...filterShape], "float32");
    fillWindows(backend, x, windows, p0, rows, g);
    // dy's rows p0..p0+rows: a view into its buffer.
    const dyRows = heapRows(rt, backend, dy, p0 * cout, rows, cout);
    const a = { tensor: windows, dims: [rows, k] };
    const ok =
      dyRows !== null &&
      runNative(
        rt,
        backend,
        acc === null ? "gemm10" : "gemmTaAcc",
        acc === null ? { a, b: dyRows } : { a, b: dyRows, c: { tensor: acc, dims } },
        { name: "y", tensor: next, dims },
      );
    if (acc !== null) dispose(backend, acc);
    acc = next;
    if (!ok) {
      dispose(backend, windows, acc);
      return null;
    }
  }
  dispose(backend, windows);
  return acc;
}

// `rows` x `cols` values of a heap tensor from element `offset`, for ONNX Runtime; null where the heap is shared.
function heapRows(
  rt: NativeRuntime,
  backend: WasmBackend,
  t: TensorInfo,
  offset: number,
  rows: number,
  cols: number,
) {
  const view = backend.typedArrayFromHeap(t);
  if (!(view instanceof Float32Array) || view.buffer instanceof SharedArrayBuffer) return null;
  return new rt.Tensor("float32", view.subarray(offset, offset + rows * cols), [rows, cols]);
}

interface WindowGeometry {
  n: number;
  h: number;
  w: number;
  cin: number;
  kh: number;
  kw: number;
  cout: number;
  oh: number;
  ow: number;
  s: number;
  top: number;
  left: number;
  /** Values per window, kh·kw·cin, and windows (output pixels), n·oh·ow. */
  k: number;
  pixels: number;
  /** Windows per band: as many as {@link nativeWindowLimits} lets one buffer hold, at least one. */
  band: number;
}

/** The geometry as the wasm `im2col` and `col2im_add` take it after their pointers, first row and row count. */
function geometryArgs(g: WindowGeometry): number[] {
  return [g.h, g.w, g.cin, g.kh, g.kw, g.oh, g.ow, g.s, g.top, g.left];
}

function windowGeometry(
  xShape: Shape4,
  filterShape: Shape4,
  info: ReturnType<typeof tf.backend_util.computeConv2DInfo>,
): WindowGeometry {
  const [n, h, w, cin] = xShape;
  const [kh, kw, , cout] = filterShape;
  const { outHeight: oh, outWidth: ow, strideHeight: s } = info;
  const { top, left } = info.padInfo;
  const k = kh * kw * cin;
  const pixels = n * oh * ow;
  const band = Math.max(1, Math.min(pixels, Math.floor(nativeWindowLimits.maxFloats / k)));
  return { n, h, w, cin, kh, kw, cout, oh, ow, s, top, left, k, pixels, band };
}

/**
 * Rows p0..p0+rows of the windows matrix: row p = (b, oy, ox) holds x[b, oy·s − top + ky, ox·s − left + kx, c] in
 * (ky, kx, c) order, zeros outside x. For one ky the kw·cin values are one contiguous run of x where the window
 * lies inside the row, so they are copied as one run: by the wasm module's `im2col` (memory.copy, memory.fill) where
 * it is loaded, else with `copyWithin` on one view of the whole heap (no allocation per copy).
 */
function fillWindows(
  backend: WasmBackend,
  x: TensorInfo,
  windows: TensorInfo,
  p0: number,
  rows: number,
  g: WindowGeometry,
): void {
  const fns = heapModule(WINDOWS);
  if (fns !== null) {
    fns["im2col"]!(
      f32(backend, x).byteOffset,
      f32(backend, windows).byteOffset,
      p0,
      rows,
      ...geometryArgs(g),
    );
    return;
  }
  const xs = f32(backend, x);
  const dst = f32(backend, windows);
  const heap = new Float32Array(xs.buffer);
  const xBase = heapIndex(xs);
  const dBase = heapIndex(dst);
  const { h, w, cin, kh, kw, oh, ow, s, top, left } = g;
  const run = kw * cin;
  const k = kh * run;
  for (let r = 0; r < rows; r++) {
    const p = p0 + r;
    const ox = p % ow;
    const oy = Math.floor(p / ow) % oh;
    const b = Math.floor(p / (ow * oh));
    const ix0 = ox * s - left;
    // Columns kx in [lo, hi) lie inside the row.
    const lo = Math.max(0, -ix0);
    const hi = Math.min(kw, w - ix0);
    let d = dBase + r * k;
    for (let ky = 0; ky < kh; ky++, d += run) {
      const iy = oy * s - top + ky;
      if (iy < 0 || iy >= h || hi <= lo) {
        heap.fill(0, d, d + run);
        continue;
      }
      if (lo > 0) heap.fill(0, d, d + lo * cin);
      if (hi < kw) heap.fill(0, d + hi * cin, d + run);
      const src = xBase + ((b * h + iy) * w + ix0 + lo) * cin;
      heap.copyWithin(d + lo * cin, src, src + (hi - lo) * cin);
    }
  }
}
