import { randomUUID } from "node:crypto";
import { mkdir, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import {
  type CalibrateRequest__Output,
  type CalibrateResponse,
  Code,
  StatusError,
} from "@dermanomaly/contracts";
import {
  aboutSource,
  localNamedInput,
  outputFolder,
  outputLocation,
  type StageContext,
} from "@dermanomaly/runtime";
import { calibrateFromSheet, calibrationTag } from "@dermanomaly/scoring";
import { calibrationQuantile, wireCalibration } from "./options.ts";

/** Where `calibration.json` goes: the store key (prefix and name) and, for a path, the local file. */
async function calibrationPlace(
  request: CalibrateRequest__Output,
  fallbackPrefix: string,
): Promise<{ prefix: string; name: string; dir?: string }> {
  const dest = outputLocation(request.output, `${fallbackPrefix}calibration.json`);
  if (dest.kind === "key") {
    if (dest.key.endsWith("/")) return { prefix: dest.key, name: "calibration.json" };
    const slash = dest.key.lastIndexOf("/");
    return { prefix: dest.key.slice(0, slash + 1), name: dest.key.slice(slash + 1) };
  }
  const isDir = (await stat(dest.path).catch(() => undefined))?.isDirectory() ?? false;
  const file = isDir ? join(dest.path, "calibration.json") : dest.path;
  return { prefix: fallbackPrefix, name: basename(file), dir: dirname(file) };
}

/**
 * `Calibrate`: fits a threshold (quantile q) and min-max bounds on a sheet of held-out normal images' scores with
 * `@dermanomaly/scoring`, stores `calibration.json` (under `calibrations/<tag>/<id>/` unless the request names a
 * place) and answers it. The sheet is checked whole before anything is stored.
 *
 * @throws {StatusError} INVALID_ARGUMENT for a bad quantile or sheet (naming file, column and row), NOT_FOUND for a
 * missing sheet
 */
export async function calibrate(
  ctx: StageContext,
  request: CalibrateRequest__Output,
): Promise<CalibrateResponse> {
  const quantile = calibrationQuantile(request);
  if (!request.scores?.kind) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      "scores is required: the score sheet (.xlsx or .csv) of held-out normal images",
    );
  }
  outputLocation(request.output, "calibrations/pending/calibration.json");
  const id = randomUUID();
  const scratch = join(ctx.workDir, "calls", id);
  await mkdir(scratch, { recursive: true });
  try {
    const sheet = await localNamedInput(request.scores, {
      store: ctx.artifacts,
      workDir: scratch,
      field: "scores",
    });
    let calibration: Awaited<ReturnType<typeof calibrateFromSheet>>;
    try {
      calibration = await calibrateFromSheet(sheet.path, join(scratch, "calibration.json"), {
        quantile,
        source: sheet.source,
      });
    } catch (err) {
      throw aboutSource(err, sheet);
    }
    const tag = calibrationTag(calibration);
    const fallback = `calibrations/${tag}/${sheet.ref.sha256 === "" ? id : sheet.ref.sha256.slice(0, 16)}/`;
    const place = await calibrationPlace(request, fallback);
    const artifact = await outputFolder(ctx.artifacts, place).put(
      place.name,
      { file: join(scratch, "calibration.json") },
      { mediaType: "application/json" },
    );
    return { calibration: wireCalibration(calibration), artifact };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
