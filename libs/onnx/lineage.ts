import type { WriteModelOptions } from "./model_file.ts";

/** `dermanomaly.format` of every exported model; bumped when inputs, outputs or metadata change meaning. */
export const ONNX_MODEL_FORMAT = "dermanomaly/onnx/1";

/** The `metadata_props` keys of exported models. */
export const METADATA_KEYS = {
  /** {@link ONNX_MODEL_FORMAT}. */
  format: "dermanomaly.format",
  /** `generator`, `discriminator` or `encoder`. */
  network: "dermanomaly.network",
  /** The network's config as JSON (GeneratorConfig, DiscriminatorConfig or EncoderConfig). */
  config: "dermanomaly.config",
  /** Lower-case hex SHA-256 of the checkpoint the weights came from ("" when unknown). */
  sourceSha256: "dermanomaly.source_sha256",
  /** The checkpoint as named by the caller (path or URI; "" when unknown). */
  source: "dermanomaly.source",
  /** Which generator of the checkpoint: `G_ema` or `G` (generator exports; for an encoder, the one it was trained against). */
  generator: "dermanomaly.generator",
  /** Generator noise: `const` (baked in), `random` (noise inputs) or `none`. */
  noiseMode: "dermanomaly.noise_mode",
  /** Opset and IR version in force, for readers that cannot parse the model. */
  opset: "dermanomaly.opset",
} as const;

/** Where an exported network came from, recorded in the model's metadata. */
export interface ExportLineage {
  /** Lower-case hex SHA-256 of the checkpoint. @default "" */
  sourceSha256?: string;
  /** The checkpoint's path or URI. @default "" */
  source?: string;
  /** More `metadata_props` (keys must not collide with {@link METADATA_KEYS}). @default {} */
  extra?: Readonly<Record<string, string>>;
}

/** Options every exporter takes. */
export interface ExportOptions extends WriteModelOptions {
  /** Default-domain opset (17 to 25). @default 17 */
  opset?: number;
  /** Source of the weights. @default {} */
  lineage?: ExportLineage;
}

/** The metadata of one export. */
export function exportMetadata(
  network: "generator" | "discriminator" | "encoder",
  config: unknown,
  opset: number,
  lineage: ExportLineage,
  more: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const reserved = new Set<string>(Object.values(METADATA_KEYS));
  for (const k of Object.keys(lineage.extra ?? {})) {
    if (reserved.has(k)) throw new RangeError(`Metadata key "${k}" is reserved`);
  }
  if (lineage.sourceSha256 !== undefined && !/^[0-9a-f]{64}$/.test(lineage.sourceSha256)) {
    throw new RangeError(`Source SHA-256 must be 64 lower-case hex digits, got "${lineage.sourceSha256}"`);
  }
  return {
    [METADATA_KEYS.format]: ONNX_MODEL_FORMAT,
    [METADATA_KEYS.network]: network,
    [METADATA_KEYS.config]: JSON.stringify(config),
    [METADATA_KEYS.sourceSha256]: lineage.sourceSha256 ?? "",
    [METADATA_KEYS.source]: lineage.source ?? "",
    [METADATA_KEYS.opset]: String(opset),
    ...more,
    ...lineage.extra,
  };
}
