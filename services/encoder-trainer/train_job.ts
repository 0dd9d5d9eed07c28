import { rm } from "node:fs/promises";
import { join } from "node:path";
import { type ArtifactRef, fileSha256 } from "@dermanomaly/artifacts";
import {
  Code,
  isStatusError,
  type ModelVersion,
  type StartEncoderTrainingRequest__Output,
  StatusError,
} from "@dermanomaly/contracts";
import { manifestPreparation, openDataset } from "@dermanomaly/dataset";
import {
  ENCODER_PRESETS,
  type EncoderLossTerms,
  type EncoderPreset,
  type EncoderSnapshotEvent,
  EncoderTrainer,
  type EncoderTrainingOptions,
  type EncoderWeights,
  type EpochInfo,
  encoderTrainingConfig,
  loadEncoderFile,
  renderReconstructionGrid,
  type StepProgress,
  writeEncoderCheckpoint,
  writeEncoderFile,
} from "@dermanomaly/encoder";
import {
  asInvalidArgument,
  defineStageJob,
  duration,
  type JobInput,
  localInput,
  now,
  outputFolder,
  outputLocation,
  type StageContext,
  type StageJob,
} from "@dermanomaly/runtime";
import { backendUnavailable, initJobBackend } from "@dermanomaly/tf";
import { firstImages, normalBatchSource, normalImages } from "./dataset_source.ts";
import { buildGanNetworks, disposeGanNetworks, loadGanWeights } from "./gan_networks.ts";
import { encoderRunSettings } from "./options.ts";
import {
  newRunFolder,
  OPTIONS_FILE,
  pruneSnapshots,
  type RunRecord,
  runOutputs,
  runSnapshots,
  runSoFar,
  STATE_FILE,
  snapshotTag,
  WEIGHTS,
} from "./run_folder.ts";

type Request = StartEncoderTrainingRequest__Output;
type Job = StageJob<Request>;

/** Images in a `rec<epoch>.png` grid: the first normal images of the data set, in one row. */
export const GRID_IMAGES = 8;

/** Options of {@linkcode encoderTrainingJob}. */
export interface EncoderTrainingJobOptions {
  /** Least time between two progress reports within an epoch. @default 2000 */
  progressIntervalMs?: number;
  /**
   * Builds the GAN networks from their weights: where an embedding program (or a test injecting a fault) wraps
   * them. @default buildGanNetworks
   */
  networks?: typeof buildGanNetworks;
}

/** Whether the loss has a feature term, which needs the discriminator. */
function needsDiscriminator(options: EncoderTrainingOptions): boolean {
  return (options.loss ?? "izif") === "izif" && (options.kappa ?? 1) > 0;
}

/**
 * Encoder training jobs (`StartTraining`): train E against the GAN's frozen generator and discriminator, one progress
 * report and `encoder.epoch` per epoch (throttled reports within one), snapshots (weights, grid, training state)
 * stored, pruned to the newest few and announced; a stopped job continues from its last training state, exactly.
 * Jobs run one at a time in a process.
 */
export function encoderTrainingJob(
  ctx: StageContext<StageContext["config"], "encoder-trainer">,
  options: EncoderTrainingJobOptions = {},
) {
  const progressIntervalMs = options.progressIntervalMs ?? 2000;
  const networks = options.networks ?? buildGanNetworks;
  return defineStageJob(ctx, {
    kind: "encoder-training",
    exclusive: true,
    check: (request: Request) => checkRequest(ctx, request),
    failure: (progress) => {
      const lastCheckpoint = progress.outputs.find((o) => WEIGHTS.test(o.uri));
      return { epochs: progress.metrics["epoch"] ?? 0, ...(lastCheckpoint && { lastCheckpoint }) };
    },
    run: (job) => train(job, { progressIntervalMs, networks }),
  });
}

