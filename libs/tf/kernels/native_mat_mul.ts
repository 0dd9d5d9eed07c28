import type { TensorInfo } from "@tensorflow/tfjs";
import { nativeRuntime, runNative } from "./_native.ts";
import type { NativeGraphName } from "./_native_graphs.ts";
import { dispose, type KernelArgs, type WasmKernelFunc } from "./_wasm.ts";

/**
 * `BatchMatMul` on ONNX Runtime when its native runtime runs (else `fallback`): 2-D products as one Gemm with the
 * transposes as flags, batched ones as MatMul over `[B, M, K]` operands whose batch dimensions are equal or one of
 * them all ones (other broadcasts, and non-float32 operands, go to `fallback`).
 */
export function nativeBatchMatMul(fallback: WasmKernelFunc): WasmKernelFunc {
  return (args: KernelArgs): TensorInfo => {
    const rt = nativeRuntime();
    const a = args.inputs["a"]!;
    const b = args.inputs["b"]!;
    const { transposeA = false, transposeB = false } = args.attrs as {
      transposeA?: boolean;
      transposeB?: boolean;
    };
    if (
      rt === null ||
      a.dtype !== "float32" ||
      b.dtype !== "float32" ||
      a.shape.length < 2 ||
      b.shape.length < 2
    )
      return fallback(args);
    const ra = a.shape.length;
    const rb = b.shape.length;
    const [a0, a1] = [a.shape[ra - 2]!, a.shape[ra - 1]!];
    const [b0, b1] = [b.shape[rb - 2]!, b.shape[rb - 1]!];
    const [m, k] = transposeA ? [a1, a0] : [a0, a1];
    const [k2, n] = transposeB ? [b1, b0] : [b0, b1];
    const batchA = a.shape.slice(0, -2);
    const batchB = b.shape.slice(0, -2);
    const count = (d: readonly number[]) => d.reduce((x, y) => x * y, 1);
    const [na, nb] = [count(batchA), count(batchB)];
    const sameBatch = batchA.length === batchB.length && batchA.every((d, i) => d === batchB[i]);
    if (k !== k2 || m * n * k === 0 || !(sameBatch || na === 1 || nb === 1)) return fallback(args);
    const batch = na >= nb ? batchA : batchB;
    const out = args.backend.makeOutput([...batch, m, n], "float32");
    const flags = `${transposeA ? 1 : 0}${transposeB ? 1 : 0}`;
    const ok =
      na === 1 && nb === 1
        ? runNative(
            rt,
            args.backend,
            `gemm${flags}` as NativeGraphName,
            { a: { tensor: a, dims: [a0, a1] }, b: { tensor: b, dims: [b0, b1] } },
            { name: "y", tensor: out, dims: [m, n] },
          )
        : runNative(
            rt,
            args.backend,
            `mm${flags}` as NativeGraphName,
            { a: { tensor: a, dims: [na, a0, a1] }, b: { tensor: b, dims: [nb, b0, b1] } },
            { name: "y", tensor: out, dims: [Math.max(na, nb), m, n] },
          );
    if (ok) return out;
    dispose(args.backend, out);
    return fallback(args);
  };
}
