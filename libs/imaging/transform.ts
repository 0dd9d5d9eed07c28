import { resizeLanczos } from "./resize.ts";
import type { RgbImage } from "./types.ts";

/** The image transforms of stylegan3's `dataset_tool.py --transform`. */
export const Transform = {
  /** No crop; resized (Lanczos) to exactly the requested size when one is given, so the aspect ratio may change. */
  NONE: "none",
  /** Central square of side min(w, h), then Lanczos-resized to the requested size. */
  CENTER_CROP: "center-crop",
  /** Central band for a wide output, letterboxed into a black square; see {@linkcode centerCropWide}. */
  CENTER_CROP_WIDE: "center-crop-wide",
} as const;

/** One of the {@linkcode Transform} values. */
export type Transform = (typeof Transform)[keyof typeof Transform];

/** Whether `value` names a {@linkcode Transform}. */
export function isTransform(value: unknown): value is Transform {
  return value === Transform.NONE || value === Transform.CENTER_CROP || value === Transform.CENTER_CROP_WIDE;
}

/** Copies the rows `[top, top + height)` and columns `[left, left + width)`. */
export function cropImage(
  image: RgbImage,
  rect: { readonly left: number; readonly top: number; readonly width: number; readonly height: number },
): RgbImage {
  const { left, top, width, height } = rect;
  if (
    ![left, top, width, height].every(Number.isInteger) ||
    left < 0 ||
    top < 0 ||
    width < 1 ||
    height < 1 ||
    left + width > image.width ||
    top + height > image.height
  ) {
    throw new RangeError(
      `Crop '${width}x${height}+${left}+${top}' does not fit in an image of '${image.width}x${image.height}'`,
    );
  }
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * image.width + left) * 3;
    out.set(image.data.subarray(from, from + width * 3), y * width * 3);
  }
  return { data: out, width, height };
}

/**
 * The central square of side `s = min(w, h)`: rows `[(h - s) // 2, (h + s) // 2)` and columns likewise, with the
 * integer division `dataset_tool.py` uses (an odd margin leaves the extra pixel at the bottom/right).
 */
export function centerCropSquare(image: RgbImage): RgbImage {
  const s = Math.min(image.width, image.height);
  const plan = planTransform(image.width, image.height, {
    transform: Transform.CENTER_CROP,
    width: s,
    height: s,
  });
  return cropImage(image, (plan as TransformPlan).crop);
}

/** Python's `round()` / `np.round`: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * `dataset_tool.py`'s `center-crop-wide`, quirk included: `ch = round(W * h / w)` (half to even, as `np.round`) is
 * computed at the *target* scale but applied to the *source* rows, so the central `ch` source rows (all columns)
 * are Lanczos-resized to `W x H` and pasted into a black `W x W` canvas at rows `[(W - H) // 2, (W + H) // 2)`.
 * This matches the intent only when the source width is close to `W`; it is kept for compatibility.
 * Returns `null` where upstream drops the image: `w < W` or `ch < H`.
 */
export function centerCropWide(
  image: RgbImage,
  options: { readonly width: number; readonly height: number },
): RgbImage | null {
  const { width, height } = options;
  const ch = roundHalfEven((width * image.height) / image.width);
  if (image.width < width || ch < height) return null;
  const top = Math.floor((image.height - ch) / 2);
  const band = cropImage(image, {
    left: 0,
    top,
    width: image.width,
    height: Math.floor((image.height + ch) / 2) - top,
  });
  const resized = resizeLanczos(band, { width, height });
  const out = new Uint8Array(width * width * 3);
  out.set(resized.data, Math.floor((width - height) / 2) * width * 3);
  return { data: out, width, height: width };
}

/** Options for {@linkcode applyTransform} and {@linkcode planTransform}. */
export interface TransformOptions {
  /**
   * Which transform.
   * @default "none"
   */
  readonly transform?: Transform;
  /** Output width; required by the crops; with `none`, resizes when given together with `height`. */
  readonly width?: number;
  /** Output height; required by the crops; with `none`, resizes when given together with `width`. */
  readonly height?: number;
}

