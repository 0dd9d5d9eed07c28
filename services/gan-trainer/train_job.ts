import { join } from "node:path";
import type { ArtifactRef } from "@dermanomaly/artifacts";
import { Code, type StartGanTrainingRequest__Output, StatusError } from "@dermanomaly/contracts";
import { openDataset } from "@dermanomaly/dataset";
import { loadNetworkFile, pickGenerator } from "@dermanomaly/gan/nvidia";
import {
  type SnapshotEvent,
  type TickInfo,
  Trainer,
  type TrainerInit,
  type TrainingConfig,
  type TrainingOptions,
  trainingConfig,
  writeCheckpoint,
} from "@dermanomaly/gan/training";
import {
  asInvalidArgument,
  defineStageJob,
  duration,
  localInput,
  now,
  outputFolder,
  outputLocation,
  type StageContext,
  type StageJob,
} from "@dermanomaly/runtime";
import { backendUnavailable, initJobBackend } from "@dermanomaly/tf";
import { fakesGrid, fakesLatents } from "./_fakes.ts";
import { datasetBatchSource } from "./dataset_source.ts";
import { trainingBackend, trainingOptions } from "./options.ts";
import { newRunFolder, OPTIONS_FILE, type RunRecord, runSoFar, SNAPSHOT, snapshotTag } from "./run_folder.ts";

type Request = StartGanTrainingRequest__Output;
type Job = StageJob<Request>;

/** The smallest resolution StyleGAN builds: checking with it refuses nothing a larger data set would accept. */
const SMALLEST_RESOLUTION = 8;

/**
 * GAN training jobs (`StartTraining`): train as train.py does, one progress report and `ganTick` per tick,
 * snapshots (checkpoint, fakes grid, `stats.jsonl`) stored and announced; a stopped job continues from its last
 * snapshot, one stopped by a shutdown from the very round it reached. Jobs run one at a time in a process.
 */
export function ganTrainingJob(ctx: StageContext<StageContext["config"], "gan-trainer">) {
  return defineStageJob(ctx, {
    kind: "gan-training",
    exclusive: true,
    check: (request: Request) => checkRequest(ctx, request),
    failure: (progress) => {
      const lastCheckpoint = progress.outputs.find((o) => SNAPSHOT.test(o.uri));
      return { kimg: progress.done / 1000, ...(lastCheckpoint && { lastCheckpoint }) };
    },
    run: train,
  });
}

/**
 * Checks a training request on the call, without side effects: the options (by the library's own checks, at the
 * data set's resolution when it is a path the service can open), the destination, the inputs given as paths, and
 * whether the backend asked for is installed here (it is not started).
 */
async function checkRequest(ctx: StageContext, request: Request): Promise<void> {
  const options = trainingOptions(request);
  const backend = trainingBackend(request);
  if (!request.dataset?.kind)
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      "A data set is required (--data): a path, an artifact or a key",
    );
  outputLocation(request.outdir, "gan/pending");
  const local = { store: ctx.artifacts, workDir: ctx.workDir };
  let resolution = SMALLEST_RESOLUTION;
  if (request.dataset.kind === "path") {
    const reader = await openDataset(
      (await localInput(request.dataset, { ...local, field: "dataset" })).path,
    );
    resolution = reader.resolution;
    reader.close();
  }
  if (request.resume?.kind === "path") await localInput(request.resume, { ...local, field: "resume" });
  asInvalidArgument(() => trainingConfig({ ...options, resolution }));
  const why = backend === "auto" ? undefined : backendUnavailable(backend);
  if (why !== undefined)
    throw new StatusError(
      Code.FAILED_PRECONDITION,
      `TF.js backend "${backend}" is not available on this node: ${why}`,
    );
}

