import type { ParameterLayout } from "./describe.ts";

// Axis order of the TF.js tensor, as indices into the PyTorch shape.
const PERMS: Record<ParameterLayout, number[] | null> = {
  plain: null,
  linear: [1, 0],
  conv: [2, 3, 1, 0],
  conv_transpose: [2, 3, 0, 1],
  chw: [1, 2, 0],
};

/** TF.js shape of a parameter stored in PyTorch layout `shape`. */
export function tfShape(shape: readonly number[], layout: ParameterLayout): number[] {
  const perm = PERMS[layout];
  return perm === null ? [...shape] : perm.map((p) => shape[p]!);
}

/** Reorders row-major `data` of `shape` so that output axis k is input axis `perm[k]`. */
export function permute(data: Float32Array, shape: readonly number[], perm: readonly number[]): Float32Array {
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p]!);
  const inStrides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) inStrides[i] = inStrides[i + 1]! * shape[i + 1]!;
  // Stride in the input of each output axis.
  const strides = perm.map((p) => inStrides[p]!);
  const out = new Float32Array(data.length);
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = data[src]!;
    for (let k = rank - 1; k >= 0; k--) {
      idx[k]!++;
      src += strides[k]!;
      if (idx[k]! < outShape[k]!) break;
      src -= strides[k]! * outShape[k]!;
      idx[k] = 0;
    }
  }
  return out;
}

/** PyTorch layout -> TF.js layout. */
export function toTfLayout(
  data: Float32Array,
  shape: readonly number[],
  layout: ParameterLayout,
): Float32Array {
  const perm = PERMS[layout];
  return perm === null ? data : permute(data, shape, perm);
}

/** TF.js layout -> PyTorch layout (`shape` is the PyTorch shape). */
export function toTorchLayout(
  data: Float32Array,
  shape: readonly number[],
  layout: ParameterLayout,
): Float32Array {
  const perm = PERMS[layout];
  if (perm === null) return data;
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, k) => {
    inverse[p] = k;
  });
  return permute(data, tfShape(shape, layout), inverse);
}
