import { Code, StatusError } from "@dermanomaly/contracts";
import type { Calibration } from "./calibration.ts";
import { tagOf } from "./sheet.ts";

/** The settings of a score that a calibration must share with the scores it is applied to. */
const SCORE_KEYS = ["method", "metric", "p", "alpha", "kappa", "neighbours", "neighbour_search"] as const;

/**
 * The tag of the score a calibration was fitted on: the `tag` its sheet's `meta` records, else the file name of the
 * sheet it was fitted on (sheets from elsewhere have no `meta`).
 */
export function calibrationTag(calibration: Calibration): string {
  const tag = calibration.sheet["tag"];
  return tag !== undefined && tag !== "" ? tag : tagOf(calibration.source);
}

/** A score sheet as {@linkcode checkCalibrationFits} compares it: where it is, its tag and its `meta`. */
export interface SheetIdentity {
  /** The sheet's file or URI, for messages. */
  readonly file: string;
  readonly tag: string;
  readonly meta: Readonly<Record<string, string>>;
}

/**
 * Checks that a calibration was fitted on the same score as a sheet: method, metric, p, alpha, kappa and neighbour
 * settings must be equal wherever both record them (a threshold of one score means nothing on another's scale).
 * Sheets from elsewhere record none, so they fit any calibration.
 *
 * @throws {StatusError} INVALID_ARGUMENT naming the sheet, the calibration and the first setting that differs
 */
export function checkCalibrationFits(calibration: Calibration, sheet: SheetIdentity): void {
  for (const key of SCORE_KEYS) {
    const a = calibration.sheet[key];
    const b = sheet.meta[key];
    if (a === undefined || b === undefined || a === b) continue;
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `Calibration '${calibration.source}' was fitted on scores with ${key} '${a}', but sheet '${sheet.file}' (tag '${sheet.tag}') has ${key} '${b}': fit a calibration on held-out normals scored the same way`,
    );
  }
}
