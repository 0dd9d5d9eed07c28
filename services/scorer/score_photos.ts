import { randomUUID } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { ArtifactRef } from "@dermanomaly/artifacts";
import {
  Code,
  createClient,
  type ExportedModels__Output,
  type ImageReconstruction__Output,
  isStatusError,
  type Lineage,
  type ModelVersion,
  type OnlineScoringConfig__Output,
  type PhotoScore,
  type ReconstructResponse__Output,
  type ScoredPhoto,
  type ScorePhotosRequest__Output,
  StatusError,
  serviceEndpoint,
} from "@dermanomaly/contracts";
import { decodeImage, isImageDecodeError } from "@dermanomaly/imaging";
import {
  AsyncQueue,
  aboutSource,
  asInvalidArgument,
  type CallContext,
  localNamedInput,
  now,
  type StageContext,
} from "@dermanomaly/runtime";
import {
  alsScore,
  applyCalibration,
  type Calibration,
  needsImagePixels,
  type ReferenceLatents,
  type ResolvedScoreSpec,
  readCalibration,
  readReferenceLatents,
  resolveScoreSpec,
  scaledPixels,
  specFromMeta,
  termScore,
} from "@dermanomaly/scoring";
import { domainSpec } from "./options.ts";
import { DEFAULT_PREPARATION, PhotoDroppedError, type PreparedPhoto, preparePhoto } from "./prepare_photo.ts";

/** One score of the stream: its spec and, when it came from a calibration, that calibration. */
interface OnlineScore {
  readonly spec: ResolvedScoreSpec;
  readonly calibration?: Calibration;
}

/** An online scoring config read and checked: the scores, reference latents, and what lineage records. */
interface OnlineSetup {
  readonly scores: readonly OnlineScore[];
  readonly reference: ReferenceLatents | undefined;
  readonly inputs: ArtifactRef[];
}

function invalid(message: string): StatusError {
  return new StatusError(Code.INVALID_ARGUMENT, message);
}

/**
 * Reads an online scoring config: each calibration brings the score its sheet's `meta` records, the further specs
 * are checked by the scoring library, afs and the own-class search are refused (they need a set of images), als
 * needs reference latents.
 *
 * @throws {StatusError} INVALID_ARGUMENT for a bad config, NOT_FOUND for a missing file
 */
async function readSetup(
  ctx: StageContext,
  config: OnlineScoringConfig__Output,
  workDir: string,
): Promise<OnlineSetup> {
  if (!config.models?.gan?.kind || !config.models.encoder?.kind) {
    throw invalid("config.models needs the GAN and encoder checkpoints (models.gan and models.encoder)");
  }
  const io = { store: ctx.artifacts, workDir };
  const inputs: ArtifactRef[] = [];
  const scores: OnlineScore[] = [];
  for (const [k, location] of config.calibrations.entries()) {
    const file = await localNamedInput(location, { ...io, field: `config.calibrations[${k}]` });
    let calibration: Calibration;
    try {
      calibration = await readCalibration(file.path);
    } catch (err) {
      throw aboutSource(err, file);
    }
    let spec: ResolvedScoreSpec;
    try {
      spec = specFromMeta(calibration.sheet);
    } catch (err) {
      throw invalid(`Calibration '${file.source}': ${(err as Error).message}`);
    }
    scores.push({ spec, calibration });
    inputs.push(file.ref);
  }
  for (const [k, wire] of config.scores.entries()) {
    scores.push({ spec: asInvalidArgument(() => resolveScoreSpec(domainSpec(wire, k))) });
  }
  if (scores.length === 0) throw invalid("Give at least one score: config.calibrations or config.scores");
  const tags = new Set<string>();
  for (const { spec } of scores) {
    if (spec.method === "afs" || spec.originalOwnClassSearch) {
      throw invalid(
        `The '${spec.tag}' score needs a set of images (the neighbours' generations or the own class): score sets with StartScoring`,
      );
    }
    if (tags.has(spec.tag)) throw invalid(`Score '${spec.tag}' is asked for twice`);
    tags.add(spec.tag);
  }
  let reference: ReferenceLatents | undefined;
  if (scores.some((s) => s.spec.method === "als")) {
    if (!config.referenceLatents?.kind) {
      throw invalid("als searches reference latents: give config.reference_latents (latent_vectors.csv)");
    }
    const file = await localNamedInput(config.referenceLatents, { ...io, field: "config.reference_latents" });
    reference = await readReferenceLatents(file.path, { source: file.source }).catch((err: unknown) => {
      throw aboutSource(err, file);
    });
    inputs.push(file.ref);
  }
  return { scores, reference, inputs };
}

