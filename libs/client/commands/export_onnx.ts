import { resolve } from "node:path";
import type { Command } from "../cli.ts";
import { choice, optionalInt, requireString } from "./_args.ts";

// "lineage": what the encoder was trained with (G_ema and const without an encoder).
const GENERATORS = { lineage: "lineage", G_ema: "G_ema", G: "G" } as const;
const NOISE_MODES = { lineage: "lineage", const: "const", random: "random", none: "none" } as const;

/**
 * `export-onnx`: G and D of a GAN checkpoint, and an encoder, as ONNX models in a folder. It runs here, as the other
 * file conversions (`gan import`, `gan export`) do: the models are files for this machine, and the reconstructor
 * service exports (and caches) its own from the checkpoints it is given, so nothing is gained by a round trip.
 */
export const exportOnnx: Command = {
  path: ["export-onnx"],
  summary:
    "Export a GAN checkpoint's generator and discriminator (and an encoder) as ONNX models (G.onnx, D.onnx, E.onnx)",
  usage:
    "--gan CKPT|FILE.pkl [--encoder CKPT] --out DIR [--generator lineage|G_ema|G] " +
    "[--noise-mode lineage|const|random|none] [--opset 17]",
  options: {
    gan: { type: "string" },
    encoder: { type: "string" },
    out: { type: "string" },
    generator: { type: "string", default: "lineage" },
    "noise-mode": { type: "string", default: "lineage" },
    opset: { type: "string" },
  },
  async run(values) {
    const gan = resolve(requireString(values, "gan"));
    const encoder = typeof values["encoder"] === "string" ? resolve(values["encoder"]) : undefined;
    const out = resolve(requireString(values, "out"));
    const generator = choice(values, "generator", GENERATORS);
    const noiseMode = choice(values, "noise-mode", NOISE_MODES);
    const opset = optionalInt(values, "opset");
    // Loaded here only: the exporters (and the encoder reader's TF.js) are not needed by the other commands.
    const { exportCheckpoints } = await import("@dermanomaly/onnx");
    const written = await exportCheckpoints({ gan, ...(encoder !== undefined && { encoder }) }, out, {
      ...(generator !== "lineage" && { generator }),
      ...(noiseMode !== "lineage" && { noiseMode }),
      ...(opset !== undefined && { opset }),
    });
    console.log(
      `Exported ${written.choice.generator} (noise ${written.choice.noiseMode}), D${written.encoder ? " and E" : ""} ` +
        `into ${out}: images ${written.sizes.resolution}x${written.sizes.resolution}, z ${written.sizes.zDim}, ` +
        `D features ${written.sizes.featureDim}`,
    );
    for (const m of [written.generator, written.discriminator, written.encoder]) {
      if (m === null) continue;
      console.log(`  ${m.path} (${m.sizeBytes} bytes, sha256 ${m.sha256})`);
      if (m.data !== null) console.log(`  ${m.data.path} (${m.data.sizeBytes} bytes, external data)`);
    }
    return 0;
  },
};