/**
 * The geometry of a transform for a source size: crop `crop`, resize it to `resize`, then paste it at row `padTop`
 * of a black canvas of `output` size (only `center-crop-wide` pads). Lets another resampler (sharp) follow the
 * exact same arithmetic.
 */
export interface TransformPlan {
  readonly crop: {
    readonly left: number;
    readonly top: number;
    readonly width: number;
    readonly height: number;
  };
  readonly resize: { readonly width: number; readonly height: number };
  readonly padTop: number;
  readonly output: { readonly width: number; readonly height: number };
}

/**
 * Computes the {@linkcode TransformPlan} for a `sourceWidth` x `sourceHeight` image, with `dataset_tool.py`'s
 * arithmetic; `null` when the transform drops the image (only `center-crop-wide` does).
 */
export function planTransform(
  sourceWidth: number,
  sourceHeight: number,
  options: TransformOptions = {},
): TransformPlan | null {
  const transform = options.transform ?? Transform.NONE;
  const { width, height } = options;
  if (!isTransform(transform)) throw new RangeError(`Unknown transform '${String(transform)}'`);
  if ((width === undefined) !== (height === undefined)) {
    throw new TypeError("Width and height must be given together");
  }
  const full = { left: 0, top: 0, width: sourceWidth, height: sourceHeight };
  if (width === undefined || height === undefined) {
    if (transform !== Transform.NONE)
      throw new TypeError(`Transform '${transform}' needs a width and a height`);
    const size = { width: sourceWidth, height: sourceHeight };
    return { crop: full, resize: size, padTop: 0, output: size };
  }
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) {
    throw new RangeError(`Output size must be positive integers, got '${width}x${height}'`);
  }
  const size = { width, height };
  switch (transform) {
    case Transform.NONE:
      return { crop: full, resize: size, padTop: 0, output: size };
    case Transform.CENTER_CROP: {
      const s = Math.min(sourceWidth, sourceHeight);
      const crop = {
        left: Math.floor((sourceWidth - s) / 2),
        top: Math.floor((sourceHeight - s) / 2),
        width: s,
        height: s,
      };
      return { crop, resize: size, padTop: 0, output: size };
    }
    case Transform.CENTER_CROP_WIDE: {
      const ch = roundHalfEven((width * sourceHeight) / sourceWidth);
      if (sourceWidth < width || ch < height) return null;
      const top = Math.floor((sourceHeight - ch) / 2);
      const bottom = Math.floor((sourceHeight + ch) / 2);
      const crop = { left: 0, top, width: sourceWidth, height: bottom - top };
      return {
        crop,
        resize: size,
        padTop: Math.floor((width - height) / 2),
        output: { width, height: width },
      };
    }
  }
}

/**
 * Applies a `dataset_tool.py` transform with its exact arithmetic and Pillow-exact Lanczos resampling.
 * Returns `null` when the transform drops the image (only `center-crop-wide` does); returns `image` itself when
 * nothing changes.
 */
export function applyTransform(image: RgbImage, options: TransformOptions = {}): RgbImage | null {
  const plan = planTransform(image.width, image.height, options);
  if (plan === null) return null;
  const { crop, resize, padTop, output } = plan;
  const whole = crop.width === image.width && crop.height === image.height;
  if (whole && resize.width === image.width && resize.height === image.height && padTop === 0) {
    if (output.height === image.height) return image;
  }
  const cropped = whole ? image : cropImage(image, crop);
  const resized = resizeLanczos(cropped, resize);
  if (output.width === resized.width && output.height === resized.height) return resized;
  const out = new Uint8Array(output.width * output.height * 3);
  out.set(resized.data, padTop * output.width * 3);
  return { data: out, width: output.width, height: output.height };
}

/** Parses a size written `WxH` or `W,H` (as `dataset_tool.py --resolution` accepts), e.g. `"256x256"`. */
export function parseSize(text: string): { width: number; height: number } {
  const match = /^\s*(\d+)\s*[x,]\s*(\d+)\s*$/i.exec(text);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (match === null || width < 1 || height < 1) {
    throw new RangeError(`Size must be written 'WxH' or 'W,H' with positive integers, got '${text}'`);
  }
  return { width, height };
}
