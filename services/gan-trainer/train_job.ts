import { copyFile, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { ArtifactRef, StoredArtifact } from "@dermanomaly/artifacts";
import { fileUri } from "@dermanomaly/artifacts";
import {
  Code,
  type JobRef,
  type Progress__Output,
  type ServiceImplementations,
  type StartGanTrainingRequest__Output,
  StatusError,
} from "@dermanomaly/contracts";
import { type DatasetReader, openDataset } from "@dermanomaly/dataset";
import { loadNetworkFile } from "@dermanomaly/gan/nvidia";
import {
  readCheckpoint,
  type SnapshotEvent,
  type TickInfo,
  Trainer,
  type TrainerInit,
  type TrainerState,
  type TrainingOptions,
  trainingConfig,
  writeCheckpoint,
} from "@dermanomaly/gan/training";
import {
  type AsyncHandlers,
  localInput,
  outputLocation,
  type RunFn,
  type StageContext,
} from "@dermanomaly/runtime";
import { type BackendChoice, initBackend } from "@dermanomaly/tf";
import { fakesLatents, renderFakes } from "./_fakes.ts";
import { datasetBatchSource } from "./dataset_source.ts";
import { checkGenerateRequest, generateImages } from "./generate.ts";
import { inspectCheckpoint } from "./inspect.ts";
import { type GanTrainingSettings, ganTrainingSettings, withDataset } from "./options.ts";

const KIND = "gan-training";
const SNAPSHOT = /network-snapshot-\d+(\.\d+)?\.safetensors$/;

/**
 * The `<kimg>` of snapshot names: upstream's `%06d` of whole kimg. A run whose ticks are fractions of a kimg
 * (short CPU runs) adds the fraction, so its snapshots do not overwrite each other.
 */
export function snapshotTag(curNimg: number, tickKimg: number): string {
  const whole = String(Math.floor(curNimg / 1000)).padStart(6, "0");
  return Number.isInteger(tickKimg) ? whole : `${whole}.${String(curNimg % 1000).padStart(3, "0")}`;
}
const OPTIONS_FILE = "training_options.json";

/** Where a run's files go: a store prefix (always) and a local folder (when `outdir` is a path). */
interface RunPlace {
  /** Store key prefix, ending in `/`. */
  prefix: string;
  /** Local run folder, when the request's outdir is a path. */
  dir?: string;
}

function seconds(ms: number): { seconds: number; nanos: number } {
  return { seconds: Math.floor(ms / 1000), nanos: Math.round((ms % 1000) * 1e6) };
}

function now(): { seconds: number; nanos: number } {
  return seconds(Date.now());
}

/** `00003` after existing run folders `00000-...` .. `00002-...`, as train.py numbers them. */
function nextRunId(names: Iterable<string>): string {
  let max = -1;
  for (const name of names) {
    const m = /^(\d+)-/.exec(name);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return String(max + 1).padStart(5, "0");
}

/** The run folder name train.py would use: `<id>-stylegan2-<dataset>-gpus1-batch<b>-gamma<g>[-<desc>]`. */
function runName(id: string, dataset: string, options: TrainingOptions, desc: string): string {
  const name = `${id}-stylegan2-${dataset}-gpus1-batch${options.batch}-gamma${options.gamma}`;
  return (desc === "" ? name : `${name}-${desc}`).replace(/[^A-Za-z0-9._-]/g, "_");
}

async function newRunPlace(
  ctx: StageContext,
  request: StartGanTrainingRequest__Output,
  job: JobRef,
  name: (id: string) => string,
): Promise<RunPlace> {
  const fallback = `gan/${job.id}`;
  const dest = outputLocation(request.outdir, fallback);
  if (dest.kind === "path") {
    await mkdir(dest.path, { recursive: true });
    return { prefix: `${fallback}/`, dir: join(dest.path, name(nextRunId(await readdir(dest.path)))) };
  }
  if (request.outdir?.kind !== "key") return { prefix: `${fallback}/` };
  const root = dest.key.endsWith("/") ? dest.key : `${dest.key}/`;
  const folders = (await ctx.artifacts.list(root)).map((a) => a.key.slice(root.length).split("/")[0] ?? "");
  return { prefix: `${root}${name(nextRunId(folders))}/` };
}

/** What a resumed job continues from: its run folder, last snapshot and the snapshots before. */
interface Continuation {
  place: RunPlace;
  optionsRef: StoredArtifact;
  state: TrainerState | undefined;
  snapshots: ArtifactRef[];
  stats: string[];
}

/** Finds the run folder and last snapshot a stopped job had reported, from its stored progress. */
async function continuation(
  ctx: StageContext,
  resumedFrom: Progress__Output | undefined,
  scratch: string,
): Promise<Continuation | undefined> {
  const outputs = resumedFrom?.outputs ?? [];
  const options = outputs.find((o) => o.uri.endsWith(`/${OPTIONS_FILE}`));
  if (options === undefined) return undefined;
  const optionsRef = await ctx.artifacts.stat(options);
  const stored = JSON.parse(Buffer.from(await ctx.artifacts.getBytes(optionsRef)).toString("utf8")) as {
    run_dir?: string;
  };
  const prefix = optionsRef.key.slice(0, -OPTIONS_FILE.length);
  const place: RunPlace = { prefix, ...(stored.run_dir && { dir: stored.run_dir }) };
  const snapshots = outputs.filter((o) => SNAPSHOT.test(o.uri));
  const latest = snapshots[0];
  if (latest === undefined) return { place, optionsRef, state: undefined, snapshots: [], stats: [] };
  const path = join(scratch, "resume.safetensors");
  await ctx.artifacts.getToFile(latest, path);
  const state = await readCheckpoint(path);
  await rm(path, { force: true });
  const statsKey = `${prefix}stats.jsonl`;
  const stats = (await ctx.artifacts.exists(statsKey))
    ? Buffer.from(await ctx.artifacts.getBytes(statsKey))
        .toString("utf8")
        .split("\n")
        .filter((l) => l !== "")
    : [];
  // Lines written after the snapshot belong to ticks that will run again.
  const kimg = state.counters.curNimg / 1000;
  return {
    place,
    optionsRef,
    state,
    snapshots,
    stats: stats.filter((l) => (JSON.parse(l) as { "Progress/kimg": number })["Progress/kimg"] <= kimg),
  };
}

/** G, D and G_ema weights of a `--resume` file, checked against the configured networks. */
async function resumeWeights(
  ctx: StageContext,
  request: StartGanTrainingRequest__Output,
  options: TrainingOptions,
): Promise<{ init: TrainerInit; options: TrainingOptions; ref: ArtifactRef }> {
  const input = await localInput(request.resume, {
    store: ctx.artifacts,
    workDir: ctx.workDir,
    field: "resume",
  });
  const nets = await loadNetworkFile(input.path);
  const G = nets.G ?? nets.G_ema;
  const G_ema = nets.G_ema ?? nets.G;
  if (G === undefined || G_ema === undefined || nets.D === undefined) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `Resume file "${basename(input.path)}" lacks a generator or the discriminator: training needs G (or G_ema) and D`,
    );
  }
  const withLatents: TrainingOptions = { ...options, zDim: G.config.zDim, wDim: G.config.wDim };
  const c = trainingConfig(withLatents);
  const want = {
    resolution: c.resolution,
    channelBase: c.cbase,
    channelMax: c.cmax,
    mappingLayers: c.mapDepth,
  };
  const have = {
    resolution: G.config.resolution,
    channelBase: G.config.channelBase,
    channelMax: G.config.channelMax,
    mappingLayers: G.config.mappingLayers,
  };
  if (JSON.stringify(want) !== JSON.stringify(have)) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `Resume file "${basename(input.path)}" does not match the configured networks: it has resolution ` +
        `${have.resolution}, cbase ${have.channelBase}, cmax ${have.channelMax}, map-depth ${have.mappingLayers}; ` +
        `the run asks for ${want.resolution}, ${want.channelBase}, ${want.channelMax}, ${want.mappingLayers}`,
    );
  }
  return {
    init: { weightsFrom: { G: G.stateDict, D: nets.D.stateDict, G_ema: G_ema.stateDict } },
    options: withLatents,
    ref: input.artifact ?? {
      uri: fileUri(input.path),
      sha256: "",
      sizeBytes: 0,
      mediaType: "application/octet-stream",
    },
  };
}

