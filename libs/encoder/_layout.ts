// How the encoder keeps its weights, and the conversions to and from PyTorch's layout. Conv weights are kept
// [out, kh, kw, in] ("OHWI"): each row is one output channel's filter in the order of an NHWC patch, so a conv is a
// matmul with the weight as the left operand (never repacked), and the TF.js filter [kh, kw, in, out] is one
// transpose away. The Linear weight keeps PyTorch's [out, in] but with `in` in NHWC flatten order (h, w, c), so the
// NHWC activations need no transpose before it.
import type { EncoderTensorSpec } from "./describe.ts";

/** PyTorch-layout values of one tensor -> the encoder's internal layout (a new array). */
export function toInternal(spec: EncoderTensorSpec, data: Float32Array): Float32Array {
  if (spec.role === "conv.weight") {
    const [o, i, kh, kw] = spec.shape as [number, number, number, number];
    const out = new Float32Array(data.length);
    for (let a = 0; a < o; a++)
      for (let c = 0; c < i; c++)
        for (let y = 0; y < kh; y++)
          for (let x = 0; x < kw; x++)
            out[((a * kh + y) * kw + x) * i + c] = data[((a * i + c) * kh + y) * kw + x]!;
    return out;
  }
  if (spec.role === "linear.weight") return permuteColumns(spec, data, true);
  return data.slice();
}

/** Internal-layout values of one tensor -> PyTorch's layout (a new array). */
export function toPyTorch(spec: EncoderTensorSpec, data: Float32Array): Float32Array {
  if (spec.role === "conv.weight") {
    const [o, i, kh, kw] = spec.shape as [number, number, number, number];
    const out = new Float32Array(data.length);
    for (let a = 0; a < o; a++)
      for (let c = 0; c < i; c++)
        for (let y = 0; y < kh; y++)
          for (let x = 0; x < kw; x++)
            out[((a * i + c) * kh + y) * kw + x] = data[((a * kh + y) * kw + x) * i + c]!;
    return out;
  }
  if (spec.role === "linear.weight") return permuteColumns(spec, data, false);
  return data.slice();
}

// Linear columns between PyTorch's NCHW flatten (c·16 + h·4 + w) and NHWC ((h·4 + w)·C + c).
function permuteColumns(spec: EncoderTensorSpec, data: Float32Array, toNhwc: boolean): Float32Array {
  const [rows, cols] = spec.shape as [number, number];
  const c = cols / 16;
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let ch = 0; ch < c; ch++) {
      for (let p = 0; p < 16; p++) {
        const nchw = base + ch * 16 + p;
        const nhwc = base + p * c + ch;
        if (toNhwc) out[nhwc] = data[nchw]!;
        else out[nchw] = data[nhwc]!;
      }
    }
  }
  return out;
}
