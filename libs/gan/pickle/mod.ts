/**
 * Safe reader for NVIDIA StyleGAN2-ADA network snapshots (`network-snapshot-*.pkl` written by NVlabs/stylegan3
 * with `--cfg=stylegan2`, or by NVlabs/stylegan2-ada-pytorch). The pickle is interpreted, never executed: only the
 * globals such snapshots use are accepted ({@linkcode ALLOWED_PICKLE_GLOBALS}), so a pickle naming anything else
 * (`posix.system`, `builtins.eval`, ...) is refused with an error that names it.
 *
 * For each of `G`, `D` and `G_ema` it returns the class name, the constructor kwargs as plain objects and a
 * {@linkcode StateDict} (parameters and persistent buffers, NVIDIA names, float32, row-major), plus the
 * augmentation pipeline's kwargs and `p`, and plain top-level entries such as `training_set_kwargs`.
 * Pickle protocols 2 to 5; float32, float16, bfloat16, float64 and integer storages (all returned as float32),
 * strided and offset tensor views, legacy and zip-format storage blobs. The file is read once into one buffer and
 * each returned tensor is copied out of it once; `networks` limits the copying to the networks needed.
 *
 * Errors are `StatusError`s: INVALID_ARGUMENT for truncated or malformed files and refused globals
 * (`Pickle is truncated at byte N: ...`, `Pickle global "posix.system" is not allowed; ...`), UNIMPLEMENTED for
 * StyleGAN3 ('t'/'r') generators and TensorFlow-era pickles.
 *
 * @example
 * ```ts
 * import { readNetworkPickle } from "./pickle/mod.ts";
 *
 * const snap = await readNetworkPickle("network-snapshot-001000.pkl", { networks: ["G_ema"] });
 * const g = snap.G_ema!;
 * g.className; // "training.networks_stylegan2.Generator"
 * g.initKwargs["img_resolution"]; // 256
 * g.stateDict.get("synthesis.b4.const")!.shape; // [512, 4, 4]
 * ```
 *
 * @module
 */

export {
  ALLOWED_PICKLE_GLOBALS,
  type NetworkKey,
  type NetworkPickle,
  type PickledAugmentPipe,
  type PickledModule,
  type PlainObject,
  type PlainValue,
  parseNetworkPickle,
  type ReadNetworkPickleOptions,
  readNetworkPickle,
  type SnapshotSource,
} from "./reader.ts";
