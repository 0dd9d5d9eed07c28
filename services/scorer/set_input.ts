import type { ArtifactRef, ArtifactStore } from "@dermanomaly/artifacts";
import type { Location__Output } from "@dermanomaly/contracts";
import {
  IMAGE_FOLDERS,
  type ReconstructionSet,
  readReconstructionSet,
  SET_FILES,
  type SetImageKind,
} from "@dermanomaly/reconstruction";
import { inputRef, localFolderInput } from "@dermanomaly/runtime";

/** A reconstruction set made local for a job. */
export interface SetInput {
  readonly set: ReconstructionSet;
  /** Where it came from, for the sheets' meta and messages: the folder path or the store prefix's URI. */
  readonly source: string;
  /** What lineage records for it: its `reconstruction_set.safetensors` artifact, or the folder's `file://` ref. */
  readonly ref: ArtifactRef;
}

/** Options of {@linkcode localReconstructionSet}. */
export interface SetInputOptions {
  /** The stage's store (keys are resolved there). */
  readonly store: ArtifactStore;
  /** Where downloads go (the job's scratch folder). */
  readonly workDir: string;
  /** Image folders to fetch from a store besides the tensors and CSVs. @default none */
  readonly images?: readonly SetImageKind[];
  /** Request field, for messages. @default "reconstruction" */
  readonly field?: string;
}

/**
 * Makes a reconstruction set local and reads it: a folder path in place (checked whole), or the set under a store
 * prefix (or the folder of one of its artifacts), fetching only the tensors, the CSVs and the image folders asked
 * for (a set of thousands of images keeps three PNGs each; most scores need none of them).
 *
 * @throws {StatusError} NOT_FOUND for a missing set, FAILED_PRECONDITION for an unfinished one or one of another
 * format, DATA_LOSS for a damaged one (see `readReconstructionSet`)
 */
export async function localReconstructionSet(
  location: Location__Output | null | undefined,
  options: SetInputOptions,
): Promise<SetInput> {
  const kinds = new Set(options.images ?? []);
  const wanted = (path: string) =>
    (Object.values(SET_FILES) as string[]).includes(path) ||
    [...kinds].some((kind) => path.startsWith(`${IMAGE_FOLDERS[kind]}/`));
  const folder = await localFolderInput(location, {
    store: options.store,
    workDir: options.workDir,
    field: options.field ?? "reconstruction",
    filter: wanted,
  });
  const inPlace = location?.kind === "path";
  const set = await readReconstructionSet(folder.path, { checkFiles: inPlace });
  const stored = folder.files.get(SET_FILES.tensors);
  return {
    set,
    source: folder.source,
    ref: stored ?? inputRef({ path: folder.path }),
  };
}
