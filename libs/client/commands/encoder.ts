import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { InspectEncoderRequest, InspectEncoderResponse__Output } from "@dermanomaly/contracts";
import { type Command, UsageError } from "../cli.ts";
import { location, optionalInt } from "./_args.ts";
import { withClient } from "./_job.ts";

type Values = Parameters<Command["run"]>[0];

const PRESETS = ["paper", "small", "tiny"] as const;
const GENERATORS = ["G_ema", "G"] as const;
const NOISE_MODES = ["const", "random", "none"] as const;

function str(values: Values, key: string): string | undefined {
  const v = values[key];
  return typeof v === "string" ? v : undefined;
}

function one(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`Expected one ${what}, got ${positionals.length}`);
  return positionals[0]!;
}

function oneOf<T extends string>(values: Values, key: string, allowed: readonly T[]): T | undefined {
  const v = str(values, key);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v))
    throw new UsageError(`--${key} must be one of ${allowed.join(", ")}, got "${v}"`);
  return v as T;
}

/** One tensor row of an inspection, as both the service and the local description give it. */
interface Row {
  name: string;
  shape: readonly number[];
  count: number;
  trainable: boolean;
}

function printEncoder(
  title: string,
  rows: readonly Row[],
  totals: { parameters: number; buffers: number },
): void {
  console.log(title);
  const width = Math.max(0, ...rows.map((r) => r.name.length));
  for (const row of rows) {
    const shape = `[${row.shape.join(", ")}]`;
    const count = row.count.toLocaleString("en-US");
    console.log(
      `  ${row.name.padEnd(width)}  ${shape.padEnd(20)} ${count.padStart(12)}${row.trainable ? "" : "  (buffer)"}`,
    );
  }
  const params = totals.parameters.toLocaleString("en-US");
  const buffers = totals.buffers.toLocaleString("en-US");
  console.log(`  ${rows.length} tensors, ${params} trainable parameters, ${buffers} buffer values`);
}

/** The settings `encoder inspect` describes without a file, or undefined when a file is given. */
export function inspectSettings(
  values: Values,
  positionals: string[],
): { preset: (typeof PRESETS)[number]; resolution: number; zDim: number } | undefined {
  const preset = oneOf(values, "preset", PRESETS);
  const resolution = optionalInt(values, "resolution");
  const zDim = optionalInt(values, "z-dim");
  if (positionals.length > 0) {
    if (preset !== undefined || resolution !== undefined || zDim !== undefined)
      throw new UsageError(
        "--preset, --resolution and --z-dim describe an encoder; they cannot go with a file",
      );
    one(positionals, "encoder file");
    return undefined;
  }
  return { preset: preset ?? "paper", resolution: resolution ?? 256, zDim: zDim ?? 512 };
}

/** The `Inspect` request `encoder inspect FILE` sends. */
export function inspectEncoderRequest(positionals: string[]): InspectEncoderRequest {
  return { checkpoint: location(one(positionals, "encoder file")), listParameters: true };
}

/**
 * `encoder inspect`: tensor names, shapes and counts of an encoder file (asked of the encoder-trainer service, so it
 * works against deployed services), or of the encoder a preset gives (described here, nothing allocated).
 */
export const encoderInspect: Command = {
  path: ["encoder", "inspect"],
  summary: "List tensor names, shapes and counts of an encoder (of a file, or of a preset at a resolution)",
  usage: "[ENCODER|FILE.pth|key:KEY] [--preset paper|small|tiny --resolution 256 --z-dim 512] [--json]",
  options: {
    preset: { type: "string" },
    resolution: { type: "string" },
    "z-dim": { type: "string" },
    json: { type: "boolean", default: false },
  },
  async run(values, positionals) {
    const settings = inspectSettings(values, positionals);
    if (settings !== undefined) {
      // Loaded here only: the other commands start without TF.js.
      const { inspectEncoder, presetConfig } = await import("@dermanomaly/encoder");
      const config = presetConfig(settings.preset, { resolution: settings.resolution, zDim: settings.zDim });
      const report = inspectEncoder(config);
      if (values["json"] === true) console.log(JSON.stringify({ config, ...report }, null, 2));
      else
        printEncoder(
          `E (${settings.preset}, ${config.resolution}x${config.resolution}, z ${config.zDim})`,
          report.rows,
          report.totals,
        );
      return 0;
    }
    const request = inspectEncoderRequest(positionals);
    // The answer is the reply: a local stack's store holds nothing of it.
    const res = await withClient(
      "encoder-trainer",
      (client) =>
        new Promise<InspectEncoderResponse__Output>((ok, fail) =>
          client.Inspect(request, (err, r) => (err ? fail(err) : ok(r as InspectEncoderResponse__Output))),
        ),
      { results: "delivered" },
    );
    if (values["json"] === true) {
      console.log(JSON.stringify(res, null, 2));
      return 0;
    }
    const lineage = res.lineageJson === "" ? undefined : JSON.parse(res.lineageJson);
    const title =
      `E (${res.preset || `${res.channelBase}/${res.channelMax}`}, ${res.resolution}x${res.resolution}, ` +
      `z ${res.zDim}; ${res.format || res.kind}${res.epoch > 0 ? `, epoch ${res.epoch}` : ""})`;
    const rows = res.parameters.map((p) => ({ ...p, count: Number(p.count) }));
    printEncoder(title, rows, { parameters: res.parameterCount, buffers: res.bufferCount });
    if (lineage !== undefined)
      console.log(
        `  trained against ${lineage.generator} with ${lineage.noiseMode} noise, loss ${lineage.loss} ` +
          `(alpha ${lineage.alpha}, kappa ${lineage.kappa})`,
      );
    return 0;
  },
};

