import { existsSync, readdirSync } from "node:fs";
import { cp, mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { type ArtifactRef, fileUri } from "@dermanomaly/artifacts";
import {
  Code,
  type JobRef,
  type PrepareDatasetRequest__Output,
  type ServiceImplementations,
  StatusError,
} from "@dermanomaly/contracts";
import { openDataset, type PrepareProgress, packDataset, prepareDataset } from "@dermanomaly/dataset";
import {
  type AsyncHandlers,
  localInput,
  type OutputLocation,
  outputLocation,
  type RunFn,
  type StageContext,
} from "@dermanomaly/runtime";
import { type PrepareSettings, prepareSettings } from "./options.ts";

const KIND = "prepare-dataset";

function checkDestFree(dest: OutputLocation): void {
  if (dest.kind !== "path") return;
  const busy = dest.path.toLowerCase().endsWith(".zip")
    ? existsSync(dest.path)
    : existsSync(dest.path) && readdirSync(dest.path).length > 0;
  if (busy) {
    throw new StatusError(
      Code.FAILED_PRECONDITION,
      `Destination "${dest.path}" is not empty: dataset_tool never overwrites; choose a new folder or .zip`,
    );
  }
}

function datasetKey(dest: OutputLocation, job: JobRef): string {
  if (dest.kind === "key") return dest.key.endsWith("/") ? `${dest.key}dataset.zip` : dest.key;
  return `datasets/${job.id}/dataset.zip`;
}

function progressMetrics(p: PrepareProgress): Record<string, number> {
  const metrics: Record<string, number> = { written: p.written, skipped: p.skipped };
  for (const [reason, n] of Object.entries(p.skippedByReason))
    metrics[`skipped_${reason.toLowerCase()}`] = n ?? 0;
  return metrics;
}

/** The job body: prepare into the job's scratch folder, deliver to the destination, store, announce. */
function prepareRun(ctx: StageContext): RunFn<PrepareDatasetRequest__Output> {
  return async ({ job, request, signal, report }) => {
    const settings: PrepareSettings = prepareSettings(request);
    const dest = outputLocation(request.dest, `datasets/${job.id}/dataset.zip`);
    // Each run starts from a clean scratch folder of its own, so a resumed job simply runs again.
    const jobDir = join(ctx.workDir, "jobs", job.id);
    await rm(jobDir, { recursive: true, force: true });
    await mkdir(jobDir, { recursive: true });
    try {
      const source = await localInput(request.source, { store: ctx.artifacts, workDir: ctx.workDir });
      const asFolder = dest.kind === "path" && !dest.path.toLowerCase().endsWith(".zip");
      const built = join(jobDir, asFolder ? "dataset" : "dataset.zip");
      report({ message: "Preparing", unit: "images" });
      const summary = await prepareDataset({
        source: source.path,
        dest: built,
        ...settings,
        signal,
        onProgress: (p) =>
          report({ done: p.done, total: p.total, unit: "images", metrics: progressMetrics(p) }),
      });
      const zip = asFolder ? join(jobDir, "dataset.zip") : built;
      if (asFolder) await packDataset(built, zip);
      if (dest.kind === "path") {
        checkDestFree(dest);
        await mkdir(dirname(dest.path), { recursive: true });
        await cp(built, dest.path, { recursive: true, errorOnExist: true, force: false });
      }
      const key = datasetKey(dest, job);
      const reader = await openDataset(zip);
      const manifestJson = JSON.stringify(reader.manifest, null, 1);
      reader.close();
      const dataset = await ctx.artifacts.putFile(key, zip, { mediaType: "application/zip" });
      const manifest = await ctx.artifacts.put(
        key.replace(/\.zip$/, "") + ".manifest.json",
        Buffer.from(manifestJson),
        {
          mediaType: "application/json",
        },
      );
      const classCounts: Record<string, number> = {};
      for (const image of reader.manifest?.images ?? []) {
        if (image.class !== undefined) classCounts[image.class] = (classCounts[image.class] ?? 0) + 1;
      }
      // A path source has no digest: lineage records where it was read from.
      const inputs: ArtifactRef[] = [
        source.artifact ?? {
          uri: fileUri(source.path),
          sha256: "",
          sizeBytes: 0,
          mediaType: "inode/directory",
        },
      ];
      const now = new Date();
      await ctx.publish(
        "datasetPrepared",
        {
          job,
          at: { seconds: Math.floor(now.getTime() / 1000) },
          dataset,
          manifest,
          written: summary.written,
          skipped: summary.skipped,
          skippedByReason: { ...summary.skippedByReason } as Record<string, number>,
          width: summary.resolution,
          height: summary.resolution,
          channels: 3,
          classCounts,
          lineage: {
            inputs,
            configJson: JSON.stringify({ source: request.source, ...settings }),
            producedBy: job,
            createdAt: { seconds: Math.floor(now.getTime() / 1000) },
          },
        },
        `${job.id}:dataset_prepared`,
      );
      const reasons = Object.entries(summary.skippedByReason).map(([k, v]) => `${k} ${v}`);
      return {
        done: summary.written + summary.skipped,
        total: summary.written + summary.skipped,
        message:
          `Wrote ${summary.written} images` + (reasons.length > 0 ? `, skipped ${reasons.join(", ")}` : ""),
        metrics: progressMetrics({ ...summary, done: 0, total: 0 }),
        outputs: [dataset, manifest],
      };
    } finally {
      await rm(jobDir, { recursive: true, force: true });
    }
  };
}

/** The preprocess stage's methods: `StartPrepareDataset` (Watch, Cancel and GetJob come from the job manager). */
export function preprocessHandlers(
  ctx: StageContext,
): Partial<AsyncHandlers<ServiceImplementations["preprocess"]>> {
  const run = prepareRun(ctx);
  ctx.jobs.onResume(KIND, run as RunFn<unknown>);
  return {
    async StartPrepareDataset(request) {
      // Everything that can be checked before the job starts is answered on the call itself.
      prepareSettings(request);
      const dest = outputLocation(request.dest, "datasets/pending/dataset.zip");
      checkDestFree(dest);
      if (request.source?.kind === "path")
        await localInput(request.source, { store: ctx.artifacts, workDir: ctx.workDir });
      return ctx.jobs.start(KIND, run, { requestId: request.requestId, request });
    },
  };
}
