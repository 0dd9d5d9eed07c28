import type { Command } from "../cli.ts";
import { dataset, synth } from "./dataset.ts";
import { ganExport, ganImport, ganInspect, generate } from "./gan.ts";
import { status, up } from "./stack.ts";

/** Every CLI command, in help order. */
export const COMMANDS: readonly Command[] = [
  up,
  status,
  synth,
  dataset,
  ganInspect,
  ganImport,
  ganExport,
  generate,
];
