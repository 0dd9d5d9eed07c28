import {
  Code,
  type DatasetSplit__Output,
  type PrepareDatasetRequest__Output,
  type Resampler__Output,
  type SplitPart__Output,
  StatusError,
} from "@dermanomaly/contracts";
import { checkSplit, type DatasetSplit, Resampler, SplitPart } from "@dermanomaly/dataset";
import { Transform } from "@dermanomaly/imaging";
import { asInvalidArgument } from "@dermanomaly/runtime";

/** The domain options of a preparation, converted from the wire request and checked. */
export interface PrepareSettings {
  transform: Transform;
  width: number;
  height: number;
  maxImages?: number;
  classMap?: Record<string, number>;
  split?: DatasetSplit;
  resampler: Resampler;
}

const SPLIT_PARTS: Partial<Record<SplitPart__Output, SplitPart>> = {
  SPLIT_PART_KEPT: SplitPart.KEPT,
  SPLIT_PART_HELD_OUT: SplitPart.HELD_OUT,
};

/** The domain split of a wire `DatasetSplit`, checked by the data set library's rules. */
function splitSettings(split: DatasetSplit__Output): DatasetSplit {
  const part = SPLIT_PARTS[split.part];
  if (part === undefined) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `Split part "${split.part}" is not a part: give SPLIT_PART_KEPT or SPLIT_PART_HELD_OUT`,
    );
  }
  const settings = { fraction: split.fraction, seed: split.seed, part };
  asInvalidArgument(() => checkSplit(settings));
  return settings;
}

const RESAMPLERS: Record<Resampler__Output, Resampler> = {
  RESAMPLER_UNSPECIFIED: Resampler.AUTO,
  RESAMPLER_AUTO: Resampler.AUTO,
  RESAMPLER_PIL: Resampler.PIL,
  RESAMPLER_SHARP: Resampler.SHARP,
};

const TRANSFORMS: Record<string, Transform> = {
  TRANSFORM_NONE: Transform.NONE,
  TRANSFORM_CENTER_CROP: Transform.CENTER_CROP,
  TRANSFORM_CENTER_CROP_WIDE: Transform.CENTER_CROP_WIDE,
};

/**
 * Converts a `PrepareDatasetRequest` into {@linkcode PrepareSettings}.
 *
 * @throws {StatusError} INVALID_ARGUMENT with what to change, for options the data set tool cannot honour
 */
export function prepareSettings(req: PrepareDatasetRequest__Output): PrepareSettings {
  const transform = TRANSFORMS[req.transform];
  if (transform === undefined)
    throw new StatusError(Code.INVALID_ARGUMENT, `Unknown transform "${req.transform}"`);
  if (req.resizeFilter !== "RESIZE_FILTER_LANCZOS") {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `Resize filter "${req.resizeFilter}" is not supported: only RESIZE_FILTER_LANCZOS (dataset_tool's filter)`,
    );
  }
  // An enum number this build does not know arrives as a number, not a name.
  const resampler = Object.hasOwn(RESAMPLERS, req.resampler) ? RESAMPLERS[req.resampler] : undefined;
  if (resampler === undefined) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `Unknown resampler "${req.resampler}": give RESAMPLER_AUTO, RESAMPLER_PIL or RESAMPLER_SHARP`,
    );
  }
  const { width, height } = req;
  if (width === 0 || height === 0) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      "A resolution is required (width and height, e.g. 256x256): StyleGAN needs square power-of-two images",
    );
  }
  const side = transform === Transform.CENTER_CROP_WIDE ? width : height;
  if (width !== side || (width & (width - 1)) !== 0) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `Resolution ${width}x${height} is not usable with ${req.transform}: the output must be square with a ` +
        "power-of-two side, e.g. 256x256",
    );
  }
  if (transform === Transform.CENTER_CROP_WIDE && height > width) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `center-crop-wide needs height <= width, got ${width}x${height}`,
    );
  }
  for (const [name, label] of Object.entries(req.classMap)) {
    if (name === "" || name.includes("/")) {
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `Class map key "${name}" must be a first-level folder name`,
      );
    }
    if (!Number.isInteger(label) || label < 0) {
      throw new StatusError(Code.INVALID_ARGUMENT, `Class map label of "${name}" must be >= 0, got ${label}`);
    }
  }
  return {
    transform,
    width,
    height,
    resampler,
    ...(req.maxImages > 0 ? { maxImages: req.maxImages } : {}),
    ...(Object.keys(req.classMap).length > 0 ? { classMap: { ...req.classMap } } : {}),
    ...(req.split ? { split: splitSettings(req.split) } : {}),
  };
}
