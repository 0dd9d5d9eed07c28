import { rename } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ArtifactRef, ArtifactStore } from "@dermanomaly/artifacts";
import type { Location__Output } from "@dermanomaly/contracts";
import { readModelInfo } from "@dermanomaly/onnx";
import { localNamedInput } from "@dermanomaly/runtime";

/** An ONNX model made local, with its external data file beside it. */
export interface ModelInput {
  readonly path: string;
  /** The model file's reference (lineage). */
  readonly ref: ArtifactRef;
}

/**
 * Makes an ONNX model `Location` local. A model whose weights are in an external data file (`<model>.data`, for
 * initializers of 64 MiB or more) needs that file beside it: from a store, the file of that name beside the model's
 * key is fetched too.
 *
 * @throws {StatusError} INVALID_ARGUMENT when unset or not a model, NOT_FOUND when it or its data file is missing
 */
export async function localModel(
  location: Location__Output | null | undefined,
  options: { store: ArtifactStore; workDir: string; field: string },
): Promise<ModelInput> {
  const model = await localNamedInput(location, options);
  if (location?.kind === "path") return { path: model.path, ref: model.ref };
  for (const file of (await readModelInfo(model.path)).externalData) {
    const sibling: Location__Output =
      location?.kind === "key"
        ? { kind: "key", key: join(dirname(location.key ?? ""), file) }
        : {
            kind: "artifact",
            artifact: {
              uri: `${model.source.slice(0, model.source.lastIndexOf("/") + 1)}${encodeURIComponent(file)}`,
              sha256: "",
              sizeBytes: 0,
              mediaType: "",
            },
          };
    const data = await localNamedInput(sibling, { ...options, field: `${options.field} data` });
    await rename(data.path, join(dirname(model.path), file));
  }
  return { path: model.path, ref: model.ref };
}
