import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import type { Location, ScoredPhoto__Output, ScorePhotosRequest } from "@dermanomaly/contracts";
import cliProgress from "cli-progress";
import { type Command, UsageError } from "../cli.ts";
import { location } from "./_args.ts";
import { withClient } from "./_job.ts";
import { SCORE_SPEC_OPTIONS, scoreSpecs, strings } from "./score.ts";
import { writePhotoResults } from "./score_photos_out.ts";

type Values = Parameters<Command["run"]>[0];

/**
 * The photos the arguments name: files as given, and the files of a folder (not its subfolders) with an extension
 * the data set preparation decodes, sorted.
 */
export async function photoFiles(args: readonly string[]): Promise<string[]> {
  // Loaded here, not with the CLI: it brings the image decoders.
  const { extensionOf, IMAGE_EXTENSIONS } = await import("@dermanomaly/dataset/internal");
  const out: string[] = [];
  for (const arg of args) {
    const path = resolve(arg);
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) throw new UsageError(`Photo "${arg}" does not exist`);
    if (info.isFile()) {
      out.push(path);
      continue;
    }
    const names = (await readdir(path, { withFileTypes: true }))
      .filter((e) => e.isFile() && IMAGE_EXTENSIONS.has(extensionOf(e.name)))
      .map((e) => join(path, e.name))
      .sort();
    if (names.length === 0)
      throw new UsageError(`Folder "${arg}" holds no photos (${[...IMAGE_EXTENSIONS].join(" ")})`);
    out.push(...names);
  }
  if (out.length === 0) throw new UsageError("Give at least one photo or folder of photos");
  return out;
}

/** The only `.safetensors` file of a pipeline run folder's `models/<kind>/`, or a UsageError saying what to give. */
async function runModel(runDir: string, kind: "gan" | "encoder"): Promise<string> {
  const dir = join(runDir, "models", kind);
  const files = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".safetensors"));
  if (files.length !== 1) {
    throw new UsageError(
      `${dir} holds ${files.length === 0 ? "no" : files.length} .safetensors file(s): give --${kind}` +
        (kind === "gan" ? " (a pipeline run with --gan trains none)" : ""),
    );
  }
  return join(dir, files[0] as string);
}

/**
 * The calibrations of a pipeline run folder (`calibrations/<tag>.json`), in the order of its `calibration.json`,
 * which lists the pipeline's scores first and the colour baseline last: the first one decides each photo.
 */
async function runCalibrations(runDir: string): Promise<Location[]> {
  const dir = join(runDir, "calibrations");
  const files = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".json")).sort();
  let order: string[] = [];
  try {
    const all = JSON.parse(await readFile(join(runDir, "calibration.json"), "utf8")) as {
      calibrations?: object;
    };
    order = Object.keys(all.calibrations ?? {});
  } catch {
    // Without calibration.json, the files' own order.
  }
  const rank = (name: string) => {
    const i = order.indexOf(name.slice(0, -".json".length));
    return i === -1 ? order.length : i;
  };
  return files.sort((a, b) => rank(a) - rank(b)).map((n) => ({ path: join(dir, n) }));
}

/**
 * The `ScorePhotos` config the options describe: the models and calibrations of a pipeline run folder (`--run`), or
 * given one by one (`--gan`, `--encoder`, `--calibration`, which also override the run's), and further scores
 * (`--method` with its options, raw only).
 */
export async function photoScoringConfig(values: Values): Promise<NonNullable<ScorePhotosRequest["config"]>> {
  const run = typeof values["run"] === "string" ? resolve(values["run"]) : undefined;
  const pick = async (kind: "gan" | "encoder"): Promise<Location> => {
    const given = values[kind];
    if (typeof given === "string" && given !== "") return location(given);
    if (run === undefined)
      throw new UsageError(`--${kind} is required (or --run RUN_DIR, a pipeline's run folder)`);
    return { path: await runModel(run, kind) };
  };
  const gan = await pick("gan");
  const encoder = await pick("encoder");
  let calibrations = strings(values, "calibration").map(location);
  if (calibrations.length === 0 && run !== undefined) calibrations = await runCalibrations(run);
  const scores = scoreSpecs(values);
  if (calibrations.length === 0 && scores.length === 0) {
    throw new UsageError(
      "Give --calibration calibration.json (or --run RUN_DIR with calibrations/) or a --method",
    );
  }
  const latents = values["reference-latents"];
  return {
    models: { gan, encoder },
    calibrations,
    scores,
    // als searches the latents of reference images (the original's: the training naevi's latent_vectors.csv).
    ...(typeof latents === "string" && latents !== "" && { referenceLatents: location(latents) }),
  };
}

