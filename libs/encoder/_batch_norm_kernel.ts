// The passes of `_batch_norm.ts` over a layer's values, run by the WebAssembly loops of `_batch_norm.wat`. Every pass
// goes row by row (a row: the C channels of one pixel) with per-channel sums, so the values go through the kernel's
// memory in chunks of whole rows, in order: the sums add up in the same order as over the whole array, and the
// memory stays a few MiB whatever the layer's size.
import { align16, compileKernel, KernelInstance } from "./_wasm_kernel.ts";

interface BatchNormExports {
  statistics(v: number, bias: number, shift: number, s1: number, s2: number, c: number, size: number): void;
  normalise_relu(
    v: number,
    out: number,
    xhat: number,
    bias: number,
    mean: number,
    invstd: number,
    gamma: number,
    beta: number,
    c: number,
    size: number,
  ): void;
  relu_masked_sums(
    d: number,
    g: number,
    xhat: number,
    gamma: number,
    beta: number,
    sumG: number,
    sumGx: number,
    c: number,
    size: number,
  ): void;
  input_gradient(
    g: number,
    xhat: number,
    a: number,
    b: number,
    e: number,
    sumDy: number,
    c: number,
    size: number,
  ): void;
}

const compiled = await compileKernel("_batch_norm");

/** Values a chunk holds at most (whole rows; at least one row). */
const CHUNK_VALUES = 1 << 18;

let instance: KernelInstance<BatchNormExports> | undefined;

/**
 * Where a call's arrays lie in the kernel's memory for `c` channels: four float32 per-channel arrays, six float64
 * ones, and three chunks of `rows` rows.
 */
function layout(c: number) {
  instance ??= new KernelInstance<BatchNormExports>(compiled);
  const rows = Math.max(1, Math.floor(CHUNK_VALUES / c));
  const f32c = align16(c * 4);
  const f64c = align16(c * 8);
  const chunk = align16(rows * c * 4);
  const at = {
    f32: [0, 1, 2, 3].map((i) => i * f32c),
    f64: [0, 1, 2, 3, 4, 5].map((i) => 4 * f32c + i * f64c),
  };
  const chunks = [0, 1, 2].map((i) => 4 * f32c + 6 * f64c + i * chunk);
  instance.reserve((chunks[2] as number) + chunk);
  return { kernel: instance, rows, f32: at.f32 as number[], f64: at.f64 as number[], chunks };
}

/**
 * Runs `fn` over the rows of `size` values of `c` channels, a chunk at a time: the chunk's first value and count.
 * A layer that fits one chunk stays in the kernel's memory between the two passes, which then copy nothing twice.
 */
function eachChunk(size: number, c: number, rows: number, fn: (start: number, count: number) => void): void {
  for (let start = 0; start < size; start += rows * c) fn(start, Math.min(rows * c, size - start));
}

/**
 * The forward pass's two loops: per-channel sums of d = f32(v + bias) − shift and of d² (`statistics`), then, once
 * `normalise(s1, s2)` has turned them into the mean and 1/√(var + eps), x̂ and relu(γ·x̂ + β) (`normalise_relu`).
 */
