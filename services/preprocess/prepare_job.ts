import { createWriteStream, existsSync, readdirSync } from "node:fs";
import { link, mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { PassThrough } from "node:stream";
import type { StoredArtifact } from "@dermanomaly/artifacts";
import { Code, type PrepareDatasetRequest__Output, StatusError } from "@dermanomaly/contracts";
import { checkSource, type PrepareProgress, prepareDataset, type ZipLimits } from "@dermanomaly/dataset";
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

/** Bytes of zip the upload and a zip destination each buffer before the preparation waits for them. */
const UPLOAD_BUFFER = 8 << 20;

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
 * A path destination's temporary name beside it, for this job: the data set is written there and renamed into
 * place once complete, so the destination never holds a part; a resumed job starts again from nothing.
 */
function partialPath(dest: string, jobId: string): string {
  return join(dirname(dest), `.${basename(dest)}.${jobId}.partial`);
}

async function syncFile(path: string | Buffer): Promise<void> {
  const fh = await open(path, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Moves a complete data set into its destination, refusing to replace anything (a zip, or a non-empty folder). */
async function moveIntoPlace(partial: string, dest: string, asFolder: boolean): Promise<void> {
  try {
    if (asFolder) {
      // rename() replaces an empty folder and fails on one that is not empty.
      await rename(partial, dest);
    } else {
      // link() fails when the destination exists, where rename() would replace it.
      await link(partial, dest);
      await rm(partial, { force: true });
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "EEXIST" || code === "ENOTEMPTY" || code === "ENOTDIR" || code === "EISDIR") {
      throw new StatusError(
        Code.FAILED_PRECONDITION,
        `Destination "${dest}" was filled while the data set was prepared: dataset_tool never overwrites; ` +
          "choose a new folder or .zip",
        { cause: err },
      );
    }
    throw err;
  }
}

/**
 * Data set preparation jobs (`StartPrepareDataset`). The data set is written once, straight into its forms: its
 * zip streams into the artifact store while it is prepared, and a path destination gets the same zip (or the
 * folder form) beside it at the same time, renamed into place when complete. Then its manifest is stored and the
 * data set announced.
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
      const id = job.job.id ?? "";
      const settings = prepareSettings(request);
      const dest = outputLocation(request.dest, `datasets/${id}/dataset.zip`);
      const source = await job.input(request.source, "source");
      const key = datasetKey(dest, id);
      const folder = outputFolder(job.artifacts, { prefix: key.slice(0, key.lastIndexOf("/") + 1) });
      const name = key.slice(folder.prefix.length);
      const asFolder = dest.kind === "path" && !dest.path.toLowerCase().endsWith(".zip");
      const partial = dest.kind === "path" ? partialPath(dest.path, id) : undefined;
      if (partial !== undefined) {
        await mkdir(dirname(partial), { recursive: true });
        await rm(partial, { recursive: true, force: true });
      }
      // Room for a few MiB of zip, so that preparing does not wait on each write of the upload.
      const upload = new PassThrough({ highWaterMark: UPLOAD_BUFFER });
      const stored = folder.put(name, upload, { mediaType: "application/zip" });
      // A failed upload fails the preparation (which waits on the upload's backpressure) rather than stall it.
      stored.catch((err: unknown) => upload.destroy(err instanceof Error ? err : new Error(String(err))));
      let summary: Awaited<ReturnType<typeof prepareDataset>>;
      let dataset: StoredArtifact;
      try {
        const localZip =
          partial !== undefined && !asFolder
            ? createWriteStream(partial, { flags: "wx", highWaterMark: UPLOAD_BUFFER })
            : undefined;
        report({ message: "Preparing", unit: "images" });
        summary = await prepareDataset({
          source: source.path,
          ...(asFolder && partial !== undefined ? { dest: partial } : {}),
          zipStreams: localZip === undefined ? [upload] : [upload, localZip],
          ...settings,
          zipLimits,
          signal: job.signal,
          onProgress: (p) =>
            report({ done: p.done, total: p.total, unit: "images", metrics: progressMetrics(p) }),
        });
        // A zip destination is made as durable as the stored zip before it takes its name (the two flush together).
        [dataset] = await Promise.all([stored, localZip === undefined ? undefined : syncFile(localZip.path)]);
      } catch (err) {
        upload.destroy(err instanceof Error ? err : new Error(String(err)));
        await stored.catch(() => {});
        if (partial !== undefined) await rm(partial, { recursive: true, force: true });
        throw err;
      }
      const classCounts: Record<string, number> = {};
      for (const image of summary.manifest.images)
        if (image.class !== undefined) classCounts[image.class] = (classCounts[image.class] ?? 0) + 1;
      const manifestName = name.replace(/\.zip$/, ".manifest.json");
      const manifest = await folder.put(
        manifestName,
        Buffer.from(JSON.stringify(summary.manifest, null, 1)),
        {
          mediaType: "application/json",
        },
      );
      if (dest.kind === "path" && partial !== undefined) {
        try {
          checkDestFree(dest);
          await moveIntoPlace(partial, dest.path, asFolder);
        } finally {
          await rm(partial, { recursive: true, force: true });
        }
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