/** The job body: train from the start, or from where the stopped job's run left off. */
async function train(job: Job) {
  const { request, report } = job;
  const backend = await initJobBackend(trainingBackend(request));
  report({ message: `Loading the data set (backend ${backend.name})`, unit: "nimg" });
  const data = await job.input(request.dataset, "dataset");
  const reader = await openDataset(data.path);
  let trainer: Trainer | undefined;
  try {
    const source = datasetBatchSource(reader, { seed: Number(request.seed) });
    const before = await runSoFar(job.artifacts, { from: job.resumedFrom, scratch: job.scratch });
    let resumeRef: ArtifactRef | null = null;
    if (before?.state !== undefined) {
      trainer = Trainer.fromState(before.state);
      if (before.state.batchSource !== undefined) restorePosition(source, before.state.batchSource);
    } else {
      const options = { ...trainingOptions(request), resolution: reader.resolution, imgChannels: 3 };
      const weights = request.resume?.kind ? await resumeWeights(job, options) : undefined;
      resumeRef = weights?.ref ?? null;
      trainer = new Trainer(
        weights?.config ?? asInvalidArgument(() => trainingConfig(options)),
        weights?.init,
      );
    }
    const config = trainer.config;
    const place =
      before?.place ??
      (await newRunFolder(job.artifacts, {
        outdir: request.outdir,
        job: job.job,
        dataset: reader.name,
        config,
      }));
    const folder = outputFolder(job.artifacts, place);
    const record: RunRecord = before?.record ?? {
      ...config,
      dataset: data.ref,
      resume: resumeRef,
      run_dir: place.dir ?? "",
      job_id: job.job.id ?? "",
      backend: backend.name,
    };
    const recordRef =
      before?.recordRef ??
      (await folder.put(OPTIONS_FILE, Buffer.from(JSON.stringify(record, null, 2)), {
        mediaType: "application/json",
      }));
    // The --resume weights were recorded at the first start: a resumed job never reads that file again.
    const lineage = () =>
      job.lineage({
        inputs: [record.dataset],
        models: record.resume ? [{ role: "generator", artifact: record.resume }] : [],
        config,
        seed: config.seed,
      });
    let snapshots = before?.snapshots ?? [];
    const stats = before?.stats ?? [];
    const total = config.kimg * 1000;
    const timeBefore = before?.state !== undefined ? (job.resumedFrom?.metrics["total_time"] ?? 0) : 0;
    const totalSec = () => timeBefore + job.elapsedMs() / 1000;
    const startKimg = trainer.counters.curNimg / 1000;
    const G_ema = trainer.G_ema;
    const latents = fakesLatents(config.seed, config.zDim);
    report({
      done: trainer.counters.curNimg,
      total,
      unit: "nimg",
      message: `${before?.state ? "Resuming" : "Training"} on ${backend.name} at ${startKimg} kimg`,
      outputs: [...snapshots, recordRef],
    });

    const onTick = async (info: TickInfo): Promise<void> => {
      const t = totalSec();
      stats.push(statsLine(info, t));
      const [lossG, lossD, lossR1, lossPl] = ["G/loss", "D/loss", "r1_penalty", "pl_penalty"].map(
        (k) => info.stats[`Loss/${k}`] ?? 0,
      ) as [number, number, number, number];
      const rssBytes = process.memoryUsage.rss();
      report({
        done: info.curNimg,
        total,
        unit: "nimg",
        message: `tick ${info.tick} kimg ${info.kimg.toFixed(3)} on ${backend.name}`,
        // TrainingTick's field names, durations in seconds.
        metrics: {
          tick: info.tick,
          kimg: info.kimg,
          sec_per_kimg: info.secPerKimg,
          tick_time: info.secPerTick,
          total_time: t,
          loss_g: lossG,
          loss_d: lossD,
          loss_r1: lossR1,
          loss_pl: lossPl,
          augment_p: info.augmentP,
          rss_bytes: rssBytes,
        },
      });
      const tick = { tick: info.tick, kimg: info.kimg, secPerKimg: info.secPerKimg, augmentP: info.augmentP };
      const times = { tickTime: duration(info.secPerTick * 1000), totalTime: duration(t * 1000) };
      const losses = { lossG, lossD, lossR1, lossPl, backend: backend.name, rssBytes, at: now() };
      const payload = { job: job.job, at: now(), tick: { ...tick, ...times, ...losses } };
      await job.publish("ganTick", payload, `${job.job.id}:tick:${info.tick}:${info.curNimg}`);
    };

    const onSnapshot = async (event: SnapshotEvent): Promise<void> => {
      const tag = snapshotTag(event.state.counters.curNimg, config.tick);
      const name = `network-snapshot-${tag}.safetensors`;
      const local = join(job.scratch, name);
      await writeCheckpoint(local, event.state);
      const checkpoint = await folder.put(name, { file: local });
      // An interruption snapshot is taken between two rounds and must fit the shutdown grace: no fakes grid.
      const fakes =
        event.reason === "aborted"
          ? undefined
          : await folder.put(`fakes${tag}.png`, await fakesGrid(G_ema, latents), {
              mediaType: "image/png",
            });
      const statsText = Buffer.from(stats.map((l) => `${l}\n`).join(""));
      const statsRef = await folder.put("stats.jsonl", statsText, {
        mediaType: "application/x-ndjson",
      });
      // Latest first; a snapshot within the same kimg replaces its namesake, as upstream's file would.
      snapshots = [checkpoint, ...snapshots.filter((s) => s.uri !== checkpoint.uri)];
      // Stored in the job record before it is announced: a process killed after the event still resumes from it.
      await report({
        outputs: [checkpoint, ...(fakes ? [fakes] : []), statsRef, ...snapshots.slice(1), recordRef],
      });
      const { kimg, tick } = event;
      const payload = {
        job: job.job,
        at: now(),
        kimg,
        tick,
        checkpoint,
        stats: statsRef,
        lineage: lineage(),
      };
      const id = `${job.job.id}:snapshot:${event.state.counters.curNimg}:${event.reason}`;
      await job.publish("ganSnapshot", { ...payload, ...(fakes && { fakes }) }, id);
    };

    const result = await trainer.run({ source, signal: job.signal, onTick, onSnapshot });
    if (result.reason !== "done") return;
    const completed = {
      job: job.job,
      at: now(),
      kimg: result.curNimg / 1000,
      snapshots: [...snapshots].reverse(),
      duration: duration(totalSec() * 1000),
      backend: backend.name,
      lineage: lineage(),
    };
    const checkpoint = snapshots[0] !== undefined ? { checkpoint: snapshots[0] } : {};
    await job.publish("ganCompleted", { ...completed, ...checkpoint }, `${job.job.id}:completed`);
    const resumedAt = before?.state ? ` (resumed at ${startKimg} kimg)` : "";
    return {
      done: result.curNimg,
      total,
      message: `Trained to ${result.curNimg / 1000} kimg on ${backend.name}${resumedAt}, ${snapshots.length} snapshot(s)`,
    };
  } finally {
    trainer?.dispose();
    reader.close();
  }
}