/** A photo of the stream waiting for its turn: failed already, or sent to the reconstructor. */
type Entry =
  | { readonly index: number; readonly name: string; readonly error: string; readonly code: string }
  | {
      readonly index: number;
      readonly name: string;
      readonly prepared: PreparedPhoto;
    };

/** A gRPC error of the reconstructor as the status this stream ends with. */
function reconstructorError(err: unknown): unknown {
  if (isStatusError(err)) return err;
  const e = err as { code?: unknown; details?: unknown; message?: unknown };
  if (typeof e?.code === "number") {
    return new StatusError(
      e.code as Code,
      `Reconstructor: ${typeof e.details === "string" && e.details !== "" ? e.details : String(e.message)}`,
      { cause: err },
    );
  }
  return err;
}

function lineageOf(models: ExportedModels__Output, inputs: ArtifactRef[], config: unknown): Lineage {
  const roles: ModelVersion[] = [];
  if (models.gan) roles.push({ role: "gan", artifact: models.gan });
  if (models.encoderCheckpoint)
    roles.push({ role: "encoder_checkpoint", artifact: models.encoderCheckpoint });
  for (const role of ["encoder", "generator", "discriminator"] as const) {
    const m = models[role];
    if (m?.model) roles.push({ role, artifact: { ...m.model, sha256: m.digest || m.model.sha256 } });
  }
  return { inputs, models: roles, configJson: JSON.stringify(config), seed: 0, createdAt: now() };
}

/**
 * `ScorePhotos`: reads the config, opens the reconstructor's `Reconstruct` stream with its models, then prepares
 * each photo (as the encoder's training images were: a centre crop and Lanczos resize unless the models say
 * otherwise), sends it, and scores its reconstruction as it comes back, in order:
 * raw scores, normalised scores and decisions under the calibrations, and the residual map. A photo that cannot be
 * read is answered with its error and the stream goes on; photos are prepared and sent while earlier ones are
 * being reconstructed, so the reconstructor batches them.
 */
