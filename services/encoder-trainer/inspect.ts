import { randomUUID } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import {
  Code,
  type InspectEncoderRequest__Output,
  type InspectEncoderResponse,
  StatusError,
} from "@dermanomaly/contracts";
import {
  ENCODER_CHECKPOINT_FORMAT,
  ENCODER_PRESETS,
  inspectEncoder,
  loadEncoderFile,
} from "@dermanomaly/encoder";
import { localInput, type StageContext } from "@dermanomaly/runtime";

/** Where a training state stood, from its `state` metadata (zeros for other files). */
function countersOf(metadata: Record<string, string>): { epoch: number; steps: number } {
  try {
    const state = JSON.parse(metadata["state"] ?? "{}") as { counters?: { epoch?: number; steps?: number } };
    return { epoch: state.counters?.epoch ?? 0, steps: state.counters?.steps ?? 0 };
  } catch {
    return { epoch: 0, steps: 0 };
  }
}

/**
 * `Inspect`: the architecture, tensors and lineage of an encoder file (weights or training state of this service, a
 * foreign safetensors, a `.pth`), without running it.
 *
 * @throws {StatusError} INVALID_ARGUMENT without a checkpoint or for a file that is not an encoder; NOT_FOUND /
 * DATA_LOSS / UNIMPLEMENTED as `loadEncoderFile` reports the file
 */
export async function inspectEncoderFile(
  ctx: StageContext,
  request: InspectEncoderRequest__Output,
): Promise<InspectEncoderResponse> {
  if (!request.checkpoint?.kind)
    throw new StatusError(Code.INVALID_ARGUMENT, "A checkpoint is required: a path, an artifact or a key");
  const scratch = join(ctx.workDir, "calls", randomUUID());
  await mkdir(scratch, { recursive: true });
  try {
    const input = await localInput(request.checkpoint, {
      store: ctx.artifacts,
      workDir: scratch,
      field: "checkpoint",
    });
    const loaded = await loadEncoderFile(input.path);
    const c = loaded.config;
    const report = inspectEncoder(loaded.stateDict);
    const preset = Object.entries(ENCODER_PRESETS).find(
      ([, p]) => p.channelBase === c.channelBase && p.channelMax === c.channelMax,
    )?.[0];
    const counters =
      loaded.format === ENCODER_CHECKPOINT_FORMAT ? countersOf(loaded.metadata) : { epoch: 0, steps: 0 };
    return {
      kind: loaded.kind,
      format: loaded.format,
      configJson: JSON.stringify(c),
      resolution: c.resolution,
      imgChannels: c.imgChannels,
      zDim: c.zDim,
      channelBase: c.channelBase,
      channelMax: c.channelMax,
      preset: preset ?? "",
      parameterCount: report.totals.parameters,
      bufferCount: report.totals.buffers,
      tensorCount: report.totals.tensors,
      parameters: request.listParameters ? report.rows.map((r) => ({ ...r, dtype: "float32" })) : [],
      renamed: loaded.renamed,
      lineageJson: loaded.lineage === null ? "" : JSON.stringify(loaded.lineage),
      ...counters,
      metadata: loaded.metadata,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