/** One line about a photo's result: its decision and every score. */
export function photoLine(r: ScoredPhoto__Output): string {
  if (r.error !== "") return `${r.name}: not scored: ${r.error}`;
  const decision =
    r.anomalous === undefined || r.anomalous === null ? "" : r.anomalous ? " ANOMALOUS" : " normal";
  const scores = r.scores.map((s) => {
    const calibrated =
      s.threshold === undefined || s.threshold === null
        ? ""
        : ` (${s.anomalous ? ">" : "<="} threshold ${fmt(s.threshold)}, normalised ${fmt(s.normalised ?? 0)})`;
    return `${s.tag} ${fmt(s.raw)}${calibrated}`;
  });
  return `${r.name}:${decision} ${scores.join("; ")}`;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4);
}

/** `score-photos`: new photos scored online against trained models, decided at the calibrated thresholds. */
export const scorePhotos: Command = {
  path: ["score-photos"],
  summary:
    "Score new photos online (any size; prepared as the training set was) and decide each at the calibrated thresholds",
  usage:
    "PHOTO|FOLDER... (--run RUN_DIR | --gan CKPT --encoder ENCODER [--calibration calibration.json]...) " +
    "[--method izif|distance|pairwise|hue-spread|als ... [--reference-latents latent_vectors.csv]] [--out DIR]",
  options: {
    run: { type: "string" },
    gan: { type: "string" },
    encoder: { type: "string" },
    calibration: { type: "string", multiple: true },
    ...SCORE_SPEC_OPTIONS,
    "reference-latents": { type: "string" },
    out: { type: "string" },
  },
  async run(values, positionals) {
    const photos = await photoFiles(positionals);
    const config = await photoScoringConfig(values);
    const out = typeof values["out"] === "string" ? resolve(values["out"]) : undefined;
    const results = await withClient(
      "scorer",
      async (client) => {
        const bar =
          process.stderr.isTTY && photos.length > 1
            ? new cliProgress.SingleBar(
                {
                  format: "scoring [{bar}] {value}/{total} photos",
                  stream: process.stderr,
                  hideCursor: true,
                },
                cliProgress.Presets.shades_classic,
              )
            : undefined;
        bar?.start(photos.length, 0);
        try {
          return await new Promise<ScoredPhoto__Output[]>((ok, fail) => {
            const got: ScoredPhoto__Output[] = [];
            const call = client.ScorePhotos();
            call.on("data", (r: ScoredPhoto__Output) => {
              got.push(r);
              bar?.increment();
            });
            call.on("error", fail);
            call.on("end", () => ok(got));
            // Photos are sent one after the other as they are read: the service prepares and reconstructs them
            // while later ones arrive, and answers in order.
            void (async () => {
              call.write({ config });
              for (const path of photos) {
                const image = await readFile(path);
                if (!call.write({ photo: { name: basename(path), image } }))
                  await new Promise((r) => call.once("drain", r));
              }
              call.end();
            })().catch((err: unknown) => {
              call.cancel();
              fail(err);
            });
          });
        } finally {
          bar?.stop();
        }
      },
      // Every result comes back in the replies; the scorer calls the reconstructor.
      { results: "delivered", services: ["scorer", "reconstructor"] },
    );
    for (const r of results) console.log(photoLine(r));
    if (out !== undefined) {
      await writePhotoResults(results, out);
      console.log(`results: ${join(out, "scores.csv")} (and prepared/, reconstruction/, residual/)`);
    }
    // A photo that could not be scored is reported on its line; the exit code tells a script that some were not.
    const failed = results.filter((r) => r.error !== "").length;
    if (failed > 0) console.error(`${failed} of ${results.length} photos could not be scored`);
    return failed > 0 ? 1 : 0;
  },
};
