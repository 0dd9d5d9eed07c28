import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Code, StatusError } from "@dermanomaly/contracts";
import { checkAborted, throttled } from "./_progress.ts";
import type { ReconstructionProgress } from "./reconstruct_items.ts";
import {
  type ReconstructionSet,
  type ReconstructionSetInfo,
  type ReconstructionSetSummary,
  readReconstructionSet,
  setRow,
  writeReconstructionSet,
} from "./set.ts";

/** Options of {@link mergeParts}. */
export interface MergePartsOptions {
  /** Cancels the merge; what was written is removed and the signal's reason is thrown. @default undefined */
  signal?: AbortSignal;
  /** Called with progress (images copied) at most once per `progressIntervalMs`, and at the end. @default undefined */
  onProgress?: (progress: ReconstructionProgress) => void;
  /** @default 500 */
  progressIntervalMs?: number;
}

// Everything but the classes must agree; the classes may differ only by classes a part has no image of.
function mergedInfo(sets: readonly ReconstructionSet[]): ReconstructionSetInfo {
  const first = sets[0]!.info;
  const classes: Record<string, number> = {};
  for (const set of sets) {
    const { classes: own, ...rest } = set.info;
    const { classes: _, ...base } = first;
    if (JSON.stringify(rest) !== JSON.stringify(base)) {
      throw new StatusError(
        Code.FAILED_PRECONDITION,
        `Part "${set.dir}" was made by other models or settings than "${sets[0]!.dir}" (metadata differs)`,
      );
    }
    for (const [name, label] of Object.entries(own)) {
      if (classes[name] !== undefined && classes[name] !== label) {
        throw new StatusError(
          Code.FAILED_PRECONDITION,
          `Class "${name}" has label "${classes[name]}" in one part and "${label}" in "${set.dir}"`,
        );
      }
      classes[name] = label;
    }
  }
  return { ...first, classes };
}

/**
 * Joins the sets of a job's work items into one set, in the order of `parts` (the item order) and, within a part,
 * its own row order, so the result does not depend on which replica finished first. Every part is read and checked
 * first; image files are copied as they are (no re-encoding); skipped inputs are concatenated in the same order.
 *
 * @example
 * ```ts
 * await mergeParts(["out/parts/0000", "out/parts/0001"], "out/set");
 * ```
 * @throws {StatusError} FAILED_PRECONDITION when parts were made by different models or settings; ALREADY_EXISTS
 * when two parts hold the same image; the errors of `readReconstructionSet()` for a damaged part
 */
export async function mergeParts(
  parts: readonly string[],
  dest: string,
  options: MergePartsOptions = {},
): Promise<ReconstructionSetSummary> {
  if (parts.length === 0) throw new RangeError("Merging needs at least one part");
  checkAborted(options.signal);
  const sets: ReconstructionSet[] = [];
  for (const part of parts) sets.push(await readReconstructionSet(part));
  const info = mergedInfo(sets);
  const writer = await writeReconstructionSet(dest, info);
  const total = sets.reduce((a, s) => a + s.images.length + s.skipped.length, 0);
  const counts = { done: 0, total, written: 0, skipped: 0 };
  const progress = throttled(options.onProgress, options.progressIntervalMs ?? 500);
  try {
    for (const set of sets) {
      for (const s of set.skipped) {
        await writer.skip(s);
        counts.skipped++;
        counts.done++;
      }
      for (const [i, image] of set.images.entries()) {
        checkAborted(options.signal);
        const [input, reconstruction, residual] = await Promise.all(
          [image.input, image.reconstruction, image.residual].map(
            async (p) => new Uint8Array(await readFile(join(set.dir, p))),
          ),
        );
        await writer.add({
          imageName: image.imageName,
          className: image.className,
          label: image.label,
          input: input!,
          reconstruction: reconstruction!,
          residual: residual!,
          z: setRow(set, "z", i).slice(),
          featuresReal: setRow(set, "featuresReal", i).slice(),
          featuresRec: setRow(set, "featuresRec", i).slice(),
          logitReal: set.logitsReal[i]!,
          logitRec: set.logitsRec[i]!,
          pixelMse: set.pixelMse[i]!,
          pixelPairwise: set.pixelPairwise[i]!,
        });
        counts.written++;
        counts.done++;
        progress.update({ ...counts });
      }
    }
    const summary = await writer.finish();
    progress.flush({ ...counts });
    return summary;
  } catch (err) {
    await writer.abort();
    throw err;
  }
}