function statusCodeName(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  const name = Object.entries(Code).find(([, v]) => v === code)?.[0];
  return name ?? "INTERNAL";
}

function tickMetrics(info: TickInfo, totalSec: number): Record<string, number> {
  return {
    tick: info.tick,
    kimg: info.kimg,
    sec_per_kimg: info.secPerKimg,
    tick_time: info.secPerTick,
    total_time: totalSec,
    loss_g: info.stats["Loss/G/loss"] ?? 0,
    loss_d: info.stats["Loss/D/loss"] ?? 0,
    loss_r1: info.stats["Loss/r1_penalty"] ?? 0,
    loss_pl: info.stats["Loss/pl_penalty"] ?? 0,
    augment_p: info.augmentP,
    rss_bytes: process.memoryUsage.rss(),
  };
}

/**
 * One `stats.jsonl` line in upstream's shape (`{"<stat>": {"num", "mean", "std"}, ..., "timestamp"}`). The trainer
 * keeps only each statistic's mean over the tick, so `num` is 1 and `std` 0.
 */
function statsLine(info: TickInfo, totalSec: number): string {
  const entry = (mean: number) => ({ num: 1, mean, std: 0 });
  const line: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(info.stats)) line[k] = entry(v);
  line["Progress/tick"] = info.tick;
  line["Progress/kimg"] = info.kimg;
  line["Progress/augment"] = info.augmentP;
  line["Timing/total_sec"] = totalSec;
  line["Timing/sec_per_tick"] = info.secPerTick;
  line["Timing/sec_per_kimg"] = info.secPerKimg;
  line["Resources/cpu_mem_gb"] = process.memoryUsage.rss() / 2 ** 30;
  line["timestamp"] = Date.now() / 1000;
  return JSON.stringify(line);
}

