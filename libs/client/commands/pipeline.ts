import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import {
  type Location,
  type PipelineStatus__Output,
  type Progress__Output,
  protoRoot,
  type StartPipelineRequest,
} from "@dermanomaly/contracts";
import { type Command, UsageError } from "../cli.ts";
import { runJob } from "./_job.ts";
import { downloadRunFolder, type RunManifest, uploadFolder } from "./_run_folder.ts";

type Values = Parameters<Command["run"]>[0];

/** The stage overrides `--set` reaches, by their name in StartPipelineRequest (snake_case, as the contract). */
const SECTIONS = ["prepare", "train_gan", "train_encoder", "reconstruct", "score", "report"] as const;

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Sets one override from `section.field[.sub]=value` (e.g. `train_gan.kimg=0.5`, `report.threshold_rule=
 * THRESHOLD_RULE_MEDIAN`), typed by the contract: numbers, booleans and enum names.
 *
 * @throws {UsageError} for an unknown section or field, a value of the wrong kind, or a field that is a list or
 *   message
 */
export function setOverride(request: StartPipelineRequest, assignment: string): void {
  const m = /^([a-z_]+)\.([a-z0-9_.]+)=(.*)$/.exec(assignment);
  if (m === null) throw new UsageError(`--set must look like train_gan.kimg=0.5, got "${assignment}"`);
  const [, section, path, text] = m as unknown as [string, string, string, string];
  if (!(SECTIONS as readonly string[]).includes(section))
    throw new UsageError(`--set ${section}: the sections are ${SECTIONS.join(", ")}`);
  let type = protoRoot().lookupType("dermanomaly.v1.StartPipelineRequest");
  let target = request as Record<string, unknown>;
  const names = [section, ...path.split(".")];
  for (const [i, name] of names.entries()) {
    const field = type.fields[camel(name)];
    if (field === undefined)
      throw new UsageError(`--set ${names.slice(0, i + 1).join(".")}: no such field in ${type.name}`);
    field.resolve();
    const resolved = field.resolvedType;
    const last = i === names.length - 1;
    if (!last) {
      if (resolved === null || "values" in resolved || field.repeated)
        throw new UsageError(`--set ${names.slice(0, i + 1).join(".")} is not a message`);
      target[field.name] ??= {};
      target = target[field.name] as Record<string, unknown>;
      type = resolved as typeof type;
      continue;
    }
    if (field.repeated || field.map || (resolved !== null && !("values" in resolved)))
      throw new UsageError(
        `--set ${names.join(".")} is a list or message: give it in a request, not with --set`,
      );
    if (resolved !== null && "values" in resolved) {
      if (!Object.hasOwn(resolved.values, text))
        throw new UsageError(
          `--set ${names.join(".")} must be one of ${Object.keys(resolved.values).join(", ")}`,
        );
      target[field.name] = text;
    } else if (field.type === "bool") {
      if (text !== "true" && text !== "false")
        throw new UsageError(`--set ${names.join(".")} must be true or false`);
      target[field.name] = text === "true";
    } else if (field.type === "string") {
      target[field.name] = text;
    } else {
      const n = Number(text);
      if (text.trim() === "" || Number.isNaN(n))
        throw new UsageError(`--set ${names.join(".")} must be a number, got "${text}"`);
      target[field.name] = n;
    }
  }
}

