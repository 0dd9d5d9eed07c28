import { Code, StatusError } from "@dermanomaly/contracts";
import type { StateDict } from "@dermanomaly/gan";
import {
  decodeSafetensors,
  encodeSafetensors,
  readSafetensors,
  writeSafetensors,
} from "@dermanomaly/gan/safetensors";
import { parseLineage } from "./lineage.ts";
import { encoderTrainingConfig } from "./options.ts";
import type { EncoderTrainerState } from "./trainer.ts";
import { ENCODER_CHECKPOINT_FORMAT } from "./weights.ts";

/**
 * Lays a trainer state out as one safetensors state dict plus metadata. Tensors (float32, PyTorch names and layout):
 * `E.<name>` (E's state_dict, running statistics and num_batches_tracked included) and the Adam moments
 * `E_opt.<name>.exp_avg` / `.exp_avg_sq` of every trainable parameter. `__metadata__`: `format`
 * ({@link ENCODER_CHECKPOINT_FORMAT}), `config` (the EncoderConfig as JSON, so `loadEncoderFile` reads the weights),
 * `training` (the EncoderTrainingConfig), `lineage` (generator, noise mode, loss, alpha, kappa, inputs) and `state`
 * (counters, Adam's step, the random generator, the batch source position). JSON numbers round-trip exactly, so a
 * run continued from a checkpoint repeats the uninterrupted one.
 */
export function encoderCheckpointContent(state: EncoderTrainerState): {
  tensors: StateDict;
  metadata: Record<string, string>;
} {
  const tensors: StateDict = new Map();
  for (const [k, t] of state.E) tensors.set(`E.${k}`, t);
  for (const [k, t] of state.E_opt.expAvg) tensors.set(`E_opt.${k}.exp_avg`, t);
  for (const [k, t] of state.E_opt.expAvgSq) tensors.set(`E_opt.${k}.exp_avg_sq`, t);
  const json = {
    counters: state.counters,
    optimizer_step: state.E_opt.step,
    random: state.random,
    ...(state.batchSource !== undefined && { batch_source: state.batchSource }),
  };
  return {
    tensors,
    metadata: {
      format: ENCODER_CHECKPOINT_FORMAT,
      config: JSON.stringify(state.config.encoder),
      training: JSON.stringify(state.config),
      lineage: JSON.stringify(state.lineage),
      state: JSON.stringify(json),
    },
  };
}

/** Rebuilds a trainer state from {@link encoderCheckpointContent}'s layout; throws `StatusError` when it does not fit. */
export function encoderStateFromCheckpoint(
  tensors: StateDict,
  metadata: Record<string, string>,
): EncoderTrainerState {
  if (metadata["format"] !== ENCODER_CHECKPOINT_FORMAT)
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `Not an encoder training checkpoint: format "${metadata["format"]}" instead of "${ENCODER_CHECKPOINT_FORMAT}"`,
    );
  let training: EncoderTrainerState["config"];
  let s: Record<string, unknown>;
  try {
    training = JSON.parse(metadata["training"] ?? "");
    s = JSON.parse(metadata["state"] ?? "");
  } catch (err) {
    throw new StatusError(Code.DATA_LOSS, "Encoder checkpoint metadata is not valid JSON", { cause: err });
  }
  const lineage = parseLineage(metadata["lineage"]);
  if (lineage === null) throw new StatusError(Code.DATA_LOSS, "Encoder checkpoint has no lineage");
  const { encoder, ...rest } = training;
  try {
    // Re-validated: a checkpoint is input like any other.
    training = encoderTrainingConfig({ ...rest, encoder }, encoder);
  } catch (err) {
    throw new StatusError(
      Code.DATA_LOSS,
      `Encoder checkpoint settings are invalid: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  const E: StateDict = new Map();
  const expAvg: StateDict = new Map();
  const expAvgSq: StateDict = new Map();
  for (const [name, t] of tensors) {
    if (name.startsWith("E.")) E.set(name.slice(2), t);
    else if (name.startsWith("E_opt.") && name.endsWith(".exp_avg_sq")) expAvgSq.set(name.slice(6, -11), t);
    else if (name.startsWith("E_opt.") && name.endsWith(".exp_avg")) expAvg.set(name.slice(6, -8), t);
    else throw new StatusError(Code.DATA_LOSS, `Unexpected tensor "${name}" in an encoder checkpoint`);
  }
  const counters = s["counters"] as Record<string, unknown> | undefined;
  for (const k of ["epoch", "stepInEpoch", "steps"]) {
    const v = counters?.[k];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
      throw new StatusError(Code.DATA_LOSS, `Encoder checkpoint counter "${k}" is missing or invalid`);
  }
  const step = s["optimizer_step"];
  if (typeof step !== "number" || !Number.isInteger(step) || step < 0)
    throw new StatusError(Code.DATA_LOSS, `Encoder checkpoint lacks a valid "optimizer_step"`);
  const state: EncoderTrainerState = {
    config: training,
    E,
    E_opt: { step, expAvg, expAvgSq },
    counters: counters as unknown as EncoderTrainerState["counters"],
    random: s["random"] as EncoderTrainerState["random"],
    lineage,
  };
  if (s["batch_source"] !== undefined) state.batchSource = s["batch_source"];
  return state;
}

/** A trainer state as safetensors bytes (see {@link encoderCheckpointContent}). */
export function encodeEncoderCheckpoint(state: EncoderTrainerState): Uint8Array {
  const { tensors, metadata } = encoderCheckpointContent(state);
  return encodeSafetensors(tensors, { metadata });
}

/** Reads {@link encodeEncoderCheckpoint}'s bytes back. */
export function decodeEncoderCheckpoint(bytes: Uint8Array): EncoderTrainerState {
  const { stateDict, metadata } = decodeSafetensors(bytes);
  return encoderStateFromCheckpoint(stateDict, metadata);
}

/** Writes a trainer state as a safetensors file (atomically replaced). */
export async function writeEncoderCheckpoint(path: string, state: EncoderTrainerState): Promise<void> {
  const { tensors, metadata } = encoderCheckpointContent(state);
  await writeSafetensors(path, tensors, { metadata });
}

/**
 * Reads a checkpoint written by {@link writeEncoderCheckpoint}.
 *
 * @throws {StatusError} INVALID_ARGUMENT for another kind of file, DATA_LOSS for a damaged one
 */
export async function readEncoderCheckpoint(path: string): Promise<EncoderTrainerState> {
  const { stateDict, metadata } = await readSafetensors(path);
  return encoderStateFromCheckpoint(stateDict, metadata);
}