/**
 * Checks a training request on the call, without side effects: the options (by the library's own checks), the
 * destination, and the inputs the service can read in place (paths): the data set has normal images, the GAN file is
 * a GAN with the networks the loss needs at the data set's resolution, the starting weights exist; and whether the
 * backend asked for is installed here (it is not started).
 */
async function checkRequest(ctx: StageContext, request: Request): Promise<void> {
  const { options, backend } = encoderRunSettings(request);
  // The generator's shape is not known yet: any valid one checks every option that does not depend on it.
  const stand = { resolution: 256, zDim: 512, imgChannels: 3 };
  asInvalidArgument(() => encoderTrainingConfig({ ...options, preset: options.preset ?? "paper" }, stand));
  if (!request.dataset?.kind)
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      "A data set of normal images is required (dataset, --data): a path, an artifact or a key",
    );
  if (!request.gan?.kind)
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      "A GAN checkpoint is required (gan, --gan): a path, an artifact or a key",
    );
  outputLocation(request.outdir, "encoder/pending");
  const local = { store: ctx.artifacts, workDir: ctx.workDir };
  let dataset: { name: string; resolution: number } | undefined;
  if (request.dataset.kind === "path") {
    const reader = await openDataset(
      (await localInput(request.dataset, { ...local, field: "dataset" })).path,
    );
    try {
      normalImages(reader);
      dataset = { name: reader.name, resolution: reader.resolution };
    } finally {
      reader.close();
    }
  }
  if (request.gan.kind === "path") {
    const gan = await localInput(request.gan, { ...local, field: "gan" });
    await loadGanWeights(gan.path, {
      generator: options.generator ?? "G_ema",
      needsD: needsDiscriminator(options),
      ...(dataset && { dataset }),
    });
  }
  if (request.resume?.kind === "path") await localInput(request.resume, { ...local, field: "resume" });
  const why = backend === "auto" ? undefined : backendUnavailable(backend);
  if (why !== undefined)
    throw new StatusError(
      Code.FAILED_PRECONDITION,
      `TF.js backend "${backend}" is not available on this node: ${why}`,
    );
}