/** The request the options describe, with local paths (the embedded stack shares this disk). */
export function pipelineRequest(values: Values): StartPipelineRequest {
  const str = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const data = str("data");
  const train = str("train");
  const test = str("test");
  if (data === undefined && (train === undefined || test === undefined))
    throw new UsageError(
      "--data DIR is required (train_set/NEV and test_set/<class> inside), or --train and --test",
    );
  if (data !== undefined && (train !== undefined || test !== undefined))
    throw new UsageError("Give --data, or --train and --test, not both");
  if (str("out") === undefined) throw new UsageError("--out RUN_DIR is required");
  const request: StartPipelineRequest = {
    requestId: str("request-id") ?? "",
    name: str("name") ?? "",
    preset: str("preset") ?? "demo",
    ...(data !== undefined ? { data: { path: resolve(data) } } : {}),
    ...(train !== undefined ? { trainSet: { path: resolve(train) } } : {}),
    ...(test !== undefined ? { testSet: { path: resolve(test) } } : {}),
    ...(str("gan") !== undefined && { gan: { path: resolve(str("gan")!) } }),
    ...(str("resume") !== undefined && { resume: { path: resolve(str("resume")!) } }),
    ...(str("encoder") !== undefined && { encoder: { path: resolve(str("encoder")!) } }),
    ...(values["from-scratch"] === true && { fromScratch: true }),
  };
  const seed = str("seed");
  if (seed !== undefined) {
    if (!/^\d+$/.test(seed)) throw new UsageError(`--seed must be a non-negative integer, got "${seed}"`);
    request.seed = Number(seed);
  }
  const holdout = str("holdout");
  if (holdout !== undefined) {
    const f = Number(holdout);
    if (holdout.trim() === "" || Number.isNaN(f))
      throw new UsageError(`--holdout must be a number, got "${holdout}"`);
    request.holdoutFraction = f;
  }
  const sets = values["set"];
  for (const s of Array.isArray(sets) ? sets : sets === undefined ? [] : [sets])
    setOverride(request, String(s));
  return request;
}

/** Against deployed services, local paths become artifacts in the store the services share. */
async function uploadInputs(request: StartPipelineRequest, log: (line: string) => void): Promise<void> {
  const { openArtifactStore } = await import("@dermanomaly/artifacts");
  if (!process.env["DERMANOMALY_ARTIFACTS"]) {
    throw new UsageError(
      "Against deployed services the CLI uploads the data and models to their artifact store: set " +
        "DERMANOMALY_ARTIFACTS (e.g. nats-obj://dermanomaly) and DERMANOMALY_NATS_URL as the services have them",
    );
  }
  const store = await openArtifactStore();
  const prefix = `uploads/${randomUUID()}/`;
  try {
    const folder = async (path: string, name: string): Promise<Location> => {
      log(`Uploading ${path}...`);
      return { artifact: await uploadFolder(store, path, `${prefix}${name}.zip`) };
    };
    if (request.data?.path !== undefined) {
      const root = request.data.path;
      for (const part of ["train_set", "test_set"]) {
        if (!existsSync(join(root, part)))
          throw new UsageError(
            `Data folder "${root}" has no ${part}/ folder (expected train_set/NEV and test_set/<class>)`,
          );
      }
      request.trainSet = await folder(join(root, "train_set"), "train_set");
      request.testSet = await folder(join(root, "test_set"), "test_set");
      delete request.data;
    } else {
      if (request.trainSet?.path) request.trainSet = await folder(request.trainSet.path, "train_set");
      if (request.testSet?.path) request.testSet = await folder(request.testSet.path, "test_set");
    }
    for (const field of ["gan", "resume", "encoder"] as const) {
      const path = request[field]?.path;
      if (path === undefined || path === null) continue;
      if (!existsSync(path) || !statSync(path).isFile())
        throw new UsageError(`--${field} "${path}" is not a file`);
      log(`Uploading ${path}...`);
      request[field] = { artifact: await store.putFile(`${prefix}${basename(path)}`, path) };
    }
  } finally {
    await store.close();
  }
}

/** Prints each step's progress: a line per step change (and at most one per 5 s within a step); bars are the steps'. */
function progressPrinter(): (p: Progress__Output) => void {
  let lastStep = "";
  let lastAt = 0;
  let lastPipelineMessage = "";
  return (p) => {
    const step = /^([a-z_]+): /.exec(p.message)?.[1] ?? "";
    const line = `[${p.done}/${p.total}] ${p.message}`;
    if (step === "") {
      if (p.message === lastPipelineMessage) return;
      lastPipelineMessage = p.message;
      process.stderr.write(`${line}\n`);
      return;
    }
    const now = Date.now();
    if (step === lastStep && now - lastAt < 5000) return;
    lastStep = step;
    lastAt = now;
    process.stderr.write(`${line}\n`);
  };
}