export async function* scorePhotos(
  ctx: StageContext,
  requests: AsyncIterable<ScorePhotosRequest__Output>,
  call: CallContext,
): AsyncIterable<ScoredPhoto> {
  const it = requests[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  if (first.value.config == null) {
    throw invalid("The first message of a ScorePhotos stream must be the config (models and scores)");
  }
  const config = first.value.config;
  const scratch = join(ctx.workDir, "calls", randomUUID());
  await mkdir(scratch, { recursive: true });
  let setup: OnlineSetup;
  try {
    setup = await readSetup(ctx, config, scratch);
  } catch (err) {
    await rm(scratch, { recursive: true, force: true });
    throw err;
  }
  const client = createClient("reconstructor", serviceEndpoint("reconstructor"));
  const reconstruct = client.Reconstruct();
  // The reconstructor's errors reach this stream through the response iterator below; cancelling the call when this
  // stream ends early also emits one (CANCELLED), which nothing needs to hear.
  reconstruct.on("error", () => {});
  let finished = false;
  const abort = () => reconstruct.cancel();
  call.signal.addEventListener("abort", abort);
  try {
    const responses = (reconstruct as AsyncIterable<ReconstructResponse__Output>)[Symbol.asyncIterator]();
    const nextResponse = async (): Promise<ReconstructResponse__Output> => {
      let r: IteratorResult<ReconstructResponse__Output>;
      try {
        r = await responses.next();
      } catch (err) {
        throw reconstructorError(err);
      }
      if (r.done) throw new StatusError(Code.UNAVAILABLE, "The reconstructor ended its stream early");
      return r.value;
    };
    reconstruct.write({ models: config.models });
    const loaded = (await nextResponse()).models?.models;
    if (loaded == null)
      throw new StatusError(Code.INTERNAL, "The reconstructor did not say which models it loaded");
    const resolution = loaded.resolution;
    if (setup.reference !== undefined && setup.reference.cols !== loaded.zDim) {
      throw new StatusError(
        Code.FAILED_PRECONDITION,
        `Reference latents of ${setup.reference.cols} values do not fit the encoder's latents of ${loaded.zDim}`,
      );
    }
    const training = loaded.trainingPreparation;
    const lineage = lineageOf(loaded, setup.inputs, {
      scores: setup.scores.map((s) => s.spec),
      // Under `auto` the resampler depends on each photo's size: every ScoredPhoto records its own preparation.
      preparation: {
        ...(training
          ? { transform: training.transform, resampler: training.resampler }
          : DEFAULT_PREPARATION),
        resolution,
      },
    });

    // Photos are read, prepared and sent while the results of earlier ones are written.
    const queue = new AsyncQueue<Entry>();
    const reading = (async () => {
      let index = 0;
      for (;;) {
        const next = await it.next();
        if (next.done) break;
        if (next.value.config != null) {
          throw invalid(
            "Only the first message of a ScorePhotos stream is a config; start a new stream for another",
          );
        }
        const photo = next.value.photo;
        if (photo == null) continue;
        const entry = { index: index++, name: photo.name };
        try {
          const prepared = await preparePhoto(photo.image, resolution, training);
          reconstruct.write({ image: { id: String(entry.index), data: prepared.png } });
          queue.push({ ...entry, prepared });
        } catch (err) {
          if (err instanceof PhotoDroppedError) {
            queue.push({ ...entry, error: err.message, code: "INVALID_ARGUMENT" });
            continue;
          }
          if (!isImageDecodeError(err)) throw err;
          queue.push({ ...entry, error: `${err.code}: ${err.message}`, code: "INVALID_ARGUMENT" });
        }
      }
    })().then(
      () => {
        reconstruct.end();
        queue.close();
      },
      (err: unknown) => queue.fail(err),
    );

    for (let entry = await queue.next(); entry !== null; entry = await queue.next()) {
      call.signal.throwIfAborted();
      if ("error" in entry) {
        yield { name: entry.name, index: entry.index, error: entry.error, errorCode: entry.code, lineage };
        continue;
      }
      const result = (await nextResponse()).result;
      if (result == null || result.id !== String(entry.index)) {
        throw new StatusError(
          Code.INTERNAL,
          `The reconstructor answered out of order at photo ${entry.index}`,
        );
      }
      yield await scored(entry, result, setup, lineage);
    }
    await reading;
    finished = true;
  } finally {
    call.signal.removeEventListener("abort", abort);
    if (!finished) reconstruct.cancel();
    client.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

// One photo's result from its reconstruction: every score raw, and under its calibration normalised and decided.
async function scored(
  entry: Extract<Entry, { prepared: PreparedPhoto }>,
  result: ImageReconstruction__Output,
  setup: OnlineSetup,
  lineage: Lineage,
): Promise<ScoredPhoto> {
  const base = { name: entry.name, index: entry.index, preparation: entry.prepared.preparation, lineage };
  if (result.error !== "") return { ...base, error: result.error, errorCode: "INVALID_ARGUMENT" };
  const input = entry.prepared.image;
  // Pixel distances and centre-weighted terms compare x with the 8-bit reconstruction, as a set's read its PNGs.
  const needsPixels = setup.scores.some((s) => needsImagePixels(s.spec));
  const pixels = needsPixels
    ? { x: scaledPixels(input), g: scaledPixels(await decodeImage(result.reconstruction)) }
    : undefined;
  const terms = {
    pixelMse: result.pixelMse,
    pixelPairwise: result.pixelPairwise,
    featuresReal: result.featuresReal,
    featuresRec: result.featuresRec,
    input,
    ...(pixels === undefined ? {} : { pixels }),
  };
  let anomalous: boolean | undefined;
  const scores = setup.scores.map(({ spec, calibration }): PhotoScore => {
    const raw =
      spec.method === "als"
        ? alsScore(result.z, setup.reference as ReferenceLatents, spec.neighbours ?? 5)
        : termScore(spec, terms);
    if (calibration === undefined) return { tag: spec.tag, raw };
    const applied = applyCalibration(calibration, [raw]);
    const decision = applied.anomalous[0] as boolean;
    anomalous ??= decision;
    return {
      tag: spec.tag,
      raw,
      normalised: applied.normalised[0] as number,
      anomalous: decision,
      threshold: calibration.threshold,
    };
  });
  return {
    ...base,
    scores,
    ...(anomalous === undefined ? {} : { anomalous }),
    residual: result.residual,
    reconstruction: result.reconstruction,
    prepared: entry.prepared.png,
    latent: result.z,
  };
}
