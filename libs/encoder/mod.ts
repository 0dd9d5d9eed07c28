/**
 * The izif encoder of f-AnoGAN (stage 3) in TensorFlow.js: the original architecture (Conv(k4, s2, p1) ->
 * BatchNorm -> ReLU blocks down to 4x4, then Linear -> tanh), configurable and with presets, PyTorch's BatchNorm
 * semantics in both modes, weights under the original's PyTorch state_dict names (see `config.ts`) as safetensors,
 * and `.pth` files (state_dicts or whole modules) read with the project's safe pickle reader.
 *
 * @example
 * ```ts
 * import { Encoder, loadEncoderFile, writeEncoderFile } from "@dermanomaly/encoder";
 *
 * const { config, stateDict } = await loadEncoderFile("encoded_990.pth"); // or a .safetensors
 * const e = new Encoder(config);
 * e.loadStateDict(stateDict);
 * const z = e.forward(images); // [N, 256, 256, 3] in [-1, 1] -> [N, 512], inference mode
 * await writeEncoderFile("encoder.safetensors", { config, stateDict: e.stateDict() });
 * ```
 *
 * @module
 */
export * from "./adam.ts";
export * from "./checkpoint.ts";
export * from "./config.ts";
export * from "./describe.ts";
export * from "./encoder.ts";
export * from "./grid.ts";
export * from "./inspect.ts";
export * from "./lineage.ts";
export * from "./options.ts";
export * from "./trainer.ts";
export * from "./weights.ts";
