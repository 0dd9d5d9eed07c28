import { Code, type InspectRequest__Output, type InspectResponse, StatusError } from "@dermanomaly/contracts";
import {
  type DiscriminatorConfig,
  discriminatorConfig,
  type GeneratorConfig,
  generatorConfig,
  inspect,
  numWs,
} from "@dermanomaly/gan";
import { loadNetworkFile, pickGenerator } from "@dermanomaly/gan/nvidia";
import { readSafetensors } from "@dermanomaly/gan/safetensors";
import { TRAINING_DEFAULTS } from "@dermanomaly/gan/training";
import { asInvalidArgument, localInput, type StageContext } from "@dermanomaly/runtime";

/** The training progress a checkpoint's metadata records, in kimg (0 when it records none). */
function kimgOf(metadata: Record<string, string>): number {
  try {
    const state = JSON.parse(metadata["state"] ?? "{}") as { counters?: { curNimg?: number } };
    return (state.counters?.curNimg ?? 0) / 1000;
  } catch {
    return 0;
  }
}

/** The networks StartTraining would build from these settings (train.py's defaults for those left 0). */
function networksOf(request: InspectRequest__Output): { G: GeneratorConfig; D: DiscriminatorConfig } {
  const common = {
    resolution: request.resolution || TRAINING_DEFAULTS.resolution,
    channelBase: request.cbase || TRAINING_DEFAULTS.cbase,
    channelMax: request.cmax || TRAINING_DEFAULTS.cmax,
  };
  return asInvalidArgument(() => ({
    G: generatorConfig({ ...common, mappingLayers: request.mapDepth || TRAINING_DEFAULTS.mapDepth }),
    D: discriminatorConfig(common),
  }));
}

/**
 * `Inspect`: the networks of a checkpoint (ours or an NVIDIA pickle), or of the settings given, with their
 * parameter totals and, when asked, every tensor with NVIDIA's name, without running them.
 *
 * @throws {StatusError} INVALID_ARGUMENT for settings out of range or given with a checkpoint; NOT_FOUND /
 * INVALID_ARGUMENT / DATA_LOSS / UNIMPLEMENTED as `loadNetworkFile` reports the file
 */
export async function inspectNetworks(
  ctx: StageContext,
  request: InspectRequest__Output,
): Promise<InspectResponse> {
  const settings = request.resolution || request.cbase || request.cmax || request.mapDepth;
  if (request.checkpoint?.kind && settings)
    throw new StatusError(Code.INVALID_ARGUMENT, "Give a checkpoint or network settings, not both");
  let nets: Partial<Record<"G" | "G_ema" | "D", { config: GeneratorConfig | DiscriminatorConfig }>>;
  let format = "settings";
  let metadata: Record<string, string> = {};
  if (request.checkpoint?.kind) {
    const input = await localInput(request.checkpoint, {
      store: ctx.artifacts,
      workDir: ctx.workDir,
      field: "checkpoint",
    });
    const loaded = await loadNetworkFile(input.path);
    nets = loaded;
    format = loaded.kind === "pickle" ? "pickle" : "safetensors";
    // The header alone: no tensor is read.
    if (loaded.kind === "checkpoint") metadata = (await readSafetensors(input.path, { names: [] })).metadata;
  } else {
    const { G, D } = networksOf(request);
    nets = { G: { config: G }, D: { config: D } };
  }
  const response: InspectResponse = {
    format,
    networks: [],
    parameters: [],
    metadata,
    kimg: kimgOf(metadata),
  };
  for (const key of ["G", "G_ema", "D"] as const) {
    const config = nets[key]?.config;
    if (config === undefined) continue;
    const report = inspect(config);
    response.networks!.push({
      name: key,
      parameters: report.totals.parameters,
      buffers: report.totals.buffers,
      tensors: report.totals.tensors,
      configJson: JSON.stringify(config),
      numWs: config.network === "generator" ? numWs(config.resolution) : 0,
    });
    if (request.listParameters) {
      for (const row of report.rows)
        response.parameters!.push({ ...row, name: `${key}.${row.name}`, dtype: "float32" });
    }
  }
  const g = pickGenerator(nets as Parameters<typeof pickGenerator>[0])?.config;
  if (g !== undefined) {
    Object.assign(response, {
      resolution: g.resolution,
      imgChannels: g.imgChannels,
      zDim: g.zDim,
      wDim: g.wDim,
      cDim: g.cDim,
      mapDepth: g.mappingLayers,
    });
  }
  return response;
}
