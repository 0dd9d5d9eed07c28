/**
 * NVIDIA StyleGAN2-ADA weights into and out of this package: snapshot pickles (NVlabs/stylegan3 `--cfg=stylegan2`
 * and stylegan2-ada-pytorch) become configs plus checked state dicts, are stored as safetensors network checkpoints
 * (`G.`, `D.`, `G_ema.` prefixes, configs in the metadata), and export back as state dicts with NVIDIA's exact
 * parameter names that PyTorch loads with `load_state_dict(strict=True)`.
 *
 * @example
 * ```ts
 * import { Generator } from "@dermanomaly/gan";
 * import { exportNvidia, importPickle, loadNetworkFile } from "@dermanomaly/gan/nvidia";
 *
 * await importPickle("network-snapshot-001000.pkl", "run.safetensors");
 * const { G_ema } = await loadNetworkFile("run.safetensors", { networks: ["G_ema"] }); // or the .pkl itself
 * const g = new Generator(G_ema!.config);
 * g.loadStateDict(G_ema!.stateDict);
 * await exportNvidia("run.safetensors", "G_ema_nvidia.safetensors", { network: "G_ema" });
 * ```
 *
 * @module
 */
export * from "./convert.ts";
export * from "./export.ts";
export * from "./network_file.ts";
