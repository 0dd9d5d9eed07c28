// Original file: proto/dermanomaly/v1/preprocess.proto

import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';
import type { Transform as _dermanomaly_v1_Transform, Transform__Output as _dermanomaly_v1_Transform__Output } from '../../dermanomaly/v1/Transform.ts';
import type { ResizeFilter as _dermanomaly_v1_ResizeFilter, ResizeFilter__Output as _dermanomaly_v1_ResizeFilter__Output } from '../../dermanomaly/v1/ResizeFilter.ts';
import type { DatasetSplit as _dermanomaly_v1_DatasetSplit, DatasetSplit__Output as _dermanomaly_v1_DatasetSplit__Output } from '../../dermanomaly/v1/DatasetSplit.ts';
import type { Resampler as _dermanomaly_v1_Resampler, Resampler__Output as _dermanomaly_v1_Resampler__Output } from '../../dermanomaly/v1/Resampler.ts';

/**
 * Options of one dataset preparation, mirroring `dataset_tool.py`.
 */
export interface PrepareDatasetRequest {
  /**
   * Idempotency key: a repeated request with the same id returns the job of the first one instead of starting a
   * second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId'?: (string);
  /**
   * `--source`: a folder (searched recursively), a `.zip`, or an artifact holding a zip. Every file with a
   * recognised image extension (png, jpg, jpeg, bmp, tif, tiff, webp) is read in sorted relative-path order.
   * A zip is checked on the call: one that cannot be read (e.g. truncated) is INVALID_ARGUMENT, and so is one with
   * an entry larger than `DERMANOMALY_ZIP_MAX_ENTRY_BYTES` (default 256 MiB) or compressed more than
   * `DERMANOMALY_ZIP_MAX_RATIO` times (default 200; a zip bomb). An entry whose data is damaged is skipped
   * (reason `CORRUPT`) and listed in the manifest.
   */
  'source'?: (_dermanomaly_v1_Location | null);
  /**
   * `--dest`: a folder (must be empty or absent) or a path/key ending in `.zip` (written with ZIP_STORED).
   * A key without `.zip` is treated as a folder prefix. Required.
   */
  'dest'?: (_dermanomaly_v1_Location | null);
  /**
   * `--transform`: crop applied before the resize. Default TRANSFORM_NONE.
   */
  'transform'?: (_dermanomaly_v1_Transform);
  /**
   * `--resolution` width in pixels. Required: StyleGAN needs square power-of-two images (e.g. 256x256); for
   * TRANSFORM_CENTER_CROP_WIDE the output is width x width and height must not exceed width.
   */
  'width'?: (number);
  /**
   * `--resolution` height in pixels. Required; see `width`.
   */
  'height'?: (number);
  /**
   * `--max-images`: stop after writing this many images (skipped files do not count, unlike the tool, which
   * counts inputs). 0 = all.
   */
  'maxImages'?: (number);
  /**
   * Labels from class folders: the first path component under the source (e.g. `NEV/x.jpg`) mapped to an integer
   * class written to `dataset.json`, e.g. {NEV: 0, MEL: 1}. Images in folders not in the map are skipped (reason
   * `UNLABELLED`). Empty = labels from the source's own `dataset.json` if present, else from the first-level
   * class folders in sorted order (0, 1, ...), else `{"labels": null}`.
   */
  'classMap'?: ({[key: string]: number});
  /**
   * stylegan2-ada-pytorch's `--resize-filter`. Default RESIZE_FILTER_LANCZOS.
   */
  'resizeFilter'?: (_dermanomaly_v1_ResizeFilter);
  /**
   * Write only one part of a seeded split of the source's images (e.g. the training naevi without the ones held
   * out to calibrate a threshold on). Unset = every image. Applied to the image files of the source before
   * anything is read, so two preparations of one source with the same fraction and seed and the two parts never
   * share an image; the manifest records the split.
   */
  'split'?: (_dermanomaly_v1_DatasetSplit | null);
  /**
   * Which Lanczos implementation resizes; see `Resampler`. Default RESAMPLER_AUTO; RESAMPLER_PIL for output
   * bit-identical to `dataset_tool.py`.
   */
  'resampler'?: (_dermanomaly_v1_Resampler);
}

/**
 * Options of one dataset preparation, mirroring `dataset_tool.py`.
 */
export interface PrepareDatasetRequest__Output {
  /**
   * Idempotency key: a repeated request with the same id returns the job of the first one instead of starting a
   * second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId': (string);
  /**
   * `--source`: a folder (searched recursively), a `.zip`, or an artifact holding a zip. Every file with a
   * recognised image extension (png, jpg, jpeg, bmp, tif, tiff, webp) is read in sorted relative-path order.
   * A zip is checked on the call: one that cannot be read (e.g. truncated) is INVALID_ARGUMENT, and so is one with
   * an entry larger than `DERMANOMALY_ZIP_MAX_ENTRY_BYTES` (default 256 MiB) or compressed more than
   * `DERMANOMALY_ZIP_MAX_RATIO` times (default 200; a zip bomb). An entry whose data is damaged is skipped
   * (reason `CORRUPT`) and listed in the manifest.
   */
  'source': (_dermanomaly_v1_Location__Output | null);
  /**
   * `--dest`: a folder (must be empty or absent) or a path/key ending in `.zip` (written with ZIP_STORED).
   * A key without `.zip` is treated as a folder prefix. Required.
   */
  'dest': (_dermanomaly_v1_Location__Output | null);
  /**
   * `--transform`: crop applied before the resize. Default TRANSFORM_NONE.
   */
  'transform': (_dermanomaly_v1_Transform__Output);
  /**
   * `--resolution` width in pixels. Required: StyleGAN needs square power-of-two images (e.g. 256x256); for
   * TRANSFORM_CENTER_CROP_WIDE the output is width x width and height must not exceed width.
   */
  'width': (number);
  /**
   * `--resolution` height in pixels. Required; see `width`.
   */
  'height': (number);
  /**
   * `--max-images`: stop after writing this many images (skipped files do not count, unlike the tool, which
   * counts inputs). 0 = all.
   */
  'maxImages': (number);
  /**
   * Labels from class folders: the first path component under the source (e.g. `NEV/x.jpg`) mapped to an integer
   * class written to `dataset.json`, e.g. {NEV: 0, MEL: 1}. Images in folders not in the map are skipped (reason
   * `UNLABELLED`). Empty = labels from the source's own `dataset.json` if present, else from the first-level
   * class folders in sorted order (0, 1, ...), else `{"labels": null}`.
   */
  'classMap': ({[key: string]: number});
  /**
   * stylegan2-ada-pytorch's `--resize-filter`. Default RESIZE_FILTER_LANCZOS.
   */
  'resizeFilter': (_dermanomaly_v1_ResizeFilter__Output);
  /**
   * Write only one part of a seeded split of the source's images (e.g. the training naevi without the ones held
   * out to calibrate a threshold on). Unset = every image. Applied to the image files of the source before
   * anything is read, so two preparations of one source with the same fraction and seed and the two parts never
   * share an image; the manifest records the split.
   */
  'split': (_dermanomaly_v1_DatasetSplit__Output | null);
  /**
   * Which Lanczos implementation resizes; see `Resampler`. Default RESAMPLER_AUTO; RESAMPLER_PIL for output
   * bit-identical to `dataset_tool.py`.
   */
  'resampler': (_dermanomaly_v1_Resampler__Output);
}
