import { Code, StatusError } from "@dermanomaly/contracts";
import type { NoiseMode } from "@dermanomaly/gan";
import type { EncoderLoss, GeneratorChoice } from "./options.ts";

/**
 * What produced an encoder, recorded (as the JSON metadata entry `lineage`) in every checkpoint and weights file the
 * training writes: the generator and noise mode that later stages (reconstruction, scoring) must use with it unless
 * told otherwise, the loss, and the caller's record of the inputs.
 */
export interface EncoderLineage {
  /** The GAN network E was trained against. */
  generator: GeneratorChoice;
  /** The generator noise E was trained with. */
  noiseMode: NoiseMode;
  loss: EncoderLoss;
  alpha: number;
  kappa: number;
  /** The caller's record of the inputs, e.g. `{ gan: "file:///runs/gan/network-snapshot-000050.safetensors", ganDigest: "sha256:…" }`. */
  inputs: Record<string, string>;
  /**
   * How the training images were prepared from photos (their data set's manifest), so that a photo scored later is
   * prepared the same way; absent when the data set did not say (a zip without a manifest, e.g. `dataset_tool.py`'s).
   */
  preparation?: ImagePreparation;
}

/** The photo-to-image step of a data set preparation, as its manifest's `settings` record it. */
export interface ImagePreparation {
  /** `none`, `center-crop` or `center-crop-wide` (`dataset_tool.py --transform`). */
  transform: string;
  /** `auto`, `pil` or `sharp`. */
  resampler: string;
  /** Output width. */
  width: number;
  /** Output height. */
  height: number;
}

function isPreparation(v: unknown): v is ImagePreparation {
  const p = v as Partial<ImagePreparation> | null;
  return (
    typeof p === "object" &&
    p !== null &&
    typeof p.transform === "string" &&
    typeof p.resampler === "string" &&
    Number.isInteger(p.width) &&
    Number.isInteger(p.height)
  );
}

/**
 * Reads the `lineage` metadata entry of an encoder file; null when there is none.
 *
 * @throws {StatusError} DATA_LOSS when it is there but not a lineage
 */
export function parseLineage(json: string | undefined): EncoderLineage | null {
  if (json === undefined) return null;
  let v: Partial<EncoderLineage>;
  try {
    v = JSON.parse(json) as Partial<EncoderLineage>;
  } catch (err) {
    throw new StatusError(Code.DATA_LOSS, "Encoder lineage metadata is not valid JSON", { cause: err });
  }
  const ok =
    typeof v === "object" &&
    v !== null &&
    (v.generator === "G" || v.generator === "G_ema") &&
    (v.noiseMode === "const" || v.noiseMode === "random" || v.noiseMode === "none") &&
    (v.loss === "izif" || v.loss === "izi" || v.loss === "ziz") &&
    typeof v.alpha === "number" &&
    typeof v.kappa === "number" &&
    typeof v.inputs === "object" &&
    v.inputs !== null &&
    Object.values(v.inputs).every((x) => typeof x === "string") &&
    (v.preparation === undefined || isPreparation(v.preparation));
  if (!ok)
    throw new StatusError(Code.DATA_LOSS, `Encoder lineage metadata is incomplete: "${json.slice(0, 200)}"`);
  return v as EncoderLineage;
}