function outPath(values: Values): string {
  const out = str(values, "out");
  if (out === undefined) throw new UsageError("--out is required");
  return out;
}

/**
 * `encoder import`: the original's `encoded_<n>.pth` (or any `torch.save` of the encoder, or a safetensors of other
 * names) to an encoder weights file with the original's names, read with the safe pickle reader (runs here).
 */
export const encoderImport: Command = {
  path: ["encoder", "import"],
  summary:
    "Convert an encoder saved by PyTorch (encoded_<n>.pth: a state_dict or a whole module) into safetensors " +
    "weights with the original's names; --generator and --noise-mode record how it was trained",
  usage: "FILE.pth --out ENCODER.safetensors [--generator G_ema|G --noise-mode const|random|none]",
  options: {
    out: { type: "string" },
    generator: { type: "string" },
    "noise-mode": { type: "string" },
  },
  async run(values, positionals) {
    const src = one(positionals, "encoder file");
    const out = outPath(values);
    const generator = oneOf(values, "generator", GENERATORS);
    const noiseMode = oneOf(values, "noise-mode", NOISE_MODES);
    // Loaded here only: the other commands start without TF.js.
    const { loadEncoderFile, writeEncoderFile, parameterCount } = await import("@dermanomaly/encoder");
    const loaded = await loadEncoderFile(src);
    // A foreign file does not say how it was trained; the caller may (the original: G and random noise).
    const lineage =
      generator === undefined && noiseMode === undefined
        ? undefined
        : {
            generator: generator ?? "G_ema",
            noiseMode: noiseMode ?? "const",
            loss: "izif" as const,
            alpha: 1,
            kappa: 1,
            inputs: {
              source: basename(src),
              sourceSha256: createHash("sha256")
                .update(await readFile(src))
                .digest("hex"),
            },
          };
    await writeEncoderFile(out, loaded, lineage === undefined ? {} : { lineage });
    const c = loaded.config;
    console.log(
      `Wrote ${out}: an encoder of ${c.channelBase} doubling to ${c.channelMax} channels at ` +
        `${c.resolution}x${c.resolution}, z ${c.zDim} (${loaded.stateDict.size} tensors, ` +
        `${parameterCount(c).toLocaleString("en-US")} parameters) from ${loaded.kind === "pth" ? "a torch.save file" : "safetensors"}` +
        `${loaded.renamed ? ", tensors renamed by layer order" : ""}` +
        `${lineage === undefined ? "" : `; trained against ${lineage.generator} with ${lineage.noiseMode} noise`}`,
    );
    return 0;
  },
};

/**
 * `encoder export`: an encoder file (a training state, weights, a `.pth`) to weights alone under the original's
 * PyTorch names, which PyTorch loads with `load_state_dict(strict=True)`; the lineage is kept (runs here).
 */
export const encoderExport: Command = {
  path: ["encoder", "export"],
  summary:
    "Write an encoder's weights alone (of a training state, weights or .pth) as a safetensors state_dict with the " +
    "original's names (PyTorch load_state_dict(strict=True))",
  usage: "ENCODER|STATE.safetensors|FILE.pth --out FILE.safetensors",
  options: { out: { type: "string" } },
  async run(values, positionals) {
    const src = one(positionals, "encoder file");
    const out = outPath(values);
    const { loadEncoderFile, writeEncoderFile } = await import("@dermanomaly/encoder");
    const loaded = await loadEncoderFile(src);
    await writeEncoderFile(out, loaded, loaded.lineage === null ? {} : { lineage: loaded.lineage });
    console.log(
      `Wrote ${out}: ${loaded.stateDict.size} tensors (PyTorch names, float32)` +
        `${loaded.lineage === null ? "" : `, trained against ${loaded.lineage.generator} with ${loaded.lineage.noiseMode} noise`}`,
    );
    return 0;
  },
};

/** The commands of this file, for the CLI's list. */
export const ENCODER_COMMANDS: readonly Command[] = [encoderInspect, encoderImport, encoderExport];
