// How commands name the outputs a job reports: by their store URI while the store lasts, by the user's own paths
// when the local stack's store goes away with the command.
import { basename, join } from "node:path";
import { type ArtifactRef, resolveStore } from "@dermanomaly/artifacts";

/** The name a stored output has in a folder that gets a copy of it: the last part of its key. */
export function storedName(uri: string): string {
  return basename(decodeURIComponent(new URL(uri).pathname));
}

/** An output's line: `<where> (<size> bytes, sha256 <digest>)`, `where` being its URI unless a path is given. */
export function outputLine(
  ref: Pick<ArtifactRef, "uri" | "sizeBytes" | "sha256">,
  where: string = ref.uri,
): string {
  return `${where} (${ref.sizeBytes} bytes, sha256 ${ref.sha256})`;
}

/**
 * The copy of a stored output in `dir`, a folder the service copies each output into under its stored name (a
 * training's run folder, a reconstruction set).
 */
export function copyIn(dir: string, ref: { uri: string }): string {
  return join(dir, storedName(ref.uri));
}

/**
 * The run folder a training recorded in its `training_options.json` (one of its outputs, `run_dir`): the
 * `<nnnnn>-<name>` folder under a path `--outdir`, numbered by the service. Undefined when there is none (a key
 * destination).
 */
export async function recordedRunDir(outputs: readonly ArtifactRef[]): Promise<string | undefined> {
  const ref = outputs.find((o) => storedName(o.uri) === "training_options.json");
  if (ref === undefined) return undefined;
  const store = await resolveStore(ref);
  try {
    const text = Buffer.from(await store.getBytes(ref)).toString("utf8");
    const dir = (JSON.parse(text) as { run_dir?: unknown }).run_dir;
    return typeof dir === "string" && dir !== "" ? dir : undefined;
  } finally {
    await store.close();
  }
}
