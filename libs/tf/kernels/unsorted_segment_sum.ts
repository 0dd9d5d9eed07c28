import type { TensorInfo } from "@tensorflow/tfjs";
import type { KernelArgs } from "./_wasm.ts";

/**
 * `UnsortedSegmentSum` on wasm (missing from the package; the gradient of `tf.gather` uses it):
 * out[ids[i], ...] += x[i, ...], ids out of [0, numSegments) dropped, as TensorFlow does.
 */
export function unsortedSegmentSum({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const x = inputs["x"]!;
  const ids = inputs["segmentIds"]!;
  const numSegments = attrs["numSegments"] as number;
  if (x.dtype !== "float32" && x.dtype !== "int32") {
    throw new TypeError(`UnsortedSegmentSum on wasm supports float32 and int32, got "${x.dtype}"`);
  }
  const inner = x.shape.slice(ids.shape.length);
  const size = inner.reduce((p, d) => p * d, 1);
  const count = ids.shape.reduce((p, d) => p * d, 1);
  const out = backend.makeOutput([numSegments, ...inner], x.dtype);
  // Views after the allocation: the heap may have grown.
  const dst = backend.typedArrayFromHeap(out);
  const src = backend.typedArrayFromHeap(x);
  const seg = backend.typedArrayFromHeap(ids);
  dst.fill(0);
  for (let i = 0; i < count; i++) {
    const s = seg[i]!;
    if (s < 0 || s >= numSegments) continue;
    const d0 = s * size;
    const s0 = i * size;
    for (let j = 0; j < size; j++) dst[d0 + j] = dst[d0 + j]! + src[s0 + j]!;
  }
  return out;
}
