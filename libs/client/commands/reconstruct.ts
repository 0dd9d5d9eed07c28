import type { GeneratorChoice, NoiseMode, StartReconstructionRequest } from "@dermanomaly/contracts";
import type { Command } from "../cli.ts";
import { choice, location, optionalInt, optionalNumber, parseClassMap, requireString } from "./_args.ts";
import { runJob } from "./_job.ts";
import { copyIn, outputLine, printCounts } from "./_outputs.ts";

type Values = Parameters<Command["run"]>[0];

const GENERATORS: Record<string, GeneratorChoice> = {
  lineage: "GENERATOR_CHOICE_UNSPECIFIED",
  G_ema: "GENERATOR_CHOICE_G_EMA",
  G: "GENERATOR_CHOICE_G",
};

const NOISE_MODES: Record<string, NoiseMode> = {
  lineage: "NOISE_MODE_UNSPECIFIED",
  const: "NOISE_MODE_CONST",
  random: "NOISE_MODE_RANDOM",
};

/**
 * The `StartReconstructionRequest` that `reconstruct` options describe (a value left out keeps the service's
 * default: the generator and noise mode of the encoder's lineage, batches of 8, items of 64).
 *
 * @throws {UsageError} for a missing `--gan`/`--encoder`/`--source`/`--out` or a malformed value
 */
export function reconstructRequest(values: Values): StartReconstructionRequest {
  const generator = choice(values, "generator", GENERATORS);
  const noiseMode = choice(values, "noise-mode", NOISE_MODES);
  const steps = optionalInt(values, "refine-steps") ?? 0;
  return {
    requestId: typeof values["request-id"] === "string" ? values["request-id"] : "",
    source: location(requireString(values, "source")),
    models: {
      gan: location(requireString(values, "gan")),
      encoder: location(requireString(values, "encoder")),
      generator,
      noiseMode,
      ...(steps > 0 && {
        refine: {
          steps,
          lr: optionalNumber(values, "refine-lr") ?? 0,
          kappa: optionalNumber(values, "refine-kappa") ?? 0,
        },
      }),
    },
    dest: location(requireString(values, "out")),
    batchSize: optionalInt(values, "batch") ?? 0,
    itemSize: optionalInt(values, "item-size") ?? 0,
    classMap: typeof values["class-map"] === "string" ? parseClassMap(values["class-map"]) : {},
    noiseSeed: optionalInt(values, "noise-seed") ?? 0,
  };
}

/** `reconstruct`: a folder through E, G and D into a reconstruction set, through the reconstructor service. */
export const reconstruct: Command = {
  path: ["reconstruct"],
  summary:
    "Reconstruct a folder, zip or prepared data set through the encoder, generator and discriminator (as " +
    "generate_pic.py) into a reconstruction set, through the reconstructor service",
  usage:
    "--gan CKPT --encoder CKPT --source DIR|FILE.zip|key:KEY --out DIR|key:PREFIX [--batch N] " +
    "[--generator lineage|G_ema|G] [--noise-mode lineage|const|random] [--noise-seed N] [--item-size N] " +
    "[--refine-steps N] [--refine-lr X] [--refine-kappa K] [--class-map NEV=0,MEL=1] [--request-id ID]",
  options: {
    gan: { type: "string" },
    encoder: { type: "string" },
    source: { type: "string" },
    out: { type: "string" },
    batch: { type: "string" },
    generator: { type: "string", default: "lineage" },
    "noise-mode": { type: "string", default: "lineage" },
    "noise-seed": { type: "string" },
    "item-size": { type: "string" },
    "refine-steps": { type: "string" },
    "refine-lr": { type: "string" },
    "refine-kappa": { type: "string" },
    "class-map": { type: "string" },
    "request-id": { type: "string" },
  },
  async run(values) {
    const request = reconstructRequest(values);
    const out = request.dest?.path;
    return runJob("reconstructor", {
      start: (client, done) => client.StartReconstruction(request, done),
      // A path --out gets the whole set, each reported file at its top level.
      results: out === undefined ? "store" : "delivered",
      follow: { show: ["written", "skipped", "items_done"] },
      report({ last, storeKept }) {
        printCounts(last.metrics);
        for (const o of last.outputs) {
          if (storeKept || out === undefined) console.log(`artifact: ${outputLine(o)}`);
          else console.log(`file: ${outputLine(o, copyIn(out, o))}`);
        }
        return 0;
      },
    });
  },
};
