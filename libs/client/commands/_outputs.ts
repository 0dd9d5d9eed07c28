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

/** A training's snapshots among a job's outputs, newest first as the trainers report them. */
function snapshotsOf(outputs: readonly ArtifactRef[], pattern: RegExp): ArtifactRef[] {
  return outputs.filter((o) => pattern.test(o.uri));
}

/**
 * Prints a training's snapshots (`<label>: <count>`, then one line each: its store URI while the store lasts, else
 * its copy in the run folder the training recorded) and that run folder.
 *
 * @throws {Error} when the store goes away and the training recorded no run folder to name them by
 */
export async function printSnapshots(
  ended: { job: { id: string }; last: { outputs: ArtifactRef[] }; storeKept: boolean },
  options: { pattern: RegExp; label: string },
): Promise<void> {
  const { job, last, storeKept } = ended;
  const snapshots = snapshotsOf(last.outputs, options.pattern);
  const runDir = storeKept ? undefined : await recordedRunDir(last.outputs);
  if (!storeKept && runDir === undefined)
    throw new Error(`Training ${job.id} recorded no run folder under --outdir`);
  console.log(`${options.label}: ${snapshots.length}`);
  for (const o of snapshots)
    console.log(`  ${outputLine(o, runDir === undefined ? o.uri : copyIn(runDir, o))}`);
  if (runDir !== undefined) console.log(`run folder: ${runDir}`);
}

/** After a failed training, its last snapshot: a failed command keeps its stack's store, so the URI holds. */
export function printLastSnapshot(ended: { last: { outputs: ArtifactRef[] } }, pattern: RegExp): void {
  const [newest] = snapshotsOf(ended.last.outputs, pattern);
  if (newest !== undefined) console.error(`last snapshot: ${newest.uri}`);
}

/** A preparation's or reconstruction's counts: images written and skipped, and the skipped ones by reason. */
export function printCounts(metrics: Readonly<Record<string, number>>): void {
  console.log(`written: ${metrics["written"] ?? 0}`);
  console.log(`skipped: ${metrics["skipped"] ?? 0}`);
  for (const [k, v] of Object.entries(metrics).filter(([k]) => k.startsWith("skipped_")))
    console.log(`  ${k.slice("skipped_".length)}: ${v}`);
}
