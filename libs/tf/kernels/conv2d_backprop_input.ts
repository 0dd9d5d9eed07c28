import type { TensorInfo } from "@tensorflow/tfjs";
import { tf } from "../tf.ts";
import { interleavePhases, isDirect, phaseAxes, phaseFilters } from "./_phases.ts";
import { dispose, type KernelArgs, run } from "./_wasm.ts";

type Shape4 = [number, number, number, number];

/**
 * `Conv2DBackpropInput` on wasm (also the forward op of `tf.conv2dTranspose`): one fast forward conv per sub-pixel
 * phase of dy with the reversed, in/out-swapped sub-filter (cached per filter tensor), interleaved into dx.
 * The built-in kernel is a scalar loop, about 10x slower.
 */
export function conv2dBackpropInput({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const dy = inputs["dy"]!;
  const filter = inputs["filter"]!;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as {
    strides: number | [number, number];
    pad: "same" | "valid" | number | [[number, number], [number, number], [number, number], [number, number]];
    dataFormat: "NHWC" | "NCHW";
    dimRoundingMode?: "floor" | "round" | "ceil";
    inputShape: Shape4;
  };
  const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== "channelsLast") {
    throw new Error(`Conv2DBackpropInput on wasm supports dataFormat "NHWC" only, got "${dataFormat}"`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as Shape4,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    format,
  );
  const [kh, kw] = filter.shape as Shape4;
  const hs = phaseAxes(info.inHeight, dy.shape[1]!, kh, info.strideHeight, info.padInfo.top);
  const ws = phaseAxes(info.inWidth, dy.shape[2]!, kw, info.strideWidth, info.padInfo.left);
  const filters = phaseFilters(backend, filter, hs, ws, info.strideHeight, info.strideWidth, true, "conv");
  const results = hs.map((h) =>
    ws.map((v) => {
      const w = filters[h.r * ws.length + v.r];
      if (w === undefined || h.count === 0 || v.count === 0) return undefined;
      return run(
        backend,
        "Conv2D",
        { x: dy, filter: w },
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
    }),
  );
  const only = results[0]?.[0];
  if (only !== undefined && isDirect(hs, ws, only)) return only;
  const dx = backend.makeOutput([...info.inShape], "float32");
  interleavePhases(backend, dx, results, hs, ws);
  for (const row of results) for (const t of row) if (t !== undefined) dispose(backend, t);
  return dx;
}
