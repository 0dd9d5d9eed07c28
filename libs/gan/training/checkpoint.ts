import { Code, StatusError } from "@dermanomaly/contracts";
import { describeParameters } from "../describe.ts";
import { decodeSafetensors, encodeSafetensors, readSafetensors, writeSafetensors } from "../safetensors.ts";
import type { StateDict } from "../state_dict.ts";
import type { OptimizerState, PendingStep, TrainerState } from "./trainer.ts";

/** Value of the `format` metadata entry of a training checkpoint. */
export const CHECKPOINT_FORMAT = "dermanomaly/stylegan2-ada-training/1";

const NETWORKS = ["G", "D", "G_ema"] as const;
const OPTIMIZERS = ["G_opt", "D_opt"] as const;

/**
 * Lays a trainer state out as one safetensors state dict plus metadata. Tensors (float32, PyTorch layout, NVIDIA
 * names): `G.<name>`, `D.<name>`, `G_ema.<name>` (parameters and buffers, e.g. `G.mapping.w_avg`), and the Adam
 * moments `G_opt.<name>.exp_avg` / `.exp_avg_sq` (and `D_opt.`) of every trainable parameter. `__metadata__`:
 * `format`, `config` (the {@link TrainingConfig} as JSON) and `state` (JSON: counters incl. `cur_nimg`, optimizer
 * step counts, `pl_mean`, the random generator's state, augment p, the ADA accumulator, the batch source position,
 * the statistics of the tick in progress).
 * A state taken between two accumulation rounds adds the iteration in progress: tensors `step.reals`
 * (`[batch, C, H, W]`), `step.latents` (`[phases, batch, zDim]`) and `step.grad.<name>` (the gradient sums so
 * far), and `state.step` (phase, round, the phase's statistics so far).
 * Numbers in JSON round-trip exactly, so a run continued from a checkpoint repeats the uninterrupted one.
 */
export function checkpointContent(state: TrainerState): {
  tensors: StateDict;
  metadata: Record<string, string>;
} {
  const tensors: StateDict = new Map();
  for (const net of NETWORKS) for (const [k, t] of state[net]) tensors.set(`${net}.${k}`, t);
  for (const opt of OPTIMIZERS) {
    for (const [k, t] of state[opt].expAvg) tensors.set(`${opt}.${k}.exp_avg`, t);
    for (const [k, t] of state[opt].expAvgSq) tensors.set(`${opt}.${k}.exp_avg_sq`, t);
  }
  const p = state.pending;
  if (p !== undefined) {
    const { batch, imgChannels: ch, resolution: res, zDim } = state.config;
    tensors.set("step.reals", { shape: [batch, ch, res, res], data: p.reals });
    tensors.set("step.latents", { shape: [p.latents.length / (batch * zDim), batch, zDim], data: p.latents });
    for (const [k, t] of p.grads) tensors.set(`step.grad.${k}`, t);
  }
  const json = {
    counters: state.counters,
    G_opt_step: state.G_opt.step,
    D_opt_step: state.D_opt.step,
    pl_mean: state.plMean,
    random: state.random,
    augment_p: state.augmentP,
    ada: state.ada,
    ...(state.batchSource !== undefined && { batch_source: state.batchSource }),
    ...(state.tickStats !== undefined && { tick_stats: state.tickStats }),
    ...(p !== undefined && {
      step: { phase: p.phase, round: p.round, moments: p.moments, phase_stats: p.phaseStats },
    }),
  };
  return {
    tensors,
    metadata: {
      format: CHECKPOINT_FORMAT,
      config: JSON.stringify(state.config),
      state: JSON.stringify(json),
    },
  };
}