/** G, D and G_ema of a `--resume` file, whose latent sizes the run takes, checked against the configured networks. */
async function resumeWeights(
  job: Job,
  options: TrainingOptions,
): Promise<{ init: TrainerInit; ref: ArtifactRef; config: TrainingConfig }> {
  const input = await job.input(job.request.resume, "resume");
  const nets = await loadNetworkFile(input.path);
  // Training continues G itself (G_ema only when the file has no G); its G_ema is the generator one samples.
  const G = nets.G ?? nets.G_ema;
  const G_ema = pickGenerator(nets);
  const file = input.ref.uri.split("/").pop();
  if (G === undefined || G_ema === undefined || nets.D === undefined) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `Resume file "${file}" lacks a generator or the discriminator: training needs G (or G_ema) and D`,
    );
  }
  const g = G.config;
  const c = asInvalidArgument(() => trainingConfig({ ...options, zDim: g.zDim, wDim: g.wDim }));
  const have = [g.resolution, g.channelBase, g.channelMax, g.mappingLayers];
  const want = [c.resolution, c.cbase, c.cmax, c.mapDepth];
  if (have.join() !== want.join()) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `Resume file "${file}" does not match the configured networks: it has resolution ${have[0]}, cbase ` +
        `${have[1]}, cmax ${have[2]}, map-depth ${have[3]}; the run asks for ${want.join(", ")}`,
    );
  }
  const init = { weightsFrom: { G: G.stateDict, D: nets.D.stateDict, G_ema: G_ema.stateDict } };
  return { init, ref: input.ref, config: c };
}

/** One `stats.jsonl` line in upstream's shape: `{"<stat>": {"num", "mean", "std"}, ..., "timestamp"}`. */
function statsLine(info: TickInfo, totalSec: number): string {
  return JSON.stringify({
    ...info.statistics,
    "Progress/tick": info.tick,
    "Progress/kimg": info.kimg,
    "Progress/augment": info.augmentP,
    "Timing/total_sec": totalSec,
    "Timing/sec_per_tick": info.secPerTick,
    "Timing/sec_per_kimg": info.secPerKimg,
    "Resources/cpu_mem_gb": process.memoryUsage.rss() / 2 ** 30,
    timestamp: Date.now() / 1000,
  });
}

/** Puts the data set's reading position where the snapshot left it; a data set that changed cannot continue. */
function restorePosition(source: ReturnType<typeof datasetBatchSource>, position: unknown): void {
  try {
    source.setState?.(position);
  } catch (err) {
    throw new StatusError(
      Code.FAILED_PRECONDITION,
      `The data set no longer matches the run's snapshot (${(err as Error).message}): resume with the data set the ` +
        "run started with",
      { cause: err },
    );
  }
}
