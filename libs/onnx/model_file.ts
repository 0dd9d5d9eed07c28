import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, readFile, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, StatusError } from "@dermanomaly/contracts";
import {
  type ModelProto,
  ModelProtoSchema,
  StringStringEntryProtoSchema,
  type TensorProto,
  TensorProto_DataLocation,
} from "onnx-buf";

/** Default of {@link WriteModelOptions.externalDataThreshold}: 64 MiB. */
export const DEFAULT_EXTERNAL_DATA_THRESHOLD = 64 * 1024 * 1024;

// Offsets of external tensors are page-aligned, so a runtime may map them instead of copying.
const ALIGNMENT = 4096;

/** Options of {@link writeModel}. */
export interface WriteModelOptions {
  /**
   * Initializers of at least this many bytes go to the external data file `<model file>.data` beside the model
   * (ONNX external data), which keeps the protobuf far from its 2 GiB limit; 0 moves every initializer out,
   * `Infinity` none. @default DEFAULT_EXTERNAL_DATA_THRESHOLD (64 MiB)
   */
  externalDataThreshold?: number;
}

/** One file written by {@link writeModel}. */
export interface WrittenFile {
  path: string;
  /** Lower-case hex SHA-256 of the content. */
  sha256: string;
  sizeBytes: number;
}

/** What {@link writeModel} wrote. */
export interface WrittenModel extends WrittenFile {
  /** The external data file, or null when every initializer stayed inside the model. */
  data: WrittenFile | null;
  /**
   * One digest for the model as it runs: the SHA-256 of the model file's bytes followed by the hex SHA-256 of its
   * external data file (when it has one). The model file alone records only where its external weights are.
   */
  modelSha256: string;
}

/**
 * Writes a model, moving large initializers to an external data file first (this mutates `model`: those tensors
 * then hold a location instead of bytes). Both files are written to temporary names and renamed into place.
 *
 * @example
 * ```ts
 * const written = await writeModel(builder.build({ opset: 17 }), "G.onnx", { externalDataThreshold: 1 << 20 });
 * console.log(written.modelSha256, written.data?.path);
 * ```
 */
export async function writeModel(
  model: ModelProto,
  path: string,
  options: WriteModelOptions = {},
): Promise<WrittenModel> {
  const threshold = options.externalDataThreshold ?? DEFAULT_EXTERNAL_DATA_THRESHOLD;
  if (!(threshold >= 0)) throw new RangeError(`External data threshold must be >= 0, got "${threshold}"`);
  if (model.graph === undefined) throw new TypeError("Model has no graph");
  const external = model.graph.initializer.filter(
    (t) => t.dataLocation !== TensorProto_DataLocation.EXTERNAL && t.rawData.byteLength >= threshold,
  );
  const dataPath = `${path}.data`;
  const tmpSuffix = `.${process.pid}.${Date.now()}.tmp`;
  const hash = createHash("sha256");
  let data: WrittenFile | null = null;
  const tmpData = dataPath + tmpSuffix;
  try {
    if (external.length > 0) data = await writeExternal(external, tmpData, basename(dataPath));
    const bytes = toBinary(ModelProtoSchema, model);
    const tmp = path + tmpSuffix;
    const fh = await open(tmp, "w");
    try {
      await fh.write(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    hash.update(bytes);
    if (data !== null) {
      await rename(tmpData, dataPath);
      data.path = dataPath;
      // The external data's digest enters the model digest through its own digest: both are fixed by the content.
      hash.update(data.sha256);
    }
    await rename(tmp, path);
    return {
      path,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      sizeBytes: bytes.byteLength,
      data,
      modelSha256: hash.digest("hex"),
    };
  } catch (err) {
    await unlink(tmpData).catch(() => {});
    throw err;
  }
}

async function writeExternal(
  tensors: TensorProto[],
  tmpPath: string,
  location: string,
): Promise<WrittenFile> {
  const fh = await open(tmpPath, "w");
  const hash = createHash("sha256");
  let offset = 0;
  try {
    for (const t of tensors) {
      const pad = (ALIGNMENT - (offset % ALIGNMENT)) % ALIGNMENT;
      if (pad > 0) {
        const zeros = new Uint8Array(pad);
        await fh.write(zeros);
        hash.update(zeros);
        offset += pad;
      }
      const bytes = t.rawData;
      await fh.write(bytes);
      hash.update(bytes);
      t.externalData = [
        create(StringStringEntryProtoSchema, { key: "location", value: location }),
        create(StringStringEntryProtoSchema, { key: "offset", value: String(offset) }),
        create(StringStringEntryProtoSchema, { key: "length", value: String(bytes.byteLength) }),
      ];
      t.dataLocation = TensorProto_DataLocation.EXTERNAL;
      t.rawData = new Uint8Array(0);
      offset += bytes.byteLength;
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { path: tmpPath, sha256: hash.digest("hex"), sizeBytes: offset };
}

/**
 * The {@link WrittenModel.modelSha256} of a model file on disk: SHA-256 of its bytes followed by the hex SHA-256 of
 * its external data file, when it refers to one (`<file>.data` as {@link writeModel} names it).
 *
 * @throws {StatusError} NOT_FOUND for a missing model or external data file
 */
export async function modelDigest(path: string): Promise<string> {
  const info = await readModelInfo(path);
  const hash = createHash("sha256").update(await readFile(path));
  if (info.externalData.length > 1) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `"${path}" spreads its weights over several files; one is expected`,
    );
  }
  for (const location of info.externalData) {
    const data = join(dirname(path), location);
    const digest = createHash("sha256");
    try {
      for await (const chunk of createReadStream(data)) digest.update(chunk as Buffer);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        throw new StatusError(
          Code.NOT_FOUND,
          `External data "${data}" of ONNX model "${path}" does not exist`,
        );
      }
      throw err;
    }
    hash.update(digest.digest("hex"));
  }
  return hash.digest("hex");
}

/** What {@link readModelInfo} found in a model file. */
export interface ModelInfo {
  /** `metadata_props`, in file order. */
  metadata: Record<string, string>;
  /** Default-domain opset. */
  opset: number;
  irVersion: number;
  /** Graph input and output names. */
  inputs: string[];
  outputs: string[];
  /** External data files the model refers to (relative to the model's folder). */
  externalData: string[];
}

/**
 * Reads a model's metadata, opset and input/output names (not its external data).
 *
 * @throws {StatusError} NOT_FOUND for a missing file; INVALID_ARGUMENT for a file that is not an ONNX model
 */
export async function readModelInfo(path: string): Promise<ModelInfo> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      throw new StatusError(Code.NOT_FOUND, `ONNX model "${path}" does not exist`);
    }
    throw err;
  }
  let model: ModelProto;
  try {
    model = fromBinary(ModelProtoSchema, bytes);
  } catch (err) {
    throw new StatusError(Code.INVALID_ARGUMENT, `"${path}" is not an ONNX model`, { cause: err });
  }
  if (model.graph === undefined)
    throw new StatusError(Code.INVALID_ARGUMENT, `"${path}" is not an ONNX model (no graph)`);
  const locations = new Set<string>();
  for (const t of model.graph.initializer) {
    const loc = t.externalData.find((e) => e.key === "location");
    if (loc !== undefined) locations.add(loc.value);
  }
  return {
    metadata: Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value])),
    opset: Number(model.opsetImport.find((o) => o.domain === "" || o.domain === "ai.onnx")?.version ?? 0),
    irVersion: Number(model.irVersion),
    inputs: model.graph.input.map((i) => i.name),
    outputs: model.graph.output.map((o) => o.name),
    externalData: [...locations],
  };
}
