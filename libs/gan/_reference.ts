// Loads fixtures/reference.json (outputs of NVIDIA's PyTorch networks, written by fixtures/make_reference.py).
import { readFileSync } from "node:fs";
import type { StateDict } from "./state_dict.ts";

export interface ReferenceCase {
  c_dim: number;
  resolution: number;
  z: number[];
  c: number[];
  psi: number;
  ws: number[];
  img_nchw: number[];
  ws_distinct: number[];
  img_distinct_nchw: number[];
  logits: number[];
  features: number[];
  fc: number[];
  G: StateDict;
  D: StateDict;
}

type RawDict = Record<string, { shape: number[]; data: number[] }>;

function toStateDict(raw: RawDict): StateDict {
  const sd: StateDict = new Map();
  for (const [k, v] of Object.entries(raw)) sd.set(k, { shape: v.shape, data: Float32Array.from(v.data) });
  return sd;
}

export function loadReference(): Record<"unconditional" | "conditional", ReferenceCase> {
  const raw = JSON.parse(readFileSync(new URL("./fixtures/reference.json", import.meta.url), "utf8"));
  const out: Record<string, ReferenceCase> = {};
  for (const [k, v] of Object.entries(raw as Record<string, ReferenceCase & { G: RawDict; D: RawDict }>)) {
    out[k] = { ...v, G: toStateDict(v.G as unknown as RawDict), D: toStateDict(v.D as unknown as RawDict) };
  }
  return out as Record<"unconditional" | "conditional", ReferenceCase>;
}