/** The job body: train from the start, or from the last training state of the stopped job's run. */
async function train(job: Job, options: Required<EncoderTrainingJobOptions>) {
  const { progressIntervalMs } = options;
  const { request, report } = job;
  const settings = encoderRunSettings(request);
  const generator = settings.options.generator ?? "G_ema";
  const needsD = needsDiscriminator(settings.options);
  const backend = await initJobBackend(settings.backend);
  report({ message: `Loading the data set and the GAN (backend ${backend.name})`, unit: "steps" });
  const data = await job.input(request.dataset, "dataset");
  const reader = await openDataset(data.path);
  let nets: ReturnType<typeof buildGanNetworks> | undefined;
  let trainer: EncoderTrainer | undefined;
  try {
    const images = normalImages(reader);
    const before = await runSoFar(job.artifacts, { from: job.resumedFrom, scratch: job.scratch });
    const ganInput = await job.input(request.gan, "gan");
    const ganRef = await withDigest(ganInput);
    if (before !== undefined && before.record.gan.sha256 !== "" && before.record.gan.sha256 !== ganRef.sha256)
      throw new StatusError(
        Code.FAILED_PRECONDITION,
        `The GAN checkpoint changed since the run started (sha256 "${before.record.gan.sha256}", now ` +
          `"${ganRef.sha256}"): resume with the GAN the run started with`,
      );
    const weights = await loadGanWeights(ganInput.path, {
      generator,
      needsD,
      dataset: { name: reader.name, resolution: reader.resolution },
    });
    nets = options.networks(weights, generator);
    let resumeRef: ArtifactRef | null = before?.record.resume ?? null;
    if (before?.state !== undefined) {
      const state = before.state;
      trainer = unchanged(() => EncoderTrainer.fromState(state, nets!));
    } else {
      const start = request.resume?.kind ? await startingWeights(job, settings.options) : undefined;
      resumeRef = start?.ref ?? null;
      const preset: EncoderPreset = settings.options.preset ?? start?.preset ?? "paper";
      const c = start?.weights.config;
      const options: EncoderTrainingOptions = {
        ...settings.options,
        preset,
        ...(c && {
          encoder: {
            convBias: c.convBias,
            batchNormMomentum: c.batchNormMomentum,
            batchNormEps: c.batchNormEps,
          },
        }),
      };
      const inputs: Record<string, string> = {
        job: job.job.id,
        dataset: data.ref.uri,
        ...(data.ref.sha256 && { datasetSha256: data.ref.sha256 }),
        gan: ganRef.uri,
        ...(ganRef.sha256 && { ganSha256: ganRef.sha256 }),
        ...(resumeRef && { resume: resumeRef.uri, resumeSha256: resumeRef.sha256 }),
      };
      // How the photos became training images: a photo scored later is prepared the same way.
      const preparation = manifestPreparation(reader.manifest);
      const init = {
        inputs,
        ...(start && { weightsFrom: start.weights }),
        ...(preparation && { preparation }),
      };
      trainer = asInvalidArgument(() => new EncoderTrainer(options, nets!, init));
    }
    const t = trainer;
    const config = t.config;
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
      gan: ganRef,
      resume: resumeRef,
      images: images.length,
      keep: settings.keep,
      run_dir: place.dir ?? "",
      job_id: job.job.id,
      backend: backend.name,
    };
    const recordRef =
      before?.recordRef ??
      (await folder.put(OPTIONS_FILE, Buffer.from(JSON.stringify(record, null, 2)), {
        mediaType: "application/json",
      }));
    const models: ModelVersion[] = [
      { role: "generator", artifact: record.gan },
      ...(config.kappa > 0 && config.loss === "izif"
        ? [{ role: "discriminator", artifact: record.gan }]
        : []),
      ...(record.resume ? [{ role: "encoder", artifact: record.resume }] : []),
    ];
    // Every output records the generator and noise mode E learnt with: `config` holds them, as the weights' lineage.
    const lineage = () =>
      job.lineage({
        inputs: [record.dataset],
        models,
        config: { ...config, lineage: t.lineage },
        seed: config.seed,
      });

    const stepsPerEpoch = Math.ceil(images.length / config.batch);
    const total = config.epochs * stepsPerEpoch;
    const resumed = before?.state !== undefined;
    const timeBefore = resumed ? (job.resumedFrom?.metrics["total_time"] ?? 0) : 0;
    const totalSec = () => timeBefore + job.elapsedMs() / 1000;
    let epochLoss = resumed ? (job.resumedFrom?.metrics["epoch_loss"] ?? 0) : 0;
    let epochStart = { at: performance.now(), steps: t.counters.steps };
    const source = normalBatchSource(reader, images, { seed: config.seed });
    const gridReals = await firstImages(reader, images, GRID_IMAGES);
    const startEpoch = t.counters.epoch;
    let outputs = runOutputs(await runSnapshots(job.artifacts, place.prefix), recordRef);
    report({
      done: t.counters.steps,
      total,
      unit: "steps",
      message: `${resumed ? "Resuming" : "Training"} on ${backend.name} at epoch ${startEpoch} of ${config.epochs}`,
      outputs,
    });

    const common = () => ({
      epoch: t.counters.epoch,
      steps_per_epoch: stepsPerEpoch,
      total_time: totalSec(),
      epoch_loss: epochLoss,
      rss_bytes: process.memoryUsage.rss(),
    });

    const onProgress = (p: StepProgress): void => {
      const secs = (performance.now() - epochStart.at) / 1000;
      const done = t.counters.steps;
      report({
        done,
        total,
        message: `epoch ${p.epoch}/${config.epochs}, step ${p.stepInEpoch}/${p.stepsPerEpoch} on ${backend.name}`,
        metrics: {
          ...common(),
          step_in_epoch: p.stepInEpoch,
          ...lossMetrics(p.losses),
          images_per_sec: ((done - epochStart.steps) * config.batch) / Math.max(secs, 1e-9),
        },
      });
    };

    const onEpoch = async (e: EpochInfo): Promise<void> => {
      epochLoss = e.losses.loss;
      epochStart = { at: performance.now(), steps: t.counters.steps };
      const rssBytes = process.memoryUsage.rss();
      report({
        done: t.counters.steps,
        total,
        message: `epoch ${e.epoch}/${e.epochs} on ${backend.name}`,
        metrics: {
          ...common(),
          step_in_epoch: 0,
          ...lossMetrics(e.losses),
          images_per_sec: e.imagesPerSec,
          epoch_time: e.secPerEpoch,
        },
      });
      const epoch = {
        epoch: e.epoch,
        loss: e.losses.loss,
        lossImg: e.losses.image ?? 0,
        lossFeat: e.losses.features ?? 0,
        lossLatent: e.losses.latent ?? 0,
        imagesPerSec: e.imagesPerSec,
        epochTime: duration(e.secPerEpoch * 1000),
        backend: backend.name,
        at: now(),
        steps: e.steps,
        rssBytes,
      };
      await job.publish(
        "encoderEpochEnded",
        { job: job.job, at: now(), epoch },
        `${job.job.id}:epoch:${e.epoch}`,
      );
    };

    const onSnapshot = async (event: EncoderSnapshotEvent): Promise<void> => {
      const why = event.reason === "aborted" ? interruption(job.signal) : "epoch";
      // Another instance runs the job now: it writes the run's files, not this one.
      if (why === "moved") return;
      const { counters } = event.state;
      const tag = snapshotTag(counters);
      let checkpoint: ArtifactRef | undefined;
      let grid: ArtifactRef | undefined;
      // A shutdown only needs the state to continue from, and must fit the grace period.
      if (why !== "shutdown") {
        const name = `encoder-${tag}.safetensors`;
        const local = join(job.scratch, name);
        await writeEncoderFile(
          local,
          { config: config.encoder, stateDict: event.state.E },
          {
            lineage: event.state.lineage,
            metadata: { epoch: String(counters.epoch), steps: String(counters.steps), job: job.job.id },
          },
        );
        checkpoint = await folder.put(name, { file: local }, { mediaType: "application/vnd.safetensors" });
        await rm(local, { force: true });
      }
      if (why === "epoch") {
        const png = await renderReconstructionGrid(
          { encoder: t.encoder, generator: t.generator },
          gridReals,
          {
            noiseMode: config.noiseMode,
            noiseSeed: config.seed,
          },
        );
        grid = await folder.put(`rec${tag}.png`, png, { mediaType: "image/png" });
      }
      const stateLocal = join(job.scratch, STATE_FILE);
      await writeEncoderCheckpoint(stateLocal, event.state);
      const state = await folder.put(
        STATE_FILE,
        { file: stateLocal },
        { mediaType: "application/vnd.safetensors" },
      );
      await rm(stateLocal, { force: true });
      outputs = runOutputs(await pruneSnapshots(job.artifacts, place, record.keep), recordRef);
      // Stored in the job record before it is announced: a process killed after the event still resumes from it.
      await report({
        done: counters.steps,
        metrics: { ...common(), step_in_epoch: counters.stepInEpoch },
        outputs,
      });
      if (checkpoint === undefined) return;
      const payload = {
        job: job.job,
        at: now(),
        epoch: counters.epoch,
        checkpoint,
        loss: epochLoss,
        lineage: lineage(),
        steps: counters.steps,
        state,
        ...(grid && { grid }),
      };
      await job.publish("encoderSnapshot", payload, `${job.job.id}:snapshot:${tag}:${event.reason}`);
    };

    const result = await t.run({
      source,
      epochSize: images.length,
      signal: job.signal,
      onEpoch,
      onSnapshot,
      onProgress,
      progressIntervalMs,
    });
    if (result.reason !== "done") return;
    const kept = await runSnapshots(job.artifacts, place.prefix);
    const final = kept.weights[0];
    const completed = {
      job: job.job,
      at: now(),
      epochs: result.counters.epoch,
      loss: epochLoss,
      duration: duration(totalSec() * 1000),
      backend: backend.name,
      lineage: lineage(),
      snapshots: [...kept.weights].reverse(),
      ...(final && { checkpoint: final }),
    };
    await job.publish("encoderCompleted", completed, `${job.job.id}:completed`);
    const resumedAt = resumed ? ` (resumed at epoch ${startEpoch})` : "";
    return {
      done: result.counters.steps,
      total,
      message:
        `Trained ${result.counters.epoch} epoch(s) on ${backend.name}${resumedAt}, ` +
        `${kept.weights.length} snapshot(s) kept`,
      outputs: runOutputs(kept, recordRef),
    };
  } finally {
    trainer?.dispose();
    if (nets !== undefined) disposeGanNetworks(nets);
    reader.close();
  }
}

