import { open } from "node:fs/promises";
import type { InspectRequest__Output, InspectResponse } from "@dermanomaly/contracts";
import { inspect } from "@dermanomaly/gan";
import { loadNetworkFile } from "@dermanomaly/gan/nvidia";
import { localInput, type StageContext } from "@dermanomaly/runtime";

/** The `__metadata__` of a safetensors file, read from its header alone (the tensors are not touched). */
export async function safetensorsMetadata(path: string): Promise<Record<string, string>> {
  const file = await open(path, "r");
  try {
    const head = Buffer.alloc(8);
    await file.read(head, 0, 8, 0);
    const length = Number(head.readBigUInt64LE(0));
    const { size } = await file.stat();
    if (length <= 0 || length > size - 8) return {};
    const json = Buffer.alloc(length);
    await file.read(json, 0, length, 8);
    const header = JSON.parse(json.toString("utf8")) as { __metadata__?: Record<string, string> };
    return header.__metadata__ ?? {};
  } finally {
    await file.close();
  }
}

/** The training progress a checkpoint's metadata records, in kimg (0 when it records none). */
function kimgOf(metadata: Record<string, string>): number {
  try {
    const state = JSON.parse(metadata["state"] ?? "{}") as { counters?: { curNimg?: number } };
    return (state.counters?.curNimg ?? 0) / 1000;
  } catch {
    return 0;
  }
}

/**
 * `Inspect`: the networks of a checkpoint (ours or an NVIDIA pickle), their parameter totals and, when asked, every
 * tensor with NVIDIA's name, without running them.
 *
 * @throws {StatusError} INVALID_ARGUMENT / NOT_FOUND / DATA_LOSS / UNIMPLEMENTED as `loadNetworkFile` reports them
 */
export async function inspectCheckpoint(
  ctx: StageContext,
  request: InspectRequest__Output,
): Promise<InspectResponse> {
  const input = await localInput(request.checkpoint, {
    store: ctx.artifacts,
    workDir: ctx.workDir,
    field: "checkpoint",
  });
  const nets = await loadNetworkFile(input.path);
  const response: InspectResponse = {
    format: nets.kind === "pickle" ? "pickle" : "safetensors",
    networks: [],
    parameters: [],
    metadata: {},
  };
  for (const key of ["G", "G_ema", "D"] as const) {
    const net = nets[key];
    if (net === undefined) continue;
    const report = inspect(net.config);
    response.networks!.push({
      name: key,
      parameters: report.totals.parameters,
      buffers: report.totals.buffers,
      tensors: report.totals.tensors,
    });
    if (request.listParameters) {
      for (const row of report.rows) {
        response.parameters!.push({
          name: `${key}.${row.name}`,
          shape: row.shape,
          dtype: "float32",
          count: row.count,
          trainable: row.trainable,
        });
      }
    }
  }
  const g = (nets.G_ema ?? nets.G)?.config;
  if (g !== undefined) {
    Object.assign(response, {
      resolution: g.resolution,
      imgChannels: g.imgChannels,
      zDim: g.zDim,
      wDim: g.wDim,
      cDim: g.cDim ?? 0,
      mapDepth: g.mappingLayers,
    });
  }
  if (nets.kind === "checkpoint") {
    const metadata = await safetensorsMetadata(input.path);
    response.metadata = metadata;
    response.kimg = kimgOf(metadata);
  }
  return response;
}
