import type { ImagePreparation__Output, PhotoPreparation } from "@dermanomaly/contracts";
import { isResampler, prepareImage } from "@dermanomaly/dataset";
import { decodeImage, isTransform, type RgbImage, Transform } from "@dermanomaly/imaging";

/** A photo prepared for the networks, as the training set was. */
export interface PreparedPhoto {
  /** The pixels the networks see. */
  readonly image: RgbImage;
  /** The same as PNG, as a data set holds it. */
  readonly png: Uint8Array;
  readonly preparation: PhotoPreparation;
}

/** How photos are prepared for models that do not say how their training images were: `dataset_tool.py`'s crop. */
export const DEFAULT_PREPARATION = { transform: Transform.CENTER_CROP, resampler: "auto" } as const;

/** A photo the training set's transform leaves out (`center-crop-wide` drops photos too narrow or too small). */
export class PhotoDroppedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PhotoDroppedError";
  }
}

/**
 * Prepares a photo through the data set preparation's own step (`prepareImage` of `@dermanomaly/dataset`), with the
 * transform and resampler the encoder's training images were made with (`training`, from the models' lineage; a
 * centre crop with the `auto` resampler when unset), to the networks' `resolution`, and says how.
 *
 * @throws {ImageDecodeError} for bytes that are not an image, or a damaged one
 * @throws {PhotoDroppedError} when the transform leaves the photo out
 * @throws {RangeError} when `training` names a transform or resampler this version does not know
 */
export async function preparePhoto(
  bytes: Uint8Array,
  resolution: number,
  training?: ImagePreparation__Output | null,
): Promise<PreparedPhoto> {
  const { transform, resampler } = training ?? DEFAULT_PREPARATION;
  if (!isTransform(transform))
    throw new RangeError(`The models' training preparation has an unknown transform '${transform}'`);
  if (!isResampler(resampler))
    throw new RangeError(`The models' training preparation has an unknown resampler '${resampler}'`);
  // A wide crop's output is letterboxed into a square as wide as it: its height keeps the training set's ratio.
  const height =
    transform === Transform.CENTER_CROP_WIDE && training
      ? Math.round((resolution * training.height) / training.width)
      : resolution;
  const { data, width: sourceWidth, height: sourceHeight } = await decodeImage(bytes);
  const prepared = await prepareImage(
    { data, width: sourceWidth, height: sourceHeight },
    { transform, resampler, width: resolution, height },
  );
  if (prepared === null) {
    throw new PhotoDroppedError(
      `DROPPED_BY_TRANSFORM: the models' training images were made with '${transform}', which leaves out a ` +
        `photo of '${sourceWidth}x${sourceHeight}'`,
    );
  }
  const image = await decodeImage(prepared.png);
  const { crop } = prepared.plan;
  return {
    image: { data: image.data, width: image.width, height: image.height },
    png: prepared.png,
    preparation: {
      sourceWidth,
      sourceHeight,
      cropLeft: crop.left,
      cropTop: crop.top,
      cropSize: crop.width === crop.height ? crop.width : 0,
      resolution,
      filter: prepared.resampler === "sharp" ? "lanczos3" : "lanczos",
      transform,
      cropWidth: crop.width,
      cropHeight: crop.height,
    },
  };
}
