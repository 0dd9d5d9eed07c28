import { join } from "node:path";
import type { ArtifactRef, ArtifactStore, StoredArtifact } from "@dermanomaly/artifacts";
import type { JobRef, Location__Output, Progress__Output } from "@dermanomaly/contracts";
import { readCheckpoint, type TrainerState, type TrainingConfig } from "@dermanomaly/gan/training";
import { numberedRunFolder, type OutputPlace } from "@dermanomaly/runtime";

/** Snapshot checkpoints, `network-snapshot-<kimg>.safetensors`. */
export const SNAPSHOT = /network-snapshot-\d+(\.\d+)?\.safetensors$/;
/** The run record's name, as train.py's. */
export const OPTIONS_FILE = "training_options.json";

/**
 * The `<kimg>` of snapshot names: upstream's `%06d` of whole kimg. A run whose ticks are fractions of a kimg
 * (short CPU runs) adds the fraction, so its snapshots do not overwrite each other.
 */
export function snapshotTag(curNimg: number, tickKimg: number): string {
  const whole = String(Math.floor(curNimg / 1000)).padStart(6, "0");
  return Number.isInteger(tickKimg) ? whole : `${whole}.${String(curNimg % 1000).padStart(3, "0")}`;
}

/** `training_options.json`: the run's config, where it writes and what it started from (read back on resume). */
export interface RunRecord extends TrainingConfig {
  /** The data set trained on. */
  dataset: ArtifactRef;
  /** The `--resume` file the weights came from at the first start, null for a random start. */
  resume: ArtifactRef | null;
  /** Local run folder, "" when there is none. */
  run_dir: string;
  job_id: string;
  backend: string;
}

/**
 * A new run folder, named as train.py names it (`<id>-stylegan2-<dataset>-gpus1-batch<b>-gamma<g>[-<desc>]`,
 * numbered after the runs already in the outdir): in the store under a key outdir, else under `gan/<job>/`, with a
 * local copy under a path outdir.
 */
export async function newRunFolder(
  store: ArtifactStore,
  run: { outdir: Location__Output | null; job: JobRef; dataset: string; config: TrainingConfig },
): Promise<OutputPlace> {
  const { config: c } = run;
  return numberedRunFolder(store, {
    outdir: run.outdir,
    fallback: `gan/${run.job.id}`,
    name: `stylegan2-${run.dataset}-gpus1-batch${c.batch}-gamma${c.gamma}${c.desc ? `-${c.desc}` : ""}`,
  });
}

/** What a stopped run had written: its record and folder, its last snapshot's state, its snapshots and stats. */
export interface RunSoFar {
  record: RunRecord;
  recordRef: StoredArtifact;
  place: OutputPlace;
  /** The state of the last snapshot; undefined when none was written. */
  state: TrainerState | undefined;
  /** Snapshots, latest first. */
  snapshots: ArtifactRef[];
  /** `stats.jsonl` lines up to the last snapshot. */
  stats: string[];
}

/**
 * Reads back what a stopped job's run had written, from its last stored progress (whose outputs name the run
 * record and the snapshots); undefined for a job that never wrote its record. `scratch` receives the snapshot.
 */
export async function runSoFar(
  store: ArtifactStore,
  stopped: { from: Progress__Output | undefined; scratch: string },
): Promise<RunSoFar | undefined> {
  const { from, scratch } = stopped;
  const outputs = from?.outputs ?? [];
  const options = outputs.find((o) => o.uri.endsWith(`/${OPTIONS_FILE}`));
  if (options === undefined) return undefined;
  const recordRef = await store.stat(options);
  const record = JSON.parse(Buffer.from(await store.getBytes(recordRef)).toString("utf8")) as RunRecord;
  const prefix = recordRef.key.slice(0, -OPTIONS_FILE.length);
  const place = { prefix, ...(record.run_dir && { dir: record.run_dir }) };
  const snapshots = outputs.filter((o) => SNAPSHOT.test(o.uri));
  if (snapshots[0] === undefined) return { record, recordRef, place, state: undefined, snapshots, stats: [] };
  const path = join(scratch, "resume.safetensors");
  await store.getToFile(snapshots[0], path);
  const state = await readCheckpoint(path);
  const statsKey = `${prefix}stats.jsonl`;
  const lines = (await store.exists(statsKey))
    ? Buffer.from(await store.getBytes(statsKey))
        .toString("utf8")
        .split("\n")
    : [];
  // Lines written after the snapshot belong to ticks that will run again.
  const kimg = state.counters.curNimg / 1000;
  const stats = lines.filter(
    (l) => l !== "" && (JSON.parse(l) as { "Progress/kimg": number })["Progress/kimg"] <= kimg,
  );
  return { record, recordRef, place, state, snapshots, stats };
}