/** The loss terms a loss uses, under the `EncoderEpoch` names. */
function lossMetrics(losses: EncoderLossTerms): Record<string, number> {
  return {
    loss: losses.loss,
    ...(losses.image !== null && { loss_img: losses.image }),
    ...(losses.features !== null && { loss_feat: losses.features }),
    ...(losses.latent !== null && { loss_latent: losses.latent }),
  };
}

/** Why a run stopped early: a Cancel, a shutdown, or the job moving to another instance. */
function interruption(signal: AbortSignal): "cancel" | "shutdown" | "moved" {
  const reason = signal.reason as unknown;
  if (isStatusError(reason) && reason.code === Code.CANCELLED) return "cancel";
  if (isStatusError(reason) && reason.code === Code.UNAVAILABLE) return "shutdown";
  return "moved";
}

/** An input's reference with the digest of its file when it was read in place (lineage names exact versions). */
async function withDigest(input: JobInput): Promise<ArtifactRef> {
  if (input.ref.sha256 !== "" || input.ref.mediaType === "inode/directory") return input.ref;
  return { ...input.ref, sha256: await fileSha256(input.path) };
}

/** Turns the library's refusal of a saved state that no longer fits the GAN into the condition it is. */
function unchanged<T>(build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    throw new StatusError(
      Code.FAILED_PRECONDITION,
      `The run's saved state no longer fits its inputs (${err.message}): resume with the GAN the run started with`,
      { cause: err },
    );
  }
}

/** The `resume` weights, their reference, and the preset their widths are. */
async function startingWeights(
  job: Job,
  options: EncoderTrainingOptions,
): Promise<{ weights: EncoderWeights; ref: ArtifactRef; preset: EncoderPreset | undefined }> {
  const input = await job.input(job.request.resume, "resume");
  const loaded = await loadEncoderFile(input.path);
  const c = loaded.config;
  const found = (Object.keys(ENCODER_PRESETS) as EncoderPreset[]).find(
    (p) => ENCODER_PRESETS[p].channelBase === c.channelBase && ENCODER_PRESETS[p].channelMax === c.channelMax,
  );
  if (options.preset === undefined && found === undefined) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `The resume weights have widths ${c.channelBase} doubling to ${c.channelMax}, which are no preset's ` +
        `(${Object.entries(ENCODER_PRESETS)
          .map(([k, p]) => `${k} ${p.channelBase}/${p.channelMax}`)
          .join(", ")}): training starts only from a preset's weights`,
    );
  }
  return { weights: { config: c, stateDict: loaded.stateDict }, ref: await withDigest(input), preset: found };
}