/** Rebuilds a trainer state from {@link checkpointContent}'s layout; throws `StatusError` when it does not fit. */
export function stateFromCheckpoint(tensors: StateDict, metadata: Record<string, string>): TrainerState {
  if (metadata["format"] !== CHECKPOINT_FORMAT)
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `Not a training checkpoint: format "${metadata["format"]}" instead of "${CHECKPOINT_FORMAT}"`,
    );
  let config: TrainerState["config"];
  let s: Record<string, unknown>;
  try {
    config = JSON.parse(metadata["config"] ?? "");
    s = JSON.parse(metadata["state"] ?? "");
  } catch (err) {
    throw new StatusError(Code.DATA_LOSS, "Training checkpoint metadata is not valid JSON", { cause: err });
  }
  const nets: Record<string, StateDict> = { G: new Map(), D: new Map(), G_ema: new Map() };
  const opts: Record<string, { expAvg: StateDict; expAvgSq: StateDict }> = {
    G_opt: { expAvg: new Map(), expAvgSq: new Map() },
    D_opt: { expAvg: new Map(), expAvgSq: new Map() },
  };
  const step: StateDict = new Map();
  for (const [name, t] of tensors) {
    const dot = name.indexOf(".");
    const group = name.slice(0, dot);
    const rest = name.slice(dot + 1);
    const net = nets[group];
    const opt = opts[group];
    if (group === "step") step.set(rest, t);
    else if (dot > 0 && net !== undefined) net.set(rest, t);
    else if (dot > 0 && opt !== undefined && rest.endsWith(".exp_avg_sq"))
      opt.expAvgSq.set(rest.slice(0, -11), t);
    else if (dot > 0 && opt !== undefined && rest.endsWith(".exp_avg")) opt.expAvg.set(rest.slice(0, -8), t);
    else throw new StatusError(Code.DATA_LOSS, `Unexpected tensor "${name}" in a training checkpoint`);
  }
  const num = (key: string): number => {
    const v = s[key];
    if (typeof v !== "number")
      throw new StatusError(Code.DATA_LOSS, `Training checkpoint state lacks "${key}"`);
    return v;
  };
  const counters = s["counters"] as Record<string, unknown> | undefined;
  for (const k of ["curNimg", "batchIdx", "curTick", "tickStartNimg"]) {
    const v = counters?.[k];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
      throw new StatusError(Code.DATA_LOSS, `Training checkpoint counter "${k}" is missing or invalid`);
  }
  const optState = (key: "G_opt" | "D_opt"): OptimizerState => ({ step: num(`${key}_step`), ...opts[key]! });
  const state: TrainerState = {
    config,
    G: nets["G"]!,
    D: nets["D"]!,
    G_ema: nets["G_ema"]!,
    G_opt: optState("G_opt"),
    D_opt: optState("D_opt"),
    counters: counters as unknown as TrainerState["counters"],
    plMean: num("pl_mean"),
    random: s["random"] as TrainerState["random"],
    augmentP: num("augment_p"),
    ada: (s["ada"] ?? null) as TrainerState["ada"],
  };
  checkComplete(state);
  if (s["batch_source"] !== undefined) state.batchSource = s["batch_source"];
  if (s["tick_stats"] !== undefined)
    state.tickStats = s["tick_stats"] as NonNullable<TrainerState["tickStats"]>;
  if (s["step"] !== undefined) state.pending = pendingStep(s["step"] as Record<string, unknown>, step);
  return state;
}

/**
 * A checkpoint must hold every tensor its config implies (networks, and Adam moments of every trainable
 * parameter) and the ADA state when it trains with ADA; otherwise the file is damaged (DATA_LOSS), which resuming
 * would only report later as a broken argument.
 */
function checkComplete(state: TrainerState): void {
  const { generator, discriminator, aug } = state.config;
  if (generator === undefined || discriminator === undefined)
    throw new StatusError(Code.DATA_LOSS, "Training checkpoint config lacks its network configs");
  const nets = [
    ["G", generator, "G_opt"],
    ["G_ema", generator, undefined],
    ["D", discriminator, "D_opt"],
  ] as const;
  for (const [net, config, opt] of nets) {
    for (const spec of describeParameters(config)) {
      const t = state[net].get(spec.name);
      if (t === undefined || t.data.length !== spec.count)
        throw new StatusError(Code.DATA_LOSS, `Training checkpoint lacks or truncates "${net}.${spec.name}"`);
      if (opt !== undefined && spec.trainable && !state[opt].expAvg.has(spec.name))
        throw new StatusError(
          Code.DATA_LOSS,
          `Training checkpoint lacks the Adam moments of "${net}.${spec.name}"`,
        );
    }
  }
  if (aug === "ada" && state.ada === null)
    throw new StatusError(Code.DATA_LOSS, "Training checkpoint trains with ADA but lacks the ADA state");
}

/** The iteration in progress of a checkpoint taken between two rounds. */
function pendingStep(json: Record<string, unknown>, tensors: StateDict): PendingStep {
  const reals = tensors.get("reals");
  const latents = tensors.get("latents");
  const { phase, round } = json;
  if (reals === undefined || latents === undefined || !Number.isInteger(phase) || !Number.isInteger(round))
    throw new StatusError(Code.DATA_LOSS, "Training checkpoint has an incomplete iteration in progress");
  const grads: StateDict = new Map();
  for (const [k, t] of tensors) if (k.startsWith("grad.")) grads.set(k.slice(5), t);
  return {
    phase: phase as number,
    round: round as number,
    reals: reals.data,
    latents: latents.data,
    grads,
    moments: (json["moments"] ?? {}) as PendingStep["moments"],
    phaseStats: (json["phase_stats"] ?? {}) as PendingStep["phaseStats"],
  };
}

/** A trainer state as safetensors bytes (see {@link checkpointContent} for the layout). */
export function encodeCheckpoint(state: TrainerState): Uint8Array {
  const { tensors, metadata } = checkpointContent(state);
  return encodeSafetensors(tensors, { metadata });
}

/** Reads {@link encodeCheckpoint}'s bytes back. */
export function decodeCheckpoint(bytes: Uint8Array): TrainerState {
  const { stateDict, metadata } = decodeSafetensors(bytes);
  return stateFromCheckpoint(stateDict, metadata);
}

/** Writes a trainer state as a safetensors file (atomically replaced). */
export async function writeCheckpoint(path: string, state: TrainerState): Promise<void> {
  const { tensors, metadata } = checkpointContent(state);
  await writeSafetensors(path, tensors, { metadata });
}

/** Reads a checkpoint file written by {@link writeCheckpoint}. */
export async function readCheckpoint(path: string): Promise<TrainerState> {
  const { stateDict, metadata } = await readSafetensors(path);
  return stateFromCheckpoint(stateDict, metadata);
}
