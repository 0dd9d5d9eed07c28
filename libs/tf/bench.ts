import { pathToFileURL } from "node:url";
import type { Tensor } from "@tensorflow/tfjs";
import { currentBackend, disposeBackend, initBackend } from "./backend.ts";
import { withBuiltinWasmKernels } from "./kernels/register.ts";
import { tf } from "./tf.ts";

/** One timed convolution op. */
export interface ConvBenchRow {
  /** `wasm` with this package's kernels, `wasm-builtin` with the package's own, or `cpu`. */
  variant: "wasm" | "wasm-builtin" | "cpu";
  op: "forward" | "dX" | "dW";
  /** Input shape [n, h, w, c] (the filter is k x k x c x c, stride 1, "same"). */
  shape: number[];
  /** Median wall time per call in ms; NaN where the op is missing. */
  ms: number;
  /** Useful floating-point work per second (2 * MACs / time). */
  gflops: number;
  /** Why `ms` is NaN. */
  note?: string;
}

/** Options of `benchConv()`. */
export interface ConvBenchOptions {
  /**
   * Input shape for the wasm variants.
   * @default [8, 64, 64, 64]
   */
  shape?: [number, number, number, number];
  /**
   * Input shape for the cpu backend (pure JavaScript; its weight gradient is ~100x slower).
   * @default [1, 16, 16, 16]
   */
  cpuShape?: [number, number, number, number];
  /**
   * Filter size k.
   * @default 3
   */
  kernel?: number;
  /**
   * Timed calls per op (after one warm-up call); the median is reported.
   * @default 3
   */
  repeats?: number;
  /**
   * Skip the package's own wasm kernels (their input gradient takes seconds on the default shape).
   * @default false
   */
  skipBuiltin?: boolean;
  /**
   * Gets one line per row as it is measured; `false` for silence.
   * @default console.log
   */
  log?: ((line: string) => void) | false;
}

/**
 * Times a conv forward pass, its input gradient (dX) and weight gradient (dW) on wasm with this package's kernels,
 * on wasm with the package's own kernels, and on the cpu backend (smaller shape). Needs the wasm backend: it starts
 * it (with `DERMANOMALY_TF_THREADS` threads) when no backend runs yet, and leaves the active backend as it found it.
 */
export async function benchConv(options: ConvBenchOptions = {}): Promise<ConvBenchRow[]> {
  const shape = options.shape ?? [8, 64, 64, 64];
  const cpuShape = options.cpuShape ?? [1, 16, 16, 16];
  const k = options.kernel ?? 3;
  const repeats = options.repeats ?? 3;
  const log = options.log === undefined ? (line: string) => console.log(line) : options.log;
  if (currentBackend() === undefined)
    await initBackend({ backend: "wasm", log: log === false ? false : log });
  if (currentBackend()?.name !== "wasm") {
    throw new Error(`benchConv() needs the "wasm" backend, but "${currentBackend()?.name}" runs`);
  }
  const rows: ConvBenchRow[] = [];
  const report = (row: ConvBenchRow) => {
    rows.push(row);
    if (log !== false) {
      const time = Number.isNaN(row.ms) ? (row.note ?? "n/a") : `${row.ms.toFixed(1)} ms`;
      const rate = Number.isNaN(row.ms) ? "" : `, ${row.gflops.toFixed(1)} GFLOP/s`;
      log(`${row.variant.padEnd(12)} ${row.op.padEnd(7)} ${row.shape.join("x")} k${k}: ${time}${rate}`);
    }
  };
  const before = tf.getBackend();
  try {
    for (const variant of ["wasm", "wasm-builtin", "cpu"] as const) {
      if (variant === "wasm-builtin" && options.skipBuiltin) continue;
      const s = variant === "cpu" ? cpuShape : shape;
      await tf.setBackend(variant === "cpu" ? "cpu" : "wasm");
      const quiet = tf.findBackend("cpu") as { firstUse?: boolean } | null;
      if (quiet !== null) quiet.firstUse = false;
      for (const op of ["forward", "dX", "dW"] as const) {
        const wrap = variant === "wasm-builtin" ? withBuiltinWasmKernels : <T>(f: () => T) => f();
        report(await timeOp(variant, op, s, k, repeats, wrap));
      }
    }
  } finally {
    await tf.setBackend(before);
  }
  return rows;
}

async function timeOp(
  variant: ConvBenchRow["variant"],
  op: ConvBenchRow["op"],
  shape: [number, number, number, number],
  k: number,
  repeats: number,
  wrap: <T>(f: () => T) => T,
): Promise<ConvBenchRow> {
  const [n, h, w, c] = shape;
  const flops = 2 * n * h * w * c * c * k * k;
  const x = tf.randomNormal(shape) as import("@tensorflow/tfjs").Tensor4D;
  const f = tf.randomNormal([k, k, c, c]) as import("@tensorflow/tfjs").Tensor4D;
  const dy = tf.randomNormal([n, h, w, c]) as import("@tensorflow/tfjs").Tensor4D;
  const attrs = { strides: 1, pad: "same", dataFormat: "NHWC" };
  const call = (): Tensor => {
    switch (op) {
      case "forward":
        return tf.conv2d(x, f, 1, "same");
      case "dX":
        return tf
          .engine()
          .runKernel("Conv2DBackpropInput", { dy, filter: f }, { ...attrs, inputShape: shape }) as Tensor;
      case "dW":
        return tf
          .engine()
          .runKernel("Conv2DBackpropFilter", { x, dy }, { ...attrs, filterShape: [k, k, c, c] }) as Tensor;
    }
  };
  try {
    const times: number[] = [];
    for (let i = 0; i <= repeats; i++) {
      const t0 = performance.now();
      const y = wrap(call);
      await y.data();
      y.dispose();
      if (i > 0) times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const ms = times[Math.floor(times.length / 2)]!;
    return { variant, op, shape, ms, gflops: flops / ms / 1e6 };
  } catch (e) {
    return {
      variant,
      op,
      shape,
      ms: Number.NaN,
      gflops: Number.NaN,
      note: (e as Error).message.split("\n")[0]!,
    };
  } finally {
    tf.dispose([x, f, dy]);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const choice = await initBackend({ backend: "wasm" });
  console.log(`threads: ${choice.threads}`);
  await benchConv({ log: console.log });
  disposeBackend();
}
