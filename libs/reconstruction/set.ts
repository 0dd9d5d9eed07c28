// The reconstruction set: the folder that reconstruction writes and scoring and reports read. Imports nothing that
// loads TF.js (safetensors come from the TF-free `@dermanomaly/gan/safetensors`), so readers stay light.
import { createReadStream } from "node:fs";
import {
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from "node:fs/promises";
import { join } from "node:path";
import type { ArtifactRef__Output } from "@dermanomaly/contracts";
import { Code, StatusError } from "@dermanomaly/contracts";
import { readSafetensors } from "@dermanomaly/gan/safetensors";
import { decodeImage, encodePng, type RgbImage } from "@dermanomaly/imaging";
import { csvLine, formatFloat32, parseCsv } from "./_csv.ts";
import { meanSquaredError, pairwiseDistance } from "./metrics.ts";

/** `format` metadata of a reconstruction set's safetensors file. */
export const RECONSTRUCTION_SET_FORMAT = "dermanomaly/reconstruction-set/1";
/** Class folder of images that have no class. */
export const UNLABELLED_CLASS = "_";
/** Label of images that have no class. */
export const UNLABELLED = -1;

/** The files of a set, relative to its folder. */
export const SET_FILES = {
  tensors: "reconstruction_set.safetensors",
  index: "reconstruction_set.csv",
  latents: "latent_vectors.csv",
  skipped: "skipped.csv",
} as const;

/** The three image folders of a set, by image kind. */
export const IMAGE_FOLDERS = {
  input: "input_img",
  reconstruction: "generated_img",
  residual: "residual",
} as const;

/** One of the image kinds of a set: the input x, G(E(x)), or the residual heat map. */
export type SetImageKind = keyof typeof IMAGE_FOLDERS;

// A set being written keeps its spooled tensors and index rows here until `finish()`.
const WORK_DIR = ".writing";

/** Which models and inputs produced a set (the `lineage` metadata, JSON). */
export interface ReconstructionLineage {
  /** The GAN checkpoint that G and D come from; null when not known (models given as bare ONNX files). */
  readonly gan: ArtifactRef__Output | null;
  /** The encoder checkpoint; null when not known. */
  readonly encoder: ArtifactRef__Output | null;
  /** Lower-case hex SHA-256 of each ONNX model that ran. */
  readonly onnx: { readonly encoder: string; readonly generator: string; readonly discriminator: string };
  /** The source as given (folder, zip or data set path or URI). */
  readonly source: string;
  /** The latent refinement the reconstructions had (Adam steps, rate, feature weight); absent: G(E(x)). */
  readonly refine?: { readonly steps: number; readonly lr: number; readonly kappa: number };
}

/** What a set holds, stored as the safetensors `__metadata__`. */
export interface ReconstructionSetInfo {
  /** Side of every image (the generator's resolution). */
  readonly resolution: number;
  /** Latent size of `z`. */
  readonly zDim: number;
  /** Discriminator feature size F (8192 at 256 with cmax 512: b8's output, 512x4x4, NCHW-flattened). */
  readonly featureDim: number;
  /** Which generator of the GAN checkpoint ran. */
  readonly generator: "G_ema" | "G";
  /** The generator's noise inputs: the stored `noise_const` buffers, or fresh N(0, 1) draws. */
  readonly noiseMode: "const" | "random";
  /** Models and source. */
  readonly lineage: ReconstructionLineage;
  /** Class folder -> integer label (NEV 0, MEL 1 by default). */
  readonly classes: Readonly<Record<string, number>>;
}

/**
 * An image given to the writer: decoded 8-bit RGB (encoded here as PNG), or the bytes of a PNG already encoded
 * (checked for its signature and size, not decoded).
 */
export type SetImageData = RgbImage | Uint8Array;

/** One reconstructed image, as the writer takes it. */
export interface ReconstructionRecord {
  /** The source photo's file name, e.g. `ISIC_0000002.jpg` (no folder). */
  readonly imageName: string;
  /** Class folder (`NEV`, `MEL`, ...), or {@link UNLABELLED_CLASS}. */
  readonly className: string;
  /** The class's label, or {@link UNLABELLED} for {@link UNLABELLED_CLASS}. */
  readonly label: number;
  /** x: the exact pixels the networks saw. */
  readonly input: SetImageData;
  /** G(E(x)) converted as NVIDIA does (`(v * 127.5 + 128).clamp(0, 255)`). */
  readonly reconstruction: SetImageData;
  /** |x - G(E(x))| as a colour heat map over the image. */
  readonly residual: SetImageData;
  /** E(x), `zDim` values. */
  readonly z: Float32Array;
  /** f(x), `featureDim` values. */
  readonly featuresReal: Float32Array;
  /** f(G(E(x))), `featureDim` values. */
  readonly featuresRec: Float32Array;
  /** D(x); it depends on the images batched with x (minibatch-stddev), unlike the features. */
  readonly logitReal: number;
  /** D(G(E(x))). */
  readonly logitRec: number;
  /** `mean((x - G(E(x)))²)` over the float tensors in [-1, 1] (G's raw output, not quantised). */
  readonly pixelMse: number;
  /** `||x - G(E(x)) + 1e-6||₂` over the same values. */
  readonly pixelPairwise: number;
}

/** An input that was not reconstructed. */
export interface SkippedInput {
  /** The source as named in the source (relative path, zip entry, or data set file). */
  readonly source: string;
  /** Why, for a person to read (e.g. `CORRUPT: ...`, `WRONG_SIZE: 300x300, expected 256x256`). */
  readonly reason: string;
}

/** One row of `reconstruction_set.csv`: an image and its files, relative to the set folder. */
export interface SetImage {
  readonly imageName: string;
  readonly className: string;
  readonly label: number;
  /** e.g. `input_img/MEL/ISIC_0000002.png`. */
  readonly input: string;
  /** e.g. `generated_img/MEL/ISIC_0000002.png`. */
  readonly reconstruction: string;
  /** e.g. `residual/MEL/ISIC_0000002.png`. */
  readonly residual: string;
}

/** A set read by {@link readReconstructionSet}; row i of every array is image i of `images`. */
export interface ReconstructionSet {
  /** The set folder. */
  readonly dir: string;
  readonly info: ReconstructionSetInfo;
  readonly images: readonly SetImage[];
  /** E(x), `[N, zDim]` row-major. */
  readonly z: Float32Array;
  /** f(x), `[N, featureDim]` row-major. */
  readonly featuresReal: Float32Array;
  /** f(G(E(x))), `[N, featureDim]` row-major. */
  readonly featuresRec: Float32Array;
  readonly logitsReal: Float32Array;
  readonly logitsRec: Float32Array;
  readonly pixelMse: Float32Array;
  readonly pixelPairwise: Float32Array;
  readonly featuresMse: Float32Array;
  readonly featuresPairwise: Float32Array;
  readonly skipped: readonly SkippedInput[];
}

/** What {@link ReconstructionSetWriter.finish} wrote. */
export interface ReconstructionSetSummary {
  readonly dir: string;
  /** Images in the set. */
  readonly count: number;
  /** Inputs listed in `skipped.csv`. */
  readonly skipped: number;
}

/** Streams images into a new set: images go to their folders at once, tensors and index rows at `finish()`. */
export interface ReconstructionSetWriter {
  readonly dir: string;
  readonly info: ReconstructionSetInfo;
  /** Images added so far. */
  readonly count: number;
  /**
   * Writes one image's three PNGs and spools its row. Rows keep the order of the calls.
   *
   * @throws {StatusError} ALREADY_EXISTS when the set already holds `<class>/<name>.png` (two sources whose names
   * differ only in their extension)
   */
  add(record: ReconstructionRecord): Promise<void>;
  /** Lists an input in `skipped.csv`. */
  skip(input: SkippedInput): Promise<void>;
  /** Writes `reconstruction_set.safetensors` and the CSVs; the set is then complete and readable. */
  finish(): Promise<ReconstructionSetSummary>;
  /** Removes everything this writer wrote. */
  abort(): Promise<void>;
}

const MATRICES = [
  ["z", "zDim"],
  ["features_real", "featureDim"],
  ["features_rec", "featureDim"],
] as const;
const VECTORS = [
  "logits_real",
  "logits_rec",
  "pixel_mse",
  "pixel_pairwise",
  "features_mse",
  "features_pairwise",
] as const;
type TensorName = (typeof MATRICES)[number][0] | (typeof VECTORS)[number];
const TENSORS: readonly TensorName[] = [...MATRICES.map((m) => m[0]), ...VECTORS];

const INDEX_HEADER = ["image_name", "class", "label", "input", "reconstruction", "residual"];
const SKIPPED_HEADER = ["source", "reason"];

/** `<image name without its extension>.png`: the file name an image gets in each image folder. */
export function setFileName(imageName: string): string {
  checkName("Image name", imageName);
  const dot = imageName.lastIndexOf(".");
  return `${dot > 0 ? imageName.slice(0, dot) : imageName}.png`;
}

/**
 * What a set's reconstructions are, for a caption: `G(E(x))`, or `G(w), w = E(x) after 30 refinement steps` for a
 * set made with latent refinement.
 */
export function reconstructionCaption(lineage: ReconstructionLineage): string {
  const steps = lineage.refine?.steps ?? 0;
  return steps === 0 ? "G(E(x))" : `G(w), w = E(x) after ${steps} refinement step${steps === 1 ? "" : "s"}`;
}

/** Path of one image of the set, relative to its folder, e.g. `generated_img/MEL/ISIC_0000002.png`. */
export function setImagePath(kind: SetImageKind, className: string, imageName: string): string {
  checkName("Class", className);
  return `${IMAGE_FOLDERS[kind]}/${className}/${setFileName(imageName)}`;
}

// A name must be one path component that every file system and CSV reader keeps intact.
function checkName(what: string, name: string): void {
  if (
    typeof name !== "string" ||
    name === "" ||
    name === "." ||
    name === ".." ||
    [...name].some((ch) => ch === "/" || ch === "\\" || ch.charCodeAt(0) < 0x20)
  ) {
    throw new RangeError(`${what} "${name}" must be one file name without slashes or control characters`);
  }
}

function checkInfo(info: ReconstructionSetInfo): void {
  for (const [k, v] of [
    ["resolution", info.resolution],
    ["zDim", info.zDim],
    ["featureDim", info.featureDim],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 1)
      throw new RangeError(`Set ${k} must be a positive integer, got "${v}"`);
  }
  if (info.generator !== "G_ema" && info.generator !== "G") {
    throw new RangeError(`Set generator must be "G_ema" or "G", got "${info.generator}"`);
  }
  if (info.noiseMode !== "const" && info.noiseMode !== "random") {
    throw new RangeError(`Set noise mode must be "const" or "random", got "${info.noiseMode}"`);
  }
  for (const [name, label] of Object.entries(info.classes)) {
    checkName("Class", name);
    if (name === UNLABELLED_CLASS)
      throw new RangeError(`Class "${UNLABELLED_CLASS}" is reserved for unlabelled images`);
    if (!Number.isSafeInteger(label) || label < 0) {
      throw new RangeError(`Label of class "${name}" must be a non-negative integer, got "${label}"`);
    }
  }
}

/** The `__metadata__` strings of a set. */
export function setMetadata(info: ReconstructionSetInfo): Record<string, string> {
  return {
    format: RECONSTRUCTION_SET_FORMAT,
    resolution: String(info.resolution),
    z_dim: String(info.zDim),
    feature_dim: String(info.featureDim),
    generator: info.generator,
    noise_mode: info.noiseMode,
    lineage: JSON.stringify(info.lineage),
    classes: JSON.stringify(info.classes),
  };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

// Throws unless `image` is a decoded RGB image or the bytes of an 8-bit RGB PNG (signature and IHDR) of the size.
function checkImageData(what: string, image: SetImageData, resolution: number): void {
  if (image instanceof Uint8Array) {
    const ok =
      image.byteLength > 33 &&
      PNG_SIGNATURE.every((b, i) => image[i] === b) &&
      String.fromCharCode(...image.subarray(12, 16)) === "IHDR";
    if (!ok) throw new TypeError(`${what} is not PNG data`);
    const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
    const [w, h, depth, colour] = [view.getUint32(16), view.getUint32(20), image[24], image[25]];
    if (w !== resolution || h !== resolution || depth !== 8 || colour !== 2) {
      throw new RangeError(
        `${what} must be an 8-bit RGB PNG of ${resolution}x${resolution}, got ${w}x${h} (bit depth ${depth}, colour type ${colour})`,
      );
    }
    return;
  }
  if (
    image.width !== resolution ||
    image.height !== resolution ||
    image.data.length !== resolution * resolution * 3
  ) {
    throw new RangeError(
      `${what} must be ${resolution}x${resolution} RGB, got ${image.width}x${image.height}`,
    );
  }
}

function floatBytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i]!, true);
  return out;
}