/** Starts (or reuses) the process's TF.js backend; FAILED_PRECONDITION when the one asked for cannot run here. */
async function startBackend(name: GanTrainingSettings["backend"]): Promise<BackendChoice> {
  try {
    return await initBackend({ backend: name, log: false });
  } catch (err) {
    throw new StatusError(
      Code.FAILED_PRECONDITION,
      `TF.js backend "${name}" is not available on this node: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

/**
 * Runs training jobs one after the other: they share the process's backend and its memory, and two at once would
 * each run at half speed at best. A job cancelled while waiting never starts.
 */
function oneAtATime<Req>(run: RunFn<Req>): RunFn<Req> {
  let turn: Promise<void> = Promise.resolve();
  let active = 0;
  return async (rc) => {
    const previous = turn;
    const waiting = active++ > 0;
    let release = (): void => undefined;
    turn = new Promise((resolve) => {
      release = resolve;
    });
    try {
      if (waiting) rc.report({ message: "Waiting for the training job before it to end" });
      await previous;
      if (rc.signal.aborted) return;
      return await run(rc);
    } finally {
      active--;
      release();
    }
  };
}

/** The job body: train, stream ticks, store snapshots, announce them; resume from the last snapshot after a restart. */
function trainRun(ctx: StageContext): RunFn<StartGanTrainingRequest__Output> {
  return async ({ job, request, signal, report, resumedFrom }) => {
    const settings: GanTrainingSettings = ganTrainingSettings(request);
    const scratch = join(ctx.workDir, "jobs", job.id);
    await mkdir(scratch, { recursive: true });
    let reader: DatasetReader | undefined;
    let trainer: Trainer | undefined;
    let lastCheckpoint: ArtifactRef | undefined;
    let kimg = 0;
    try {
      const backend = await startBackend(settings.backend);
      report({ message: `Loading the data set (backend ${backend.name})`, unit: "nimg" });
      const data = await localInput(request.dataset, {
        store: ctx.artifacts,
        workDir: ctx.workDir,
        field: "dataset",
      });
      reader = await openDataset(data.path);
      const datasetRef: ArtifactRef = data.artifact ?? {
        uri: fileUri(data.path),
        sha256: "",
        sizeBytes: 0,
        mediaType: "application/zip",
      };
      let options = withDataset(settings, { resolution: reader.resolution, imgChannels: 3 });
      const source = datasetBatchSource(reader, { seed: options.seed ?? 0 });
      const models: ArtifactRef[] = [];
      const resumed = await continuation(ctx, resumedFrom, scratch);
      let place: RunPlace;
      let optionsRef: StoredArtifact;
      let snapshots: ArtifactRef[] = [];
      let stats: string[] = [];
      if (resumed?.state !== undefined) {
        trainer = Trainer.fromState(resumed.state);
        // The weights came from --resume at the first start: keep naming that file in the lineage.
        if (request.resume?.kind) {
          const input = await localInput(request.resume, {
            store: ctx.artifacts,
            workDir: ctx.workDir,
            field: "resume",
          });
          models.push(
            input.artifact ?? { uri: fileUri(input.path), sha256: "", sizeBytes: 0, mediaType: "" },
          );
        }
        if (resumed.state.batchSource !== undefined) source.setState?.(resumed.state.batchSource);
      } else {
        let init: TrainerInit = {};
        if (request.resume?.kind) {
          const weights = await resumeWeights(ctx, request, options);
          init = weights.init;
          options = weights.options;
          models.push(weights.ref);
        }
        try {
          trainer = new Trainer(options, init);
        } catch (err) {
          if (err instanceof RangeError)
            throw new StatusError(Code.INVALID_ARGUMENT, err.message, { cause: err });
          throw err;
        }
      }
      const config = trainer.config;
      if (resumed !== undefined) {
        place = resumed.place;
        optionsRef = resumed.optionsRef;
        snapshots = resumed.snapshots;
        stats = resumed.stats;
      } else {
        place = await newRunPlace(ctx, request, job, (id) =>
          runName(id, reader!.name, options, settings.desc),
        );
        const optionsJson = JSON.stringify(
          { ...config, dataset: datasetRef, run_dir: place.dir ?? "", job_id: job.id, backend: backend.name },
          null,
          2,
        );
        optionsRef = await ctx.artifacts.put(`${place.prefix}${OPTIONS_FILE}`, Buffer.from(optionsJson), {
          mediaType: "application/json",
        });
        if (place.dir !== undefined) {
          await mkdir(place.dir, { recursive: true });
          await writeFile(join(place.dir, OPTIONS_FILE), optionsJson);
        }
      }
      const lineage = (createdAt: { seconds: number; nanos: number }) => ({
        inputs: [datasetRef],
        models: models.map((m) => ({ role: "generator", artifact: m })),
        configJson: JSON.stringify(config),
        seed: config.seed,
        producedBy: job,
        createdAt,
      });
      const outputsNow = (): ArtifactRef[] => [...snapshots, optionsRef];
      const total = config.kimg * 1000;
      const startedAt = Date.now();
      const timeBefore = resumed?.state !== undefined ? (resumedFrom?.metrics["total_time"] ?? 0) : 0;
      const totalSec = () => timeBefore + (Date.now() - startedAt) / 1000;
      const latents = fakesLatents(config.seed, config.zDim);
      const current = trainer;
      kimg = current.counters.curNimg / 1000;
      lastCheckpoint = snapshots[0];
      report({
        done: current.counters.curNimg,
        total,
        unit: "nimg",
        message: `${resumed?.state ? "Resuming" : "Training"} on ${backend.name} at ${kimg} kimg`,
        outputs: outputsNow(),
      });

      const onTick = async (info: TickInfo): Promise<void> => {
        kimg = info.kimg;
        const t = totalSec();
        stats.push(statsLine(info, t));
        const metrics = tickMetrics(info, t);
        report({
          done: info.curNimg,
          total,
          unit: "nimg",
          message: `tick ${info.tick} kimg ${info.kimg.toFixed(3)} on ${backend.name}`,
          metrics,
        });
        await ctx.publish(
          "ganTick",
          {
            job,
            at: now(),
            tick: {
              tick: info.tick,
              kimg: info.kimg,
              secPerKimg: info.secPerKimg,
              tickTime: seconds(info.secPerTick * 1000),
              totalTime: seconds(t * 1000),
              lossG: metrics["loss_g"] ?? 0,
              lossD: metrics["loss_d"] ?? 0,
              lossR1: metrics["loss_r1"] ?? 0,
              lossPl: metrics["loss_pl"] ?? 0,
              augmentP: info.augmentP,
              backend: backend.name,
              rssBytes: metrics["rss_bytes"] ?? 0,
              at: now(),
            },
          },
          `${job.id}:tick:${info.tick}:${info.curNimg}`,
        );
      };

      const onSnapshot = async (event: SnapshotEvent): Promise<void> => {
        // At shutdown progress can no longer be recorded: the restarted service continues from the last
        // snapshot it knows of, so one written now would only be an orphan.
        if (event.reason === "aborted" && (signal.reason as { code?: unknown })?.code === Code.UNAVAILABLE)
          return;
        const tag = snapshotTag(event.state.counters.curNimg, config.tick);
        const name = `network-snapshot-${tag}.safetensors`;
        const local = join(scratch, name);
        await writeCheckpoint(local, event.state);
        const checkpoint = await ctx.artifacts.putFile(`${place.prefix}${name}`, local, {
          mediaType: "application/octet-stream",
        });
        const png = await renderFakes(current.G_ema, latents, { zDim: config.zDim, chunk: config.batch });
        const fakes = await ctx.artifacts.put(`${place.prefix}fakes${tag}.png`, png, {
          mediaType: "image/png",
        });
        const statsText = stats.map((l) => `${l}\n`).join("");
        const statsRef = await ctx.artifacts.put(`${place.prefix}stats.jsonl`, Buffer.from(statsText), {
          mediaType: "application/x-ndjson",
        });
        if (place.dir !== undefined) {
          await copyFile(local, join(place.dir, name));
          await writeFile(join(place.dir, `fakes${tag}.png`), png);
          await writeFile(join(place.dir, "stats.jsonl"), statsText);
        }
        await rm(local, { force: true });
        // Latest first; a snapshot within the same kimg replaces its namesake, as upstream's file would.
        snapshots = [checkpoint, ...snapshots.filter((s) => s.uri !== checkpoint.uri)];
        lastCheckpoint = checkpoint;
        report({ outputs: [checkpoint, fakes, statsRef, ...snapshots.slice(1), optionsRef] });
        await ctx.publish(
          "ganSnapshot",
          {
            job,
            at: now(),
            kimg: event.kimg,
            tick: event.tick,
            checkpoint,
            fakes,
            stats: statsRef,
            lineage: lineage(now()),
          },
          `${job.id}:snapshot:${event.state.counters.curNimg}:${event.reason}`,
        );
      };

      const result = await current.run({ source, signal, onTick, onSnapshot });
      if (result.reason !== "done") return;
      const completedAt = now();
      await ctx.publish(
        "ganCompleted",
        {
          job,
          at: completedAt,
          ...(lastCheckpoint !== undefined && { checkpoint: lastCheckpoint }),
          kimg: result.curNimg / 1000,
          snapshots: [...snapshots].reverse(),
          duration: seconds(totalSec() * 1000),
          backend: backend.name,
          lineage: lineage(completedAt),
        },
        `${job.id}:completed`,
      );
      return {
        done: result.curNimg,
        total,
        message:
          `Trained to ${result.curNimg / 1000} kimg on ${backend.name}` +
          (resumed?.state ? ` (resumed at ${resumed.state.counters.curNimg / 1000} kimg)` : "") +
          `, ${snapshots.length} snapshot(s)`,
      };
    } catch (err) {
      // Cancellation and shutdown are not failures.
      if (!signal.aborted) {
        await ctx
          .publish(
            "ganFailed",
            {
              job,
              at: now(),
              error: err instanceof Error ? err.message : String(err),
              code: statusCodeName(err),
              kimg,
              ...(lastCheckpoint !== undefined && { lastCheckpoint }),
            },
            `${job.id}:failed`,
          )
          .catch((e: unknown) => ctx.log.warn("Publishing gan.failed failed", { err: e }));
      }
      throw err;
    } finally {
      trainer?.dispose();
      reader?.close();
      await rm(scratch, { recursive: true, force: true });
    }
  };
}

/**
 * The gan-trainer stage's methods: `StartTraining`, `Generate` and `Inspect` (Watch, Cancel and GetJob come from
 * the job manager).
 */
export function ganTrainerHandlers(
  ctx: StageContext,
): Partial<AsyncHandlers<ServiceImplementations["gan-trainer"]>> {
  const run = oneAtATime(trainRun(ctx));
  ctx.jobs.onResume(KIND, run as RunFn<unknown>);
  return {
    async StartTraining(request) {
      // What can be checked before the job starts is answered on the call itself.
      const settings = ganTrainingSettings(request);
      if (settings.backend !== "auto") await startBackend(settings.backend);
      outputLocation(request.outdir, "gan/pending");
      if (request.dataset?.kind === "path")
        await localInput(request.dataset, { store: ctx.artifacts, workDir: ctx.workDir, field: "dataset" });
      if (request.resume?.kind === "path")
        await localInput(request.resume, { store: ctx.artifacts, workDir: ctx.workDir, field: "resume" });
      return ctx.jobs.start(KIND, run, { requestId: request.requestId, request });
    },
    Generate(request) {
      checkGenerateRequest(request);
      return generateImages(ctx, request);
    },
    Inspect: (request) => inspectCheckpoint(ctx, request),
  };
}
