import { Code, StatusError } from "@dermanomaly/contracts";
import { openSource } from "./_source.ts";
import type { DatasetManifest } from "./manifest.ts";
import { createDatasetWriter, type DatasetJson } from "./writer.ts";

/**
 * Copies a data set folder written by `prepareDataset` into a `.zip` of the same layout (entries stored, in
 * the same order, fixed timestamps), e.g. to keep one transportable artifact of a data set prepared into a folder.
 *
 * @throws {StatusError} FAILED_PRECONDITION when the folder has no `dataset.json` or `manifest.json`, or `zipPath`
 * exists
 */
export async function packDataset(folder: string, zipPath: string): Promise<void> {
  const source = await openSource(folder);
  try {
    for (const name of ["dataset.json", "manifest.json"]) {
      if (!source.files.includes(name)) {
        throw new StatusError(Code.FAILED_PRECONDITION, `Data set folder '${folder}' has no '${name}'`);
      }
    }
    const readJson = async (name: string): Promise<unknown> =>
      JSON.parse(Buffer.from(await source.read(name)).toString("utf8"));
    const datasetJson = (await readJson("dataset.json")) as DatasetJson;
    const manifest = (await readJson("manifest.json")) as DatasetManifest;
    const writer = await createDatasetWriter(zipPath);
    try {
      for (const image of manifest.images) await writer.add(image.file, await source.read(image.file));
      await writer.finish(datasetJson, manifest);
    } catch (err) {
      await writer.abort();
      throw err;
    }
  } finally {
    source.close();
  }
}