/** Options of {@link writeReconstructionSet}. */
export interface WriteSetOptions {
  /** zlib level of the PNGs written from decoded images (lossless at every level). @default 6 */
  compressionLevel?: number;
}

/**
 * Opens a new set in `dir`, which must be absent or empty. Images are written as they are added; the tensors and
 * CSVs are spooled under `dir/.writing` and assembled by `finish()`, so memory stays flat however large the set.
 *
 * @example
 * ```ts
 * const writer = await writeReconstructionSet("out/set", info);
 * await writer.add(record);
 * await writer.skip({ source: "MEL/broken.jpg", reason: "CORRUPT: premature end of JPEG" });
 * await writer.finish();
 * ```
 * @throws {StatusError} FAILED_PRECONDITION when `dir` is not an empty folder
 */
export async function writeReconstructionSet(
  dir: string,
  info: ReconstructionSetInfo,
  options: WriteSetOptions = {},
): Promise<ReconstructionSetWriter> {
  if (typeof dir !== "string" || dir === "") throw new TypeError("Set folder must be a non-empty path");
  checkInfo(info);
  const existing = await stat(dir).catch(() => undefined);
  if (existing !== undefined) {
    if (!existing.isDirectory())
      throw new StatusError(Code.FAILED_PRECONDITION, `Set folder "${dir}" is a file`);
    if ((await readdir(dir)).length > 0) {
      throw new StatusError(Code.FAILED_PRECONDITION, `Set folder "${dir}" must be empty`);
    }
  }
  const work = join(dir, WORK_DIR);
  await mkdir(work, { recursive: true });
  const spools = new Map<TensorName | "index" | "latents" | "skipped", FileHandle>();
  try {
    for (const name of [...TENSORS, "index", "latents", "skipped"] as const) {
      spools.set(name, await open(join(work, name), "w"));
    }
  } catch (err) {
    for (const fh of spools.values()) await fh.close().catch(() => {});
    throw err;
  }
  return new Writer(dir, existing !== undefined, info, spools, options.compressionLevel);
}

