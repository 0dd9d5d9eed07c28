import type { TensorInfo } from "@tensorflow/tfjs";
import { dispose, type KernelArgs, transposeLast2, type WasmKernelFunc } from "./_wasm.ts";

/**
 * Wraps the package's `BatchMatMul` or `_FusedMatMul`: with a transposed operand it runs at 0.4-1.8 GFLOP/s instead
 * of ~25, so transposed operands are transposed explicitly first (cheap next to the product).
 */
export function untransposedMatMul(builtin: WasmKernelFunc): WasmKernelFunc {
  return ({ inputs, backend, attrs }: KernelArgs): TensorInfo => {
    const { transposeA, transposeB } = attrs as { transposeA?: boolean; transposeB?: boolean };
    if (!transposeA && !transposeB) return builtin({ inputs, backend, attrs });
    const a = inputs["a"]!;
    const b = inputs["b"]!;
    const aT = transposeA ? transposeLast2(backend, a) : a;
    const bT = transposeB ? transposeLast2(backend, b) : b;
    try {
      return builtin({
        inputs: { ...inputs, a: aT, b: bT },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
    } finally {
      if (aT !== a) dispose(backend, aT);
      if (bT !== b) dispose(backend, bT);
    }
  };
}
