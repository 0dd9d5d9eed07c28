import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { ArtifactRef, ArtifactStore, StoredArtifact } from "@dermanomaly/artifacts";
import type { JobRef, Location__Output, Progress__Output } from "@dermanomaly/contracts";
import {
  type EncoderTrainerState,
  type EncoderTrainingConfig,
  readEncoderCheckpoint,
} from "@dermanomaly/encoder";
import { numberedRunFolder, type OutputPlace } from "@dermanomaly/runtime";

/** Snapshot weights, `encoder-<epoch>.safetensors`, or `encoder-<epoch>.<step>.safetensors` when interrupted. */
export const WEIGHTS = /(?:^|\/)encoder-(\d+)(?:\.(\d+))?\.safetensors$/;
/** Snapshot grids, `rec<epoch>.png`. */
export const GRID = /(?:^|\/)rec(\d+)\.png$/;
/** The training state of the last snapshot, replaced at each one. */
export const STATE_FILE = "resume.safetensors";
/** The run record. */
export const OPTIONS_FILE = "training_options.json";

const pad = (n: number) => String(n).padStart(4, "0");

/** The `<epoch>` of a snapshot's names: epochs completed, and the steps into the next one when it is not 0. */
export function snapshotTag(counters: { epoch: number; stepInEpoch: number }): string {
  return counters.stepInEpoch === 0
    ? pad(counters.epoch)
    : `${pad(counters.epoch)}.${pad(counters.stepInEpoch)}`;
}

/** `training_options.json`: the run's settings, inputs, and where it writes (read back on resume). */
export interface RunRecord extends EncoderTrainingConfig {
  /** The data set trained on. */
  dataset: ArtifactRef;
  /** The GAN checkpoint (its generator and discriminator). */
  gan: ArtifactRef;
  /** The file the starting weights came from at the first start, null for a random start. */
  resume: ArtifactRef | null;
  /** Normal images in the data set (an epoch's images). */
  images: number;
  /** Snapshots kept. */
  keep: number;
  /** Local run folder, "" when there is none. */
  run_dir: string;
  job_id: string;
  backend: string;
}

/**
 * A new run folder `<nnnnn>-<loss>-<dataset>-<preset>-batch<b>`, numbered after the runs already in the outdir: in
 * the store under a key outdir, else under `encoder/<job>/`, with a local copy under a path outdir.
 */
export async function newRunFolder(
  store: ArtifactStore,
  run: { outdir: Location__Output | null; job: JobRef; dataset: string; config: EncoderTrainingConfig },
): Promise<OutputPlace> {
  const { config: c } = run;
  return numberedRunFolder(store, {
    outdir: run.outdir,
    fallback: `encoder/${run.job.id}`,
    name: `${c.loss}-${run.dataset}-${c.preset}-batch${c.batch}`,
  });
}

/** The snapshots in a run folder. */
export interface RunSnapshots {
  /** Weights, newest first. */
  weights: StoredArtifact[];
  /** Grids, newest first. */
  grids: StoredArtifact[];
  /** The training state of the last snapshot. */
  state: StoredArtifact | undefined;
}

/** Epochs and steps of a snapshot's name, to order them. */
function position(key: string, pattern: RegExp): number {
  const m = pattern.exec(key);
  return m === null ? -1 : Number(m[1]) * 1e9 + Number(m[2] ?? 0);
}

/** What the run folder at `prefix` holds (read from the store, which is the truth after a crash). */
export async function runSnapshots(store: ArtifactStore, prefix: string): Promise<RunSnapshots> {
  const files = await store.list(prefix);
  const newestFirst = (pattern: RegExp) =>
    files
      .filter((f) => !f.key.slice(prefix.length).includes("/") && pattern.test(f.key))
      .sort((a, b) => position(b.key, pattern) - position(a.key, pattern));
  return {
    weights: newestFirst(WEIGHTS),
    grids: newestFirst(GRID),
    state: files.find((f) => f.key === `${prefix}${STATE_FILE}`),
  };
}

/**
 * Deletes the snapshots beyond the newest `keep` (weights, and the grids of epochs whose weights went), from the store
 * and the local copy; returns what stays.
 */
export async function pruneSnapshots(
  store: ArtifactStore,
  place: OutputPlace,
  keep: number,
): Promise<RunSnapshots> {
  const now = await runSnapshots(store, place.prefix);
  const kept = now.weights.slice(0, Math.max(1, keep));
  const keptEpochs = new Set(
    kept.flatMap((w) => {
      const m = WEIGHTS.exec(w.key);
      return m?.[2] === undefined ? [Number(m?.[1])] : [];
    }),
  );
  const grids = now.grids.filter((g) => keptEpochs.has(Number(GRID.exec(g.key)?.[1])));
  for (const gone of [...now.weights.slice(kept.length), ...now.grids.filter((g) => !grids.includes(g))]) {
    await store.delete(gone);
    if (place.dir !== undefined)
      await rm(join(place.dir, gone.key.slice(place.prefix.length)), { force: true });
  }
  return { weights: kept, grids, state: now.state };
}

/** A job's outputs in the order Watch lists them: weights newest first, their grids, the state, the record. */
export function runOutputs(snapshots: RunSnapshots, record: ArtifactRef): ArtifactRef[] {
  return [
    ...snapshots.weights,
    ...snapshots.grids,
    ...(snapshots.state === undefined ? [] : [snapshots.state]),
    record,
  ];
}

/** What a stopped run had written: its record and folder, and the state of its last snapshot. */
export interface RunSoFar {
  record: RunRecord;
  recordRef: StoredArtifact;
  place: OutputPlace;
  /** The training state of the last snapshot; undefined when none was written. */
  state: EncoderTrainerState | undefined;
}

/**
 * Reads back what a stopped job's run had written: its record, named in its last stored progress, and the newest
 * training state in its folder (which may be newer than that progress: the store is the truth); undefined for a job
 * that never wrote its record. `scratch` receives the state file.
 */
export async function runSoFar(
  store: ArtifactStore,
  stopped: { from: Progress__Output | undefined; scratch: string },
): Promise<RunSoFar | undefined> {
  const options = stopped.from?.outputs.find((o) => o.uri.endsWith(`/${OPTIONS_FILE}`));
  if (options === undefined) return undefined;
  const recordRef = await store.stat(options);
  const record = JSON.parse(Buffer.from(await store.getBytes(recordRef)).toString("utf8")) as RunRecord;
  const prefix = recordRef.key.slice(0, -OPTIONS_FILE.length);
  const place = { prefix, ...(record.run_dir && { dir: record.run_dir }) };
  const key = `${prefix}${STATE_FILE}`;
  if (!(await store.exists(key))) return { record, recordRef, place, state: undefined };
  const path = join(stopped.scratch, STATE_FILE);
  await store.getToFile(key, path);
  return { record, recordRef, place, state: await readEncoderCheckpoint(path) };
}