/** `pipeline`: the whole method through the orchestrator, ending with each score's AUC and the report. */
export const pipeline: Command = {
  path: ["pipeline"],
  summary:
    "Run the whole method on a data folder (train_set/NEV, test_set/<class>) through the orchestrator: prepare, " +
    "train the GAN and the encoder, reconstruct, score, calibrate on held-out naevi, report into RUN_DIR",
  usage:
    "--data DIR (or --train DIR --test DIR) --out RUN_DIR [--preset demo|paper|tiny] [--gan CKPT] [--resume CKPT] " +
    "[--from-scratch] " +
    "[--encoder CKPT] [--seed N] [--holdout FRACTION] [--name NAME] [--set section.field=value ...] [--request-id ID]",
  options: {
    data: { type: "string" },
    train: { type: "string" },
    test: { type: "string" },
    out: { type: "string" },
    preset: { type: "string", default: "demo" },
    gan: { type: "string" },
    resume: { type: "string" },
    "from-scratch": { type: "boolean", default: false },
    encoder: { type: "string" },
    seed: { type: "string" },
    holdout: { type: "string" },
    name: { type: "string" },
    set: { type: "string", multiple: true },
    "request-id": { type: "string" },
  },
  async run(values) {
    const request = pipelineRequest(values);
    const out = resolve(String(values["out"]));
    if (existsSync(out) && (!statSync(out).isDirectory() || readdirSync(out).length > 0))
      throw new UsageError(
        `--out "${out}" is not empty: the run folder is written into a new or empty folder`,
      );
    const started = performance.now();
    return runJob("orchestrator", {
      services: [
        "preprocess",
        "gan-trainer",
        "encoder-trainer",
        "reconstructor",
        "scorer",
        "reporter",
        "orchestrator",
      ],
      // Deployed services read the inputs from the artifact store; a local stack reads them where they are.
      before: async ({ stack }) => {
        if (stack === undefined) await uploadInputs(request, (line) => process.stderr.write(`${line}\n`));
      },
      start: (client, done) => client.StartPipeline(request, done),
      started: (job) => process.stderr.write(`Pipeline ${job.id} (preset ${request.preset})\n`),
      // RUN_DIR receives every file of the run folder (downloaded below, each digest checked).
      results: "delivered",
      follow: { bar: false, onProgress: progressPrinter() },
      async report({ job, client }) {
        const status = await new Promise<PipelineStatus__Output>((ok, fail) =>
          client.GetPipeline(job, (err, res) => (err ? fail(err) : ok(res as PipelineStatus__Output))),
        );
        if (!status.runManifest) throw new Error(`Pipeline ${job.id} succeeded without a run manifest`);
        const { resolveStore } = await import("@dermanomaly/artifacts");
        const manifestStore = await resolveStore(status.runManifest);
        const manifest = JSON.parse(
          Buffer.from(await manifestStore.getBytes(status.runManifest)).toString("utf8"),
        ) as RunManifest;
        await manifestStore.close();
        process.stderr.write(
          `Writing the run folder ${out} (${Object.keys(manifest.files).length} files)...\n`,
        );
        await downloadRunFolder(manifest, out);
        writeFileSync(join(out, "run.json"), `${JSON.stringify(manifest, null, 2)}\n`);
        const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")) as {
          scores: { tag: string; auc: number; auc_ci95: [number, number] }[];
          baseline: { tag: string; auc: number } | null;
        };
        const minutes = (performance.now() - started) / 60_000;
        console.log(`pipeline: ${job.id} (${minutes.toFixed(1)} min)`);
        for (const s of metrics.scores)
          console.log(
            `AUC ${s.tag}: ${s.auc.toFixed(3)} (95% CI ${s.auc_ci95[0].toFixed(3)}-${s.auc_ci95[1].toFixed(3)})`,
          );
        if (metrics.baseline)
          console.log(`AUC ${metrics.baseline.tag} (colour baseline): ${metrics.baseline.auc.toFixed(3)}`);
        console.log(`report: ${join(out, "report.html")}`);
        console.log(`run folder: ${out}`);
        return 0;
      },
    });
  },
};