class Writer implements ReconstructionSetWriter {
  readonly dir: string;
  readonly info: ReconstructionSetInfo;
  #count = 0;
  #skipped = 0;
  #state: "open" | "finished" | "aborted" = "open";
  readonly #ownsDir: boolean;
  readonly #spools: Map<string, FileHandle>;
  readonly #paths = new Set<string>();
  readonly #madeDirs = new Set<string>();
  readonly #level: number | undefined;
  // Rows are appended one call after another, so their order is the order of the calls.
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    dir: string,
    existed: boolean,
    info: ReconstructionSetInfo,
    spools: Map<string, FileHandle>,
    level: number | undefined,
  ) {
    this.dir = dir;
    this.#ownsDir = !existed;
    this.info = info;
    this.#spools = spools;
    this.#level = level;
  }

  get count(): number {
    return this.#count;
  }

  #serial<T>(f: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(f);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #checkOpen(): void {
    if (this.#state !== "open") throw new Error(`Set writer for "${this.dir}" is ${this.#state}`);
  }

  add(record: ReconstructionRecord): Promise<void> {
    let paths: Record<SetImageKind, string>;
    try {
      paths = this.#check(record);
    } catch (err) {
      return Promise.reject(err);
    }
    const r = record;
    this.#paths.add(paths.input);
    this.#count++;
    const written = Promise.all(
      (Object.keys(paths) as SetImageKind[]).map(async (kind) => {
        const image = r[kind];
        const png =
          image instanceof Uint8Array
            ? image
            : await encodePng(image, this.#level === undefined ? {} : { compressionLevel: this.#level });
        const folder = join(this.dir, IMAGE_FOLDERS[kind], r.className);
        if (!this.#madeDirs.has(folder)) {
          await mkdir(folder, { recursive: true });
          this.#madeDirs.add(folder);
        }
        await writeFile(join(this.dir, paths[kind]), png);
      }),
    );
    return this.#serial(async () => {
      try {
        await written;
      } catch (err) {
        // A file that cannot be written (disk full, permissions) ends the set.
        this.#state = "aborted";
        await this.#removeAll();
        throw err;
      }
      const values: Record<TensorName, ArrayLike<number>> = {
        z: r.z,
        features_real: r.featuresReal,
        features_rec: r.featuresRec,
        logits_real: [r.logitReal],
        logits_rec: [r.logitRec],
        pixel_mse: [r.pixelMse],
        pixel_pairwise: [r.pixelPairwise],
        features_mse: [meanSquaredError(r.featuresReal, r.featuresRec)],
        features_pairwise: [pairwiseDistance(r.featuresReal, r.featuresRec)],
      };
      for (const name of TENSORS) await this.#spools.get(name)!.write(floatBytes(values[name]));
      await this.#spools
        .get("index")!
        .write(
          csvLine([
            r.imageName,
            r.className,
            String(r.label),
            paths.input,
            paths.reconstruction,
            paths.residual,
          ]),
        );
      await this.#spools.get("latents")!.write(csvLine([...Array.from(r.z, formatFloat32), r.imageName]));
    });
  }

  // Every check that needs no I/O, so that a bad record is refused before anything is written.
  #check(r: ReconstructionRecord): Record<SetImageKind, string> {
    this.#checkOpen();
    const { info } = this;
    checkName("Image name", r.imageName);
    checkName("Class", r.className);
    const expected = r.className === UNLABELLED_CLASS ? UNLABELLED : info.classes[r.className];
    if (expected === undefined) {
      throw new RangeError(`Class "${r.className}" of "${r.imageName}" is not among the set's classes`);
    }
    if (r.label !== expected) {
      throw new RangeError(
        `Label of "${r.imageName}" is "${r.label}" but class "${r.className}" has label "${expected}"`,
      );
    }
    const vectors: [string, Float32Array, number][] = [
      ["z", r.z, info.zDim],
      ["featuresReal", r.featuresReal, info.featureDim],
      ["featuresRec", r.featuresRec, info.featureDim],
    ];
    for (const [k, v, n] of vectors) {
      if (!(v instanceof Float32Array) || v.length !== n) {
        throw new RangeError(`${k} of "${r.imageName}" must hold ${n} float32 values, got ${v?.length}`);
      }
    }
    for (const k of ["logitReal", "logitRec", "pixelMse", "pixelPairwise"] as const) {
      if (typeof r[k] !== "number") throw new TypeError(`${k} of "${r.imageName}" must be a number`);
    }
    for (const kind of Object.keys(IMAGE_FOLDERS) as SetImageKind[]) {
      checkImageData(`The ${kind} image of "${r.imageName}"`, r[kind], info.resolution);
    }
    const paths = {
      input: setImagePath("input", r.className, r.imageName),
      reconstruction: setImagePath("reconstruction", r.className, r.imageName),
      residual: setImagePath("residual", r.className, r.imageName),
    };
    if (this.#paths.has(paths.input)) {
      throw new StatusError(
        Code.ALREADY_EXISTS,
        `The set already holds "${paths.input}": "${r.imageName}" shares its name (without extension) with an earlier image of class "${r.className}"`,
      );
    }
    return paths;
  }

  skip(input: SkippedInput): Promise<void> {
    this.#checkOpen();
    if (typeof input.source !== "string" || input.source === "")
      throw new TypeError("Skipped source must be named");
    return this.#serial(async () => {
      this.#skipped++;
      await this.#spools.get("skipped")!.write(csvLine([input.source, String(input.reason)]));
    });
  }

  async finish(): Promise<ReconstructionSetSummary> {
    this.#checkOpen();
    await this.#queue;
    this.#checkOpen();
    this.#state = "finished";
    try {
      for (const fh of this.#spools.values()) await fh.close();
      const work = join(this.dir, WORK_DIR);
      const header = [...Array(this.info.zDim)].map((_, i) => `dim_${i + 1}`);
      await concat(
        join(this.dir, SET_FILES.latents),
        csvLine([...header, "image_name"]),
        join(work, "latents"),
      );
      await concat(join(this.dir, SET_FILES.index), csvLine(INDEX_HEADER), join(work, "index"));
      await concat(join(this.dir, SET_FILES.skipped), csvLine(SKIPPED_HEADER), join(work, "skipped"));
      // The tensors file last: its presence marks a complete set.
      await this.#writeTensors(work);
      await rm(work, { recursive: true, force: true });
    } catch (err) {
      await this.#removeAll();
      throw err;
    }
    return { dir: this.dir, count: this.#count, skipped: this.#skipped };
  }

  async #writeTensors(work: string): Promise<void> {
    const n = this.#count;
    const shapes: Record<TensorName, number[]> = {
      z: [n, this.info.zDim],
      features_real: [n, this.info.featureDim],
      features_rec: [n, this.info.featureDim],
      logits_real: [n],
      logits_rec: [n],
      pixel_mse: [n],
      pixel_pairwise: [n],
      features_mse: [n],
      features_pairwise: [n],
    };
    const header: Record<string, unknown> = { __metadata__: setMetadata(this.info) };
    let offset = 0;
    for (const name of TENSORS) {
      const bytes = 4 * shapes[name].reduce((a, b) => a * b, 1);
      header[name] = { dtype: "F32", shape: shapes[name], data_offsets: [offset, offset + bytes] };
      offset += bytes;
    }
    const json = new TextEncoder().encode(JSON.stringify(header));
    // Space-padded so the data starts 8-byte aligned, as the reference writer does.
    const padded = Math.ceil(json.byteLength / 8) * 8;
    const head = new Uint8Array(8 + padded).fill(0x20, 8);
    new DataView(head.buffer).setBigUint64(0, BigInt(padded), true);
    head.set(json, 8);
    const target = join(this.dir, SET_FILES.tensors);
    const tmp = `${target}.tmp`;
    const out = await open(tmp, "w");
    try {
      await out.write(head);
      for (const name of TENSORS) {
        for await (const chunk of createReadStream(join(work, name), { highWaterMark: 1 << 22 })) {
          await out.write(chunk as Buffer);
        }
      }
      await out.sync();
    } finally {
      await out.close();
    }
    await rename(tmp, target);
  }

  async abort(): Promise<void> {
    if (this.#state === "aborted") return;
    this.#state = "aborted";
    await this.#queue;
    await this.#removeAll();
  }

  async #removeAll(): Promise<void> {
    for (const fh of this.#spools.values()) await fh.close().catch(() => {});
    if (this.#ownsDir) {
      await rm(this.dir, { recursive: true, force: true });
      return;
    }
    for (const entry of await readdir(this.dir).catch(() => [] as string[])) {
      await rm(join(this.dir, entry), { recursive: true, force: true });
    }
  }
}

async function concat(target: string, head: string, spool: string): Promise<void> {
  const body = await readFile(spool);
  await writeFile(target, Buffer.concat([Buffer.from(head, "utf8"), body]));
}

/** Options of {@link readReconstructionSet}. */
export interface ReadSetOptions {
  /** Check that every image file the index names exists. @default true */
  checkFiles?: boolean;
}

/**
 * Reads a complete set and checks it whole: format and metadata, every tensor's shape, the index and latents CSVs
 * against the tensors (same rows, names, classes, labels and z values), `features_mse` / `features_pairwise`
 * against the features, and (by default) that every image file exists.
 *
 * @example
 * ```ts
 * const set = await readReconstructionSet("out/set");
 * for (const [i, image] of set.images.entries()) console.log(image.imageName, set.pixelMse[i]);
 * ```
 * @throws {StatusError} NOT_FOUND for a missing folder or a folder that holds no set; FAILED_PRECONDITION for a set
 * still being written or of another format; DATA_LOSS for a set whose files disagree or are damaged
 */
export async function readReconstructionSet(
  dir: string,
  options: ReadSetOptions = {},
): Promise<ReconstructionSet> {
  const { checkFiles = true } = options;
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    throw new StatusError(Code.NOT_FOUND, `Reconstruction set folder "${dir}" does not exist`);
  }
  const tensorsPath = join(dir, SET_FILES.tensors);
  if ((await stat(tensorsPath).catch(() => undefined)) === undefined) {
    const writing = (await stat(join(dir, WORK_DIR)).catch(() => undefined)) !== undefined;
    throw writing
      ? new StatusError(
          Code.FAILED_PRECONDITION,
          `Reconstruction set "${dir}" is unfinished (still being written, or abandoned)`,
        )
      : new StatusError(Code.NOT_FOUND, `"${dir}" holds no reconstruction set (no "${SET_FILES.tensors}")`);
  }
  const bad = (why: string, cause?: unknown) =>
    new StatusError(Code.DATA_LOSS, `Reconstruction set "${dir}" is damaged: ${why}`, { cause });
  const { stateDict, metadata } = await readSafetensors(tensorsPath);
  const setInfo = parseMetadata(metadata, dir);
  const n = stateDict.get("pixel_mse")?.shape[0] ?? 0;
  const widths: Record<TensorName, number | null> = {
    z: setInfo.zDim,
    features_real: setInfo.featureDim,
    features_rec: setInfo.featureDim,
    logits_real: null,
    logits_rec: null,
    pixel_mse: null,
    pixel_pairwise: null,
    features_mse: null,
    features_pairwise: null,
  };
  const data = {} as Record<TensorName, Float32Array>;
  for (const name of TENSORS) {
    const t = stateDict.get(name);
    const width = widths[name];
    const shape = width === null ? [n] : [n, width];
    if (t === undefined) throw bad(`tensor "${name}" is missing`);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw bad(`tensor "${name}" has shape [${t.shape.join(", ")}], expected [${shape.join(", ")}]`);
    }
    data[name] = t.data;
  }
  const csv = async (file: string, header: readonly string[]): Promise<string[][]> => {
    let rows: string[][];
    try {
      rows = parseCsv(await readFile(join(dir, file), "utf8"));
    } catch (err) {
      throw bad(`"${file}" cannot be read`, err);
    }
    const head = rows.shift();
    if (head === undefined || head.length !== header.length || head.some((h, i) => h !== header[i])) {
      throw bad(`"${file}" does not start with the header "${header.join(",")}"`);
    }
    for (const [i, row] of rows.entries()) {
      if (row.length !== header.length)
        throw bad(`line ${i + 2} of "${file}" has ${row.length} fields, expected ${header.length}`);
    }
    return rows;
  };
  const index = await csv(SET_FILES.index, INDEX_HEADER);
  if (index.length !== n)
    throw bad(`"${SET_FILES.index}" lists ${index.length} images but the tensors hold ${n}`);
  const images: SetImage[] = index.map((row, i) => {
    const [imageName, className, labelText, input, reconstruction, residual] = row as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const label = Number(labelText);
    const expected = className === UNLABELLED_CLASS ? UNLABELLED : setInfo.classes[className];
    if (!Number.isInteger(label) || label !== expected) {
      throw bad(
        `image "${imageName}" (line ${i + 2} of "${SET_FILES.index}") has label "${labelText}" but its class "${className}" has label "${expected}"`,
      );
    }
    let paths: Record<SetImageKind, string>;
    try {
      paths = {
        input: setImagePath("input", className, imageName),
        reconstruction: setImagePath("reconstruction", className, imageName),
        residual: setImagePath("residual", className, imageName),
      };
    } catch (err) {
      throw bad(`line ${i + 2} of "${SET_FILES.index}" names an invalid image`, err);
    }
    if (input !== paths.input || reconstruction !== paths.reconstruction || residual !== paths.residual) {
      throw bad(
        `line ${i + 2} of "${SET_FILES.index}" does not name the image's files (expected "${paths.input}", ...)`,
      );
    }
    return { imageName, className, label, input, reconstruction, residual };
  });
  const latentHeader = [...[...Array(setInfo.zDim)].map((_, i) => `dim_${i + 1}`), "image_name"];
  const latents = await csv(SET_FILES.latents, latentHeader);
  if (latents.length !== n)
    throw bad(`"${SET_FILES.latents}" holds ${latents.length} rows but the tensors hold ${n}`);
  const z = data.z;
  for (const [i, row] of latents.entries()) {
    if (row[setInfo.zDim] !== images[i]!.imageName) {
      throw bad(
        `row ${i + 1} of "${SET_FILES.latents}" is "${row[setInfo.zDim]}", expected "${images[i]!.imageName}"`,
      );
    }
    for (let k = 0; k < setInfo.zDim; k++) {
      const v = Number(row[k]);
      const ref = z[i * setInfo.zDim + k]!;
      if (!(Math.abs(v - ref) <= 1e-6 * Math.max(1, Math.abs(ref)))) {
        throw bad(`"${SET_FILES.latents}" row ${i + 1}, dim_${k + 1} is "${row[k]}" but z holds "${ref}"`);
      }
    }
  }
  const f = setInfo.featureDim;
  for (let i = 0; i < n; i++) {
    const a = data.features_real.subarray(i * f, (i + 1) * f);
    const b = data.features_rec.subarray(i * f, (i + 1) * f);
    for (const [name, value] of [
      ["features_mse", meanSquaredError(a, b)],
      ["features_pairwise", pairwiseDistance(a, b)],
    ] as const) {
      const stored = data[name][i]!;
      if (!(Math.abs(stored - value) <= 1e-5 * Math.max(1e-6, Math.abs(value)))) {
        throw bad(`${name} of "${images[i]!.imageName}" is "${stored}" but its features give "${value}"`);
      }
    }
  }
  const skipped = (await csv(SET_FILES.skipped, SKIPPED_HEADER)).map(([source, reason]) => ({
    source: source!,
    reason: reason!,
  }));
  if (checkFiles) {
    for (const image of images) {
      for (const kind of Object.keys(IMAGE_FOLDERS) as SetImageKind[]) {
        const s = await stat(join(dir, image[kind])).catch(() => undefined);
        if (s === undefined || !s.isFile()) throw bad(`image file "${image[kind]}" is missing`);
      }
    }
  }
  return {
    dir,
    info: setInfo,
    images,
    z: data.z,
    featuresReal: data.features_real,
    featuresRec: data.features_rec,
    logitsReal: data.logits_real,
    logitsRec: data.logits_rec,
    pixelMse: data.pixel_mse,
    pixelPairwise: data.pixel_pairwise,
    featuresMse: data.features_mse,
    featuresPairwise: data.features_pairwise,
    skipped,
  };
}

