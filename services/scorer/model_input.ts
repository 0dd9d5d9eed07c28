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

/** Where the reconstructor keeps the models it exported: `<prefix><key>/models.json` lists them (see its proto). */
const EXPORTED_MODELS = { prefix: "models/onnx/", record: "models.json" } as const;

/** One model of an `ExportedModels` record, as its JSON holds it. */
interface RecordedModel {
  readonly model?: { readonly uri?: string; readonly sha256?: string } | null;
  readonly digest?: string;
}

/**
 * The generator and discriminator a set was made with, found in the reconstructor's model cache in the store: the
 * `ExportedModels` record (`models/onnx/<key>/models.json`) whose models have the digests the set's lineage records.
 * Undefined when no record has them (models given as bare ONNX files, or a cache emptied since).
 */
export async function findCachedModels(
  store: ArtifactStore,
  digests: { readonly generator: string; readonly discriminator: string },
): Promise<{ generator: Location__Output; discriminator: Location__Output } | undefined> {
  const records = (await store.list(EXPORTED_MODELS.prefix)).filter((a) =>
    a.key.endsWith(`/${EXPORTED_MODELS.record}`),
  );
  for (const record of records) {
    let parsed: { generator?: RecordedModel; discriminator?: RecordedModel };
    try {
      parsed = JSON.parse(new TextDecoder().decode(await store.getBytes(record)));
    } catch {
      continue; // a record that cannot be read is not the one
    }
    const g = parsed.generator;
    const d = parsed.discriminator;
    if (g?.digest !== digests.generator || d?.digest !== digests.discriminator) continue;
    if (!g.model?.uri || !d.model?.uri) continue;
    const location = (m: NonNullable<RecordedModel["model"]>): Location__Output => ({
      kind: "artifact",
      artifact: { uri: m.uri ?? "", sha256: m.sha256 ?? "", sizeBytes: 0, mediaType: "" },
    });
    return { generator: location(g.model), discriminator: location(d.model) };
  }
  return undefined;
}
