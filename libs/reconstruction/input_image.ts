import { decodeImage, isImageDecodeError, type RgbImage } from "@dermanomaly/imaging";

/** Why an input is not reconstructed: the decoder's codes, and `WRONG_SIZE` for an image of another size. */
export type InputRejection = "NOT_AN_IMAGE" | "CORRUPT" | "TOO_MANY_PIXELS" | "UNSUPPORTED" | "WRONG_SIZE";

/** An input decoded for the networks, or why it cannot be used. */
export type InputImage =
  | { readonly ok: true; readonly image: RgbImage }
  | {
      readonly ok: false;
      /** The reason code, as `skipped.csv` starts its reason with. */
      readonly reason: InputRejection;
      /** What is wrong, for a person to read (the code not included). */
      readonly message: string;
    };

/**
 * Decodes an input for networks that take `resolution` x `resolution` RGB images: nothing is resized, so an
 * image of another size is rejected (`WRONG_SIZE`, with the advice to prepare it with the preprocess stage), as
 * are files that are not images or are damaged (the decoder's codes).
 *
 * @example
 * ```ts
 * const input = await readInputImage(await readFile("MEL/ISIC_0000002.png"), 256);
 * if (!input.ok) console.log(`${input.reason}: ${input.message}`);
 * ```
 */
export async function readInputImage(bytes: Uint8Array, resolution: number): Promise<InputImage> {
  let image: RgbImage;
  try {
    const { data, width, height } = await decodeImage(bytes);
    image = { data, width, height };
  } catch (err) {
    if (isImageDecodeError(err)) return { ok: false, reason: err.code, message: err.message };
    throw err;
  }
  if (image.width !== resolution || image.height !== resolution) {
    return {
      ok: false,
      reason: "WRONG_SIZE",
      message: `${image.width}x${image.height}, the networks take ${resolution}x${resolution} (prepare it with the preprocess stage first)`,
    };
  }
  return { ok: true, image };
}
