import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, extname, join } from "node:path";
import { type ArtifactRef, resolveStore } from "@dermanomaly/artifacts";
import {
  Code,
  type ExportedModels__Output,
  isStatusError,
  type Location__Output,
  type ReconstructionPart__Output,
  type ReconstructionWorkItem,
  type SkippedInput,
  type StartReconstructionRequest__Output,
  StatusError,
} from "@dermanomaly/contracts";
import { openSource } from "@dermanomaly/dataset/internal";
import {
  fetchReconstructionSet,
  mergeParts,
  planSource,
  type SourceImage,
  storeReconstructionSet,
} from "@dermanomaly/reconstruction";
import {
  defineStageJob,
  localInput,
  now,
  type OutputLocation,
  outputFolder,
  outputLocation,
  type StageContext,
  type StageJob,
} from "@dermanomaly/runtime";
import type { ModelStore } from "./model_store.ts";
import { type ReconstructionSettings, reconstructionSettings } from "./options.ts";
import type { PartRecords } from "./parts.ts";
import { type ReconstructionQueue, reasonCode } from "./work_items.ts";

type Request = StartReconstructionRequest__Output;
type Job = StageJob<Request>;

/** What the reconstruction job needs besides the stage context. */
export interface ReconstructionJobDeps {
  readonly ctx: StageContext<StageContext["config"], "reconstructor">;
  readonly models: ModelStore;
  readonly queue: ReconstructionQueue;
  readonly parts: PartRecords;
}

/** `format` of a job's plan (its work items), stored so that a replica taking the job over reuses it. */
const PLAN_FORMAT = "dermanomaly/reconstruction-plan/1";

interface Plan {
  readonly format: typeof PLAN_FORMAT;
  /** The source, as lineage records it. */
  readonly source: ArtifactRef;
  readonly items: ReconstructionWorkItem[];
}

/** Store prefix of a job's work files (uploaded images, plan, partial sets), removed when the job ends. */
function workPrefix(jobId: string): string {
  return `work/reconstructor/${jobId}/`;
}

/** The store prefix a job's set goes to, and the local folder it is copied to, from the request's `dest`. */
function destination(
  request: Request,
  jobId: string,
): { prefix: string; dir?: string; location: OutputLocation } {
  const location = outputLocation(request.dest, `reconstructions/${jobId}`);
  if (location.kind === "path") return { prefix: `reconstructions/${jobId}/`, dir: location.path, location };
  return { prefix: location.key.endsWith("/") ? location.key : `${location.key}/`, location };
}

function checkDestFree(dir: string | undefined): void {
  if (dir === undefined) return;
  const busy = existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0);
  if (busy) {
    throw new StatusError(
      Code.FAILED_PRECONDITION,
      `Destination "${dir}" is not an empty folder: a reconstruction set needs a new or empty folder`,
    );
  }
}

// An input's existence, without downloading it.
async function checkInput(ctx: StageContext, location: Location__Output | null | undefined, field: string) {
  switch (location?.kind) {
    case "path":
      await localInput(location, { store: ctx.artifacts, workDir: ctx.workDir, field });
      return;
    case "key":
      await ctx.artifacts.stat(location.key ?? "");
      return;
    case "artifact": {
      if (!location.artifact?.uri)
        throw new StatusError(Code.INVALID_ARGUMENT, `${field} artifact has no uri`);
      const store = await resolveStore(location.artifact);
      try {
        await store.stat(location.artifact);
      } finally {
        await store.close();
      }
      return;
    }
    default:
      throw new StatusError(Code.INVALID_ARGUMENT, `${field} is required: give a path, an artifact or a key`);
  }
}

/**
 * Batch reconstruction jobs (`StartReconstruction`). The replica that owns the job (its lease) prepares the models,
 * lists the source, uploads its images and pushes work items; every replica reconstructs items into partial sets;
 * the owner waits for all of them, merges them in item order, stores the set (and copies it to a local folder when
 * asked) and announces it. A replica that takes the job over from a dead owner reuses its stored plan.
 */
