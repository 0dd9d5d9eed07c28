import { resolve } from "node:path";
import type {
  ArtifactRef__Output,
  PrepareDatasetRequest,
  Resampler,
  Transform,
} from "@dermanomaly/contracts";
import cliProgress from "cli-progress";
import type { Command } from "../cli.ts";
import { choice, location, optionalInt, parseClassMap, parseResolution, requireString } from "./_args.ts";
import { runJob } from "./_job.ts";
import { outputLine, printCounts } from "./_outputs.ts";

const TRANSFORMS: Record<string, Transform> = {
  none: "TRANSFORM_NONE",
  "center-crop": "TRANSFORM_CENTER_CROP",
  "center-crop-wide": "TRANSFORM_CENTER_CROP_WIDE",
};

const RESAMPLERS: Record<string, Resampler> = {
  auto: "RESAMPLER_AUTO",
  pil: "RESAMPLER_PIL",
  sharp: "RESAMPLER_SHARP",
};

type Values = Parameters<Command["run"]>[0];

/** The `PrepareDatasetRequest` a `dataset` command line asks for; usage errors name the option. */
export function datasetRequest(values: Values): PrepareDatasetRequest {
  const transform = choice(values, "transform", TRANSFORMS);
  const resampler = choice(values, "resampler", RESAMPLERS);
  const { width, height } = parseResolution(String(values["resolution"]));
  const maxImages = optionalInt(values, "max-images");
  return {
    requestId: typeof values["request-id"] === "string" ? values["request-id"] : "",
    source: location(requireString(values, "source")),
    dest: location(requireString(values, "dest")),
    transform,
    width,
    height,
    maxImages: maxImages ?? 0,
    classMap: typeof values["class-map"] === "string" ? parseClassMap(values["class-map"]) : {},
    resampler,
  };
}

/** Where a path destination's data set is: a zip (the stored zip's bytes, so its size and digest) or a folder. */
function datasetLine(dest: string, zip: ArtifactRef__Output | undefined): string {
  const isZip = dest.toLowerCase().endsWith(".zip");
  return isZip && zip !== undefined ? outputLine(zip, dest) : `${dest}${isZip ? "" : " (folder)"}`;
}

export const dataset: Command = {
  path: ["dataset"],
  summary:
    "Turn a folder or zip of photos into a StyleGAN data set (as dataset_tool.py) through the preprocess service",
  usage:
    "--source DIR|FILE.zip --dest DIR|FILE.zip|key:KEY [--transform center-crop] [--resolution 256x256] " +
    "[--max-images N] [--class-map NEV=0,MEL=1] [--resampler auto|pil|sharp] [--request-id ID]",
  options: {
    source: { type: "string" },
    dest: { type: "string" },
    transform: { type: "string", default: "center-crop" },
    resolution: { type: "string", default: "256x256" },
    "max-images": { type: "string" },
    "class-map": { type: "string" },
    // auto: libvips' lanczos3 when shrinking (41-58 dB PSNR from Pillow), Pillow-exact when enlarging;
    // pil: Pillow-exact always, bit-identical to dataset_tool.py; sharp: libvips always.
    resampler: { type: "string", default: "auto" },
    "request-id": { type: "string" },
  },
  async run(values) {
    const request = datasetRequest(values);
    const dest = request.dest?.path;
    return runJob("preprocess", {
      start: (client, done) => client.StartPrepareDataset(request, done),
      // A path destination gets the whole data set (its manifest.json inside): the stored copy is a spare.
      results: dest === undefined ? "store" : "delivered",
      follow: { show: ["written", "skipped"] },
      report({ last, storeKept }) {
        printCounts(last.metrics);
        if (storeKept) for (const o of last.outputs) console.log(`artifact: ${outputLine(o)}`);
        else if (dest !== undefined) console.log(`data set: ${datasetLine(dest, last.outputs[0])}`);
        return 0;
      },
    });
  },
};

export const synth: Command = {
  path: ["synth"],
  summary:
    "Write a synthetic dermoscopy-like image set (naevi for training; naevi and melanomas for testing)",
  usage: "--out DIR [--train-nev N] [--test-nev N] [--test-mel M] [--size 600x450] [--seed S] [--style a|b]",
  options: {
    out: { type: "string" },
    // Two independent renderers of the same traits: a preset tuned on one is checked on the other.
    style: { type: "string", default: "a" },
    "train-nev": { type: "string", default: "100" },
    "test-nev": { type: "string", default: "20" },
    "test-mel": { type: "string", default: "20" },
    size: { type: "string", default: "600x450" },
    seed: { type: "string", default: "0" },
  },
  async run(values) {
    const { width, height } = parseResolution(String(values["size"]), "size");
    const out = resolve(requireString(values, "out"));
    const style = choice(values, "style", { a: "a", b: "b" } as const);
    const bar = process.stderr.isTTY
      ? new cliProgress.SingleBar(
          { stream: process.stderr, format: "{bar} {value}/{total} images" },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
    let started = false;
    // Loaded here only, so that the other commands start without the image libraries.
    const { generateSyntheticSet } = await import("@dermanomaly/synthetic");
    const summary = await generateSyntheticSet({
      out,
      trainNev: optionalInt(values, "train-nev") as number,
      testNev: optionalInt(values, "test-nev") as number,
      testMel: optionalInt(values, "test-mel") as number,
      width,
      height,
      seed: optionalInt(values, "seed") as number,
      style,
      onProgress: ({ done, total }) => {
        if (bar && !started) bar.start(total, 0);
        started = true;
        bar?.update(done);
      },
    });
    bar?.stop();
    const count = (split: string, kind: string) =>
      summary.files.filter((f) => f.split === split && f.kind === kind).length;
    console.log(`Wrote ${summary.files.length} images under ${out}`);
    console.log(
      `  train_set/NEV ${count("train", "NEV")}, test_set/NEV ${count("test", "NEV")}, test_set/MEL ${count("test", "MEL")}`,
    );
    return 0;
  },
};