function parseMetadata(metadata: Record<string, string>, dir: string): ReconstructionSetInfo {
  if (metadata["format"] !== RECONSTRUCTION_SET_FORMAT) {
    throw new StatusError(
      Code.FAILED_PRECONDITION,
      `"${dir}" holds format "${metadata["format"] ?? ""}", expected "${RECONSTRUCTION_SET_FORMAT}"`,
    );
  }
  const bad = (key: string, why: string) =>
    new StatusError(Code.DATA_LOSS, `Reconstruction set "${dir}" has invalid metadata "${key}": ${why}`);
  const int = (key: string): number => {
    const v = Number(metadata[key]);
    if (!Number.isSafeInteger(v) || v < 1)
      throw bad(key, `"${metadata[key] ?? ""}" is not a positive integer`);
    return v;
  };
  const json = (key: string): unknown => {
    try {
      return JSON.parse(metadata[key] ?? "");
    } catch {
      throw bad(key, "not valid JSON");
    }
  };
  const generator = metadata["generator"];
  if (generator !== "G_ema" && generator !== "G")
    throw bad("generator", `"${generator ?? ""}" is not G_ema or G`);
  const noiseMode = metadata["noise_mode"];
  if (noiseMode !== "const" && noiseMode !== "random")
    throw bad("noise_mode", `"${noiseMode ?? ""}" is not const or random`);
  const classes = json("classes");
  if (
    typeof classes !== "object" ||
    classes === null ||
    Array.isArray(classes) ||
    !Object.values(classes).every((v) => Number.isSafeInteger(v) && (v as number) >= 0)
  ) {
    throw bad("classes", "not a map of class names to non-negative integers");
  }
  const lineage = json("lineage") as ReconstructionLineage | null;
  if (
    typeof lineage !== "object" ||
    lineage === null ||
    typeof lineage.source !== "string" ||
    typeof lineage.onnx !== "object" ||
    lineage.onnx === null
  ) {
    throw bad("lineage", "not an object with the models and the source");
  }
  return {
    resolution: int("resolution"),
    zDim: int("z_dim"),
    featureDim: int("feature_dim"),
    generator,
    noiseMode,
    lineage,
    classes: classes as Record<string, number>,
  };
}

/** Row `index` of one of a set's matrices (a view, not a copy): `z`, `featuresReal` or `featuresRec`. */
export function setRow(
  set: ReconstructionSet,
  matrix: "z" | "featuresReal" | "featuresRec",
  index: number,
): Float32Array {
  const width = matrix === "z" ? set.info.zDim : set.info.featureDim;
  if (!Number.isInteger(index) || index < 0 || index >= set.images.length) {
    throw new RangeError(`Index "${index}" is outside [0, ${set.images.length})`);
  }
  return set[matrix].subarray(index * width, (index + 1) * width);
}

/** Decodes one image of a set (8-bit RGB, HWC). */
export async function readSetImage(
  set: ReconstructionSet,
  index: number,
  kind: SetImageKind,
): Promise<RgbImage> {
  const image = set.images[index];
  if (image === undefined) throw new RangeError(`Index "${index}" is outside [0, ${set.images.length})`);
  return await decodeImage(join(set.dir, image[kind]));
}