export function reconstructionJob(deps: ReconstructionJobDeps) {
  const { ctx } = deps;
  return defineStageJob(ctx, {
    kind: "reconstruction",
    async check(request: Request) {
      reconstructionSettings(request);
      const { dir } = destination(request, "pending");
      checkDestFree(dir);
      await checkInput(ctx, request.source, "source");
      await deps.models.check(request.models!);
    },
    async run(job) {
      try {
        return await reconstruct(deps, job);
      } catch (err) {
        // A job cancelled, or refused for a reason of its own, ends here: its work files go. One that lost its
        // connection, was stopped by a shutdown or taken over goes on elsewhere, and keeps them.
        if (endsHere(job, err) && !ctx.nc.isClosed())
          await removeWork(deps, job.job.id ?? "").catch(() => {});
        throw err;
      }
    },
  });
}

// Codes of failures that another attempt at the job would meet again.
const DEFINITIVE: ReadonlySet<number> = new Set([
  Code.INVALID_ARGUMENT,
  Code.NOT_FOUND,
  Code.FAILED_PRECONDITION,
  Code.DATA_LOSS,
  Code.ALREADY_EXISTS,
  Code.PERMISSION_DENIED,
  Code.UNIMPLEMENTED,
]);

function endsHere(job: Job, err: unknown): boolean {
  if (job.signal.aborted) return (job.signal.reason as { code?: unknown })?.code === Code.CANCELLED;
  return isStatusError(err) && DEFINITIVE.has(err.code);
}

