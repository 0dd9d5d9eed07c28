import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ArtifactStore } from "@dermanomaly/artifacts";
import { Code, type Location, type Location__Output, StatusError } from "@dermanomaly/contracts";
import { extensionOf, IMAGE_EXTENSIONS, openSource } from "@dermanomaly/dataset/internal";
import { localInput } from "@dermanomaly/runtime";

/** What a data set's folders hold: images per first-level folder (`""` for images outside any folder). */
export interface FolderCounts {
  readonly [folder: string]: number;
}

/** What {@linkcode checkDataLayout} found. */
export interface DataLayout {
  /** Images of the training set by class folder. */
  readonly train: FolderCounts;
  /** Images of the test set by class folder. */
  readonly test: FolderCounts;
}

/** Options of {@linkcode checkDataLayout}. */
export interface CheckDataLayoutOptions {
  /** Store that `key` locations name. */
  store: ArtifactStore;
  /** Where artifacts and keys are downloaded to be read. */
  workDir: string;
  /** Class folder -> label: 0 normal, 1 anomalous. */
  classMap: Readonly<Record<string, number>>;
  /** How the user named the two inputs in messages. @default `{ train: "train_set", test: "test_set" }` */
  names?: { train: string; test: string };
}

/** The original's layout, for error messages. */
export function expectedLayout(classMap: Readonly<Record<string, number>>): string {
  const classes = Object.entries(classMap).sort(([, a], [, b]) => a - b);
  const normal = classes.filter(([, l]) => l === 0).map(([c]) => c);
  const lines = [
    ...normal.map((c) => `  train_set/${c}/*.jpg   normal training photos`),
    ...classes.map(([c, l]) => `  test_set/${c}/*.jpg    ${l === 0 ? "normal" : "anomalous"} test photos`),
  ];
  return `expected layout (the original's):\n${lines.join("\n")}`;
}

/** A location in the decoded form the runtime reads (its `kind` named). */
function decoded(location: Location | Location__Output): Location__Output {
  if ("kind" in location && location.kind !== undefined) return location as Location__Output;
  if (location.path !== undefined) return { kind: "path", path: location.path };
  if (location.key !== undefined) return { kind: "key", key: location.key };
  if (location.artifact)
    return { kind: "artifact", artifact: location.artifact as NonNullable<Location__Output["artifact"]> };
  return {};
}

/** Images per first-level folder of a folder or zip. */
async function countImages(
  location: Location | Location__Output,
  options: CheckDataLayoutOptions,
  field: string,
) {
  const input = await localInput(decoded(location), {
    store: options.store,
    workDir: options.workDir,
    field,
  });
  const source = await openSource(input.path);
  try {
    const counts: Record<string, number> = {};
    for (const name of source.files) {
      if (!IMAGE_EXTENSIONS.has(extensionOf(name))) continue;
      const slash = name.indexOf("/");
      const folder = slash < 0 ? "" : name.slice(0, slash);
      counts[folder] = (counts[folder] ?? 0) + 1;
    }
    return counts;
  } finally {
    source.close();
  }
}

/**
 * Checks a training set and a test set against the original's layout before anything runs: normal training photos
 * in folders of label 0, a test set whose every folder is a class of the class map, with photos of both labels.
 *
 * @throws {StatusError} INVALID_ARGUMENT naming what is missing and showing the expected layout; NOT_FOUND for a
 *   path that does not exist
 */
export async function checkDataLayout(
  sources: { train: Location | Location__Output; test: Location | Location__Output },
  options: CheckDataLayoutOptions,
): Promise<DataLayout> {
  const { classMap } = options;
  const names = options.names ?? { train: "train_set", test: "test_set" };
  const layout = expectedLayout(classMap);
  const invalid = (message: string) => new StatusError(Code.INVALID_ARGUMENT, `${message}; ${layout}`);
  const known = Object.keys(classMap).sort();
  const normal = known.filter((c) => classMap[c] === 0);
  if (normal.length === 0 || !known.some((c) => classMap[c] === 1)) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `The class map ${JSON.stringify(classMap)} needs a normal class (label 0) and an anomalous one (label 1)`,
    );
  }
  const train = await countImages(sources.train, options, names.train);
  const unknownTrain = Object.keys(train).filter((f) => !normal.includes(f));
  if (unknownTrain.length > 0) {
    const what = unknownTrain.map((f) => (f === "" ? "images outside a class folder" : `folder "${f}/"`));
    throw invalid(
      `${names.train} holds ${what.join(" and ")}: training photos must be in a folder of a normal class ` +
        `(${normal.map((c) => `"${c}/"`).join(", ")})`,
    );
  }
  if (Object.values(train).every((n) => n === 0))
    throw invalid(
      `${names.train} has no normal training images (no photo in ${normal.map((c) => `"${c}/"`).join(", ")})`,
    );
  const test = await countImages(sources.test, options, names.test);
  if (Object.keys(test).length === 0) throw invalid(`${names.test} has no test images`);
  const unknownTest = Object.keys(test).filter((f) => !known.includes(f));
  if (unknownTest.length > 0) {
    const what = unknownTest.map((f) =>
      f === "" ? "images outside a class folder" : `an unknown class folder "${f}/"`,
    );
    throw invalid(
      `${names.test} holds ${what.join(" and ")}: the classes are ${known.map((c) => `"${c}"`).join(", ")}`,
    );
  }
  for (const label of [0, 1]) {
    if (!known.some((c) => classMap[c] === label && (test[c] ?? 0) > 0)) {
      const classes = known.filter((c) => classMap[c] === label).map((c) => `"${c}/"`);
      throw invalid(
        `${names.test} has no ${label === 0 ? "normal" : "anomalous"} test images (none in ${classes.join(", ")}): ` +
          "an AUC needs both",
      );
    }
  }
  return { train, test };
}

/**
 * Checks that a data folder has the original's two folders, `train_set/` and `test_set/`, before their content is
 * checked by {@linkcode checkDataLayout}.
 *
 * @throws {StatusError} NOT_FOUND for a data folder that does not exist; INVALID_ARGUMENT naming the missing folder
 *   and showing the expected layout
 */
export function checkDataFolder(root: string, classMap: Readonly<Record<string, number>>): void {
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new StatusError(Code.NOT_FOUND, `Data folder "${root}" does not exist`);
  const layout = expectedLayout(classMap);
  for (const [folder, what] of [
    ["train_set", "normal training images"],
    ["test_set", "a test set"],
  ] as const) {
    const path = join(root, folder);
    if (!existsSync(path) || !statSync(path).isDirectory())
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `Data folder "${root}" has no ${folder}/ folder (${what}); ${layout}`,
      );
  }
}