export function forwardPasses(
  v: Float32Array,
  out: Float32Array,
  xhat: Float32Array,
  p: {
    bias: Float32Array;
    gamma: Float32Array;
    beta: Float32Array;
    shift: Float64Array;
    normalise(s1: Float64Array, s2: Float64Array): { mean: Float64Array; invstd: Float32Array };
  },
): void {
  const c = p.bias.length;
  const { kernel, rows, f32, f64, chunks } = layout(c);
  const [bias, gamma, beta, invstd] = f32 as [number, number, number, number];
  const [shift, s1, s2, mean] = f64 as [number, number, number, number];
  const [x, y, z] = chunks as [number, number, number];
  let m32 = kernel.f32;
  let m64 = kernel.f64;
  m32.set(p.bias, bias / 4);
  m64.set(p.shift, shift / 8);
  m64.fill(0, s1 / 8, s1 / 8 + c);
  m64.fill(0, s2 / 8, s2 / 8 + c);
  const oneChunk = v.length <= rows * c;
  eachChunk(v.length, c, rows, (start, n) => {
    m32.set(v.subarray(start, start + n), x / 4);
    kernel.exports.statistics(x, bias, shift, s1, s2, c, n);
  });
  const normalised = p.normalise(m64.slice(s1 / 8, s1 / 8 + c), m64.slice(s2 / 8, s2 / 8 + c));
  m32 = kernel.f32;
  m64 = kernel.f64;
  m64.set(normalised.mean, mean / 8);
  m32.set(normalised.invstd, invstd / 4);
  m32.set(p.gamma, gamma / 4);
  m32.set(p.beta, beta / 4);
  eachChunk(v.length, c, rows, (start, n) => {
    if (!oneChunk) m32.set(v.subarray(start, start + n), x / 4);
    kernel.exports.normalise_relu(x, y, z, bias, mean, invstd, gamma, beta, c, n);
    out.set(m32.subarray(y / 4, y / 4 + n), start);
    xhat.set(m32.subarray(z / 4, z / 4 + n), start);
  });
}

/**
 * The backward pass's two loops: g = d where the output was positive, with Σg and Σg·x̂ per channel
 * (`relu_masked_sums`; g waits in `out` when the layer spans several chunks); then, once `coefficients(ΣG, ΣGx)` has
 * given a, b and e, dy = f32(a·(g − b − x̂·e)) into `out`, with Σdy per channel (`input_gradient`). Returns the sums.
 */
export function backwardPasses(
  d: Float32Array,
  out: Float32Array,
  xhat: Float32Array,
  p: {
    gamma: Float32Array;
    beta: Float32Array;
    coefficients(
      sumG: Float64Array,
      sumGx: Float64Array,
    ): { a: Float64Array; b: Float64Array; e: Float64Array };
  },
): { sumG: Float64Array; sumGx: Float64Array; sumDy: Float64Array } {
  const c = p.gamma.length;
  const { kernel, rows, f32, f64, chunks } = layout(c);
  const [gamma, beta] = f32 as [number, number];
  const [sumG, sumGx, a, b, e, sumDy] = f64 as [number, number, number, number, number, number];
  const [x, y, z] = chunks as [number, number, number];
  const m32 = kernel.f32;
  const m64 = kernel.f64;
  m32.set(p.gamma, gamma / 4);
  m32.set(p.beta, beta / 4);
  m64.fill(0, sumG / 8, sumG / 8 + c);
  m64.fill(0, sumGx / 8, sumGx / 8 + c);
  m64.fill(0, sumDy / 8, sumDy / 8 + c);
  const oneChunk = d.length <= rows * c;
  eachChunk(d.length, c, rows, (start, n) => {
    m32.set(d.subarray(start, start + n), x / 4);
    m32.set(xhat.subarray(start, start + n), z / 4);
    kernel.exports.relu_masked_sums(x, y, z, gamma, beta, sumG, sumGx, c, n);
    // g waits in `out` for the second pass, unless it can wait in the chunk.
    if (!oneChunk) out.set(m32.subarray(y / 4, y / 4 + n), start);
  });
  const sums = { sumG: m64.slice(sumG / 8, sumG / 8 + c), sumGx: m64.slice(sumGx / 8, sumGx / 8 + c) };
  const k = p.coefficients(sums.sumG, sums.sumGx);
  m64.set(k.a, a / 8);
  m64.set(k.b, b / 8);
  m64.set(k.e, e / 8);
  eachChunk(d.length, c, rows, (start, n) => {
    if (!oneChunk) {
      m32.set(out.subarray(start, start + n), y / 4);
      m32.set(xhat.subarray(start, start + n), z / 4);
    }
    kernel.exports.input_gradient(y, z, a, b, e, sumDy, c, n);
    out.set(m32.subarray(y / 4, y / 4 + n), start);
  });
  return { ...sums, sumDy: m64.slice(sumDy / 8, sumDy / 8 + c) };
}