async function reconstruct(deps: ReconstructionJobDeps, job: Job) {
  const { request, report, signal } = job;
  const store = job.artifacts;
  const jobId = job.job.id ?? "";
  const settings = reconstructionSettings(request);
  const dest = destination(request, jobId);
  // A job taken over may find the copy its dead owner began: the same files are written again.
  if (job.resumedFrom === undefined) checkDestFree(dest.dir);
  report({ message: "Preparing the models", unit: "images" });
  const models = await deps.models.resolve(request.models!, {
    signal,
    onStatus: (s) =>
      report({
        message:
          s === "exporting"
            ? "Exporting the models to ONNX"
            : "Waiting for another replica to export the models",
      }),
  });
  const push = async (item: ReconstructionWorkItem) => {
    await deps.queue.push(item, `${jobId}:${item.index}`);
  };
  let plan = await storedPlan(job, workPrefix(jobId));
  // Pushed again after a takeover: the queue drops repeats inside its window, replicas drop items already done.
  if (plan !== undefined) for (const item of plan.items) await push(item);
  else plan = await makePlan(job, settings, models, push);
  const count = plan.items.length;
  const total = plan.items.reduce((a, i) => a + (i.images?.length ?? 0) + (i.skipped?.length ?? 0), 0);
  const metrics = (parts: readonly ReconstructionPart__Output[]) => {
    const m: Record<string, number> = { written: 0, skipped: 0, items: count, items_done: parts.length };
    for (const p of parts) {
      m["written"]! += p.written;
      m["skipped"]! += p.skipped;
      for (const [reason, n] of Object.entries(p.skippedByReason)) {
        const k = `skipped_${reason.toLowerCase()}`;
        m[k] = (m[k] ?? 0) + n;
      }
    }
    return m;
  };
  report({ message: `Reconstructing (${count} work items)`, done: 0, total, metrics: metrics([]) });
  const seen: ReconstructionPart__Output[] = [];
  const parts = await deps.parts.collect(jobId, count, {
    signal,
    onPart: (part) => {
      seen.push(part);
      const m = metrics(seen);
      report({ done: m["written"]! + m["skipped"]!, metrics: m });
    },
  });
  const final = metrics(parts);
  if (final["written"] === 0) {
    throw new StatusError(
      Code.FAILED_PRECONDITION,
      `None of the ${total} inputs could be reconstructed (${skippedText(final)}): images must be readable and ` +
        `${models.resolution}x${models.resolution} (prepare them with the preprocess stage first)`,
    );
  }
  report({ message: "Merging the work items" });
  const partDirs: string[] = [];
  for (const part of parts) {
    const dir = join(job.scratch, "parts", String(part.index));
    await fetchReconstructionSet(store, part.manifest!, dir, { signal });
    partDirs.push(dir);
  }
  const setDir = join(job.scratch, "set");
  await mergeParts(partDirs, setDir, { signal });
  report({ message: "Storing the set" });
  if (job.resumedFrom === undefined) checkDestFree(dest.dir);
  const folder = outputFolder(store, {
    prefix: dest.prefix,
    ...(dest.dir !== undefined && { dir: dest.dir }),
  });
  const stored = await storeReconstructionSet(
    setDir,
    async (name, content) => {
      // The local copy keeps the set's folders.
      if (dest.dir !== undefined) await mkdir(dirname(join(dest.dir, name)), { recursive: true });
      return await folder.put(name, content);
    },
    { signal },
  );
  const skippedByReason: Record<string, number> = {};
  for (const s of stored.skippedInputs) {
    const reason = reasonCode(s.reason);
    skippedByReason[reason] = (skippedByReason[reason] ?? 0) + 1;
  }
  const onnx = (role: "encoder" | "generator" | "discriminator") => models[role]?.model as ArtifactRef;
  await job.publish(
    "reconstructionCompleted",
    {
      job: job.job,
      at: now(),
      setPrefix: dest.prefix,
      tensors: stored.tensors,
      index: stored.index,
      latents: stored.latents,
      skippedList: stored.skippedList,
      manifest: stored.manifest,
      count: stored.count,
      skippedByReason,
      models,
      destPath: dest.dir ?? "",
      lineage: job.lineage({
        inputs: [plan.source],
        models: [
          { role: "gan", artifact: models.gan! },
          { role: "encoder-checkpoint", artifact: models.encoderCheckpoint! },
          { role: "encoder", artifact: onnx("encoder") },
          { role: "generator", artifact: onnx("generator") },
          { role: "discriminator", artifact: onnx("discriminator") },
        ],
        config: {
          ...settings,
          generator: models.generatorChoice,
          noiseMode: models.noiseMode,
          modelsKey: models.key,
          dest: dest.dir ?? dest.prefix,
        },
        seed: settings.noiseSeed,
      }),
    },
    `${jobId}:completed`,
  );
  await removeWork(deps, jobId);
  return {
    done: total,
    total,
    message:
      `Reconstructed ${stored.count} images into ${dest.dir ?? `"${dest.prefix}" in the artifact store`}` +
      (stored.skipped > 0 ? `, skipped ${skippedText(final)}` : ""),
    metrics: final,
    outputs: [stored.tensors, stored.index, stored.latents, stored.skippedList, stored.manifest],
  };
}

function skippedText(metrics: Record<string, number>): string {
  const parts = Object.entries(metrics)
    .filter(([k, v]) => k.startsWith("skipped_") && v > 0)
    .map(([k, v]) => `${k.slice("skipped_".length).toUpperCase()} ${v}`);
  return parts.length > 0 ? `skipped: ${parts.join(", ")}` : "nothing skipped";
}

/** Removes the job's work files and item records (its set is stored, or it ended without one). */
async function removeWork(deps: ReconstructionJobDeps, jobId: string): Promise<void> {
  const store = deps.ctx.artifacts;
  for (const a of await store.list(workPrefix(jobId))) await store.delete(a.key).catch(() => false);
  await deps.parts.clear(jobId).catch(() => {});
}

async function storedPlan(job: Job, prefix: string): Promise<Plan | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await job.artifacts.getBytes(`${prefix}plan.json`);
  } catch (err) {
    if ((err as { code?: unknown }).code === Code.NOT_FOUND) return undefined;
    throw err;
  }
  const plan = JSON.parse(new TextDecoder().decode(bytes)) as Plan;
  if (plan.format !== PLAN_FORMAT) return undefined;
  job.log.info("Plan of the job found: continuing it", { items: plan.items.length });
  return plan;
}

