import { existsSync, readdirSync } from "node:fs";
import { cp, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Code, type PrepareDatasetRequest__Output, StatusError } from "@dermanomaly/contracts";
import {
  checkSource,
  openDataset,
  type PrepareProgress,
  packDataset,
  prepareDataset,
  type ZipLimits,
} from "@dermanomaly/dataset";
import {
  defineStageJob,
  localInput,
  now,
  type OutputLocation,
  outputFolder,
  outputLocation,
  type StageContext,
} from "@dermanomaly/runtime";
import { prepareSettings } from "./options.ts";

type Request = PrepareDatasetRequest__Output;

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

/** The store key of the data set zip: the key asked for, or `datasets/<job>/dataset.zip`. */
function datasetKey(dest: OutputLocation, jobId: string): string {
  if (dest.kind === "key") return dest.key.endsWith("/") ? `${dest.key}dataset.zip` : dest.key;
  return `datasets/${jobId}/dataset.zip`;
}

function progressMetrics(p: Omit<PrepareProgress, "done" | "total">): Record<string, number> {
  const metrics: Record<string, number> = { written: p.written, skipped: p.skipped };
  for (const [reason, n] of Object.entries(p.skippedByReason))
    metrics[`skipped_${reason.toLowerCase()}`] = n ?? 0;
  return metrics;
}

/**
 * Data set preparation jobs (`StartPrepareDataset`): prepare in the job's scratch folder, store the zip and its
 * manifest once, copy the result to a path destination (the folder form for a folder), announce it.
 */
export function preparationJob(
  ctx: StageContext<StageContext["config"], "preprocess">,
  zipLimits: ZipLimits,
) {
  return defineStageJob(ctx, {
    kind: "prepare-dataset",
    // Everything that can be checked before the job starts is answered on the call itself.
    async check(request: Request) {
      prepareSettings(request);
      const dest = outputLocation(request.dest, "datasets/pending/dataset.zip");
      checkDestFree(dest);
      if (request.source?.kind === "path") {
        const source = await localInput(request.source, { store: ctx.artifacts, workDir: ctx.workDir });
        await checkSource(source.path, { zipLimits });
      }
    },
    async run(job) {
      const { request, report } = job;
      const settings = prepareSettings(request);
      const dest = outputLocation(request.dest, `datasets/${job.job.id}/dataset.zip`);
      const source = await job.input(request.source, "source");
      const asFolder = dest.kind === "path" && !dest.path.toLowerCase().endsWith(".zip");
      const built = join(job.scratch, asFolder ? "dataset" : "dataset.zip");
      report({ message: "Preparing", unit: "images" });
      const summary = await prepareDataset({
        source: source.path,
        dest: built,
        ...settings,
        zipLimits,
        signal: job.signal,
        onProgress: (p) =>
          report({ done: p.done, total: p.total, unit: "images", metrics: progressMetrics(p) }),
      });
      const zip = asFolder ? join(job.scratch, "dataset.zip") : built;
      if (asFolder) await packDataset(built, zip);
      const key = datasetKey(dest, job.job.id ?? "");
      const reader = await openDataset(zip);
      const manifestJson = JSON.stringify(reader.manifest, null, 1);
      const classCounts: Record<string, number> = {};
      for (const image of reader.manifest?.images ?? [])
        if (image.class !== undefined) classCounts[image.class] = (classCounts[image.class] ?? 0) + 1;
      reader.close();
      const folder = outputFolder(job.artifacts, { prefix: key.slice(0, key.lastIndexOf("/") + 1) });
      const name = key.slice(folder.prefix.length);
      const dataset = await folder.put(name, { file: zip }, { mediaType: "application/zip" });
      const manifestName = name.replace(/\.zip$/, ".manifest.json");
      const manifest = await folder.put(manifestName, Buffer.from(manifestJson), {
        mediaType: "application/json",
      });
      if (dest.kind === "path") {
        checkDestFree(dest);
        await mkdir(dirname(dest.path), { recursive: true });
        // A folder destination gets the folder form; a zip one a copy of the stored zip.
        if (asFolder) await cp(built, dest.path, { recursive: true, errorOnExist: true, force: false });
        else await job.artifacts.getToFile(dataset, dest.path);
      }
      await job.publish(
        "datasetPrepared",
        {
          job: job.job,
          at: now(),
          dataset,
          manifest,
          written: summary.written,
          skipped: summary.skipped,
          skippedByReason: { ...summary.skippedByReason } as Record<string, number>,
          width: summary.resolution,
          height: summary.resolution,
          channels: 3,
          classCounts,
          lineage: job.lineage({ inputs: [source.ref], config: { source: request.source, ...settings } }),
        },
        `${job.job.id}:dataset_prepared`,
      );
      const reasons = Object.entries(summary.skippedByReason).map(([k, v]) => `${k} ${v}`);
      return {
        done: summary.written + summary.skipped,
        total: summary.written + summary.skipped,
        message:
          `Wrote ${summary.written} images` + (reasons.length > 0 ? `, skipped ${reasons.join(", ")}` : ""),
        metrics: progressMetrics(summary),
        outputs: [dataset, manifest],
      };
    },
  });
}
