import type { PhotoPreparation } from "@dermanomaly/contracts";
import { type PreparedImage, prepareImage } from "@dermanomaly/dataset";
import { decodeImage, type RgbImage } from "@dermanomaly/imaging";

/** A photo prepared for the networks, as the training set was (`dataset_tool.py --transform center-crop`). */
export interface PreparedPhoto {
  /** The pixels the networks see. */
  readonly image: RgbImage;
  /** The same as PNG, as a data set holds it. */
  readonly png: Uint8Array;
  readonly preparation: PhotoPreparation;
}

/**
 * Centre-crops a photo to a square and resizes it to `resolution` through the data set preparation's own step
 * (`prepareImage` of `@dermanomaly/dataset`: the resampler it would pick, libvips' lanczos3 when shrinking and
 * Pillow-exact Lanczos when enlarging), so the photo matches the training images, and says how.
 *
 * @throws {ImageDecodeError} for bytes that are not an image, or a damaged one
 */
export async function preparePhoto(bytes: Uint8Array, resolution: number): Promise<PreparedPhoto> {
  const { data, width, height } = await decodeImage(bytes);
  const prepared = (await prepareImage(
    { data, width, height },
    { transform: "center-crop", width: resolution, height: resolution },
  )) as PreparedImage; // a centre crop keeps every image
  const image = await decodeImage(prepared.png);
  return {
    image: { data: image.data, width: image.width, height: image.height },
    png: prepared.png,
    preparation: {
      sourceWidth: width,
      sourceHeight: height,
      cropLeft: prepared.plan.crop.left,
      cropTop: prepared.plan.crop.top,
      cropSize: prepared.plan.crop.width,
      resolution,
      filter: prepared.resampler === "sharp" ? "lanczos3" : "lanczos",
    },
  };
}