/**
 * Lists the source, uploads each item's images to the store (so that any replica can read them) and pushes the
 * item at once, so that replicas start while the rest uploads; stores the plan last. The plan is a function of
 * the source and the request, so an owner that dies before storing it is replaced by one that makes the same plan.
 * A file the source cannot give is listed as skipped in its item.
 */
async function makePlan(
  job: Job,
  settings: ReconstructionSettings,
  models: ExportedModels__Output,
  push: (item: ReconstructionWorkItem) => Promise<void>,
): Promise<Plan> {
  const { report, signal } = job;
  const jobId = job.job.id ?? "";
  const prefix = workPrefix(jobId);
  report({ message: "Listing the source" });
  const { path: sourcePath, ref: sourceRef } = await job.input(job.request.source, "source");
  const listed = await planSource(
    sourcePath,
    settings.classMap === undefined ? {} : { classMap: settings.classMap },
  );
  const source = await openSource(sourcePath);
  const items: ReconstructionWorkItem[] = [];
  try {
    const chunks: SourceImage[][] = [];
    for (let i = 0; i < listed.images.length; i += settings.itemSize)
      chunks.push(listed.images.slice(i, i + settings.itemSize));
    if (chunks.length === 0) {
      throw new StatusError(
        Code.FAILED_PRECONDITION,
        `Source "${sourceRef.uri}" holds no image to reconstruct (${listed.skipped.length} files skipped: ` +
          `${listed.skipped
            .slice(0, 3)
            .map((s) => `${s.source}: ${s.reason}`)
            .join("; ")})`,
      );
    }
    let uploaded = 0;
    for (const [index, chunk] of chunks.entries()) {
      const skipped: SkippedInput[] = index === 0 ? listed.skipped.map((s) => ({ ...s })) : [];
      const images: NonNullable<ReconstructionWorkItem["images"]> = [];
      await eachLimited(chunk, 8, async (image, k) => {
        signal.throwIfAborted();
        let bytes: Uint8Array;
        try {
          bytes = await source.read(image.entry);
        } catch (err) {
          skipped.push({ source: image.entry, reason: `UNREADABLE: ${(err as Error).message}` });
          return;
        }
        const key = `${prefix}inputs/${index}/${String(k).padStart(5, "0")}${extname(image.entry).toLowerCase()}`;
        const stored = await job.artifacts.put(key, bytes);
        images[k] = {
          image: {
            uri: stored.uri,
            sha256: stored.sha256,
            sizeBytes: stored.sizeBytes,
            mediaType: stored.mediaType,
          },
          entry: image.entry,
          imageName: image.imageName,
          className: image.className,
          label: image.label,
        };
        uploaded++;
      });
      report({ message: `Uploading the images (${uploaded} of ${listed.images.length})` });
      const item: ReconstructionWorkItem = {
        job: job.job,
        index,
        count: chunks.length,
        images: images.filter((i) => i !== undefined),
        skipped,
        models,
        batchSize: settings.batchSize,
        classes: { ...listed.classes },
        source: sourceRef.uri,
        partsPrefix: `${prefix}parts/`,
        noiseSeed: settings.noiseSeed === 0 ? 0 : settings.noiseSeed + index,
        refine: settings.refine ?? null,
      };
      await push(item);
      items.push(item);
    }
  } finally {
    source.close();
  }
  const plan: Plan = { format: PLAN_FORMAT, source: sourceRef, items };
  await job.artifacts.put(`${prefix}plan.json`, Buffer.from(JSON.stringify(plan)), {
    mediaType: "application/json",
  });
  return plan;
}

// Runs `work` over `items` (with their index), at most `n` at a time.
async function eachLimited<T>(
  items: readonly T[],
  n: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const k = next++;
      await work(items[k]!, k);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, lane));
}
