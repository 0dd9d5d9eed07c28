import { resolve } from "node:path";
import type { Location } from "@dermanomaly/contracts";
import { UsageError } from "../cli.ts";

/** A required string option, or a UsageError naming it. */
export function requireString(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== "string" || v === "") throw new UsageError(`--${name} is required`);
  return v;
}

/** An optional non-negative integer option. */
export function optionalInt(values: Record<string, unknown>, name: string): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== "string" || !/^\d+$/.test(v) || !Number.isSafeInteger(n)) {
    throw new UsageError(`--${name} must be a non-negative integer, got "${String(v)}"`);
  }
  return n;
}

/** `WxH` (e.g. `256x256`) as numbers. */
export function parseResolution(text: string, name = "resolution"): { width: number; height: number } {
  const m = /^(\d+)x(\d+)$/.exec(text);
  if (m === null) throw new UsageError(`--${name} must look like 256x256, got "${text}"`);
  return { width: Number(m[1]), height: Number(m[2]) };
}

/** `NEV=0,MEL=1` as a map. */
export function parseClassMap(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(",").filter((p) => p !== "")) {
    const m = /^([^=]+)=(\d+)$/.exec(part.trim());
    if (m === null) throw new UsageError(`--class-map must look like NEV=0,MEL=1, got "${text}"`);
    out[m[1] as string] = Number(m[2]);
  }
  return out;
}

/**
 * An optional number option, passed on as given (fractions, negative, `Infinity`): the service checks it with the
 * training library's own rules, so the CLI refuses only text that is not a number at all.
 */
export function optionalNumber(values: Record<string, unknown>, name: string): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== "string" || v.trim() === "" || (Number.isNaN(n) && v.trim() !== "NaN"))
    throw new UsageError(`--${name} must be a number, got "${String(v)}"`);
  return n;
}

/** The table entry an option names, or a UsageError listing the choices. */
export function choice<T>(values: Record<string, unknown>, name: string, table: Record<string, T>): T {
  const v = String(values[name]);
  const out = Object.hasOwn(table, v) ? table[v] : undefined;
  if (out === undefined)
    throw new UsageError(`--${name} must be one of ${Object.keys(table).join(", ")}, got "${v}"`);
  return out;
}

/** A location argument: an artifact-store key when prefixed `key:`, otherwise a local path. */
export function location(text: string): Location {
  return text.startsWith("key:") ? { key: text.slice(4) } : { path: resolve(text) };
}
