/**
 * ONNX export of the project's networks and ONNX Runtime sessions to run them: a small typed graph builder on
 * `onnx-buf` (protobuf-es, ONNX 1.20), model files with external data for large weights and lineage in
 * `metadata_props`, exporters for the StyleGAN2 generator (z, psi -> image), discriminator (image -> features,
 * logit) and izif encoder (image -> z) with a dynamic batch, and sessions on the CPU or CUDA provider. Exporting
 * loads no TF.js.
 *
 * @example
 * ```ts
 * import { loadNetworkFile } from "@dermanomaly/gan/nvidia";
 * import { exportGenerator, openSession } from "@dermanomaly/onnx";
 * import * as ort from "onnxruntime-node";
 *
 * const { G_ema } = await loadNetworkFile("network-snapshot-000200.pkl", { networks: ["G_ema"] });
 * await exportGenerator(G_ema!, "G.onnx", { noiseMode: "const", lineage: { source: "network-snapshot-000200.pkl" } });
 * const { session } = await openSession("G.onnx", { threads: 2 });
 * const z = new ort.Tensor("float32", new Float32Array(512), [1, 512]);
 * const { image } = await session.run({ z, psi: new ort.Tensor("float32", [1], []) }); // [1, 3, 256, 256]
 * ```
 *
 * @module
 */
export * from "./builder.ts";
export * from "./discriminator.ts";
export * from "./encoder.ts";
export * from "./export_checkpoints.ts";
export * from "./generator.ts";
export * from "./lineage.ts";
export * from "./model_file.ts";
export * from "./session.ts";
